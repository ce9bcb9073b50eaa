// The built-in pack (rules/hamstring-dry-needling.yaml) screened through the
// public API: every rule's verdicts (SPEC §3), the decision and what it
// carries (SPEC §2 "Decision", §4 JSON output), and the one-line summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
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

using std::chrono::hours;
using std::chrono::minutes;

// path -> text as a record would carry it; "" leaves the field unknown.
using Values = std::map<std::string, std::string>;

TimePoint At(std::string_view text) {
  std::optional<TimePoint> t = ParseDatetime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(TimePoint{});
}

// The screening time of every test, and onsets relative to it.
const TimePoint kNow = At("2026-11-24T21:00:00Z");
constexpr char kOnset36h[] = "2026-11-23T09:00:00Z";
constexpr char kOnset100h[] = "2026-11-20T17:00:00Z";

// A patient every rule clears: tight hamstrings, consent, no phobia, no
// bleeding disorder, no acute injury, a mid-thigh site, credentialed clinician.
Values Cleared() {
  return {{"id", "T-1"},
          {"patient.consent", "yes"},
          {"patient.needle_phobia", "none"},
          {"patient.bleeding_disorder", "none"},
          {"patient.athlete_level", "recreational"},
          {"complaint.hamstring_tightness", "yes"},
          {"complaint.trigger_points", "no"},
          {"complaint.overuse", "no"},
          {"injury.swelling", "no"},
          {"injury.bruising", "no"},
          {"injury.palpable_tear", "no"},
          {"treatment.sites", "mid"},
          {"clinician.dry_needling_certified", "yes"},
          {"clinician.emergency_care_current", "yes"}};
}

Values With(Values base, const Values& changes) {
  for (const auto& [path, text] : changes) base[path] = text;
  return base;
}

Record MakeRecord(const Values& values) {
  const Pack& pack = Builtin();
  Record record(pack.fields.size());
  for (const auto& [path, text] : values) {
    int field = pack.FieldIndex(path);
    EXPECT_GE(field, 0) << path;
    if (field < 0) continue;
    EXPECT_EQ(DecodeText(pack.fields[field], text, record.slots[field]), "") << path;
  }
  return record;
}

Result ScreenValues(const Values& values, TimePoint now = kNow) {
  Screener screener(Builtin());
  return screener.Screen(MakeRecord(values), now);
}

// Decodes exactly one YAML record through the public reader.
Record ReadYamlRecord(const std::string& yaml) {
  const Pack& pack = Builtin();
  std::istringstream in(yaml);
  uint64_t next = 1;
  Record out(pack.fields.size());
  int seen = 0;
  Status problem =
      ReadRecords(in, "test.yaml", InputFormat::kYaml, pack, {}, &next, [&](RecordEvent& e) {
        EXPECT_TRUE(e.status.ok()) << e.status.ToString();
        out = *e.record;
        ++seen;
        return true;
      });
  EXPECT_TRUE(problem.ok());
  EXPECT_EQ(seen, 1);
  return out;
}

int RuleIndex(std::string_view id) {
  const std::vector<Rule>& rules = Builtin().rules;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].id == id) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no rule " << id;
  return 0;
}

Truth VerdictOf(const Result& r, std::string_view id) { return r.verdicts.at(RuleIndex(id)); }

std::vector<std::string> RuleIds(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& f : findings) ids.push_back(Builtin().rules[f.rule].id);
  return ids;
}

std::vector<std::string> AlternativeIds(const Result& r) {
  std::vector<std::string> ids;
  for (int a : r.alternatives) ids.push_back(Builtin().alternatives[a].id);
  return ids;
}

// One missing field as the output shows it: path, rule ids, blocking.
struct Asked {
  std::string field;
  std::vector<std::string> rules;
  bool blocking = false;
  bool operator==(const Asked&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Asked& a) {
  os << a.field << " [";
  for (const std::string& r : a.rules) os << r << " ";
  return os << "] " << (a.blocking ? "blocking" : "non-blocking");
}

std::vector<Asked> MissingOf(const Result& r) {
  std::vector<Asked> out;
  for (const Missing& m : r.missing) {
    Asked a{Builtin().fields[m.field].path, {}, m.blocking};
    for (int rule : m.rules) a.rules.push_back(Builtin().rules[rule].id);
    out.push_back(a);
  }
  return out;
}

std::string MessageOf(const std::vector<Finding>& findings, std::string_view id) {
  for (const Finding& f : findings) {
    if (Builtin().rules[f.rule].id == id) return std::string(f.message);
  }
  return "(rule not among the findings)";
}

const std::vector<std::string> kAlwaysNotes = {
    "expected-after-effects", "combine-with-loading-programme", "session-and-follow-up"};

// --- Every rule: fires, stays silent, is unknown (SPEC §3 rule table) -------

struct VerdictCase {
  const char* name;  // the test name: what the case shows
  const char* rule;
  Truth verdict;
  Values changes;  // applied to Cleared()
  Decision decision;
};

// Keeps ctest's test names short and stable (no byte dump of the struct).
void PrintTo(const VerdictCase& c, std::ostream* os) { *os << c.name; }

const Truth T = Truth::kTrue, F = Truth::kFalse, U = Truth::kUnknown;

const std::vector<VerdictCase>& VerdictCases() {
  static const std::vector<VerdictCase> cases = {
      // no-hamstring-indication: not (tightness or trigger_points or overuse)
      {"NoIndicationFiresWithoutAnyComplaint",
       "no-hamstring-indication",
       T,
       {{"complaint.hamstring_tightness", "no"}},
       Decision::kSwap},
      {"NoIndicationSilentWithTightness", "no-hamstring-indication", F, {}, Decision::kProceed},
      {"NoIndicationSilentWithOveruseOnly",
       "no-hamstring-indication",
       F,
       {{"complaint.hamstring_tightness", "no"}, {"complaint.overuse", "yes"}},
       Decision::kProceed},
      {"NoIndicationSilentWhenOneComplaintIsYesAndTheOthersMissing",
       "no-hamstring-indication",
       F,
       {{"complaint.hamstring_tightness", ""},
        {"complaint.trigger_points", "yes"},
        {"complaint.overuse", ""}},
       Decision::kProceed},
      {"NoIndicationUnknownWhenOneComplaintMissingAndTheOthersNo",
       "no-hamstring-indication",
       U,
       {{"complaint.hamstring_tightness", ""}},
       Decision::kIncomplete},
      {"NoIndicationUnknownWithoutComplaintFields",
       "no-hamstring-indication",
       U,
       {{"complaint.hamstring_tightness", ""},
        {"complaint.trigger_points", ""},
        {"complaint.overuse", ""}},
       Decision::kIncomplete},
      // consent-declined: patient.consent == false
      {"ConsentDeclinedFiresOnNo",
       "consent-declined",
       T,
       {{"patient.consent", "no"}},
       Decision::kSwap},
      {"ConsentDeclinedSilentOnYes", "consent-declined", F, {}, Decision::kProceed},
      {"ConsentDeclinedUnknownWhenConsentMissing",
       "consent-declined",
       U,
       {{"patient.consent", ""}},
       Decision::kIncomplete},
      // severe-needle-phobia
      {"SeverePhobiaFiresOnSevere",
       "severe-needle-phobia",
       T,
       {{"patient.needle_phobia", "severe"}},
       Decision::kSwap},
      {"SeverePhobiaSilentOnMild",
       "severe-needle-phobia",
       F,
       {{"patient.needle_phobia", "mild"}},
       Decision::kProceed},
      {"SeverePhobiaUnknownWhenPhobiaMissing",
       "severe-needle-phobia",
       U,
       {{"patient.needle_phobia", ""}},
       Decision::kIncomplete},
      // uncontrolled-bleeding-disorder
      {"UncontrolledBleedingFiresOnUncontrolled",
       "uncontrolled-bleeding-disorder",
       T,
       {{"patient.bleeding_disorder", "uncontrolled"}},
       Decision::kSwap},
      {"UncontrolledBleedingSilentOnControlled",
       "uncontrolled-bleeding-disorder",
       F,
       {{"patient.bleeding_disorder", "controlled"}},
       Decision::kProceed},
      {"UncontrolledBleedingUnknownWhenDisorderMissing",
       "uncontrolled-bleeding-disorder",
       U,
       {{"patient.bleeding_disorder", ""}},
       Decision::kIncomplete},
      // clinician-not-credentialed: certificate == false or emergency care == false
      {"NotCredentialedFiresWithoutCertificate",
       "clinician-not-credentialed",
       T,
       {{"clinician.dry_needling_certified", "no"}},
       Decision::kSwap},
      {"NotCredentialedFiresWithLapsedEmergencyCare",
       "clinician-not-credentialed",
       T,
       {{"clinician.emergency_care_current", "no"}},
       Decision::kSwap},
      {"NotCredentialedFiresOnOneNoEvenWithTheOtherMissing",
       "clinician-not-credentialed",
       T,
       {{"clinician.dry_needling_certified", ""}, {"clinician.emergency_care_current", "no"}},
       Decision::kSwap},
      {"NotCredentialedSilentWithBoth", "clinician-not-credentialed", F, {}, Decision::kProceed},
      {"NotCredentialedUnknownWhenCertificateMissing",
       "clinician-not-credentialed",
       U,
       {{"clinician.dry_needling_certified", ""}},
       Decision::kIncomplete},
      // acute-injury-window: acute signs and fewer than 72 h since onset
      {"AcuteWindowFiresOnBruising36hAgo",
       "acute-injury-window",
       T,
       {{"injury.bruising", "yes"},
        {"injury.onset", kOnset36h},
        {"injury.bleeding_resolved", "yes"}},
       Decision::kWait},
      {"AcuteWindowSilentOnBruising100hAgo",
       "acute-injury-window",
       F,
       {{"injury.bruising", "yes"},
        {"injury.onset", kOnset100h},
        {"injury.bleeding_resolved", "yes"}},
       Decision::kProceed},
      {"AcuteWindowSilentWithoutAcuteSignsEvenWithoutOnset",
       "acute-injury-window",
       F,
       {},
       Decision::kProceed},
      {"AcuteWindowUnknownWhenOnsetMissing",
       "acute-injury-window",
       U,
       {{"injury.swelling", "yes"}, {"injury.bleeding_resolved", "yes"}},
       Decision::kIncomplete},
      {"AcuteWindowUnknownWhenSignsMissingAndOnsetRecent",
       "acute-injury-window",
       U,
       {{"injury.swelling", ""}, {"injury.onset", kOnset36h}, {"injury.bleeding_resolved", "yes"}},
       Decision::kIncomplete},
      // bleeding-not-resolved: acute signs and bleeding_resolved == false
      {"BleedingNotResolvedFiresOnTearStillBleeding",
       "bleeding-not-resolved",
       T,
       {{"injury.palpable_tear", "yes"},
        {"injury.onset", kOnset100h},
        {"injury.bleeding_resolved", "no"}},
       Decision::kWait},
      {"BleedingNotResolvedSilentOnceResolved",
       "bleeding-not-resolved",
       F,
       {{"injury.palpable_tear", "yes"},
        {"injury.onset", kOnset100h},
        {"injury.bleeding_resolved", "yes"}},
       Decision::kProceed},
      {"BleedingNotResolvedSilentWithoutAcuteSigns",
       "bleeding-not-resolved",
       F,
       {{"injury.bleeding_resolved", "no"}},
       Decision::kProceed},
      {"BleedingNotResolvedUnknownWhenResolutionMissing",
       "bleeding-not-resolved",
       U,
       {{"injury.palpable_tear", "yes"}, {"injury.onset", kOnset100h}},
       Decision::kIncomplete},
      // mild-needle-phobia (caution)
      {"MildPhobiaFiresOnMild",
       "mild-needle-phobia",
       T,
       {{"patient.needle_phobia", "mild"}},
       Decision::kProceed},
      {"MildPhobiaSilentOnNone", "mild-needle-phobia", F, {}, Decision::kProceed},
      {"MildPhobiaUnknownWhenPhobiaMissing",
       "mild-needle-phobia",
       U,
       {{"patient.needle_phobia", ""}},
       Decision::kIncomplete},
      // controlled-bleeding-disorder (caution)
      {"ControlledBleedingFiresOnControlled",
       "controlled-bleeding-disorder",
       T,
       {{"patient.bleeding_disorder", "controlled"}},
       Decision::kProceed},
      {"ControlledBleedingSilentOnNone", "controlled-bleeding-disorder", F, {}, Decision::kProceed},
      {"ControlledBleedingUnknownWhenDisorderMissing",
       "controlled-bleeding-disorder",
       U,
       {{"patient.bleeding_disorder", ""}},
       Decision::kIncomplete},
      // proximal-site-depth (caution): an unknown caution does not block
      {"ProximalSiteFiresWhenPlanned",
       "proximal-site-depth",
       T,
       {{"treatment.sites", "proximal;mid"}},
       Decision::kProceed},
      {"ProximalSiteSilentOnMidOnly", "proximal-site-depth", F, {}, Decision::kProceed},
      {"ProximalSiteUnknownWhenSitesMissing",
       "proximal-site-depth",
       U,
       {{"treatment.sites", ""}},
       Decision::kProceed},
      // medial-site-angle (caution)
      {"MedialSiteFiresWhenPlanned",
       "medial-site-angle",
       T,
       {{"treatment.sites", "medial"}},
       Decision::kProceed},
      {"MedialSiteSilentOnLateralAndDistal",
       "medial-site-angle",
       F,
       {{"treatment.sites", "lateral;distal"}},
       Decision::kProceed},
      {"MedialSiteUnknownWhenSitesMissing",
       "medial-site-angle",
       U,
       {{"treatment.sites", ""}},
       Decision::kProceed},
      // elite-evidence-gap (info)
      {"EliteGapFiresOnElite",
       "elite-evidence-gap",
       T,
       {{"patient.athlete_level", "elite"}},
       Decision::kProceed},
      {"EliteGapSilentOnCompetitive",
       "elite-evidence-gap",
       F,
       {{"patient.athlete_level", "competitive"}},
       Decision::kProceed},
      {"EliteGapUnknownWhenLevelMissing",
       "elite-evidence-gap",
       U,
       {{"patient.athlete_level", ""}},
       Decision::kProceed},
  };
  return cases;
}

// Rules whose `when` is omitted: true on every record, whatever it holds.
const std::vector<std::string> kAlwaysTrue = {"neurovascular-safety", "expected-after-effects",
                                              "combine-with-loading-programme",
                                              "session-and-follow-up"};

class RuleVerdict : public ::testing::TestWithParam<VerdictCase> {};

TEST_P(RuleVerdict, Holds) {
  const VerdictCase& c = GetParam();
  Result r = ScreenValues(With(Cleared(), c.changes));
  EXPECT_EQ(VerdictOf(r, c.rule), c.verdict) << TruthName(VerdictOf(r, c.rule));
  EXPECT_EQ(r.decision, c.decision) << DecisionName(r.decision);

  const Rule& rule = Builtin().rules[RuleIndex(c.rule)];
  const std::vector<Finding>& list =
      rule.outcome == Outcome::kSwap || rule.outcome == Outcome::kWait
          ? r.reasons
          : (rule.outcome == Outcome::kCaution ? r.cautions : r.notes);
  std::vector<std::string> listed = RuleIds(list);
  bool is_listed = std::find(listed.begin(), listed.end(), c.rule) != listed.end();
  EXPECT_EQ(is_listed, c.verdict == Truth::kTrue) << "a rule is listed exactly when it is true";

  bool is_asked = false;
  for (const Asked& a : MissingOf(r)) {
    is_asked = is_asked || std::find(a.rules.begin(), a.rules.end(), c.rule) != a.rules.end();
  }
  EXPECT_EQ(is_asked, c.verdict == Truth::kUnknown)
      << "a rule needs missing answers exactly when it is unknown";
}

INSTANTIATE_TEST_SUITE_P(BuiltinPack, RuleVerdict, ::testing::ValuesIn(VerdictCases()),
                         [](const ::testing::TestParamInfo<VerdictCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(BuiltinPack, EveryConditionalRuleReachesTrueFalseAndUnknownInTheTable) {
  for (const Rule& rule : Builtin().rules) {
    bool always = std::find(kAlwaysTrue.begin(), kAlwaysTrue.end(), rule.id) != kAlwaysTrue.end();
    EXPECT_EQ(always, rule.when.empty()) << rule.id;
    if (always) continue;
    std::set<Truth> reached;
    for (const VerdictCase& c : VerdictCases()) {
      if (c.rule == rule.id) reached.insert(c.verdict);
    }
    EXPECT_EQ(reached, (std::set<Truth>{T, F, U})) << rule.id;
  }
}

TEST(BuiltinPack, AlwaysTrueRulesAreTrueOnAClearedRecord) {
  Result r = ScreenValues(Cleared());
  for (const std::string& id : kAlwaysTrue) EXPECT_EQ(VerdictOf(r, id), T) << id;
}

TEST(BuiltinPack, AlwaysTrueRulesAreTrueEvenOnAnEmptyRecord) {
  Result r = ScreenValues({});
  for (const std::string& id : kAlwaysTrue) EXPECT_EQ(VerdictOf(r, id), T) << id;
  EXPECT_EQ(RuleIds(r.cautions), std::vector<std::string>{"neurovascular-safety"});
  EXPECT_EQ(RuleIds(r.notes), kAlwaysNotes);
}

TEST(BuiltinPack, LoadsWithItsFixedRuleIdsInOrder) {
  const std::vector<std::string> want = {"no-hamstring-indication",
                                         "consent-declined",
                                         "severe-needle-phobia",
                                         "uncontrolled-bleeding-disorder",
                                         "clinician-not-credentialed",
                                         "acute-injury-window",
                                         "bleeding-not-resolved",
                                         "mild-needle-phobia",
                                         "controlled-bleeding-disorder",
                                         "proximal-site-depth",
                                         "medial-site-angle",
                                         "neurovascular-safety",
                                         "expected-after-effects",
                                         "combine-with-loading-programme",
                                         "elite-evidence-gap",
                                         "session-and-follow-up"};
  std::vector<std::string> ids;
  for (const Rule& r : Builtin().rules) ids.push_back(r.id);
  EXPECT_EQ(ids, want);
  EXPECT_EQ(Builtin().id, "hamstring-dry-needling");
  EXPECT_EQ(Builtin().digest.rfind("sha256:", 0), 0u);
  EXPECT_EQ(Builtin().digest.size(), 7u + 64u);
}

// --- What a cleared record carries ------------------------------------------

TEST(BuiltinPack, ClearedRecordProceedsWithOnlyTheStandingCautionsAndNotes) {
  Result r = ScreenValues(Cleared());
  EXPECT_EQ(r.decision, Decision::kProceed);
  EXPECT_TRUE(r.reasons.empty());
  EXPECT_TRUE(r.missing.empty());
  EXPECT_TRUE(r.alternatives.empty());
  EXPECT_FALSE(r.resume_after.has_value());
  EXPECT_TRUE(r.resume_when.empty());
  EXPECT_EQ(RuleIds(r.cautions), std::vector<std::string>{"neurovascular-safety"});
  EXPECT_EQ(RuleIds(r.notes), kAlwaysNotes);
  EXPECT_EQ(r.screened_at, kNow);
  EXPECT_EQ(r.verdicts.size(), Builtin().rules.size());
}

TEST(BuiltinPack, CautionsAndNotesFollowPackOrder) {
  Result r = ScreenValues(With(Cleared(), {{"patient.needle_phobia", "mild"},
                                           {"patient.bleeding_disorder", "controlled"},
                                           {"patient.athlete_level", "elite"},
                                           {"treatment.sites", "medial;proximal"}}));
  EXPECT_EQ(r.decision, Decision::kProceed);
  EXPECT_EQ(RuleIds(r.cautions),
            (std::vector<std::string>{"mild-needle-phobia", "controlled-bleeding-disorder",
                                      "proximal-site-depth", "medial-site-angle",
                                      "neurovascular-safety"}));
  EXPECT_EQ(RuleIds(r.notes),
            (std::vector<std::string>{"expected-after-effects", "combine-with-loading-programme",
                                      "elite-evidence-gap", "session-and-follow-up"}));
}

// --- Decision precedence (SPEC §2) ------------------------------------------

TEST(BuiltinPackDecision, SwapBeatsWait) {
  Result r = ScreenValues(With(Cleared(), {{"patient.needle_phobia", "severe"},
                                           {"injury.bruising", "yes"},
                                           {"injury.onset", kOnset36h},
                                           {"injury.bleeding_resolved", "no"}}));
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_EQ(RuleIds(r.reasons),
            (std::vector<std::string>{"severe-needle-phobia", "acute-injury-window",
                                      "bleeding-not-resolved"}));
  // Re-screening times belong to wait; a swap does not invite a re-screen.
  EXPECT_FALSE(r.resume_after.has_value());
  EXPECT_TRUE(r.resume_when.empty());
  EXPECT_EQ(r.alternatives.size(), Builtin().alternatives.size());
}

TEST(BuiltinPackDecision, SwapBeatsIncomplete) {
  Result r = ScreenValues(
      With(Cleared(), {{"patient.consent", "no"}, {"clinician.dry_needling_certified", ""}}));
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_EQ(VerdictOf(r, "clinician-not-credentialed"), U);
  // The open question is still reported, so the record can be completed, but
  // it does not block (issue 15): no answer to it can change a settled swap.
  EXPECT_EQ(MissingOf(r),
            (std::vector<Asked>{
                {"clinician.dry_needling_certified", {"clinician-not-credentialed"}, false}}));
}

TEST(BuiltinPackDecision, WaitBeatsIncomplete) {
  Result r = ScreenValues(With(Cleared(), {{"patient.consent", ""},
                                           {"injury.swelling", "yes"},
                                           {"injury.onset", kOnset36h},
                                           {"injury.bleeding_resolved", "yes"}}));
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(RuleIds(r.reasons), std::vector<std::string>{"acute-injury-window"});
  EXPECT_EQ(MissingOf(r), (std::vector<Asked>{{"patient.consent", {"consent-declined"}, true}}));
}

TEST(BuiltinPackDecision, IncompleteBeatsProceed) {
  Result r = ScreenValues(With(Cleared(), {{"patient.bleeding_disorder", ""}}));
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_TRUE(r.reasons.empty());
  EXPECT_EQ(MissingOf(r),
            (std::vector<Asked>{{"patient.bleeding_disorder",
                                 {"uncontrolled-bleeding-disorder", "controlled-bleeding-disorder"},
                                 true}}));
}

TEST(BuiltinPackDecision, UnknownCautionsAndNotesDoNotBlock) {
  Result r =
      ScreenValues(With(Cleared(), {{"treatment.sites", ""}, {"patient.athlete_level", ""}}));
  EXPECT_EQ(r.decision, Decision::kProceed);
  EXPECT_EQ(MissingOf(r),
            (std::vector<Asked>{
                {"patient.athlete_level", {"elite-evidence-gap"}, false},
                {"treatment.sites", {"proximal-site-depth", "medial-site-angle"}, false}}));
}

TEST(BuiltinPackDecision, ReasonsListEveryTrueSwapRuleInPackOrder) {
  Result r = ScreenValues(With(Cleared(), {{"complaint.hamstring_tightness", "no"},
                                           {"patient.consent", "no"},
                                           {"patient.bleeding_disorder", "uncontrolled"},
                                           {"clinician.emergency_care_current", "no"}}));
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_EQ(
      RuleIds(r.reasons),
      (std::vector<std::string>{"no-hamstring-indication", "consent-declined",
                                "uncontrolled-bleeding-disorder", "clinician-not-credentialed"}));
}

// --- The acute window: boundary, offsets, resume (SPEC §3) -------------------

Values Bruised(const std::string& onset) {
  return With(
      Cleared(),
      {{"injury.bruising", "yes"}, {"injury.onset", onset}, {"injury.bleeding_resolved", "yes"}});
}

TEST(BuiltinPackAcuteWindow, ExactlySeventyTwoHoursAfterOnsetIsNoLongerAcute) {
  Result r = ScreenValues(Bruised(FormatDatetime(kNow - hours(72))));
  EXPECT_EQ(VerdictOf(r, "acute-injury-window"), F);
  EXPECT_EQ(r.decision, Decision::kProceed);
  EXPECT_FALSE(r.resume_after.has_value());
}

TEST(BuiltinPackAcuteWindow, SeventyOneHoursFiftyNineMinutesAfterOnsetStillWaits) {
  TimePoint onset = kNow - hours(71) - minutes(59);
  Result r = ScreenValues(Bruised(FormatDatetime(onset)));
  EXPECT_EQ(VerdictOf(r, "acute-injury-window"), T);
  EXPECT_EQ(r.decision, Decision::kWait);
  ASSERT_TRUE(r.resume_after.has_value());
  EXPECT_EQ(*r.resume_after, onset + hours(72));
  EXPECT_EQ(*r.resume_after, kNow + minutes(1));
}

// At 71 h 59 min hours_since_onset is 71.983: rounding made it "72", so the
// message read "began 72 h ago, within the 72 h acute window" (fixed: truncated).
TEST(BuiltinPackAcuteWindow, MessageJustInsideTheWindowDoesNotClaim72Hours) {
  Result r = ScreenValues(Bruised(FormatDatetime(kNow - hours(71) - minutes(59))));
  EXPECT_EQ(MessageOf(r.reasons, "acute-injury-window").find("began 72 h ago"), std::string::npos)
      << MessageOf(r.reasons, "acute-injury-window");
}

TEST(BuiltinPackAcuteWindow, WaitResumesSeventyTwoHoursAfterOnset) {
  Result r = ScreenValues(Bruised(kOnset36h));
  EXPECT_EQ(r.decision, Decision::kWait);
  ASSERT_TRUE(r.resume_after.has_value());
  EXPECT_EQ(FormatDatetime(*r.resume_after), "2026-11-26T09:00:00Z");
  // Bleeding is answered as resolved: "once bleeding has resolved" is closed.
  EXPECT_TRUE(r.resume_when.empty());
  EXPECT_TRUE(r.alternatives.empty());
  EXPECT_EQ(MessageOf(r.reasons, "acute-injury-window"),
            "Acute signs (swelling: no, bruising: yes, palpable tear: no) began 36 h ago, "
            "within the 72 h acute window.");
}

// Issue 15: the resume text is shown only while its condition is open:
// bleeding not resolved or not known to be; closed once it is known resolved.
TEST(BuiltinPackAcuteWindow, ResumeTextOnlyWhileBleedingIsNotKnownResolved) {
  for (const auto& [resolved, shown] :
       std::vector<std::pair<std::string, bool>>{{"yes", false}, {"no", true}, {"", true}}) {
    Result r = ScreenValues(With(Bruised(kOnset36h), {{"injury.bleeding_resolved", resolved}}));
    EXPECT_EQ(r.decision, Decision::kWait) << resolved;
    EXPECT_EQ(r.resume_when, shown ? std::vector<std::string>{"once bleeding has resolved"}
                                   : std::vector<std::string>{})
        << "bleeding_resolved: '" << resolved << "'";
  }
}

// Issue 15: an onset after the screening time is never used. Exactly `now`
// is plausible (it began as the screen starts); one second later is not.
TEST(BuiltinPackAcuteWindow, OnsetAfterTheScreenIsImplausible) {
  Result at_now = ScreenValues(Bruised(FormatDatetime(kNow)));
  EXPECT_EQ(at_now.decision, Decision::kWait);
  EXPECT_EQ(VerdictOf(at_now, "acute-injury-window"), T);
  Result later = ScreenValues(Bruised(FormatDatetime(kNow + std::chrono::seconds(1))));
  EXPECT_EQ(later.decision, Decision::kIncomplete);
  EXPECT_EQ(VerdictOf(later, "acute-injury-window"), U);
  ASSERT_EQ(later.missing.size(), 1u);
  EXPECT_EQ(Builtin().fields[later.missing[0].field].path, "injury.onset");
  EXPECT_EQ(later.missing[0].problem, Implausible::kAboveMax);
  EXPECT_TRUE(later.missing[0].blocking);
  EXPECT_EQ(ImplausibleText(Builtin().fields[later.missing[0].field], later.missing[0].problem),
            "the answer given is after the screening time, the latest allowed");
  // Without acute signs no rule reads the onset, yet it is still not a
  // proceed: the answer on record is wrong and must be asked again.
  Result unread = ScreenValues(
      With(Cleared(), {{"injury.onset", FormatDatetime(kNow + std::chrono::hours(8760))}}));
  EXPECT_EQ(unread.decision, Decision::kIncomplete);
  // A settled swap stands; the problem is still listed.
  Result swap = ScreenValues(
      With(Bruised(FormatDatetime(kNow + std::chrono::hours(1))), {{"patient.consent", "no"}}));
  EXPECT_EQ(swap.decision, Decision::kSwap);
  ASSERT_EQ(swap.missing.size(), 1u);
  EXPECT_EQ(swap.missing[0].problem, Implausible::kAboveMax);
  EXPECT_FALSE(swap.missing[0].blocking);
}

TEST(BuiltinPackAcuteWindow, OnsetWithAnOffsetIsMeasuredInUtc) {
  // 09:00 at +01:00 is 08:00Z: 13 h before the 21:00Z screen.
  Record record = ReadYamlRecord(
      "id: P-1\n"
      "screened_at: 2026-11-24T21:00:00Z\n"
      "patient: {consent: yes, needle_phobia: none, bleeding_disorder: none}\n"
      "complaint: {overuse: true}\n"
      "injury: {swelling: true, bruising: false, palpable_tear: false,\n"
      "         onset: 2026-11-24T09:00:00+01:00, bleeding_resolved: true}\n"
      "clinician: {dry_needling_certified: true, emergency_care_current: true}\n");
  Screener screener(Builtin());
  Result r = screener.Screen(record, At("2030-01-01T00:00:00Z"));
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(FormatDatetime(r.screened_at), "2026-11-24T21:00:00Z");
  ASSERT_TRUE(r.resume_after.has_value());
  EXPECT_EQ(FormatDatetime(*r.resume_after), "2026-11-27T08:00:00Z");
  EXPECT_NE(MessageOf(r.reasons, "acute-injury-window").find("began 13 h ago"), std::string::npos)
      << MessageOf(r.reasons, "acute-injury-window");
}

TEST(BuiltinPackAcuteWindow, BothWaitRulesGiveOneResumeTimeAndOneCondition) {
  Result r = ScreenValues(With(Bruised(kOnset36h), {{"injury.bleeding_resolved", "no"}}));
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(RuleIds(r.reasons),
            (std::vector<std::string>{"acute-injury-window", "bleeding-not-resolved"}));
  ASSERT_TRUE(r.resume_after.has_value());
  EXPECT_EQ(FormatDatetime(*r.resume_after), "2026-11-26T09:00:00Z");
  EXPECT_EQ(r.resume_when, std::vector<std::string>{"once bleeding has resolved"});
}

TEST(BuiltinPackAcuteWindow, BleedingAloneWaitsWithoutAResumeTime) {
  Result r = ScreenValues(With(Bruised(kOnset100h), {{"injury.bleeding_resolved", "no"}}));
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(RuleIds(r.reasons), std::vector<std::string>{"bleeding-not-resolved"});
  EXPECT_FALSE(r.resume_after.has_value());
  EXPECT_EQ(r.resume_when, std::vector<std::string>{"once bleeding has resolved"});
}

TEST(BuiltinPackAcuteWindow, AcuteSignsWithUnknownOnsetAskWhenTheyBegan) {
  Result r = ScreenValues(
      With(Cleared(), {{"injury.swelling", "yes"}, {"injury.bleeding_resolved", "yes"}}));
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_EQ(VerdictOf(r, "acute-injury-window"), U);
  EXPECT_EQ(VerdictOf(r, "bleeding-not-resolved"), F);
  EXPECT_EQ(MissingOf(r), (std::vector<Asked>{{"injury.onset", {"acute-injury-window"}, true}}));
  Screener screener(Builtin());
  EXPECT_EQ(screener.Summary(r),
            "incomplete: 1 answer needed before screening can clear: injury.onset");
}

TEST(BuiltinPackAcuteWindow, AcuteSignsWithUnknownOnsetAndBleedingAskBoth) {
  Result r = ScreenValues(With(Cleared(), {{"injury.palpable_tear", "yes"}}));
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_EQ(MissingOf(r),
            (std::vector<Asked>{{"injury.onset", {"acute-injury-window"}, true},
                                {"injury.bleeding_resolved", {"bleeding-not-resolved"}, true}}));
}

TEST(BuiltinPack, NoComplaintFieldsAtAllIsIncompleteAskingForThem) {
  Values v = Cleared();
  v.erase("complaint.hamstring_tightness");
  v.erase("complaint.trigger_points");
  v.erase("complaint.overuse");
  Result r = ScreenValues(v);
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_EQ(MissingOf(r), (std::vector<Asked>{
                              {"complaint.hamstring_tightness", {"no-hamstring-indication"}, true},
                              {"complaint.trigger_points", {"no-hamstring-indication"}, true},
                              {"complaint.overuse", {"no-hamstring-indication"}, true}}));
}

TEST(BuiltinPack, EmptyRecordIsIncompleteAndAsksEveryBlockingQuestion) {
  Result r = ScreenValues({});
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  std::vector<std::string> blocking, other;
  for (const Asked& a : MissingOf(r)) (a.blocking ? blocking : other).push_back(a.field);
  EXPECT_EQ(blocking, (std::vector<std::string>{
                          "patient.consent", "patient.needle_phobia", "patient.bleeding_disorder",
                          "complaint.hamstring_tightness", "complaint.trigger_points",
                          "complaint.overuse", "injury.swelling", "injury.bruising",
                          "injury.palpable_tear", "injury.onset", "injury.bleeding_resolved",
                          "clinician.dry_needling_certified", "clinician.emergency_care_current"}));
  EXPECT_EQ(other, (std::vector<std::string>{"patient.athlete_level", "treatment.sites"}));
}

// --- Alternatives on swap ---------------------------------------------------

TEST(BuiltinPackAlternatives, NoIndicationSuggestsItsOwnSubset) {
  Result r = ScreenValues(With(Cleared(), {{"complaint.hamstring_tightness", "no"}}));
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_EQ(AlternativeIds(r), (std::vector<std::string>{"manual-therapy", "stretching",
                                                         "eccentric-loading", "dynamic-warm-up"}));
}

// Issue 15: ice only where there is an acute injury (its `when`).
TEST(BuiltinPackAlternatives, OtherSwapsSuggestEveryAlternativeThatApplies) {
  Result r = ScreenValues(With(Cleared(), {{"patient.needle_phobia", "severe"}}));
  EXPECT_EQ(AlternativeIds(r),
            (std::vector<std::string>{"manual-therapy", "foam-rolling", "stretching",
                                      "eccentric-loading", "dynamic-warm-up"}));
  Result acute = ScreenValues(With(Bruised(kOnset36h), {{"patient.needle_phobia", "severe"}}));
  EXPECT_EQ(AlternativeIds(acute),
            (std::vector<std::string>{"manual-therapy", "foam-rolling", "stretching",
                                      "eccentric-loading", "dynamic-warm-up", "ice"}));
  // Acute signs unknown: ice is not offered on a guess.
  Result unknown =
      ScreenValues(With(Cleared(), {{"patient.needle_phobia", "severe"}, {"injury.bruising", ""}}));
  EXPECT_EQ(AlternativeIds(unknown).back(), "dynamic-warm-up");
}

TEST(BuiltinPackAlternatives, SeveralSwapsSuggestTheUnionOnceInPackOrder) {
  Result r = ScreenValues(
      With(Cleared(), {{"complaint.hamstring_tightness", "no"}, {"patient.consent", "no"}}));
  EXPECT_EQ(AlternativeIds(r),
            (std::vector<std::string>{"manual-therapy", "foam-rolling", "stretching",
                                      "eccentric-loading", "dynamic-warm-up"}));
}

TEST(BuiltinPackAlternatives, NoneWithoutASwap) {
  EXPECT_TRUE(ScreenValues(Bruised(kOnset36h)).alternatives.empty());
  EXPECT_TRUE(ScreenValues(With(Cleared(), {{"patient.consent", ""}})).alternatives.empty());
}

// --- Messages carry the record's values (SPEC §1.3) -------------------------

TEST(BuiltinPackMessages, CredentialMessageNamesEachAnswer) {
  Result r = ScreenValues(With(Cleared(), {{"clinician.dry_needling_certified", ""},
                                           {"clinician.emergency_care_current", "no"}}));
  EXPECT_EQ(MessageOf(r.reasons, "clinician-not-credentialed"),
            "The clinician's credentials are not in order (accredited dry-needling certificate: "
            "unknown; current emergency-care credentials: no); needling needs both.");
}

TEST(BuiltinPackMessages, EveryFindingHasItsRulesMessageAndSource) {
  Result r = ScreenValues(With(Bruised(kOnset36h), {{"patient.consent", "no"}}));
  for (const auto* list : {&r.reasons, &r.cautions, &r.notes}) {
    for (const Finding& f : *list) {
      EXPECT_FALSE(f.message.empty()) << Builtin().rules[f.rule].id;
      EXPECT_EQ(f.message.find('{'), std::string::npos) << f.message;
      EXPECT_FALSE(Builtin().rules[f.rule].source.empty()) << Builtin().rules[f.rule].id;
    }
  }
}

// --- Defaults (--set) and the screening time ---------------------------------

TEST(BuiltinPackDefaults, DefaultsFillUnknownFields) {
  Values v = Cleared();
  v.erase("clinician.dry_needling_certified");
  v.erase("clinician.emergency_care_current");
  Record record = MakeRecord(v);
  Record defaults = MakeRecord(
      {{"clinician.dry_needling_certified", "yes"}, {"clinician.emergency_care_current", "yes"}});
  Screener screener(Builtin());
  EXPECT_EQ(screener.Screen(record, kNow).decision, Decision::kIncomplete);
  ApplyDefaults(defaults, record);
  EXPECT_EQ(screener.Screen(record, kNow).decision, Decision::kProceed);
}

TEST(BuiltinPackDefaults, RecordsOwnValueWinsOverADefault) {
  Record record =
      MakeRecord(With(Cleared(), {{"clinician.dry_needling_certified", "no"}, {"id", "own"}}));
  Record defaults = MakeRecord(
      {{"clinician.dry_needling_certified", "yes"}, {"id", "default"}, {"patient.consent", "no"}});
  ApplyDefaults(defaults, record);
  const Pack& pack = Builtin();
  EXPECT_EQ(record.slots[pack.FieldIndex("id")].text, "own");
  EXPECT_FALSE(record.slots[pack.FieldIndex("clinician.dry_needling_certified")].boolean);
  EXPECT_TRUE(record.slots[pack.FieldIndex("patient.consent")].boolean);
  Result r = Screener(pack).Screen(record, kNow);
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_EQ(RuleIds(r.reasons), std::vector<std::string>{"clinician-not-credentialed"});
}

TEST(BuiltinPackDefaults, UnknownDefaultsLeaveTheRecordAlone) {
  Record record = MakeRecord(With(Cleared(), {{"patient.consent", ""}}));
  Record defaults(Builtin().fields.size());
  ApplyDefaults(defaults, record);
  EXPECT_FALSE(record.slots[Builtin().FieldIndex("patient.consent")].known);
  EXPECT_TRUE(record.slots[Builtin().FieldIndex("complaint.hamstring_tightness")].known);
}

TEST(BuiltinPackTime, ScreenedAtInTheRecordOverridesTheDefaultTime) {
  // 36 h after onset by the record's own time; weeks after by the default.
  Values v = With(Bruised(kOnset36h), {{"screened_at", "2026-11-24T21:00:00Z"}});
  Result r = ScreenValues(v, At("2026-12-30T12:00:00Z"));
  EXPECT_EQ(r.screened_at, kNow);
  EXPECT_EQ(r.decision, Decision::kWait);
}

TEST(BuiltinPackTime, WithoutScreenedAtTheDefaultTimeIsUsed) {
  Result later = ScreenValues(Bruised(kOnset36h), At("2026-12-30T12:00:00Z"));
  EXPECT_EQ(FormatDatetime(later.screened_at), "2026-12-30T12:00:00Z");
  EXPECT_EQ(later.decision, Decision::kProceed);
  Result now = ScreenValues(Bruised(kOnset36h), kNow);
  EXPECT_EQ(now.decision, Decision::kWait);
}

TEST(BuiltinPackTime, ScreenedAtFromDefaultsActsLikeTheRecordsOwn) {
  Record record = MakeRecord(Bruised(kOnset36h));
  ApplyDefaults(MakeRecord({{"screened_at", "2026-11-24T21:00:00Z"}}), record);
  Result r = Screener(Builtin()).Screen(record, At("2026-12-30T12:00:00Z"));
  EXPECT_EQ(r.screened_at, kNow);
  EXPECT_EQ(r.decision, Decision::kWait);
}

// --- Reusing a Result, explaining -------------------------------------------

TEST(BuiltinPackScreener, ReusedResultCarriesNothingOverFromTheLastRecord) {
  Screener screener(Builtin());
  Result r;
  screener.Screen(
      MakeRecord(With(Bruised(kOnset36h), {{"patient.consent", "no"}, {"treatment.sites", ""}})),
      kNow, {.explain = true}, r);
  ASSERT_EQ(r.decision, Decision::kSwap);
  screener.Screen(MakeRecord(Cleared()), kNow, {}, r);
  EXPECT_EQ(r.decision, Decision::kProceed);
  EXPECT_TRUE(r.reasons.empty());
  EXPECT_TRUE(r.missing.empty());
  EXPECT_TRUE(r.alternatives.empty());
  EXPECT_TRUE(r.trace.empty());
  EXPECT_EQ(RuleIds(r.cautions), std::vector<std::string>{"neurovascular-safety"});
}

TEST(BuiltinPackScreener, ExplainTracesEveryRuleWithTheValuesItRead) {
  Screener screener(Builtin());
  Result r;
  screener.Screen(MakeRecord(Bruised(kOnset36h)), kNow, {.explain = true}, r);
  ASSERT_EQ(r.trace.size(), Builtin().rules.size());
  for (size_t i = 0; i < r.trace.size(); ++i) EXPECT_EQ(r.trace[i].verdict, r.verdicts[i]);
  const RuleTrace& acute = r.trace[RuleIndex("acute-injury-window")];
  std::map<std::string, std::string> read;
  for (const Reading& reading : acute.readings) {
    read[reading.field < 0 ? "now" : Builtin().fields[reading.field].path] = reading.value;
  }
  EXPECT_EQ(read["injury.bruising"], "yes");
  EXPECT_EQ(read["injury.onset"], "2026-11-23T09:00:00Z");
  EXPECT_EQ(read["now"], "2026-11-24T21:00:00Z");
  EXPECT_TRUE(r.trace[RuleIndex("neurovascular-safety")].readings.empty());
}

TEST(BuiltinPackScreener, ExplainMarksMissingReadingsUnknown) {
  Screener screener(Builtin());
  Result r;
  screener.Screen(MakeRecord(With(Cleared(), {{"patient.consent", ""}})), kNow, {.explain = true},
                  r);
  const RuleTrace& consent = r.trace[RuleIndex("consent-declined")];
  ASSERT_EQ(consent.readings.size(), 1u);
  EXPECT_FALSE(consent.readings[0].known);
  EXPECT_EQ(consent.readings[0].value, "");
}

// --- Summary() for each decision ---------------------------------------------

TEST(BuiltinPackSummary, Proceed) {
  Screener screener(Builtin());
  EXPECT_EQ(screener.Summary(screener.Screen(MakeRecord(Cleared()), kNow)),
            "proceed: no reason to wait or swap; 1 caution to apply");
  Result several =
      screener.Screen(MakeRecord(With(Cleared(), {{"treatment.sites", "proximal;medial"}})), kNow);
  EXPECT_EQ(screener.Summary(several), "proceed: no reason to wait or swap; 3 cautions to apply");
}

TEST(BuiltinPackSummary, SwapGivesTheFirstReasonAndCountsTheRest) {
  Screener screener(Builtin());
  EXPECT_EQ(screener.Summary(screener.Screen(
                MakeRecord(With(Cleared(), {{"patient.needle_phobia", "severe"}})), kNow)),
            "swap: Severe needle phobia; the article advises a gentler technique");
  Result two = screener.Screen(
      MakeRecord(With(Cleared(), {{"patient.needle_phobia", "severe"}, {"patient.consent", "no"}})),
      kNow);
  EXPECT_EQ(screener.Summary(two),
            "swap: The patient has not consented to dry needling; offer a technique without "
            "needles (and 1 more)");
}

TEST(BuiltinPackSummary, WaitGivesTheResumeTimeAndCondition) {
  Screener screener(Builtin());
  EXPECT_EQ(screener.Summary(screener.Screen(
                MakeRecord(With(Bruised(kOnset36h), {{"injury.bleeding_resolved", ""}})), kNow)),
            "wait: Acute signs (swelling: no, bruising: yes, palpable tear: no) began 36 h ago, "
            "within the 72 h acute window; resume after 2026-11-26T09:00:00Z; once bleeding has "
            "resolved");
  Result bleeding = screener.Screen(
      MakeRecord(With(Bruised(kOnset100h), {{"injury.bleeding_resolved", "no"}})), kNow);
  EXPECT_EQ(screener.Summary(bleeding),
            "wait: Bleeding from the acute injury has not yet resolved; needling waits until it "
            "has; once bleeding has resolved");
}

TEST(BuiltinPackSummary, IncompleteCountsOnlyBlockingAnswers) {
  Screener screener(Builtin());
  Result r = screener.Screen(MakeRecord(With(Cleared(), {{"clinician.dry_needling_certified", ""},
                                                         {"clinician.emergency_care_current", ""},
                                                         {"treatment.sites", ""}})),
                             kNow);
  EXPECT_EQ(screener.Summary(r),
            "incomplete: 2 answers needed before screening can clear: "
            "clinician.dry_needling_certified, clinician.emergency_care_current");
}

// --- Several resume times, and reason order, with a pack made for it --------

constexpr char kResumePack[] = R"(pack: resume-demo
version: 0.0.1
title: Two waits and a swap
source: unit test
disclaimer: test only
fields:
  - path: a.onset
    type: datetime
    question: When did A begin?
  - path: b.onset
    type: datetime
    question: When did B begin?
  - path: c.flag
    type: bool
    question: Is C the case?
rules:
  - id: wait-a
    outcome: wait
    when: known(a.onset)
    message: A began at {a.onset}.
    source: unit test
    resume: a.onset + 72h
    resume_when: once A has settled
  - id: wait-b
    outcome: wait
    when: known(b.onset)
    message: B began at {b.onset}.
    source: unit test
    resume: b.onset + 14d
    resume_when: once B has settled
  - id: swap-c
    outcome: swap
    when: c.flag
    message: C.
    source: unit test
)";

class ResumePack : public ::testing::Test {
 protected:
  void SetUp() override {
    PackLoad load = LoadPack({{"resume.yaml", kResumePack}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    ASSERT_TRUE(load.pack.has_value());
    pack_ = std::move(load.pack);
  }

  Result Screen(const Values& values) {
    Record record(pack_->fields.size());
    for (const auto& [path, text] : values) {
      int f = pack_->FieldIndex(path);
      EXPECT_EQ(DecodeText(pack_->fields[f], text, record.slots[f]), "") << path;
    }
    return Screener(*pack_).Screen(record, kNow);
  }

  std::optional<Pack> pack_;
};

TEST_F(ResumePack, ResumeAfterIsTheLatestOfTheTrueWaitRules) {
  // A resumes 2026-11-27T09:00Z; B (14 days) resumes 2026-12-04T09:00Z.
  Result r = Screen({{"a.onset", "2026-11-24T09:00:00Z"}, {"b.onset", "2026-11-20T09:00:00Z"}});
  EXPECT_EQ(r.decision, Decision::kWait);
  ASSERT_TRUE(r.resume_after.has_value());
  EXPECT_EQ(FormatDatetime(*r.resume_after), "2026-12-04T09:00:00Z");
  EXPECT_EQ(r.resume_when, (std::vector<std::string>{"once A has settled", "once B has settled"}));

  Result a_later =
      Screen({{"a.onset", "2026-12-24T09:00:00Z"}, {"b.onset", "2026-11-20T09:00:00Z"}});
  ASSERT_TRUE(a_later.resume_after.has_value());
  EXPECT_EQ(FormatDatetime(*a_later.resume_after), "2026-12-27T09:00:00Z");
}

TEST_F(ResumePack, SwapReasonsComeBeforeWaitReasonsWhateverThePackOrder) {
  Result r = Screen({{"a.onset", "2026-11-24T09:00:00Z"}, {"c.flag", "yes"}});
  EXPECT_EQ(r.decision, Decision::kSwap);
  ASSERT_EQ(r.reasons.size(), 2u);
  EXPECT_EQ(pack_->rules[r.reasons[0].rule].id, "swap-c");
  EXPECT_EQ(pack_->rules[r.reasons[1].rule].id, "wait-a");
}

TEST_F(ResumePack, KnownIsNeverUnknownSoAnEmptyRecordCanProceed) {
  // wait-a and wait-b are false on an empty record; only swap-c is open.
  Result r = Screen({{"c.flag", "no"}});
  EXPECT_EQ(r.decision, Decision::kProceed);
  EXPECT_EQ(r.verdicts, (std::vector<Truth>{F, F, F}));
  EXPECT_EQ(Screen({}).decision, Decision::kIncomplete);
}

}  // namespace
}  // namespace needlescreen
