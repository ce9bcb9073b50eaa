#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/cli.h"
#include "common/spellcheck.h"
#include "common/text.h"
#include "model/field_hint.h"

namespace needlescreen::cli {

std::optional<Pack> LoadPackOrReport(const std::vector<std::string>& paths) {
  PackLoad load = paths.empty() ? LoadBuiltinPack() : LoadPackFiles(paths);
  size_t errors = 0;
  for (const Diagnostic& d : load.diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  Err(FormatDiagnostics(load.diagnostics));
  if (!load.pack) {
    PrintErr("needlescreen: the rule set is invalid ({} error{}); nothing was screened\n", errors,
             errors == 1 ? "" : "s");
    return std::nullopt;
  }
  return std::move(load.pack);
}

bool PackInEffect(const Pack& pack, TimePoint t, const EffectPolicy& policy) {
  const std::string problem = EffectProblem(pack, t);
  if (problem.empty()) return true;
  if (policy.strict) {
    PrintErr("needlescreen {}: {}; --strict refuses a rule pack outside its effective period: {}\n",
             policy.command, problem, policy.refused);
    return false;
  }
  if (!policy.quiet) {
    PrintErr("needlescreen {}: warning: {} (--strict refuses)\n", policy.command, problem);
  }
  return true;
}

std::optional<TimePoint> ParseAt(const std::string& text) {
  // The interview's parser (issue 16): relative forms count back from now.
  auto t = ParseWhen(text, Now());
  if (!t) {
    PrintErr(
        "needlescreen: --at: expected an ISO 8601 datetime such as 2026-11-24T21:00:00Z, now, or "
        "a time before now such as '36 hours ago', '2 days ago', 'yesterday 09:00'\n");
  }
  return t;
}

namespace {

// "; did you mean 'x'?" for the field path nearest to `path`, or "".
std::string NearestField(const Pack& pack, std::string_view path) {
  NearestWord nearest(path);
  for (const Field& f : pack.fields) nearest.Consider(f.path);
  return DidYouMean(nearest.best());
}

}  // namespace

CLI::Option* OnePerUse(CLI::Option* option, const char* type) {
  return option->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name(type);
}

std::optional<Record> ParseSets(const Pack& pack, const std::vector<std::string>& sets) {
  Record defaults(pack.fields.size());
  constexpr size_t kMaxSets = 1000;  // SPEC §6; one per field is all that can matter
  if (sets.size() > kMaxSets) {
    PrintErr("needlescreen: --set: at most {} values\n", kMaxSets);
    return std::nullopt;
  }
  for (const std::string& set : sets) {
    auto eq = set.find('=');
    if (eq == std::string::npos) {
      PrintErr("needlescreen: --set: expected PATH=VALUE\n");
      return std::nullopt;
    }
    std::string path = set.substr(0, eq);
    int field = pack.FieldIndex(path);
    if (field < 0) {
      PrintErr("needlescreen: --set: '{}' is not a field of the rule pack{}\n", Printable(path),
               Printable(NearestField(pack, path)));
      return std::nullopt;
    }
    std::string_view value = set;
    value.remove_prefix(eq + 1);
    std::string problem = DecodeText(pack.fields[field], value, defaults.slots[field]);
    if (!problem.empty()) {
      // The value is the user's configuration, not a patient's: a hint may
      // name the value it is nearest to (a record error never does, SPEC §6).
      PrintErr("needlescreen: --set {}: {}{}\n", path, problem,
               Printable(DidYouMean(NearestValue(pack.fields[field], value))));
      return std::nullopt;
    }
  }
  return defaults;
}

std::string ReadHead(std::streambuf& in) {
  std::string head;
  char c = 0;
  while (head.size() < 4096) {
    if (head.find('\n') != std::string::npos && in.in_avail() <= 0) break;
    if (in.sgetn(&c, 1) != 1) break;
    head.push_back(c);
  }
  return head;
}

bool IsDirectory(const std::string& name) {
  struct stat st {};
  int status = name == "-" ? fstat(STDIN_FILENO, &st) : stat(name.c_str(), &st);
  return status == 0 && S_ISDIR(st.st_mode);
}

bool ColorWanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fd) != 0;
}

}  // namespace needlescreen::cli
