// `needlescreen check`: screen records from files or stdin (SPEC §4).
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "common/text.h"
#include "needlescreen/batch.h"
#include "needlescreen/output.h"
#include "needlescreen/reader.h"
#include "needlescreen/screen.h"

namespace needlescreen::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> inputs;
  std::vector<std::string> rules;
  std::string format;
  std::string input_format;
  std::string at;
  std::vector<std::string> sets;
  std::vector<std::string> fail_on;
  bool explain = false;
  bool strict = false;
  bool quiet = false;
  bool summary = false;
  int jobs = 0;  // 0: one thread per core
  size_t max_record_bytes = kDefaultMaxRecordBytes;
};

// A stream buffer that yields `head` and then the rest of another buffer:
// the bytes read ahead to sniff the format, put back in front of stdin.
class JoinedBuffer : public std::streambuf {
 public:
  JoinedBuffer(const std::string& head, std::streambuf* rest) : head_(head), rest_(rest) {
    char* p = const_cast<char*>(head_.data());
    setg(p, p, p + head_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::streamsize n = rest_->sgetn(buffer_, sizeof buffer_);
    if (n <= 0) return traits_type::eof();
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  const std::string& head_;
  std::streambuf* rest_;
  char buffer_[1 << 16];
};

bool IsDirectory(const std::string& name) {
  struct stat st;
  int status = name == "-" ? fstat(STDIN_FILENO, &st) : stat(name.c_str(), &st);
  return status == 0 && S_ISDIR(st.st_mode);
}

class CheckRun {
 public:
  CheckRun(const CheckOptions& options, const Pack& pack, BatchOptions batch,
           std::set<Decision> fail_on)
      : options_(options),
        screener_(pack),
        batch_options_(std::move(batch)),
        batch_(screener_, batch_options_),
        fail_on_(std::move(fail_on)),
        progress_(isatty(STDERR_FILENO) != 0 && !options.quiet) {}

  int Run() {
    auto start = std::chrono::steady_clock::now();
    auto write = [this](std::string_view text) { return Write(text); };
    batch_.Begin(write);
    std::vector<std::string> inputs = options_.inputs;
    if (inputs.empty()) inputs.push_back("-");
    for (const std::string& input : inputs) {
      if (!ReadInput(input, write) || batch_.output_failed()) break;
    }
    batch_.End(write);
    if (batch_options_.output.format == OutputFormat::kText &&
        !screener_.pack().disclaimer.empty()) {
      fmt::print("{}\n", screener_.pack().disclaimer);
    }
    if (progress_shown_) fmt::print(stderr, "\r\033[K");
    if (batch_.output_failed() || std::fflush(stdout) != 0) {
      fmt::print(stderr, "needlescreen: cannot write the results to standard output; stopped\n");
      return kExitWriteFailed;
    }
    if (options_.summary) PrintSummary(std::chrono::steady_clock::now() - start);
    const BatchCounts& counts = batch_.counts();
    if (io_failed_ || counts.by_decision[static_cast<int>(Decision::kError)] > 0) {
      return kExitBadRecords;
    }
    for (Decision d : fail_on_) {
      if (counts.by_decision[static_cast<int>(d)] > 0) return kExitFailOn;
    }
    return kExitOk;
  }

 private:
  bool Write(std::string_view text) {
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  }

  bool ReadInput(const std::string& name, const OutputSink& write) {
    std::optional<InputFormat> format = ParseInputFormat(options_.input_format);
    if (!format && name != "-") format = InputFormatFromPath(name);
    std::ifstream file;
    std::stringstream buffered;
    std::istream* in = &std::cin;
    // A directory opens and then reads as nothing: without this check it
    // would pass as an empty input, exit 0 (issue 12).
    if (IsDirectory(name)) {
      fmt::print(stderr, "needlescreen: {}: is a directory, not a file of records\n",
                 name == "-" ? "standard input" : Printable(name));
      io_failed_ = true;
      return true;
    }
    if (name != "-") {
      file.open(name, std::ios::binary);
      if (!file) {
        fmt::print(stderr, "needlescreen: {}: cannot open the file\n", Printable(name));
        io_failed_ = true;
        return true;
      }
      in = &file;
    }
    if (!format) {
      // Sniffing needs the first bytes and a pipe cannot be rewound: they are
      // read ahead and put back in front of the rest of the stream.
      std::string head(4096, '\0');
      in->read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<size_t>(in->gcount()));
      format = SniffInputFormat(head);
      in->clear(in->rdstate() & ~std::ios::failbit & ~std::ios::eofbit);
      return ScreenWithHead(*in, head, name, *format, write);
    }
    return Screen(*in, name, *format, write);
  }

  bool ScreenWithHead(std::istream& rest, const std::string& head, const std::string& name,
                      InputFormat format, const OutputSink& write) {
    JoinedBuffer joined(head, rest.rdbuf());
    std::istream in(&joined);
    return Screen(in, name, format, write);
  }

  bool Screen(std::istream& in, const std::string& name, InputFormat format,
              const OutputSink& write) {
    batch_options_.format = format;
    std::string problem = batch_.Screen(
        in, name, write, [this](std::string_view path) { WarnUnknown(path); },
        [this](uint64_t records) { Progress(records); });
    if (!problem.empty()) {
      fmt::print(stderr, "needlescreen: {}: {}\n", name, problem);
      io_failed_ = true;
    }
    return true;
  }

  void WarnUnknown(std::string_view path) {
    if (options_.quiet || options_.strict || !warned_.insert(std::string(path)).second) return;
    fmt::print(stderr,
               "needlescreen: warning: field '{}' is not in the rule pack and was ignored "
               "(--strict makes it an error)\n",
               Printable(path));
  }

  // A progress line on a terminal for long runs only, never in a pipe (SPEC §4).
  void Progress(uint64_t records) {
    if (!progress_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - started_ < std::chrono::seconds(1) ||
        now - last_progress_ < std::chrono::milliseconds(200))
      return;
    last_progress_ = now;
    progress_shown_ = true;
    fmt::print(stderr, "\r\033[Kneedlescreen: {} records screened...", records);
  }

  void PrintSummary(std::chrono::steady_clock::duration elapsed) const {
    const BatchCounts& counts = batch_.counts();
    uint64_t total = counts.records();
    std::string line = fmt::format("{} record{}:", total, total == 1 ? "" : "s");
    for (Decision d : {Decision::kProceed, Decision::kWait, Decision::kSwap, Decision::kIncomplete,
                       Decision::kError}) {
      line += fmt::format(" {} {}", counts.by_decision[static_cast<int>(d)], DecisionName(d));
      if (d != Decision::kError) line += ",";
    }
    double seconds = std::chrono::duration<double>(elapsed).count();
    line += fmt::format(" ({:.2f} s, {:.0f} records/s)", seconds,
                        seconds > 0 ? static_cast<double>(total) / seconds : 0.0);
    fmt::print(stderr, "{}\n", line);
  }

  const CheckOptions& options_;
  Screener screener_;
  BatchOptions batch_options_;
  BatchScreener batch_;
  std::set<Decision> fail_on_;
  std::set<std::string> warned_;
  bool io_failed_ = false;
  bool progress_;
  bool progress_shown_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_progress_{};
};

std::optional<std::set<Decision>> ParseFailOn(const std::vector<std::string>& names) {
  std::set<Decision> decisions;
  for (const std::string& list : names) {
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
      auto d = ParseDecision(name);
      if (!d) {
        fmt::print(stderr,
                   "needlescreen: --fail-on: '{}' is not a decision; expected proceed, swap, "
                   "wait, incomplete or error (comma-separated)\n",
                   name);
        return std::nullopt;
      }
      decisions.insert(*d);
    }
  }
  return decisions;
}

int RunCheck(const CheckOptions& options) {
  OutputOptions output;
  if (options.format.empty()) {
    output.format = isatty(STDOUT_FILENO) ? OutputFormat::kText : OutputFormat::kJsonLines;
  } else {
    output.format = *ParseOutputFormat(options.format);
  }
  output.color = output.format == OutputFormat::kText && ColorWanted(STDOUT_FILENO);
  output.explain = options.explain;
  output.with_file = options.inputs.size() > 1;
  if (options.inputs.empty() && isatty(STDIN_FILENO)) {
    fmt::print(stderr, "needlescreen check: give record files, or '-' to read standard input\n");
    return kExitUsage;
  }
  auto fail_on = ParseFailOn(options.fail_on);
  if (!fail_on) return kExitUsage;
  TimePoint now = Now();
  if (!options.at.empty()) {
    auto at = ParseAt(options.at);
    if (!at) return kExitUsage;
    now = *at;
  }
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  std::optional<Record> defaults = ParseSets(*pack, options.sets);
  if (!defaults) return kExitUsage;
  BatchOptions batch;
  batch.strict = options.strict;
  batch.max_record_bytes = options.max_record_bytes;
  batch.output = output;
  batch.screen.explain = options.explain;
  batch.now = now;
  batch.defaults = &*defaults;
  batch.defaults_empty = options.sets.empty();
  batch.jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  CheckRun run(options, *pack, batch, *fail_on);
  return run.Run();
}

}  // namespace

void SetCheckCommand(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Screen intake records (files, or - for stdin)");
  cmd->add_option("inputs", options->inputs,
                  "Record files (YAML, JSON, JSON Lines), or - for stdin");
  cmd->add_option("--rules", options->rules,
                  "Rule file or directory (repeatable); replaces the built-in pack")
      ->allow_extra_args(false);
  cmd->add_option("--format", options->format,
                  "Output: text, json, jsonl (default: text on a terminal, else jsonl)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  cmd->add_option("--input-format", options->input_format,
                  "Input: yaml, json, jsonl (default: from the extension, or sniffed)")
      ->check(CLI::IsMember({"yaml", "json", "jsonl", "csv"}));
  cmd->add_option("--at", options->at, "Screening time (ISO 8601) for records without screened_at");
  cmd->add_option("--set", options->sets,
                  "PATH=VALUE default for every record; the record's own value wins (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--fail-on", options->fail_on,
                  "Exit 1 if any of these decisions occur: swap,wait,incomplete,error")
      ->allow_extra_args(false);
  cmd->add_flag("--explain", options->explain, "Show every rule's verdict and the values it read");
  cmd->add_flag("--strict", options->strict, "Unknown fields make the record an error");
  cmd->add_flag("--quiet", options->quiet, "No warnings on stderr");
  cmd->add_flag("--summary", options->summary, "Counts per decision and throughput on stderr");
  cmd->add_option("--max-record-bytes", options->max_record_bytes,
                  "Longest JSON Lines / CSV record accepted (default 1048576); longer ones are "
                  "errors")
      ->check(CLI::Range(size_t{64}, size_t{1} << 30));
  cmd->add_option(
         "--jobs", options->jobs,
         "Threads screening JSON Lines / CSV (0 = one per core); output order is input order")
      ->check(CLI::Range(0, 256));
  cmd->callback([options, &outcome] { outcome.exit_code = RunCheck(*options); });
}

}  // namespace needlescreen::cli
