// Fail-closed audit (SPEC §1.1 and §1.2; issue 7 item 6): 20,000 generated
// records (fixed seed; random subsets of fields missing, random valid
// spellings, a few invalid values) screened with the built-in pack.
// - `proceed` only when every swap/wait rule is known false; `incomplete`
//   only when one is unknown and none is true, with a blocking question for
//   each unknown one; the decision is exactly SPEC §2's function of the verdicts.
// - Every verdict equals that of an independent Kleene evaluation of SPEC §3.
// - YAML (documents and a list), JSON, JSON Lines and CSV encodings of the
//   same records give the same events, error status, verdicts and decisions,
//   through needlescreen::ReadRecords.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/time.h"
#include "test_support.h"

namespace needlescreen {
namespace {

constexpr int kRecords = 20000;
constexpr uint64_t kValueSeed = 20261124;
constexpr uint64_t kSpellingSeed = 7;

TimePoint DefaultNow() { return ParseDatetime("2026-11-24T21:00:00Z").value_or(TimePoint{}); }

// Only raw mt19937_64 output is used: its sequence is fixed by the standard,
// so the records are the same on every platform.
struct Random {
  std::mt19937_64 engine;
  uint64_t Below(uint64_t n) { return engine() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
};

// --- The generated records -------------------------------------------------------

// What a field holds, logically; `text` is how the record spells it.
struct Value {
  bool present = false;  // false: the record leaves the field out (unknown)
  bool invalid = false;  // not a value of the field: the record must be an error
  std::string text;      // for lists, items separated by ';' ("" = empty list)
  std::vector<std::string> items;
  bool boolean = false;
  size_t index = 0;
  int64_t seconds = 0;
  uint64_t bits = 0;
};

struct Generated {
  std::vector<Value> values;  // per Pack::fields index
  bool invalid = false;
  std::vector<std::string> invalid_paths;
};

std::string Spelled(Random& r, std::string_view word) {
  std::string s(word);
  switch (r.Below(6)) {
    case 0:
      std::transform(s.begin(), s.end(), s.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      });
      break;
    case 1:
      if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
      break;
    case 2:
      s = " " + s + " ";
      break;
    default:
      break;
  }
  return s;
}

// `true_percent`: how often the answer is yes (injuries are the exception).
void MakeBool(Random& r, int true_percent, Value& v) {
  static const std::vector<std::string> kYes = {"true", "yes", "y", "1", "true"};
  static const std::vector<std::string> kNo = {"false", "no", "n", "0", "false"};
  static const std::vector<std::string> kInvalid = {"maybe", "2", "tru", "yess", "-1", "nope"};
  if (v.invalid) {
    v.text = r.Pick(kInvalid);
    return;
  }
  v.boolean = r.Chance(true_percent);
  v.text = Spelled(r, r.Pick(v.boolean ? kYes : kNo));
}

int TruePercent(std::string_view path) {
  if (path.rfind("injury.", 0) == 0 && path != "injury.bleeding_resolved") return 15;
  if (path.rfind("complaint.", 0) == 0) return 50;
  return 90;
}

void MakeEnum(Random& r, const Field& f, Value& v) {
  if (v.invalid) {
    v.text = r.Chance(50) ? "sometimes" : f.values[r.Below(f.values.size())] + "x";
    return;
  }
  // The first value (none) most often, so that many records can clear.
  v.index = r.Chance(60) ? 0 : r.Below(f.values.size());
  v.text = Spelled(r, f.values[v.index]);
}

// A datetime `seconds` after the epoch in one of the ISO 8601 forms the
// readers accept: Z, an offset, a space for the T, a fraction (dropped).
std::string Datetime(Random& r, int64_t seconds) {
  TimePoint t{std::chrono::seconds{seconds}};
  std::string s;
  switch (r.Below(5)) {
    case 0:
      s = FormatDatetime(t + std::chrono::hours(2));
      s.replace(s.size() - 1, 1, "+02:00");
      break;
    case 1:
      s = FormatDatetime(t - std::chrono::minutes(330));
      s.replace(s.size() - 1, 1, "-05:30");
      break;
    case 2:
      s = FormatDatetime(t);
      s[10] = ' ';
      break;
    case 3:
      s = FormatDatetime(t);
      s.insert(s.size() - 1, ".250");
      break;
    default:
      s = FormatDatetime(t);
  }
  return s;
}

void MakeDatetime(Random& r, Value& v, int64_t around, int64_t spread_before,
                  int64_t spread_after) {
  static const std::vector<std::string> kInvalid = {
      "2026-02-30T10:00:00Z", "2026-11-24T25:00:00Z", "yesterday",
      "2026-13-01T00:00:00Z", "24/11/2026",           "2026-11-24T21:00:00+25:00"};
  if (v.invalid) {
    v.text = r.Pick(kInvalid);
    return;
  }
  v.seconds = around - spread_before +
              static_cast<int64_t>(r.Below(static_cast<uint64_t>(spread_before + spread_after)));
  v.text = Datetime(r, v.seconds);
}

void MakeList(Random& r, const Field& f, Value& v) {
  for (size_t i = 0; i < f.values.size(); ++i) {
    if (!r.Chance(35)) continue;
    v.bits |= uint64_t{1} << i;
    v.items.push_back(Spelled(r, f.values[i]));
  }
  if (v.invalid) v.items.insert(v.items.begin() + r.Below(v.items.size() + 1), "knee");
  for (const std::string& item : v.items) v.text += (v.text.empty() ? "" : ";") + item;
}

Generated Generate(Random& r, const Pack& pack, int n) {
  Generated g;
  g.values.resize(pack.fields.size());
  // Each record its own share of missing answers: none, a few, many.
  const int missing = std::vector<int>{0, 0, 5, 15, 40}[r.Below(5)];
  const int64_t default_now = DefaultNow().time_since_epoch().count();
  int64_t now = default_now;
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const Field& f = pack.fields[i];
    Value& v = g.values[i];
    v.present = f.path == "id" || !r.Chance(f.path == "screened_at" ? 50 : missing);
    if (!v.present) continue;
    v.invalid = f.path != "id" && r.Chance(1);
    switch (f.type) {
      case FieldType::kString:
        v.text = "F-" + std::to_string(n);
        break;
      case FieldType::kBool:
        MakeBool(r, TruePercent(f.path), v);
        break;
      case FieldType::kEnum:
        MakeEnum(r, f, v);
        break;
      case FieldType::kDatetime:
        if (f.path == "screened_at") {
          MakeDatetime(r, v, default_now, 86400 * 10, 86400 * 10);
          if (!v.invalid) now = v.seconds;
        } else {  // onsets from 200 h before the screen to 10 h after it
          MakeDatetime(r, v, now, 3600 * 200, 3600 * 10);
        }
        break;
      case FieldType::kList:
        MakeList(r, f, v);
        break;
      case FieldType::kNumber:
        v.text = std::to_string(r.Below(100));
        break;
    }
    if (v.invalid) {
      g.invalid = true;
      g.invalid_paths.push_back(f.path);
    }
  }
  return g;
}

// --- Encodings --------------------------------------------------------------------

struct Encoded {
  std::string name;
  InputFormat format;
  std::string text;
  std::vector<uint64_t> lines;  // where each record starts
};

bool IsBoolWord(const Value& v, const Field& f) {
  return f.type == FieldType::kBool && !v.invalid && (v.text == "true" || v.text == "false");
}

// One record as a JSON object on one line: groups nested or keys dotted, at
// random; missing fields left out or null; true/false/1/0 as JSON literals
// or as strings.
std::string JsonObject(Random& r, const Pack& pack, const Generated& g) {
  std::map<std::string, std::string> groups;  // group -> members
  std::vector<std::string> order;
  std::string top;
  auto add = [](std::string& s, const std::string& member) {
    s += (s.empty() ? "" : ", ") + member;
  };
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const Field& f = pack.fields[i];
    const Value& v = g.values[i];
    std::string json;
    if (!v.present) {
      if (!r.Chance(30)) continue;
      json = "null";
    } else if (f.type == FieldType::kList) {
      json = "[";
      for (const std::string& item : v.items)
        json += (json.size() > 1 ? ", \"" : "\"") + item + "\"";
      json += "]";
    } else if ((IsBoolWord(v, f) || v.text == "1" || v.text == "0") && r.Chance(50)) {
      json = v.text;
    } else {
      json = "\"" + v.text + "\"";
    }
    const size_t dot = f.path.find('.');
    if (dot == std::string::npos || r.Chance(25)) {
      add(top, "\"" + f.path + "\": " + json);
    } else {
      std::string group = f.path.substr(0, dot);
      if (groups.find(group) == groups.end()) order.push_back(group);
      add(groups[group], "\"" + f.path.substr(dot + 1) + "\": " + json);
    }
  }
  for (const std::string& group : order) add(top, "\"" + group + "\": {" + groups[group] + "}");
  return "{" + top + "}";
}

Encoded JsonLines(const Pack& pack, const std::vector<Generated>& records) {
  Random r{std::mt19937_64(kSpellingSeed)};
  Encoded e{"JSON Lines", InputFormat::kJsonLines, "", {}};
  for (size_t i = 0; i < records.size(); ++i) {
    e.text += JsonObject(r, pack, records[i]) + "\n";
    e.lines.push_back(i + 1);
  }
  return e;
}

Encoded JsonArray(const Pack& pack, const std::vector<Generated>& records) {
  Random r{std::mt19937_64(kSpellingSeed + 1)};
  Encoded e{"JSON", InputFormat::kJson, "[\n", {}};
  for (size_t i = 0; i < records.size(); ++i) {
    e.text += JsonObject(r, pack, records[i]) + (i + 1 < records.size() ? ",\n" : "\n");
    e.lines.push_back(i + 2);
  }
  e.text += "]\n";
  return e;
}

Encoded Csv(const Pack& pack, const std::vector<Generated>& records) {
  Random r{std::mt19937_64(kSpellingSeed + 2)};
  Encoded e{"CSV", InputFormat::kCsv, "", {}};
  for (size_t i = 0; i < pack.fields.size(); ++i) e.text += (i ? "," : "") + pack.fields[i].path;
  e.text += "\n";
  for (size_t n = 0; n < records.size(); ++n) {
    for (size_t i = 0; i < pack.fields.size(); ++i) {
      const Value& v = records[n].values[i];
      std::string cell = v.text;
      // A known empty list needs a cell that is not empty.
      if (v.present && pack.fields[i].type == FieldType::kList && v.items.empty()) cell = ";";
      if (!v.present) cell.clear();
      if (r.Chance(15)) cell = "\"" + cell + "\"";
      e.text += (i ? "," : "") + cell;
    }
    e.text += "\n";
    e.lines.push_back(n + 2);
  }
  return e;
}

// A YAML scalar: plain, or double-quoted at random and whenever plain would
// lose its spaces.
std::string YamlScalar(Random& r, const std::string& text) {
  bool spaced = !text.empty() && (text.front() == ' ' || text.back() == ' ');
  return spaced || r.Chance(30) ? "\"" + text + "\"" : text;
}

// A record as YAML lines: block mappings for groups, dotted keys at random;
// missing fields left out, or given as `key:` / `key: ~`.
std::vector<std::string> YamlLines(Random& r, const Pack& pack, const Generated& g) {
  std::vector<std::string> top;
  std::map<std::string, std::vector<std::string>> groups;
  std::vector<std::string> order;
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const Field& f = pack.fields[i];
    const Value& v = g.values[i];
    std::string yaml;
    if (!v.present) {
      if (!r.Chance(30)) continue;
      yaml = r.Chance(50) ? "" : " ~";
    } else if (f.type == FieldType::kList) {
      yaml = " [";
      for (size_t k = 0; k < v.items.size(); ++k) {
        yaml += (k ? ", " : "") + YamlScalar(r, v.items[k]);
      }
      yaml += "]";
    } else {
      yaml = " " + YamlScalar(r, v.text);
    }
    const size_t dot = f.path.find('.');
    if (dot == std::string::npos || r.Chance(25)) {
      top.push_back(f.path + ":" + yaml);
    } else {
      std::string group = f.path.substr(0, dot);
      if (groups.find(group) == groups.end()) order.push_back(group);
      groups[group].push_back("  " + f.path.substr(dot + 1) + ":" + yaml);
    }
  }
  for (const std::string& group : order) {
    top.push_back(group + ":");
    top.insert(top.end(), groups[group].begin(), groups[group].end());
  }
  return top;
}

Encoded YamlDocuments(const Pack& pack, const std::vector<Generated>& records) {
  Random r{std::mt19937_64(kSpellingSeed + 3)};
  Encoded e{"YAML documents", InputFormat::kYaml, "", {}};
  uint64_t line = 1;
  for (size_t n = 0; n < records.size(); ++n) {
    if (n > 0) {
      e.text += "---\n";
      ++line;
    }
    e.lines.push_back(line);
    for (const std::string& l : YamlLines(r, pack, records[n])) {
      e.text += l + "\n";
      ++line;
    }
  }
  return e;
}

// The first `count` records only: yaml-cpp reads a list of records as one
// document, at a quarter of the speed of separate documents and with a node
// tree of about 50 times the text.
Encoded YamlList(const Pack& pack, const std::vector<Generated>& records, size_t count) {
  Random r{std::mt19937_64(kSpellingSeed + 4)};
  Encoded e{"YAML list", InputFormat::kYaml, "", {}};
  uint64_t line = 1;
  for (size_t n = 0; n < count && n < records.size(); ++n) {
    e.lines.push_back(line);
    bool first = true;
    for (const std::string& l : YamlLines(r, pack, records[n])) {
      e.text += (first ? "- " : "  ") + l + "\n";
      first = false;
      ++line;
    }
  }
  return e;
}

// --- Reading and screening ------------------------------------------------------

struct Screened {
  uint64_t record = 0;
  uint64_t line = 0;
  std::string error;
  std::vector<bool> known;  // per field: the record has a value
  Decision decision = Decision::kError;
  std::vector<Truth> verdicts;
  std::vector<int> reasons;
  std::vector<int> blocking;  // fields of the blocking missing answers
  bool implausible = false;   // some answer was outside its field's bounds (issue 15)
  std::optional<TimePoint> resume_after;
};

// Reads every record of `encoded` and screens the readable ones at the
// default time (a record's own screened_at wins).
std::vector<Screened> ReadAndScreen(const Pack& pack, const Encoded& encoded) {
  std::vector<Screened> outcomes;
  std::istringstream in(encoded.text);
  uint64_t next = 1;
  const Screener screener(pack);
  Result result;
  auto screen = [&](RecordEvent& event) {
    Screened o;
    o.record = event.info.record;
    o.line = event.info.line;
    o.error = event.status.ToString();
    if (o.error.empty()) {
      for (const Slot& slot : event.record->slots) o.known.push_back(slot.known);
      screener.Screen(*event.record, DefaultNow(), ScreenOptions{}, result);
      o.decision = result.decision;
      o.verdicts = result.verdicts;
      for (const Finding& f : result.reasons) o.reasons.push_back(f.rule);
      for (const Missing& m : result.missing) {
        if (m.blocking) o.blocking.push_back(m.field);
        // An implausible answer is not used: it is as good as unknown.
        if (m.problem != Implausible::kNo) {
          o.known[m.field] = false;
          o.implausible = true;
        }
      }
      o.resume_after = result.resume_after;
    }
    outcomes.push_back(std::move(o));
    return true;
  };
  Status problem =
      ReadRecords(in, encoded.name, encoded.format, pack, ReadOptions{}, &next, screen);
  EXPECT_TRUE(problem.ok()) << encoded.name;
  return outcomes;
}

Encoded YamlListOfATenth(const Pack& pack, const std::vector<Generated>& records) {
  return YamlList(pack, records, records.size() / 10);
}

struct Corpus {
  std::vector<Generated> records;
  std::vector<Encoded> encodings;
  std::vector<std::vector<Screened>> outcomes;  // per encoding
};

const Corpus& TheCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const Pack& pack = Builtin();
    Random r{std::mt19937_64(kValueSeed)};
    for (int n = 1; n <= kRecords; ++n) c.records.push_back(Generate(r, pack, n));
    // One encoding at a time: its text and yaml-cpp's tree are large.
    using Encoder = Encoded (*)(const Pack&, const std::vector<Generated>&);
    for (Encoder encode : {&JsonLines, &JsonArray, &Csv, &YamlDocuments, &YamlListOfATenth}) {
      Encoded e = encode(pack, c.records);
      c.outcomes.push_back(ReadAndScreen(pack, e));
      e.text = std::string();  // no test needs it any more
      c.encodings.push_back(std::move(e));
    }
    return c;
  }();
  return corpus;
}

// --- The independent evaluation of SPEC §3 ---------------------------------------

enum class K { kFalse, kTrue, kUnknown };
K KNot(K a) { return a == K::kUnknown ? a : (a == K::kTrue ? K::kFalse : K::kTrue); }
K KOr(K a, K b) {
  if (a == K::kTrue || b == K::kTrue) return K::kTrue;
  return a == K::kUnknown || b == K::kUnknown ? K::kUnknown : K::kFalse;
}
K KAnd(K a, K b) { return KNot(KOr(KNot(a), KNot(b))); }
Truth ToTruth(K k) {
  return k == K::kTrue ? Truth::kTrue : (k == K::kFalse ? Truth::kFalse : Truth::kUnknown);
}

// The built-in pack's rules as SPEC §3 states them, evaluated on the values
// the generator chose (not on what a reader decoded).
class Oracle {
 public:
  Oracle(const Pack& pack, const Generated& g) : pack_(pack), g_(g) {
    const Value* at = Get("screened_at");
    now_ = at && at->present ? at->seconds : DefaultNow().time_since_epoch().count();
  }

  // The rule's verdict; nullopt for a rule SPEC §3 does not name.
  std::optional<Truth> Verdict(const std::string& rule) const {
    auto b = [this](const char* p) { return Bool(p); };
    if (rule == "no-hamstring-indication")
      return ToTruth(
          KNot(KOr(KOr(b("complaint.hamstring_tightness"), b("complaint.trigger_points")),
                   b("complaint.overuse"))));
    if (rule == "consent-declined") return ToTruth(KNot(b("patient.consent")));
    if (rule == "severe-needle-phobia") return ToTruth(Is("patient.needle_phobia", "severe"));
    if (rule == "uncontrolled-bleeding-disorder")
      return ToTruth(Is("patient.bleeding_disorder", "uncontrolled"));
    if (rule == "clinician-not-credentialed")
      return ToTruth(KOr(KNot(b("clinician.dry_needling_certified")),
                         KNot(b("clinician.emergency_care_current"))));
    if (rule == "acute-injury-window") return ToTruth(KAnd(Acute(), WithinHours(72)));
    if (rule == "bleeding-not-resolved")
      return ToTruth(KAnd(Acute(), KNot(b("injury.bleeding_resolved"))));
    if (rule == "mild-needle-phobia") return ToTruth(Is("patient.needle_phobia", "mild"));
    if (rule == "controlled-bleeding-disorder")
      return ToTruth(Is("patient.bleeding_disorder", "controlled"));
    if (rule == "proximal-site-depth") return ToTruth(Has("treatment.sites", "proximal"));
    if (rule == "medial-site-angle") return ToTruth(Has("treatment.sites", "medial"));
    if (rule == "elite-evidence-gap") return ToTruth(Is("patient.athlete_level", "elite"));
    if (rule == "neurovascular-safety" || rule == "expected-after-effects" ||
        rule == "combine-with-loading-programme" || rule == "session-and-follow-up")
      return Truth::kTrue;
    return std::nullopt;
  }

  // The fields a swap/wait rule reads (to find its question among `missing`).
  static std::vector<std::string> Reads(const std::string& rule) {
    static const std::map<std::string, std::vector<std::string>> kReads = {
        {"no-hamstring-indication",
         {"complaint.hamstring_tightness", "complaint.trigger_points", "complaint.overuse"}},
        {"consent-declined", {"patient.consent"}},
        {"severe-needle-phobia", {"patient.needle_phobia"}},
        {"uncontrolled-bleeding-disorder", {"patient.bleeding_disorder"}},
        {"clinician-not-credentialed",
         {"clinician.dry_needling_certified", "clinician.emergency_care_current"}},
        {"acute-injury-window",
         {"injury.swelling", "injury.bruising", "injury.palpable_tear", "injury.onset"}},
        {"bleeding-not-resolved",
         {"injury.swelling", "injury.bruising", "injury.palpable_tear",
          "injury.bleeding_resolved"}}};
    auto it = kReads.find(rule);
    return it == kReads.end() ? std::vector<std::string>{} : it->second;
  }

  // injury.onset + 72h when the acute window is what makes the record wait.
  std::optional<int64_t> Resume() const {
    const Value* onset = Get("injury.onset");
    if (KAnd(Acute(), WithinHours(72)) != K::kTrue) return std::nullopt;
    return onset->seconds + 72 * 3600;
  }

 private:
  const Value* Get(std::string_view path) const {
    int i = pack_.FieldIndex(path);
    return i < 0 ? nullptr : &g_.values[i];
  }
  K Bool(std::string_view path) const {
    const Value* v = Get(path);
    return v && v->present ? (v->boolean ? K::kTrue : K::kFalse) : K::kUnknown;
  }
  K Is(std::string_view path, std::string_view value) const {
    const Value* v = Get(path);
    if (!v || !v->present) return K::kUnknown;
    return pack_.fields[pack_.FieldIndex(path)].values[v->index] == value ? K::kTrue : K::kFalse;
  }
  K Has(std::string_view path, std::string_view value) const {
    const Value* v = Get(path);
    if (!v || !v->present) return K::kUnknown;
    const std::vector<std::string>& values = pack_.fields[pack_.FieldIndex(path)].values;
    size_t i = std::find(values.begin(), values.end(), value) - values.begin();
    return (v->bits >> i) & 1 ? K::kTrue : K::kFalse;
  }
  K Acute() const {
    return KOr(KOr(Bool("injury.swelling"), Bool("injury.bruising")), Bool("injury.palpable_tear"));
  }
  K WithinHours(int64_t hours) const {
    const Value* onset = Get("injury.onset");
    if (!onset || !onset->present) return K::kUnknown;
    // Issue 15: an onset after the screen (`max: now`) is never used.
    if (onset->seconds > now_) return K::kUnknown;
    return now_ - onset->seconds < hours * 3600 ? K::kTrue : K::kFalse;
  }

  const Pack& pack_;
  const Generated& g_;
  int64_t now_ = 0;
};

bool Blocks(const Rule& rule) {
  return rule.outcome == Outcome::kSwap || rule.outcome == Outcome::kWait;
}

// --- The properties ---------------------------------------------------------------

TEST(FailClosed, EveryEncodingGivesOneEventPerRecordInOrderAtItsLine) {
  const Corpus& c = TheCorpus();
  for (size_t e = 0; e < c.encodings.size(); ++e) {
    const std::vector<Screened>& out = c.outcomes[e];
    ASSERT_EQ(out.size(), c.encodings[e].lines.size()) << c.encodings[e].name;
    for (size_t n = 0; n < out.size(); ++n) {
      ASSERT_EQ(out[n].record, n + 1) << c.encodings[e].name;
      ASSERT_EQ(out[n].line, c.encodings[e].lines[n]) << c.encodings[e].name << " record " << n + 1;
    }
  }
}

TEST(FailClosed, ExactlyTheRecordsWithAnInvalidValueAreErrorsNamingTheirField) {
  const Corpus& c = TheCorpus();
  int invalid = 0;
  for (const Generated& g : c.records) invalid += g.invalid;
  EXPECT_GT(invalid, kRecords / 20) << "the generator makes too few invalid records";
  for (size_t e = 0; e < c.encodings.size(); ++e) {
    for (size_t n = 0; n < c.records.size() && n < c.outcomes[e].size(); ++n) {
      const Generated& g = c.records[n];
      const Screened& o = c.outcomes[e][n];
      const std::string where = c.encodings[e].name + " record " + std::to_string(n + 1);
      ASSERT_EQ(!o.error.empty(), g.invalid) << where << ": " << o.error;
      if (!g.invalid) continue;
      EXPECT_EQ(o.error.rfind("line " + std::to_string(o.line) + ", field ", 0), 0u)
          << where << ": " << o.error;
      bool names_one =
          std::any_of(g.invalid_paths.begin(), g.invalid_paths.end(), [&](const std::string& path) {
            return o.error.find("field " + path + ":") != std::string::npos;
          });
      EXPECT_TRUE(names_one) << where << ": " << o.error;
    }
  }
}

// SPEC §2 "Decision", both ways, and SPEC §1.2: what is unknown is asked.
void ExpectDecisionFollowsVerdicts(const Pack& pack, const Screened& o, const std::string& where) {
  bool swap_true = false, wait_true = false, unknown = false;
  std::vector<int> true_rules;
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const Rule& rule = pack.rules[i];
    if (!Blocks(rule)) continue;
    const Truth t = o.verdicts[i];
    if (t == Truth::kTrue) {
      (rule.outcome == Outcome::kSwap ? swap_true : wait_true) = true;
      true_rules.push_back(static_cast<int>(i));
    }
    unknown = unknown || t == Truth::kUnknown;
  }
  // An implausible answer never lets a record proceed (issue 15).
  Decision expected = swap_true                  ? Decision::kSwap
                      : wait_true                ? Decision::kWait
                      : unknown || o.implausible ? Decision::kIncomplete
                                                 : Decision::kProceed;
  ASSERT_EQ(o.decision, expected) << where;
  std::vector<int> reasons = o.reasons;
  std::sort(reasons.begin(), reasons.end());
  EXPECT_EQ(reasons, true_rules) << where << ": the reasons are not the true swap/wait rules";
  if (o.decision == Decision::kProceed) {
    EXPECT_TRUE(o.blocking.empty()) << where << ": proceed with a blocking question open";
  }
  for (int field : o.blocking) {
    EXPECT_FALSE(o.known[field]) << where << ": " << pack.fields[field].path
                                 << " is known but listed as missing";
  }
  if (o.decision != Decision::kIncomplete) return;
  // Every unknown swap/wait rule has a blocking question for one of its fields.
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    if (!Blocks(pack.rules[i]) || o.verdicts[i] != Truth::kUnknown) continue;
    bool asked = false;
    for (const std::string& path : Oracle::Reads(pack.rules[i].id)) {
      int f = pack.FieldIndex(path);
      asked = asked || std::find(o.blocking.begin(), o.blocking.end(), f) != o.blocking.end();
    }
    EXPECT_TRUE(asked) << where << ": nothing asked for unknown rule " << pack.rules[i].id;
  }
}

TEST(FailClosed, ProceedOnlyWhenEverySwapAndWaitRuleIsKnownFalse) {
  const Corpus& c = TheCorpus();
  const Pack& pack = Builtin();
  std::map<Decision, int> counts;
  for (size_t n = 0; n < c.outcomes[0].size(); ++n) {
    const Screened& o = c.outcomes[0][n];
    ++counts[o.error.empty() ? o.decision : Decision::kError];
    if (!o.error.empty()) continue;
    ASSERT_EQ(o.verdicts.size(), pack.rules.size());
    ExpectDecisionFollowsVerdicts(pack, o, "record " + std::to_string(n + 1));
    if (HasFailure()) return;
  }
  // The generator reaches every decision often enough for the audit to mean something.
  for (Decision d : {Decision::kProceed, Decision::kWait, Decision::kSwap, Decision::kIncomplete,
                     Decision::kError}) {
    EXPECT_GE(counts[d], kRecords / 50) << DecisionName(d);
  }
}

TEST(FailClosed, VerdictsMatchAnIndependentKleeneEvaluationOfTheSpec) {
  const Corpus& c = TheCorpus();
  const Pack& pack = Builtin();
  const Oracle any(pack, c.records[0]);
  for (const Rule& rule : pack.rules) {
    // A swap/wait rule the audit does not know would escape it.
    EXPECT_TRUE(!Blocks(rule) || any.Verdict(rule.id).has_value()) << rule.id;
  }
  int failures = 0;
  for (size_t n = 0; n < c.records.size() && failures < 10; ++n) {
    const Screened& o = c.outcomes[0][n];
    if (!o.error.empty()) continue;
    const Oracle oracle(pack, c.records[n]);
    for (size_t i = 0; i < pack.rules.size(); ++i) {
      std::optional<Truth> want = oracle.Verdict(pack.rules[i].id);
      if (!want || o.verdicts[i] == *want) continue;
      ++failures;
      ADD_FAILURE() << "record " << n + 1 << ", rule " << pack.rules[i].id << ": verdict "
                    << TruthName(o.verdicts[i]) << ", SPEC §3 says " << TruthName(*want);
    }
    std::optional<int64_t> resume = oracle.Resume();
    std::optional<int64_t> got;
    if (o.resume_after) got = o.resume_after->time_since_epoch().count();
    if (o.decision == Decision::kWait && got != resume) {
      ++failures;
      ADD_FAILURE() << "record " << n + 1 << ": resume_after "
                    << (got ? std::to_string(*got) : "none") << ", expected "
                    << (resume ? std::to_string(*resume) : "none");
    }
  }
}

TEST(FailClosed, EveryEncodingGivesTheSameDecisionsAsJsonLines) {
  const Corpus& c = TheCorpus();
  for (size_t e = 1; e < c.encodings.size(); ++e) {
    int failures = 0;
    for (size_t n = 0; n < c.outcomes[e].size() && failures < 10; ++n) {
      const Screened& a = c.outcomes[0][n];
      const Screened& b = c.outcomes[e][n];
      const std::string where = c.encodings[e].name + " record " + std::to_string(n + 1);
      bool same = a.error.empty() == b.error.empty() && a.decision == b.decision &&
                  a.verdicts == b.verdicts && a.reasons == b.reasons && a.blocking == b.blocking &&
                  a.resume_after == b.resume_after;
      if (same) continue;
      ++failures;
      ADD_FAILURE() << where << ": " << (b.error.empty() ? DecisionName(b.decision) : b.error)
                    << ", JSON Lines: " << (a.error.empty() ? DecisionName(a.decision) : a.error);
    }
  }
}

}  // namespace
}  // namespace needlescreen
