// Deterministic generator of realistic intake records for the benchmark:
// `generate FORMAT COUNT [SEED]` writes COUNT records as csv or jsonl to stdout.
// A share of every field is missing, and every decision is represented.
// Only the raw mt19937_64 output is used (its sequence is fixed by the
// standard), so the same seed gives the same bytes on every platform.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <string_view>

namespace {

struct Generator {
  std::mt19937_64 rng;
  uint64_t Below(uint64_t n) { return rng() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
};

struct Intake {
  std::string id, screened_at, consent, phobia, bleeding, level, tight, trigger, overuse;
  std::string swelling, bruising, tear, onset, resolved, sites, certified, emergency;
};

std::string Bool(Generator& g, int true_percent, int missing_percent) {
  if (g.Chance(missing_percent)) return "";
  return g.Chance(true_percent) ? "true" : "false";
}

std::string Pick(Generator& g, std::initializer_list<std::string_view> values,
                 int missing_percent) {
  if (g.Chance(missing_percent)) return "";
  return std::string(*(values.begin() + g.Below(values.size())));
}

std::string Time(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Intake Make(Generator& g, uint64_t n) {
  const int64_t screened = 1795993200 + static_cast<int64_t>(g.Below(86400 * 30));
  Intake r;
  r.id = "P-" + std::to_string(100000 + n);
  r.screened_at = Time(screened);
  r.consent = g.Chance(3) ? "false" : (g.Chance(2) ? "" : "true");
  r.phobia = g.Chance(2) ? "" : (g.Chance(4) ? "severe" : (g.Chance(15) ? "mild" : "none"));
  r.bleeding =
      g.Chance(2) ? "" : (g.Chance(3) ? "uncontrolled" : (g.Chance(8) ? "controlled" : "none"));
  r.level = Pick(g, {"none", "recreational", "competitive", "elite"}, 10);
  r.tight = Bool(g, 70, 3);
  r.trigger = Bool(g, 50, 5);
  r.overuse = Bool(g, 30, 5);
  bool acute = g.Chance(20);
  r.swelling = acute ? Bool(g, 60, 2) : "false";
  r.bruising = acute ? Bool(g, 60, 2) : "false";
  r.tear = acute ? Bool(g, 20, 2) : "false";
  if (acute && !g.Chance(5)) r.onset = Time(screened - static_cast<int64_t>(g.Below(3600 * 160)));
  r.resolved = acute ? Bool(g, 60, 10) : "";
  static const char* kSites[] = {"proximal", "mid", "medial", "lateral", "distal"};
  if (!g.Chance(10)) {
    for (int i = 0; i < 5; ++i) {
      if (!g.Chance(35)) continue;
      if (!r.sites.empty()) r.sites += ';';
      r.sites += kSites[i];
    }
  }
  r.certified = g.Chance(2) ? "false" : "true";
  r.emergency = g.Chance(2) ? "false" : (g.Chance(3) ? "" : "true");
  return r;
}

void Csv(const Intake& r) {
  std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.id.c_str(),
              r.screened_at.c_str(), r.consent.c_str(), r.phobia.c_str(), r.bleeding.c_str(),
              r.level.c_str(), r.tight.c_str(), r.trigger.c_str(), r.overuse.c_str(),
              r.swelling.c_str(), r.bruising.c_str(), r.tear.c_str(), r.onset.c_str(),
              r.resolved.c_str(), r.sites.c_str(), r.certified.c_str(), r.emergency.c_str());
}

// Appends `"key": value` when the value is present (missing fields are left out).
void Member(std::string& out, const char* key, const std::string& value, bool quoted) {
  if (value.empty()) return;
  if (out.back() != '{') out += ", ";
  out += '"';
  out += key;
  out += "\": ";
  if (quoted) out += '"';
  out += value;
  if (quoted) out += '"';
}

std::string SitesJson(const std::string& sites) {
  if (sites.empty()) return "";
  std::string out = "[\"";
  for (char c : sites) out += c == ';' ? std::string("\", \"") : std::string(1, c);
  return out + "\"]";
}

void Jsonl(const Intake& r) {
  std::string s = "{";
  Member(s, "id", r.id, true);
  Member(s, "screened_at", r.screened_at, true);
  std::string patient = "{";
  Member(patient, "consent", r.consent, false);
  Member(patient, "needle_phobia", r.phobia, true);
  Member(patient, "bleeding_disorder", r.bleeding, true);
  Member(patient, "athlete_level", r.level, true);
  Member(s, "patient", patient + "}", false);
  std::string complaint = "{";
  Member(complaint, "hamstring_tightness", r.tight, false);
  Member(complaint, "trigger_points", r.trigger, false);
  Member(complaint, "overuse", r.overuse, false);
  Member(s, "complaint", complaint + "}", false);
  std::string injury = "{";
  Member(injury, "swelling", r.swelling, false);
  Member(injury, "bruising", r.bruising, false);
  Member(injury, "palpable_tear", r.tear, false);
  Member(injury, "onset", r.onset, true);
  Member(injury, "bleeding_resolved", r.resolved, false);
  Member(s, "injury", injury + "}", false);
  std::string treatment = "{";
  Member(treatment, "sites", SitesJson(r.sites), false);
  Member(s, "treatment", treatment + "}", false);
  std::string clinician = "{";
  Member(clinician, "dry_needling_certified", r.certified, false);
  Member(clinician, "emergency_care_current", r.emergency, false);
  Member(s, "clinician", clinician + "}", false);
  s += "}\n";
  std::fputs(s.c_str(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: generate csv|jsonl COUNT [SEED]\n");
    return 2;
  }
  std::string_view format = argv[1];
  uint64_t count = std::strtoull(argv[2], nullptr, 10);
  Generator g{std::mt19937_64(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261125)};
  if (format == "csv") {
    std::puts(
        "id,screened_at,patient.consent,patient.needle_phobia,patient.bleeding_disorder,"
        "patient.athlete_level,complaint.hamstring_tightness,complaint.trigger_points,"
        "complaint.overuse,injury.swelling,injury.bruising,injury.palpable_tear,injury.onset,"
        "injury.bleeding_resolved,treatment.sites,clinician.dry_needling_certified,"
        "clinician.emergency_care_current");
  }
  for (uint64_t n = 0; n < count; ++n) {
    Intake r = Make(g, n);
    if (format == "csv")
      Csv(r);
    else
      Jsonl(r);
  }
  return 0;
}
