// The batch pipeline (SPEC §5): any --jobs gives the output of --jobs 1, byte
// for byte; every sink is called on the calling thread; a failed write stops
// the run without hanging the threads still screening.
#include "needlescreen/batch.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace needlescreen {
namespace {

// `n` JSON Lines records, several chunks' worth, covering every decision, an
// unknown field every 97th record and a broken line every 1009th.
std::string JsonLines(int n) {
  static const char* const kPhobia[] = {"none", "mild", "severe"};
  std::string text;
  for (int i = 0; i < n; ++i) {
    if (i % 1009 == 500) {
      text += "{\"id\": \"P-broken\", \"patient\": \n";
      continue;
    }
    text += "{\"id\": \"P-" + std::to_string(i) + "\", \"screened_at\": \"2026-12-01T10:00:00Z\", ";
    text += "\"patient\": {\"consent\": " + std::string(i % 11 == 0 ? "false" : "true");
    text += ", \"needle_phobia\": \"" + std::string(kPhobia[i % 3]) + "\"";
    if (i % 7 != 0) text += ", \"bleeding_disorder\": \"none\"";
    text += ", \"athlete_level\": \"recreational\"}, ";
    text += "\"complaint\": {\"hamstring_tightness\": true, \"trigger_points\": ";
    text += std::string(i % 5 == 0 ? "false" : "true") + ", \"overuse\": false}, ";
    text += "\"injury\": {\"swelling\": " + std::string(i % 13 == 0 ? "true" : "false");
    text += ", \"bruising\": false, \"palpable_tear\": false";
    if (i % 13 == 0) text += ", \"onset\": \"2026-11-30T10:00:00Z\"";
    text += "}, \"treatment\": {\"sites\": [\"mid\"]}, ";
    text += "\"clinician\": {\"dry_needling_certified\": true, \"emergency_care_current\": true}";
    if (i % 97 == 3) text += ", \"extra\": {\"field\": 1}";
    text += "}\n";
  }
  return text;
}

struct BatchRun {
  std::string output;
  BatchCounts counts;
  std::vector<std::string> unknown;
  std::vector<uint64_t> progress;
  bool off_thread = false;  // a sink was called on another thread
};

// Screens each of `streams` in turn through one BatchScreener.
BatchRun Screen(const std::vector<std::string>& streams, int jobs, OutputFormat format,
                InputFormat input = InputFormat::kJsonLines) {
  Screener screener(Builtin());
  BatchOptions options;
  options.output.format = format;
  options.output.with_file = streams.size() > 1;
  options.now = *ParseDatetime("2026-12-01T10:00:00Z");
  options.jobs = jobs;
  BatchScreener batch(screener, options);
  BatchRun run;
  const std::thread::id caller = std::this_thread::get_id();
  auto out = [&](std::string_view text) {
    run.off_thread = run.off_thread || std::this_thread::get_id() != caller;
    run.output += text;
    return true;
  };
  auto unknown = [&](std::string_view path) {
    run.off_thread = run.off_thread || std::this_thread::get_id() != caller;
    run.unknown.emplace_back(path);
  };
  auto progress = [&](uint64_t records) {
    run.off_thread = run.off_thread || std::this_thread::get_id() != caller;
    run.progress.push_back(records);
  };
  batch.Begin(out);
  for (size_t i = 0; i < streams.size(); ++i) {
    std::istringstream in(streams[i]);
    EXPECT_TRUE(batch.Screen(in, input, "in" + std::to_string(i), out, unknown, progress).ok());
  }
  batch.End(out);
  run.counts = batch.counts();
  return run;
}

TEST(Batch, AnyJobsGivesTheOutputOfOneJob) {
  const std::string input = JsonLines(20000);  // ~7 MB: several 1 MiB chunks
  ASSERT_GT(input.size(), size_t{5} << 20);
  BatchRun one = Screen({input}, 1, OutputFormat::kJsonLines);
  EXPECT_EQ(one.counts.records(), 20000u);
  for (int d = 0; d < 5; ++d) EXPECT_GT(one.counts.by_decision[d], 0u) << "decision " << d;
  for (int jobs : {2, 3, 8}) {
    BatchRun many = Screen({input}, jobs, OutputFormat::kJsonLines);
    EXPECT_EQ(many.output, one.output) << "--jobs " << jobs;
    EXPECT_EQ(many.counts.by_decision, one.counts.by_decision) << "--jobs " << jobs;
    EXPECT_EQ(many.progress, one.progress) << "--jobs " << jobs;
  }
}

TEST(Batch, SinksAreCalledOnTheCallingThreadInOrder) {
  BatchRun run = Screen({JsonLines(12000)}, 4, OutputFormat::kJsonLines);
  EXPECT_FALSE(run.off_thread);
  ASSERT_GT(run.progress.size(), 2u);
  for (size_t i = 1; i < run.progress.size(); ++i) EXPECT_LT(run.progress[i - 1], run.progress[i]);
  EXPECT_EQ(run.progress.back(), 12000u);
  ASSERT_FALSE(run.unknown.empty());
  EXPECT_EQ(run.unknown.front(), "extra");
}

TEST(Batch, SeveralStreamsNumberOnAndKeepTheJsonArrayWhole) {
  const std::vector<std::string> streams = {JsonLines(9000), "", JsonLines(7000)};
  BatchRun one = Screen(streams, 1, OutputFormat::kJson);
  BatchRun two = Screen(streams, 2, OutputFormat::kJson);
  EXPECT_EQ(two.output, one.output);
  EXPECT_EQ(one.counts.records(), 16000u);
  EXPECT_NE(one.output.find("\"record\": 16000"), std::string::npos);
  EXPECT_EQ(one.output.find("\"record\": 16001"), std::string::npos);
  EXPECT_EQ(one.output.find(",\n]"), std::string::npos);  // no comma after the last record
}

// The html report needs no `first`: a record's section is the same wherever
// it falls in a chunk, so any --jobs writes the same page (issue 16).
TEST(Batch, HtmlAnyJobsGivesTheOutputOfOneJob) {
  const std::vector<std::string> streams = {JsonLines(5000), JsonLines(3000)};
  BatchRun one = Screen(streams, 1, OutputFormat::kHtml);
  BatchRun two = Screen(streams, 2, OutputFormat::kHtml);
  EXPECT_EQ(one.counts.records(), 8000u);
  EXPECT_EQ(two.output, one.output);
  EXPECT_EQ(one.output.find("<!DOCTYPE html>"), 0u);
  EXPECT_NE(one.output.find("id=\"record-8000\""), std::string::npos);
  EXPECT_TRUE(one.output.ends_with("</section>\n</main>\n</body>\n</html>\n"));
}

TEST(Batch, CsvAnyJobsGivesTheOutputOfOneJob) {
  std::string csv = "id,patient.consent,patient.needle_phobia,treatment.sites\n";
  for (int i = 0; i < 60000; ++i) {
    csv += "P-" + std::to_string(i) + (i % 2 ? ",yes," : ",no,") + (i % 3 ? "none" : "severe");
    csv += i % 4 ? ",mid\n" : ",\"mid;proximal\"\n";
  }
  BatchRun one = Screen({csv}, 1, OutputFormat::kCsv, InputFormat::kCsv);
  BatchRun two = Screen({csv}, 2, OutputFormat::kCsv, InputFormat::kCsv);
  EXPECT_EQ(one.counts.records(), 60000u);
  EXPECT_EQ(two.output, one.output);
}

TEST(Batch, AFailedWriteStopsTheRunWithoutWaitingForever) {
  const std::string input = JsonLines(40000);
  Screener screener(Builtin());
  BatchOptions options;
  options.now = *ParseDatetime("2026-12-01T10:00:00Z");
  options.jobs = 2;
  BatchScreener batch(screener, options);
  int writes = 0, writes_after_failure = 0;
  auto out = [&](std::string_view) {
    ++writes;
    if (writes > 1) ++writes_after_failure;
    return false;  // a closed pipe, a full disk
  };
  std::istringstream in(input);
  batch.Screen(
      in, InputFormat::kJsonLines, "in", out, [](std::string_view) {}, nullptr);
  EXPECT_TRUE(batch.output_failed());
  EXPECT_EQ(writes, 1);
  EXPECT_EQ(writes_after_failure, 0);
  EXPECT_LT(batch.counts().records(), 40000u);  // it stopped reading
  std::istringstream more(input);
  batch.Screen(
      more, InputFormat::kJsonLines, "more", out, [](std::string_view) {}, nullptr);
  EXPECT_EQ(writes, 1);
}

// Issue 16: an input that could not be opened is a record of the output,
// numbered in the run and counted as an error, in every format.
TEST(Batch, AStreamErrorIsAnErrorRecordNumberedInTheRun) {
  for (OutputFormat format :
       {OutputFormat::kJsonLines, OutputFormat::kJson, OutputFormat::kCsv, OutputFormat::kText}) {
    Screener screener(Builtin());
    BatchOptions options;
    options.output.format = format;
    options.output.with_file = true;
    options.now = *ParseDatetime("2026-12-01T10:00:00Z");
    BatchScreener batch(screener, options);
    std::string output;
    auto out = [&](std::string_view text) {
      output += text;
      return true;
    };
    batch.Begin(out);
    std::istringstream in(JsonLines(3));
    ASSERT_TRUE(batch.Screen(in, InputFormat::kJsonLines, "a.jsonl", out, {}, {}).ok());
    EXPECT_TRUE(batch.WriteStreamError(
        "gone.yaml", Status::Error(StatusCode::kIoError, "cannot open gone.yaml (No such file)"),
        out));
    batch.End(out);
    EXPECT_EQ(batch.counts().records(), 4u);
    EXPECT_EQ(batch.counts().by_decision[static_cast<int>(Decision::kError)], 1u);
    EXPECT_NE(output.find("cannot open gone.yaml (No such file)"), std::string::npos) << output;
    if (format == OutputFormat::kJsonLines) {
      EXPECT_NE(output.find("{\"record\": 4, \"line\": null, \"file\": \"gone.yaml\", \"id\": "
                            "null, \"decision\": \"error\""),
                std::string::npos)
          << output;
    }
    if (format == OutputFormat::kJson) {
      EXPECT_EQ(output.find(",\n]"), std::string::npos);
      EXPECT_NE(output.find("},\n"), std::string::npos);  // a separator before it
    }
    if (format == OutputFormat::kCsv) {
      EXPECT_NE(output.find("\n4,,gone.yaml,,error,,,,,\"cannot open"), std::string::npos)
          << output;
    }
  }
}

TEST(Batch, NoStreamErrorIsWrittenAfterTheOutputFailed) {
  Screener screener(Builtin());
  BatchScreener batch(screener, BatchOptions{});
  int calls = 0;
  auto failing = [&](std::string_view) {
    ++calls;
    return false;
  };
  const Status gone = Status::Error(StatusCode::kIoError, "cannot open x");
  EXPECT_FALSE(batch.WriteStreamError("x", gone, failing));
  EXPECT_TRUE(batch.output_failed());
  EXPECT_FALSE(batch.WriteStreamError("y", gone, failing));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace needlescreen
