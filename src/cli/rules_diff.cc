// `needlescreen rules diff OLD NEW [RECORDS...]` (SPEC §7, issue 19): what a
// new version of a pack changes, in its text and in the decisions it gives.
// The library compares and renders; this file loads, reads inputs as `check`
// does, keeps the changed records aside and prints.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

#include "authoring/cases.h"
#include "authoring/decision_diff.h"
#include "authoring/diff_report.h"
#include "authoring/pack_diff.h"
#include "cli/cli.h"
#include "common/fd_input.h"
#include "common/text.h"
#include "output/json_emitter.h"
#include "output/yaml_intake.h"

namespace needlescreen::cli {
namespace {

using authoring::DecisionChange;
using authoring::DiffScreening;
using authoring::DiffSide;
using authoring::SideScreen;

constexpr std::string_view kBuiltin = "builtin";
// Unknown fields named one by one, per pack, before the warnings stop.
constexpr size_t kMaxUnknownWarnings = 100;

struct RulesDiffOptions {
  std::string old_rules;
  std::string new_rules;
  std::vector<std::string> inputs;
  std::string format = "text";
  std::string input_format;
  std::string at;
  std::vector<std::string> sets;
  bool quiet = false;
};

// The changed records' report pieces, kept in a temporary file until the
// counts written before them are known, so memory stays flat however many
// records change; in memory when no temporary file can be made.
class Spool {
 public:
  Spool() : file_(std::tmpfile()) {}
  ~Spool() {
    if (file_) std::fclose(file_);
  }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  bool Add(const std::string& piece) {
    if (!file_) {
      memory_.push_back(piece);
      return true;
    }
    const uint64_t size = piece.size();
    return std::fwrite(&size, sizeof size, 1, file_) == 1 &&
           std::fwrite(piece.data(), 1, piece.size(), file_) == piece.size();
  }

  // Calls `each` with every piece, in order; false when the file could not
  // be read back or `each` returned false.
  template <typename Each>
  bool ForEach(const Each& each) {
    if (!file_) {
      return std::ranges::all_of(memory_, [&](const std::string& piece) { return each(piece); });
    }
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) return false;
    uint64_t size = 0;
    std::string piece;
    while (std::fread(&size, sizeof size, 1, file_) == 1) {
      piece.resize(size);
      if (std::fread(piece.data(), 1, size, file_) != size || !each(piece)) return false;
    }
    return std::ferror(file_) == 0;
  }

 private:
  FILE* file_;
  std::vector<std::string> memory_;
};

// Loads one side, printing its diagnostics; nullopt when it is invalid.
std::optional<Pack> LoadSide(const std::string& given, std::string_view side) {
  PackLoad load = given == kBuiltin ? LoadBuiltinPack() : LoadPackFiles({given});
  Err(FormatDiagnostics(load.diagnostics));
  if (load.pack) return std::move(load.pack);
  size_t errors = 0;
  for (const Diagnostic& d : load.diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  PrintErr(
      "needlescreen: rules diff: the {} rule set is invalid ({} error{}); nothing was compared\n",
      side, errors, errors == 1 ? "" : "s");
  return std::nullopt;
}

// `--set` values for one pack: those of its fields (a field only the other
// pack has is that pack's). A path neither pack has is an error, reported
// as `check` reports it.
std::optional<Record> SetsFor(const Pack& pack, const Pack& other,
                              const std::vector<std::string>& sets) {
  std::vector<std::string> mine;
  for (const std::string& set : sets) {
    const std::string path = set.substr(0, set.find('='));
    if (pack.FieldIndex(path) >= 0 || other.FieldIndex(path) < 0) mine.push_back(set);
  }
  return ParseSets(pack, mine);
}

class DiffRun {
 public:
  DiffRun(const RulesDiffOptions& options, const Pack& old_pack, const Pack& new_pack)
      : options_(options),
        old_screener_(old_pack),
        new_screener_(new_pack),
        comparison_(old_pack, new_pack),
        json_(options.format == "json") {}

  int Run(authoring::PairOptions pair, DiffScreening screening) {
    pair.on_unknown_field = [this](int side, std::string_view path) { WarnUnknown(side, path); };
    if (screening.generated) {
      ScreenCases(pair, screening);
    } else {
      for (const std::string& input : options_.inputs) {
        ScreenInput(input, pair, screening);
        if (spool_failed_) break;
      }
    }
    if (spool_failed_) {
      Err("needlescreen: rules diff: cannot keep the changed records in a temporary file; "
          "stopped\n");
      return kExitWriteFailed;
    }
    PrintUnknown();
    if (!Write(screening)) {
      PrintErr("needlescreen: cannot write to standard output ({}); stopped\n",
               std::generic_category().message(output_.error()));
      return kExitWriteFailed;
    }
    if (!screening.input_errors.empty() || comparison_.unreadable() > 0) return kExitBadRecords;
    return comparison_.changed() > 0 ? kExitFailOn : kExitOk;
  }

 private:
  bool Pair(const authoring::RecordPosition& position, const SideScreen& o, const SideScreen& n) {
    std::optional<DecisionChange> change = comparison_.Compare(position, o, n);
    if (!change) return true;
    Spool& spool = change->old_decision == change->new_decision ? unreadable_ : changed_;
    if (!spool.Add(json_ ? authoring::ChangeJson(*change) : authoring::ChangeText(*change))) {
      spool_failed_ = true;
      return false;
    }
    return true;
  }

  authoring::PairSink Sink() {
    return [this](const authoring::RecordPosition& p, const SideScreen& o, const SideScreen& n) {
      return Pair(p, o, n);
    };
  }

  // The union of both packs' generated cases, as one YAML stream, each case
  // once (the first pack's name wins), named by the pack it came from.
  void ScreenCases(const authoring::PairOptions& pair, DiffScreening& screening) {
    std::set<std::string> seen;
    std::string stream;
    auto add = [&](const authoring::GeneratedCases& cases, std::string_view side) {
      for (size_t i = 0; i < cases.written.size(); ++i) {
        const authoring::GeneratedCase& c = cases.written[i];
        if (!seen.insert(c.record_yaml).second) continue;
        std::string id = fmt::format("{} case {}: {}", side, i + 1, c.name);
        stream += "---\nid: " + output::YamlQuoted(id) + "\n";
        if (c.record_yaml != "{}\n") stream += c.record_yaml;
      }
    };
    authoring::GeneratedCases old_cases =
        authoring::GenerateCases(old_screener_.pack(), *screening.at);
    authoring::GeneratedCases new_cases =
        authoring::GenerateCases(new_screener_.pack(), *screening.at);
    screening.old_cases = old_cases.written.size();
    screening.new_cases = new_cases.written.size();
    add(old_cases, "old");
    add(new_cases, "new");
    // Each case names only the fields of the pack it was made for: the other
    // pack not knowing one is expected, not worth a warning.
    authoring::PairOptions quiet = pair;
    quiet.on_unknown_field = nullptr;
    std::istringstream in(stream);
    authoring::ScreenPairs(in, "", InputFormat::kYaml, old_screener_, new_screener_, quiet,
                           &next_record_, Sink());
  }

  // One input, opened and its format found as `check` does.
  void ScreenInput(const std::string& name, const authoring::PairOptions& pair,
                   DiffScreening& screening) {
    const std::string shown = name == "-" ? "standard input" : Printable(name);
    if (IsDirectory(name)) {
      screening.input_errors.push_back(
          fmt::format("{} is a directory, not a file of records", shown));
      return;
    }
    std::optional<InputFormat> format = ParseInputFormat(options_.input_format);
    if (!format && name != "-") format = InputFormatFromPath(name);
    int fd = STDIN_FILENO;
    if (name != "-") {
      fd = open(name.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        screening.input_errors.push_back(
            fmt::format("cannot open {} ({})", shown, std::generic_category().message(errno)));
        return;
      }
    }
    FdInput input(fd);
    if (!format) {
      std::string head = ReadHead(input);
      format = SniffInputFormat(head);
      input.Prepend(std::move(head));
    }
    std::istream in(&input);
    Status problem = authoring::ScreenPairs(in, name, *format, old_screener_, new_screener_, pair,
                                            &next_record_, Sink());
    if (!problem.ok()) {
      screening.input_errors.push_back(fmt::format("{}: {}", shown, problem.ToString()));
    } else if (input.error() != 0) {
      screening.input_errors.push_back(fmt::format("{}: read error ({})", shown,
                                                   std::generic_category().message(input.error())));
    }
    if (fd != STDIN_FILENO) close(fd);
  }

  // Called from the readers' threads (serialised by ScreenPairs): the
  // warnings wait for the end, the old pack's first, so that their order
  // does not depend on which thread ran first.
  void WarnUnknown(int side, std::string_view path) {
    if (options_.quiet) return;
    std::vector<std::string>& unknown = unknown_[side];
    if (std::find(unknown.begin(), unknown.end(), path) != unknown.end()) return;
    if (unknown.size() >= kMaxUnknownWarnings) {
      unknown_dropped_ = true;
      return;
    }
    unknown.emplace_back(path);
  }

  void PrintUnknown() const {
    for (int side : {0, 1}) {
      for (const std::string& path : unknown_[side]) {
        PrintErr("needlescreen: warning: field '{}' is not in the {} rule pack and was ignored\n",
                 Printable(path), side == 0 ? "old" : "new");
      }
    }
    if (unknown_dropped_) {
      PrintErr(
          "needlescreen: warning: more fields not in a rule pack were ignored; warnings "
          "stop after {} names\n",
          kMaxUnknownWarnings);
    }
  }

  // The report: what comes before the changed records, then them, in
  // output-sized blocks.
  bool Write(const DiffScreening& screening) {
    const DiffSide old_side{options_.old_rules, &old_screener_.pack()};
    const DiffSide new_side{options_.new_rules, &new_screener_.pack()};
    const authoring::PackDiff structure =
        authoring::DiffPacks(old_screener_.pack(), new_screener_.pack());
    std::string out;
    if (!json_) {
      out = authoring::ReportHeadText(old_side, new_side, structure, screening, comparison_);
      auto piece = [&](std::string_view text) {
        out += text;
        return Flush(out);
      };
      if (!changed_.ForEach(piece)) return false;
      out += authoring::UnreadableHeadText(comparison_);
      return unreadable_.ForEach(piece) && output_.Write(out);
    }
    output::JsonEmitter json(out, true);
    auto piece = [&](std::string_view text) {
      json.Rendered(text);
      return Flush(out);
    };
    authoring::BeginReportJson(json, old_side, new_side, structure, screening, comparison_);
    if (!changed_.ForEach(piece)) return false;
    authoring::ContinueReportJson(json);
    if (!unreadable_.ForEach(piece)) return false;
    json.EndArray();
    json.EndObject();
    out += "\n";
    return output_.Write(out);
  }

  // Writes `out` once it holds a block's worth, so that memory stays flat.
  bool Flush(std::string& out) {
    constexpr size_t kBlock = size_t{64} * 1024;
    if (out.size() < kBlock) return true;
    const bool written = output_.Write(out);
    out.clear();
    return written;
  }

  const RulesDiffOptions& options_;
  Screener old_screener_;
  Screener new_screener_;
  authoring::DecisionComparison comparison_;
  bool json_;
  Spool changed_;     // records whose decision changed
  Spool unreadable_;  // records neither pack could read
  bool spool_failed_ = false;
  uint64_t next_record_ = 1;
  std::vector<std::string> unknown_[2];  // per pack, in the order met
  bool unknown_dropped_ = false;
  OutputFile output_;
};

int RunRulesDiff(const RulesDiffOptions& options) {
  std::optional<TimePoint> at;
  if (!options.at.empty()) {
    at = ParseAt(options.at);
    if (!at) return kExitUsage;
  }
  if (options.inputs.empty() && !options.input_format.empty()) {
    Err("needlescreen rules diff: --input-format needs record files (without them, generated "
        "cases are screened)\n");
    return kExitUsage;
  }
  // Both sides are loaded before either is judged: every diagnostic at once.
  std::optional<Pack> old_pack = LoadSide(options.old_rules, "old");
  std::optional<Pack> new_pack = LoadSide(options.new_rules, "new");
  if (!old_pack || !new_pack) return kExitBadRules;
  std::optional<Record> old_defaults = SetsFor(*old_pack, *new_pack, options.sets);
  if (!old_defaults) return kExitUsage;
  std::optional<Record> new_defaults = SetsFor(*new_pack, *old_pack, options.sets);
  if (!new_defaults) return kExitUsage;
  DiffScreening screening;
  screening.generated = options.inputs.empty();
  screening.inputs = options.inputs;
  if (screening.generated && !at) at = ParseDatetime(authoring::kDefaultCasesAt);
  screening.at = at;
  authoring::PairOptions pair;
  pair.now = at ? *at : Now();
  pair.old_defaults = options.sets.empty() ? nullptr : &*old_defaults;
  pair.new_defaults = options.sets.empty() ? nullptr : &*new_defaults;
  DiffRun run(options, *old_pack, *new_pack);
  return run.Run(pair, std::move(screening));
}

}  // namespace

void SetRulesDiffCommand(CLI::App& rules, Outcome& outcome) {
  auto options = std::make_shared<RulesDiffOptions>();
  CLI::App* cmd = rules.add_subcommand(
      "diff",
      "Compare two packs: what changed in them, and the decisions that change on records (or "
      "on cases generated from both)");
  cmd->add_option("old", options->old_rules, "The old pack: a rule file or directory, or builtin")
      ->required()
      ->type_name("OLD");
  cmd->add_option("new", options->new_rules, "The new pack: a rule file or directory, or builtin")
      ->required()
      ->type_name("NEW");
  cmd->add_option("records", options->inputs,
                  "Record files (YAML, JSON, JSON Lines, CSV, FHIR), or - for stdin; default: "
                  "the cases `rules cases` generates from both packs")
      ->type_name("RECORDS");
  cmd->add_option("--format", options->format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--input-format", options->input_format,
                  "Input: yaml, json, jsonl, csv or fhir (default: from the extension, or "
                  "sniffed)")
      ->check(CLI::IsMember({"yaml", "json", "jsonl", "csv", "fhir"}));
  cmd->add_option("--at", options->at,
                  fmt::format("Screening time for records without screened_at, as check reads "
                              "it (default: now; for generated cases {})",
                              authoring::kDefaultCasesAt))
      ->type_name("WHEN");
  OnePerUse(cmd->add_option("--set", options->sets,
                            "Default for every record, under each pack that has the field; the "
                            "record's own value wins; repeat for several"),
            "PATH=VALUE");
  cmd->add_flag("--quiet", options->quiet, "No warnings on stderr");
  cmd->callback([options, &outcome] { outcome.exit_code = RunRulesDiff(*options); });
}

}  // namespace needlescreen::cli
