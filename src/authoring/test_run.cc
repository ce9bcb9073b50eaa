// Running rule test cases: screen each record as `check` would and compare
// the result with what the case expects, collecting coverage on the way.
#include <fmt/format.h>

#include <algorithm>

#include "authoring/rule_tests.h"
#include "needlescreen/screen.h"

namespace needlescreen::authoring {
namespace {

// Names in a canonical order (their index in the pack), as "[a, b]".
std::string Render(std::vector<std::pair<int, std::string>> named) {
  std::sort(named.begin(), named.end());
  std::string out = "[";
  for (size_t i = 0; i < named.size(); ++i) out += (i ? ", " : "") + named[i].second;
  return out + "]";
}

class Comparison {
 public:
  Comparison(const Pack& pack, const Result& result, std::vector<Difference>& out)
      : pack_(pack), result_(result), out_(out) {}

  void Run(const Expectation& e) {
    if (e.decision != result_.decision) {
      out_.push_back({"decision", std::string(DecisionName(e.decision)),
                      std::string(DecisionName(result_.decision))});
    }
    Rules("rules", e.rules, result_.reasons);
    Rules("cautions", e.cautions, result_.cautions);
    Rules("notes", e.notes, result_.notes);
    Missing(e.missing);
    ResumeWhen(e.resume_when);
    Alternatives(e.alternatives);
    if (e.checks_resume_after && e.resume_after != result_.resume_after) {
      out_.push_back({"resume_after", Time(e.resume_after), Time(result_.resume_after)});
    }
    for (const auto& [rule, truth] : e.verdicts) {
      Truth actual = result_.verdicts[rule];
      if (actual == truth) continue;
      out_.push_back({"verdicts." + pack_.rules[rule].id, std::string(TruthName(truth)),
                      std::string(TruthName(actual))});
    }
  }

 private:
  static std::string Time(const std::optional<TimePoint>& t) {
    return t ? FormatDatetime(*t) : "none";
  }

  int RuleIndex(const std::string& id) const {
    for (size_t i = 0; i < pack_.rules.size(); ++i) {
      if (pack_.rules[i].id == id) return static_cast<int>(i);
    }
    return -1;
  }

  void Compare(std::string key, std::vector<std::pair<int, std::string>> expected,
               std::vector<std::pair<int, std::string>> actual) {
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    std::sort(actual.begin(), actual.end());
    if (expected != actual) out_.push_back({std::move(key), Render(expected), Render(actual)});
  }

  void Rules(const char* key, const std::optional<std::vector<std::string>>& ids,
             const std::vector<Finding>& findings) {
    if (!ids) return;
    std::vector<std::pair<int, std::string>> expected, actual;
    for (const std::string& id : *ids) expected.emplace_back(RuleIndex(id), id);
    for (const Finding& f : findings) actual.emplace_back(f.rule, pack_.rules[f.rule].id);
    Compare(key, std::move(expected), std::move(actual));
  }

  void Missing(const std::optional<std::vector<std::string>>& paths) {
    if (!paths) return;
    std::vector<std::pair<int, std::string>> expected, actual;
    for (const std::string& p : *paths) expected.emplace_back(pack_.FieldIndex(p), p);
    for (const needlescreen::Missing& m : result_.missing) {
      if (m.blocking) actual.emplace_back(m.field, pack_.fields[m.field].path);
    }
    Compare("missing", std::move(expected), std::move(actual));
  }

  // In order: the output lists the texts in this order.
  void ResumeWhen(const std::optional<std::vector<std::string>>& texts) {
    if (!texts || *texts == result_.resume_when) return;
    out_.push_back({"resume_when", Quoted(*texts), Quoted(result_.resume_when)});
  }

  void Alternatives(const std::optional<std::vector<std::string>>& ids) {
    if (!ids) return;
    std::vector<std::pair<int, std::string>> expected, actual;
    for (const std::string& id : *ids) expected.emplace_back(AlternativeIndex(id), id);
    for (int a : result_.alternatives) actual.emplace_back(a, pack_.alternatives[a].id);
    Compare("alternatives", std::move(expected), std::move(actual));
  }

  int AlternativeIndex(const std::string& id) const {
    for (size_t i = 0; i < pack_.alternatives.size(); ++i) {
      if (pack_.alternatives[i].id == id) return static_cast<int>(i);
    }
    return -1;
  }

  // Texts may hold commas: each one quoted, as ["a, b", "c"].
  static std::string Quoted(const std::vector<std::string>& texts) {
    std::string out = "[";
    for (size_t i = 0; i < texts.size(); ++i)
      out += fmt::format("{}\"{}\"", i ? ", " : "", texts[i]);
    return out + "]";
  }

  const Pack& pack_;
  const Result& result_;
  std::vector<Difference>& out_;
};

}  // namespace

TestRun RunTests(const Pack& pack, const std::vector<TestCase>& cases, TimePoint now) {
  Screener screener(pack);
  TestRun run;
  run.coverage = StartCoverage(pack);
  Result result;
  for (const TestCase& c : cases) {
    CaseResult r;
    r.test = &c;
    if (!c.record_error.ok()) {
      // `check` reports such a record as `error`; nothing was screened.
      const std::string error = c.record_error.ToString();
      r.summary = "error: " + error;
      if (c.expect.decision != Decision::kError) {
        r.differences.push_back({"decision", std::string(DecisionName(c.expect.decision)),
                                 fmt::format("error ({})", error)});
      }
    } else {
      screener.Screen(c.record, c.at.value_or(now), {}, result);
      CountCase(pack, c.record, result, run.coverage);
      Comparison(pack, result, r.differences).Run(c.expect);
      r.summary = screener.Summary(result);
    }
    ++(r.passed() ? run.passed : run.failed);
    run.results.push_back(std::move(r));
  }
  FinishCoverage(run.coverage);
  return run;
}

}  // namespace needlescreen::authoring
