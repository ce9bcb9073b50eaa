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

// Issue 18: one shard of an input, screened with --record-offset (and
// --no-header for all but the first CSV shard), writes exactly the lines one
// run over the whole input writes for those records.
std::string ScreenShard(const std::string& text, InputFormat input, OutputFormat format,
                        uint64_t offset, bool no_header, int jobs) {
  Screener screener(Builtin());
  BatchOptions options;
  options.output.format = format;
  options.output.no_header = no_header;
  options.now = *ParseDatetime("2026-12-01T10:00:00Z");
  options.jobs = jobs;
  options.record_offset = offset;
  BatchScreener batch(screener, options);
  std::string output;
  auto out = [&](std::string_view piece) {
    output += piece;
    return true;
  };
  batch.Begin(out);
  std::istringstream in(text);
  EXPECT_TRUE(batch
                  .Screen(
                      in, input, "-", out, [](std::string_view) {}, nullptr)
                  .ok());
  batch.End(out);
  return output;
}

// The lines of `text` (each with its line end).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    end = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

// Joins `lines` [from, to), after `prefix`.
std::string Join(const std::vector<std::string>& lines, size_t from, size_t to,
                 const std::string& prefix = "") {
  std::string text = prefix;
  for (size_t i = from; i < to && i < lines.size(); ++i) text += lines[i];
  return text;
}

TEST(Batch, JsonLinesShardsWithTheirOffsetsJoinUpToTheWholeRun) {
  const std::vector<std::string> lines = Lines(JsonLines(3000));  // broken lines at 500, 1509, 2518
  const std::string whole = Join(lines, 0, lines.size());
  for (OutputFormat format : {OutputFormat::kJsonLines, OutputFormat::kCsv, OutputFormat::kText}) {
    const std::string expected = ScreenShard(whole, InputFormat::kJsonLines, format, 0, false, 1);
    for (size_t block : {1000u, 777u}) {
      std::string joined;
      for (size_t from = 0; from < lines.size(); from += block) {
        joined += ScreenShard(Join(lines, from, from + block), InputFormat::kJsonLines, format,
                              from, from > 0 && format == OutputFormat::kCsv, from % 2 ? 2 : 1);
      }
      EXPECT_EQ(joined, expected) << "format " << static_cast<int>(format) << ", block " << block;
    }
  }
  // The broken record's own line is named in its message, shifted too.
  const std::string shard = ScreenShard(Join(lines, 1000, 2000), InputFormat::kJsonLines,
                                        OutputFormat::kJsonLines, 1000, false, 2);
  EXPECT_NE(shard.find("\"record\": 1510, \"line\": 1510"), std::string::npos);
  EXPECT_NE(shard.find("\"error\": \"line 1510: "), std::string::npos);
}

TEST(Batch, CsvShardsWithTheirOffsetsJoinUpToTheWholeRun) {
  const std::string header = "id,patient.consent,patient.needle_phobia,treatment.sites\n";
  std::string rows;
  for (int i = 0; i < 2500; ++i) {
    rows += "P-" + std::to_string(i) + (i % 2 ? ",yes," : ",no,") + (i % 3 ? "none" : "severe");
    rows += i % 401 == 7 ? ",elbow\n" : ",mid\n";  // an unknown site: an error naming its line
  }
  rows += "P-last,\"yes\n";  // a quote that never closes, named by line
  const std::vector<std::string> lines = Lines(rows);
  const std::string expected =
      ScreenShard(header + rows, InputFormat::kCsv, OutputFormat::kCsv, 0, false, 1);
  ASSERT_NE(expected.find("\"line 2502: the quote at line 2502, column 8 never closes\""),
            std::string::npos)
      << expected.substr(expected.size() - 300);
  std::string joined;
  for (size_t from = 0; from < lines.size(); from += 600) {
    joined += ScreenShard(Join(lines, from, from + 600, header), InputFormat::kCsv,
                          OutputFormat::kCsv, from, from > 0, 2);
  }
  EXPECT_EQ(joined, expected);
}

// A YAML or JSON shard is numbered on from the offset as well (lines as if
// the records before it had one line each).
TEST(Batch, DocumentShardsNumberOnFromTheOffset) {
  const std::string yaml = "id: A\n---\nid: B\npatient:\n  consent: maybe\n";
  const std::string out =
      ScreenShard(yaml, InputFormat::kYaml, OutputFormat::kJsonLines, 40, false, 1);
  EXPECT_NE(out.find("{\"record\": 41, \"line\": 41, \"id\": \"A\""), std::string::npos) << out;
  EXPECT_NE(out.find("{\"record\": 42, \"line\": 43, \"id\": \"B\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"error\": \"line 43, field patient.consent: "), std::string::npos) << out;
  const std::string json = "[\n{\"id\": \"A\"},\n{\"id\": 7}\n]\n";
  const std::string json_out =
      ScreenShard(json, InputFormat::kJson, OutputFormat::kJsonLines, 40, false, 1);
  EXPECT_NE(json_out.find("{\"record\": 42, \"line\": 43"), std::string::npos) << json_out;
}

TEST(Batch, NoHeaderLeavesOutOnlyTheCsvHeaderRow) {
  const std::string input = JsonLines(3);
  const std::string with =
      ScreenShard(input, InputFormat::kJsonLines, OutputFormat::kCsv, 0, false, 1);
  const std::string without =
      ScreenShard(input, InputFormat::kJsonLines, OutputFormat::kCsv, 0, true, 1);
  ASSERT_TRUE(with.starts_with("record,line,id,decision,"));
  EXPECT_EQ(without, with.substr(with.find('\n') + 1));
  // Other formats have no header row to leave out: no_header changes nothing.
  EXPECT_EQ(ScreenShard(input, InputFormat::kJsonLines, OutputFormat::kJson, 0, true, 1),
            ScreenShard(input, InputFormat::kJsonLines, OutputFormat::kJson, 0, false, 1));
}

}  // namespace
}  // namespace needlescreen
