// Loading rule packs: every load-time mistake is a diagnostic at the right
// file:line:column (SPEC §2, §6), all of them at once, and nothing loads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/diagnostic.h"
#include "needlescreen/pack.h"

namespace needlescreen {
namespace {

PackLoad Load(std::string_view text) { return LoadPack({{"test.yaml", std::string(text)}}); }

std::string Describe(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += FormatDiagnostic(d);
  return out;
}

// The diagnostics whose message contains `needle`.
std::vector<Diagnostic> Matching(const Diagnostics& diagnostics, std::string_view needle) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diagnostics) {
    if (d.message.find(needle) != std::string::npos) out.push_back(d);
  }
  return out;
}

// Asserts that `text` does not load and that exactly one diagnostic contains
// `needle`, at `line`:`column` of test.yaml.
void ExpectError(std::string_view text, int line, int column, std::string_view needle) {
  PackLoad load = Load(text);
  EXPECT_FALSE(load.pack.has_value());
  EXPECT_TRUE(HasErrors(load.diagnostics));
  std::vector<Diagnostic> found = Matching(load.diagnostics, needle);
  ASSERT_EQ(found.size(), 1u) << "looking for: " << needle << "\n" << Describe(load.diagnostics);
  const Diagnostic& d = found.front();
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.file, "test.yaml");
  EXPECT_EQ(d.line, line) << FormatDiagnostic(d);
  EXPECT_EQ(d.column, column) << FormatDiagnostic(d);
}

// --- a pack that loads --------------------------------------------------------

constexpr std::string_view kValidPack = R"(pack: test
version: 1.0.0
title: A test pack
fields:
  - path: patient.age
    type: number
    unit: years
    question: How old is the patient?
  - path: patient.needle_phobia
    type: enum
    values: [none, mild, severe]
  - path: injury.onset
    type: datetime
let:
  older: patient.age > 40
alternatives:
  - {id: foam-rolling, name: Foam rolling}
rules:
  - id: too-afraid
    outcome: swap
    when: patient.needle_phobia == "severe"
    message: Needle phobia is {patient.needle_phobia}.
    alternatives: [foam-rolling]
  - id: recent
    outcome: wait
    when: hours_between(injury.onset, now) < 72
    message: "Wait {{72 h}}."
    resume: injury.onset + 72h
    resume_when: once settled
  - id: older-patient
    outcome: caution
    when: older
    message: Patient is {patient.age}; older = {older}.
  - id: always
    outcome: info
    message: Always shown.
)";

TEST(PackLoader, ValidPackLoadsWithEverythingInOrder) {
  PackLoad load = Load(kValidPack);
  ASSERT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
  EXPECT_TRUE(load.diagnostics.empty()) << Describe(load.diagnostics);
  const Pack& p = *load.pack;
  EXPECT_EQ(p.id, "test");
  EXPECT_EQ(p.version, "1.0.0");
  EXPECT_EQ(p.title, "A test pack");
  ASSERT_EQ(p.fields.size(), 5u);  // id and screened_at, the engine's, come first
  EXPECT_EQ(p.fields[2].path, "patient.age");
  EXPECT_EQ(p.fields[2].type, FieldType::kNumber);
  EXPECT_EQ(p.fields[2].unit, "years");
  EXPECT_EQ(p.fields[2].question, "How old is the patient?");
  EXPECT_EQ(p.fields[2].pos.file, "test.yaml");
  EXPECT_EQ(p.fields[2].pos.line, 5);
  EXPECT_EQ(p.fields[3].values, (std::vector<std::string>{"none", "mild", "severe"}));
  EXPECT_EQ(p.FieldIndex("injury.onset"), 4);
  EXPECT_EQ(p.FieldIndex("injury.nope"), -1);
  ASSERT_EQ(p.lets.size(), 1u);
  EXPECT_EQ(p.lets[0].name, "older");
  EXPECT_EQ(p.lets[0].expr, "patient.age > 40");
  ASSERT_EQ(p.alternatives.size(), 1u);
  EXPECT_EQ(p.alternatives[0].name, "Foam rolling");
  ASSERT_EQ(p.rules.size(), 4u);
  EXPECT_EQ(p.rules[0].outcome, Outcome::kSwap);
  EXPECT_EQ(p.rules[0].alternatives, (std::vector<std::string>{"foam-rolling"}));
  EXPECT_EQ(p.rules[1].outcome, Outcome::kWait);
  EXPECT_EQ(p.rules[1].resume, "injury.onset + 72h");
  EXPECT_EQ(p.rules[1].resume_when, "once settled");
  EXPECT_EQ(p.rules[2].outcome, Outcome::kCaution);
  EXPECT_EQ(p.rules[3].outcome, Outcome::kInfo);
  EXPECT_EQ(p.rules[3].when, "");
  EXPECT_EQ(p.rules[2].pos.line, 30);
  EXPECT_EQ(p.rules[2].pos.column, 5);
  EXPECT_EQ(p.files, (std::vector<std::string>{"test.yaml"}));
  EXPECT_NE(p.compiled, nullptr);
}

// `printf 'pack: p\nversion: "1"\n' | sha256sum`: for one file the digest is
// what sha256sum prints (README "Rule files").
TEST(PackLoader, DigestIsTheSha256OfTheFileBytes) {
  PackLoad load = Load("pack: p\nversion: \"1\"\n");
  ASSERT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
  EXPECT_EQ(load.pack->digest,
            "sha256:52ecfea2129e62d151743a327c61946a037f4d69dd8c6b9a2e4259a01b1b5863");
}

TEST(PackLoader, DigestChangesWithAnyByte) {
  PackLoad a = Load("pack: p\nversion: \"1\"\n");
  PackLoad b = Load("pack: p\nversion: \"1\" \n");
  ASSERT_TRUE(a.pack && b.pack);
  EXPECT_NE(a.pack->digest, b.pack->digest);
}

// --- YAML and structure -------------------------------------------------------

TEST(PackLoader, YamlSyntaxErrorIsLocated) {
  ExpectError("pack: test\nversion: 1.0.0\nrules:\n  - id: a\n   outcome: swap\n", 5, 4,
              "YAML syntax: did not find expected '-' indicator at line 5, column 4");
}

// Issue 12: yaml-cpp read the rest of the file into an unclosed string, the
// rules after it vanished and the pack loaded. libyaml rejects it, pointing
// at the opening quote.
TEST(PackLoader, UnclosedQuoteIsAnErrorAtTheQuote) {
  ExpectError(
      "pack: test\nversion: 1.0.0\nfields:\n  - {path: a, type: bool}\nrules:\n"
      "  - id: r1\n    outcome: info\n    message: \"never closed\n"
      "  - id: r2\n    outcome: swap\n    when: not a\n    message: declined\n",
      8, 14, "YAML syntax: found unexpected end of stream");
}

// Invalid YAML that yaml-cpp 0.7 accepts (a tab as indentation, a key after a
// list at the same level, an alias to an undefined anchor): libyaml rejects.
TEST(PackLoader, YamlThatLibyamlRejectsIsAnError) {
  for (const char* text : {
           "pack: test\nversion: 1.0.0\nrules:\n  - id: a\n  outcome: swap\n",
           "pack: test\nversion: 1.0.0\n\tfields: []\n",
           "pack: test\nversion: *v\n",
           "pack: \"a\" b\nversion: 1.0.0\n",
       }) {
    PackLoad load = Load(text);
    EXPECT_FALSE(load.pack.has_value()) << text;
    ASSERT_EQ(load.diagnostics.size(), 1u) << text << Describe(load.diagnostics);
    EXPECT_NE(load.diagnostics[0].message.find("YAML syntax"), std::string::npos) << text;
  }
}

// --- Engine fields (issue 12) -------------------------------------------------

TEST(PackLoader, EngineFieldsAreAddedFirstWhenThePackLeavesThemOut) {
  PackLoad load = Load("pack: p\nversion: 1.0.0\nfields:\n  - {path: a, type: bool}\n");
  ASSERT_TRUE(load.pack) << Describe(load.diagnostics);
  ASSERT_EQ(load.pack->fields.size(), 3u);
  EXPECT_EQ(load.pack->fields[0].path, "id");
  EXPECT_EQ(load.pack->fields[0].type, FieldType::kString);
  EXPECT_TRUE(load.pack->fields[0].implicit);
  EXPECT_EQ(load.pack->fields[1].path, "screened_at");
  EXPECT_EQ(load.pack->fields[1].type, FieldType::kDatetime);
  EXPECT_EQ(load.pack->fields[2].path, "a");
  EXPECT_FALSE(load.pack->fields[2].implicit);
}

TEST(PackLoader, EngineFieldDeclaredByThePackKeepsItsQuestion) {
  PackLoad load = Load(
      "pack: p\nversion: 1.0.0\nfields:\n  - {path: a, type: bool}\n"
      "  - {path: id, type: string, question: \"Chart number?\"}\n");
  ASSERT_TRUE(load.pack) << Describe(load.diagnostics);
  int id = load.pack->FieldIndex("id");
  ASSERT_GE(id, 0);
  EXPECT_EQ(load.pack->fields[id].question, "Chart number?");
  EXPECT_FALSE(load.pack->fields[id].implicit);
  ASSERT_EQ(load.pack->fields.size(), 3u);  // only the missing one is added, after id
  EXPECT_EQ(load.pack->fields[2].path, "screened_at");
}

TEST(PackLoader, EngineFieldWithAnotherTypeIsAnError) {
  ExpectError("pack: p\nversion: 1.0.0\nfields:\n  - {path: screened_at, type: string}\n", 4, 12,
              "'screened_at' is the engine's own record field: declare it as type datetime");
  ExpectError("pack: p\nversion: 1.0.0\nfields:\n  - {path: id, type: number}\n", 4, 12,
              "'id' is the engine's own record field: declare it as type string");
  ExpectError("pack: p\nversion: 1.0.0\nfields:\n  - {path: id.chart, type: string}\n", 4, 12,
              "'id' is the engine's own record field and cannot hold fields");
}

// Regression: a file that does not parse also reported "the pack has no
// 'pack'" and "no 'version'", which the file did declare.
TEST(PackLoader, YamlSyntaxErrorIsTheOnlyDiagnostic) {
  PackLoad load = Load("pack: test\nversion: 1.0.0\nfields: [a, b\nrules: []\n");
  ASSERT_EQ(load.diagnostics.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(load.diagnostics[0].line, 4);
  EXPECT_EQ(load.diagnostics[0].column, 6);
  EXPECT_NE(load.diagnostics[0].message.find("YAML syntax"), std::string::npos);
}

TEST(PackLoader, EmptyFileIsAnError) { ExpectError("", 1, 1, "empty rule file"); }

TEST(PackLoader, TopLevelMustBeAMapping) {
  ExpectError("- pack\n- rules\n", 1, 1, "a rule file is a mapping");
}

TEST(PackLoader, UnknownTopLevelKeySuggestsTheNearestOne) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rulez: []
)";
  ExpectError(text, 3, 1, "unknown key 'rulez' in rule file; did you mean 'rules'?");
  ExpectError(text, 3, 1,
              "expected one of pack, version, title, source, disclaimer, approval_date, "
              "last_review_date, effective_period, fields");
}

TEST(PackLoader, UnknownKeyFarFromAnyHasNoHint) {
  PackLoad load = Load("pack: test\nversion: 1.0.0\nzebra: 1\n");
  ASSERT_EQ(Matching(load.diagnostics, "unknown key 'zebra'").size(), 1u);
  EXPECT_TRUE(Matching(load.diagnostics, "did you mean").empty());
}

TEST(PackLoader, UnknownRuleKeySuggestsTheNearestOne) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - id: r1
    outcome: info
    mesage: Hello.
)";
  ExpectError(text, 6, 5, "unknown key 'mesage' in rule; did you mean 'message'?");
  ExpectError(text, 4, 5, "rule 'r1' has no message");
}

TEST(PackLoader, UnknownFieldKeyIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: a.b
    type: bool
    questoin: Is it?
)";
  ExpectError(text, 6, 5, "unknown key 'questoin' in field; did you mean 'question'?");
}

TEST(PackLoader, DuplicateKeyIsAnError) {
  ExpectError("pack: test\nversion: 1.0.0\npack: test\n", 3, 1, "duplicate key 'pack'");
}

TEST(PackLoader, MissingPackIsAnError) { ExpectError("version: 1.0.0\n", 1, 1, "no 'pack'"); }

TEST(PackLoader, MissingVersionIsAnError) { ExpectError("pack: test\n", 1, 1, "no 'version'"); }

TEST(PackLoader, NoSourcesIsAnError) {
  PackLoad load = LoadPack({});
  EXPECT_FALSE(load.pack.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].message, "no rule files given");
  EXPECT_EQ(load.diagnostics[0].line, 0);
}

TEST(PackLoader, MetadataMustBeASingleValue) {
  ExpectError("pack: [a, b]\nversion: 1.0.0\n", 1, 7, "pack must be a single value");
}

TEST(PackLoader, RulesMustBeAList) {
  ExpectError("pack: test\nversion: 1.0.0\nrules: {id: r1}\n", 3, 8, "'rules' must be a list");
}

// --- fields -------------------------------------------------------------------

TEST(PackLoader, FieldWithoutTypeIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: patient.age
    question: How old?
)";
  ExpectError(text, 4, 11, "field 'patient.age' has no type");
}

TEST(PackLoader, FieldWithUnknownTypeIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: patient.age
    type: integer
)";
  ExpectError(text, 5, 11, "unknown field type; expected bool, number, string, enum, datetime");
}

TEST(PackLoader, EnumWithoutValuesIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: patient.needle_phobia
    type: enum
)";
  ExpectError(text, 4, 5, "enum field 'patient.needle_phobia' needs a list of 'values'");
}

TEST(PackLoader, ListWithEmptyValuesIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: treatment.sites
    type: list
    values: []
)";
  ExpectError(text, 6, 13, "list field 'treatment.sites' needs a list of 'values'");
}

TEST(PackLoader, RepeatedEnumValueIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: patient.needle_phobia
    type: enum
    values: [none, mild, none]
)";
  ExpectError(text, 6, 26, "value 'none' is listed twice");
}

TEST(PackLoader, ValuesOnANumberFieldAreAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: patient.age
    type: number
    values: [1, 2]
)";
  ExpectError(text, 6, 13, "only enum and list fields take 'values'");
}

TEST(PackLoader, DuplicateFieldPathIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: patient.age
    type: number
  - path: patient.age
    type: bool
)";
  ExpectError(text, 6, 11, "field 'patient.age' is declared twice");
}

TEST(PackLoader, BadFieldPathIsAnError) {
  const char* paths[] = {"Patient Age", "patient..age", ".age", "age.", "2nd.field", "now"};
  for (const char* path : paths) {
    std::string text = "pack: test\nversion: 1.0.0\nfields:\n  - path: \"" + std::string(path) +
                       "\"\n    type: number\n";
    SCOPED_TRACE(path);
    ExpectError(text, 4, 11, "a field needs a path of dotted lower-case names");
  }
}

// --- rules --------------------------------------------------------------------

TEST(PackLoader, DuplicateRuleIdPointsAtTheSecondAndNamesTheFirst) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - id: r1
    outcome: info
    message: One.
  - id: r1
    outcome: info
    message: Two.
)";
  ExpectError(text, 7, 9, "duplicate rule id 'r1' (first declared at test.yaml:4)");
}

TEST(PackLoader, RuleWithoutIdIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - outcome: info
    message: One.
)";
  ExpectError(text, 4, 5, "a rule needs an 'id'");
}

TEST(PackLoader, BadOutcomeIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - id: r1
    outcome: block
    message: No.
)";
  ExpectError(text, 5, 14, "rule 'r1' needs an outcome: refer, swap, wait, caution or info");
}

TEST(PackLoader, MissingOutcomeIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - id: r1
    message: No.
)";
  ExpectError(text, 4, 5, "rule 'r1' needs an outcome");
}

TEST(PackLoader, CautionRuleWithResumeIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
fields:
  - path: injury.onset
    type: datetime
rules:
  - id: careful
    outcome: caution
    message: Careful.
    resume: injury.onset + 72h
)";
  ExpectError(text, 10, 13, "only wait rules take 'resume'; 'careful' is a caution rule");
}

TEST(PackLoader, InfoRuleWithResumeWhenIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - id: note
    outcome: info
    message: Note.
    resume_when: once healed
)";
  ExpectError(text, 7, 18, "only wait rules take 'resume_when'; 'note' is a");
}

TEST(PackLoader, AlternativesOnAWaitRuleAreAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
alternatives:
  - {id: ice, name: Ice}
rules:
  - id: r1
    outcome: wait
    message: Wait.
    alternatives: [ice]
)";
  ExpectError(text, 9, 19, "only swap rules take 'alternatives'");
}

TEST(PackLoader, UndeclaredAlternativeIsAnError) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
alternatives:
  - {id: ice, name: Ice}
rules:
  - id: r1
    outcome: swap
    message: Swap.
    alternatives: [ice, heat]
)";
  ExpectError(text, 9, 19, "rule 'r1' names alternative 'heat', which the pack does not declare");
}

TEST(PackLoader, AlternativeWithoutNameIsAnError) {
  ExpectError("pack: test\nversion: 1.0.0\nalternatives:\n  - {id: ice}\n", 4, 5,
              "an alternative needs an id and a name");
}

// --- expressions --------------------------------------------------------------

constexpr std::string_view kFieldsHeader = R"(pack: test
version: 1.0.0
fields:
  - path: patient.age
    type: number
  - path: patient.consent
    type: bool
  - path: patient.needle_phobia
    type: enum
    values: [none, mild, severe]
  - path: injury.onset
    type: datetime
)";  // 12 lines

std::string WithFields(std::string_view rest) {
  return std::string(kFieldsHeader) + std::string(rest);
}

TEST(PackLoader, UnknownFieldInWhenSuggestsTheNearest) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.consent == false or patient.consnet == true
    message: m
)"),
              16, 39, "unknown name 'patient.consnet'; did you mean 'patient.consent'?");
}

TEST(PackLoader, ParseErrorInWhenIsLocated) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.consent = false
    message: m
)"),
              16, 27, "use '==' to compare");
}

TEST(PackLoader, TypeMismatchInWhenPointsAtTheOperator) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.age == "x"
    message: m
)"),
              16, 23, "cannot compare a number with a string");
}

TEST(PackLoader, EnumLiteralNotInValuesListsThem) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.needle_phobia == "sever"
    message: m
)"),
              16, 36,
              "'sever' is not a value of patient.needle_phobia; expected one of none, mild, "
              "severe");
}

TEST(PackLoader, WhenThatIsNotTrueFalseIsAnError) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.age + 1
    message: m
)"),
              16, 11, "'when' must be true/false, found a number");
}

TEST(PackLoader, ResumeThatIsNotADatetimeIsAnError) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: wait
    when: patient.consent
    message: m
    resume: 72h
)"),
              18, 13, "'resume' must be a datetime (e.g. injury.onset + 72h), found a duration");
}

TEST(PackLoader, ResumeMayBeALetHoldingADatetime) {
  PackLoad load = Load(WithFields(R"(let:
  back: injury.onset + 3d
rules:
  - id: r1
    outcome: wait
    when: patient.consent
    message: m
    resume: back
)"));
  EXPECT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
}

TEST(PackLoader, UnknownNameInMessagePlaceholderSuggestsTheNearest) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: info
    message: "The patient is {patient.ag} years old."
)"),
              16, 31, "placeholder: unknown name 'patient.ag'; did you mean 'patient.age'?");
}

TEST(PackLoader, MessagePlaceholderThatIsNotANameIsAnError) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: info
    message: "Odd {1 + 1} placeholder."
)"),
              16, 20, "unknown placeholder '{1 + 1}'; expected a field or let name");
}

TEST(PackLoader, UnmatchedBracesInMessagesAreErrors) {
  constexpr std::string_view text = R"(pack: test
version: 1.0.0
rules:
  - id: r1
    outcome: info
    message: "a } b"
  - id: r2
    outcome: info
    message: "a { b"
)";
  ExpectError(text, 6, 17, "unmatched '}' (write '}}')");
  ExpectError(text, 9, 17, "unclosed '{' (write '{{')");
}

TEST(PackLoader, UnknownLetNameSuggestsTheNearest) {
  ExpectError(WithFields(R"(let:
  acute_signs: patient.consent
rules:
  - id: r1
    outcome: swap
    when: acute_sign
    message: m
)"),
              18, 11, "unknown name 'acute_sign'; did you mean 'acute_signs'?");
}

TEST(PackLoader, LetMayOnlyUseEarlierLets) {
  ExpectError(WithFields(R"(let:
  first: second
  second: patient.consent
)"),
              14, 10, "unknown name 'second'");
}

TEST(PackLoader, ErrorInsideALetIsReportedOnceNotAtEachUse) {
  PackLoad load = Load(WithFields(R"(let:
  late: hours_between(patient.age, now)
rules:
  - id: r1
    outcome: wait
    when: late > 72
    message: "{late}"
  - id: r2
    outcome: wait
    when: late > 24
    message: m
)"));
  EXPECT_FALSE(load.pack.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(load.diagnostics[0].line, 14);
  EXPECT_EQ(load.diagnostics[0].column, 23);
  EXPECT_EQ(load.diagnostics[0].message, "hours_between() takes datetimes, found a number");
}

// Regression: a rule using an invalid let (directly, through another let, or
// in `resume`) read let_roots[-1] while collecting its fields and crashed.
TEST(PackLoader, RulesBuiltOnAnInvalidLetLoadWithoutCrashing) {
  PackLoad load = Load(WithFields(R"(let:
  late: hours_between(patient.age, now)
  very_late: late > 100
  back: late + 1
rules:
  - id: r1
    outcome: wait
    when: very_late or late > 72
    message: m
    resume: back
)"));
  EXPECT_FALSE(load.pack.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(load.diagnostics[0].line, 14);
}

TEST(PackLoader, ListLiteralThroughALetIsAnError) {
  ExpectError(WithFields(R"(let:
  risky: '["mild", "severe"]'
rules:
  - id: r1
    outcome: swap
    when: patient.needle_phobia in risky
    message: m
)"),
              18, 36, "write the list literal after 'in' itself, not through a let");
}

TEST(PackLoader, LetNameThatClashesWithAFieldIsAnError) {
  ExpectError(WithFields("let:\n  patient_age: patient.age\n  patient.age: 1\n"), 15, 3,
              "a let name is one lower-case word");
}

TEST(PackLoader, ErrorInAFoldedWhenPointsAtItsLineAndColumn) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: >-
      patient.consent == false
      or patient.needle_phobia == "sever"
    message: m
)"),
              18, 35, "'sever' is not a value of patient.needle_phobia");
}

TEST(PackLoader, ErrorOnTheFirstLineOfAFoldedWhen) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: >-
      patient.consnet == false
      or patient.needle_phobia == "severe"
    message: m
)"),
              17, 7, "unknown name 'patient.consnet'");
}

TEST(PackLoader, ErrorInALiteralBlockWhenPointsAtItsLineAndColumn) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: |
      patient.consent == false and
        patient.age > "forty"
    message: m
)"),
              18, 21, "cannot order a number against a string");
}

TEST(PackLoader, ErrorInAPlainMultiLineWhenPointsAtItsLineAndColumn) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.consent == false
      and known(injury.onsett)
    message: m
)"),
              17, 17, "unknown name 'injury.onsett'");
}

TEST(PackLoader, ErrorInASingleQuotedWhenSkipsTheQuote) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: '"knee" == patient.needle_phobia'
    message: m
)"),
              16, 12, "'knee' is not a value of patient.needle_phobia");
}

TEST(PackLoader, ErrorInAMultiLineMessagePointsAtItsLineAndColumn) {
  ExpectError(WithFields(R"(rules:
  - id: r1
    outcome: info
    message: >-
      The patient is {patient.age} years old
      and {patient.consnt} consented.
)"),
              18, 12, "placeholder: unknown name 'patient.consnt'");
}

TEST(PackLoader, ReportsEveryErrorInOneFile) {
  PackLoad load = Load(WithFields(R"(colour: blue
rules:
  - id: r1
    outcome: swap
    when: patient.agee > 3
    message: m
  - id: r2
    outcome: wait
    when: patient.age == "x"
    message: "{nothing}"
  - id: r1
    outcome: info
    message: m
  - id: r3
    outcome: caution
    message: m
    resume: now
)"));
  EXPECT_FALSE(load.pack.has_value());
  struct Expected {
    int line;
    int column;
    const char* needle;
  };
  const Expected expected[] = {
      {13, 1, "unknown key 'colour'"},
      {23, 9, "duplicate rule id 'r1'"},
      {29, 13, "only wait rules take 'resume'"},
      {17, 11, "unknown name 'patient.agee'"},
      {21, 23, "cannot compare a number with a string"},
      {22, 16, "unknown name 'nothing'"},
  };
  ASSERT_EQ(load.diagnostics.size(), std::size(expected)) << Describe(load.diagnostics);
  for (size_t i = 0; i < std::size(expected); ++i) {
    const Diagnostic& d = load.diagnostics[i];
    EXPECT_EQ(d.line, expected[i].line) << FormatDiagnostic(d);
    EXPECT_EQ(d.column, expected[i].column) << FormatDiagnostic(d);
    EXPECT_NE(d.message.find(expected[i].needle), std::string::npos) << FormatDiagnostic(d);
  }
}

TEST(PackLoader, DiagnosticsCarryTheSourceLine) {
  PackLoad load =
      Load(WithFields("rules:\n  - id: r1\n    outcome: swap\n    when: x\n"
                      "    message: m\n"));
  std::vector<Diagnostic> found = Matching(load.diagnostics, "unknown name 'x'");
  ASSERT_EQ(found.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(found[0].source_line, "    when: x");
}

TEST(PackLoader, WindowsLineEndingsAreNotPartOfTheSourceLine) {
  PackLoad load = Load("pack: test\r\nversion: 1.0.0\r\nrulez: []\r\n");
  std::vector<Diagnostic> found = Matching(load.diagnostics, "unknown key 'rulez'");
  ASSERT_EQ(found.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(found[0].line, 3);
  EXPECT_EQ(found[0].source_line, "rulez: []");
}

// --- several files --------------------------------------------------------------

TEST(PackLoader, LaterFilesAddFieldsAndRules) {
  PackLoad load = LoadPack({
      {"a.yaml", "pack: test\nversion: 1.0.0\nfields:\n  - {path: a.x, type: bool}\n"},
      {"b.yaml", "rules:\n  - {id: r1, outcome: swap, when: a.x, message: m}\n"},
  });
  ASSERT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
  EXPECT_EQ(load.pack->files, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(load.pack->rules[0].pos.file, "b.yaml");
}

TEST(PackLoader, ErrorsNameTheFileTheyAreIn) {
  PackLoad load = LoadPack({
      {"a.yaml", "pack: test\nversion: 1.0.0\n"},
      {"b.yaml", "pack: other\n"},
  });
  EXPECT_FALSE(load.pack.has_value());
  std::vector<Diagnostic> found = Matching(load.diagnostics, "'pack' is already set");
  ASSERT_EQ(found.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(found[0].file, "b.yaml");
  EXPECT_EQ(found[0].line, 1);
  EXPECT_EQ(found[0].column, 7);
}

// Regression: a let in one file and a field of the same name in a later file
// both loaded; conditions then read the let and messages the field.
TEST(PackLoader, FieldNamedLikeAnEarlierFilesLetIsAnError) {
  PackLoad load = LoadPack({
      {"a.yaml",
       "pack: test\nversion: 1.0.0\nfields:\n  - {path: seen, type: bool}\nlet:\n  consent: "
       "seen\n"},
      {"b.yaml", "fields:\n  - path: consent\n    type: bool\n"},
  });
  EXPECT_FALSE(load.pack.has_value());
  std::vector<Diagnostic> found =
      Matching(load.diagnostics, "'consent' is already defined as a let");
  ASSERT_EQ(found.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(found[0].file, "b.yaml");
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[0].column, 11);
}

// A scratch directory under the system temp dir, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("needlescreen-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string Write(const std::string& name, std::string_view text) const {
    std::filesystem::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(PackLoader, DirectoryLoadsItsYamlFilesInNameOrder) {
  TempDir dir;
  // Written in reverse order, so directory order cannot pass for name order.
  const std::string b = dir.Write(
      "b.yml",
      "fields:\n  - {path: b.y, type: bool}\nrules:\n  - {id: rb, outcome: info, message: m}\n");
  const std::string a = dir.Write("a.yaml",
                                  "pack: test\nversion: 1.0.0\nfields:\n  - {path: a.x, type: "
                                  "bool}\nrules:\n  - {id: ra, outcome: info, message: m}\n");
  dir.Write("notes.txt", "not a rule file");

  PackLoad load = LoadPackFiles({dir.path()});
  ASSERT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
  const Pack& p = *load.pack;
  EXPECT_EQ(p.files, (std::vector<std::string>{a, b}));
  ASSERT_EQ(p.fields.size(), 4u);  // after the engine's id and screened_at
  EXPECT_EQ(p.fields[2].path, "a.x");
  EXPECT_EQ(p.fields[3].path, "b.y");
  ASSERT_EQ(p.rules.size(), 2u);
  EXPECT_EQ(p.rules[0].id, "ra");
  EXPECT_EQ(p.rules[1].id, "rb");

  // The digest covers both files' bytes in that order.
  PackLoad same =
      LoadPack({{"x", std::string("pack: test\nversion: 1.0.0\nfields:\n  - {path: a.x, "
                                  "type: bool}\nrules:\n  - {id: ra, outcome: info, "
                                  "message: m}\n")},
                {"y", std::string("fields:\n  - {path: b.y, type: bool}\nrules:\n  - "
                                  "{id: rb, outcome: info, message: m}\n")}});
  ASSERT_TRUE(same.pack.has_value()) << Describe(same.diagnostics);
  EXPECT_EQ(p.digest, same.pack->digest);
}

TEST(PackLoader, ErrorsInADirectoryNameTheFile) {
  TempDir dir;
  dir.Write("a.yaml", "pack: test\nversion: 1.0.0\n");
  const std::string b = dir.Write("b.yaml", "rules:\n  - {id: r1, outcome: swop, message: m}\n");
  PackLoad load = LoadPackFiles({dir.path()});
  EXPECT_FALSE(load.pack.has_value());
  std::vector<Diagnostic> found = Matching(load.diagnostics, "needs an outcome");
  ASSERT_EQ(found.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(found[0].file, b);
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[0].column, 23);
}

TEST(PackLoader, DirectoryWithoutYamlFilesIsAnError) {
  TempDir dir;
  dir.Write("readme.txt", "nothing here");
  PackLoad load = LoadPackFiles({dir.path()});
  EXPECT_FALSE(load.pack.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].file, dir.path());
  EXPECT_EQ(load.diagnostics[0].message, "no .yaml rule files in this directory");
}

TEST(PackLoader, UnreadableFileIsAnError) {
  TempDir dir;
  const std::string missing = dir.path() + "/missing.yaml";
  PackLoad load = LoadPackFiles({missing});
  EXPECT_FALSE(load.pack.has_value());
  ASSERT_EQ(load.diagnostics.size(), 1u);
  EXPECT_EQ(load.diagnostics[0].file, missing);
  EXPECT_EQ(load.diagnostics[0].line, 0);
  EXPECT_EQ(load.diagnostics[0].message, "cannot read the rule file");
}

TEST(PackLoader, SingleFilePathLoads) {
  TempDir dir;
  const std::string file = dir.Write("pack.yaml", kValidPack);
  PackLoad load = LoadPackFiles({file});
  ASSERT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
  EXPECT_EQ(load.pack->files, (std::vector<std::string>{file}));
  EXPECT_EQ(load.pack->digest, Load(kValidPack).pack->digest);
}

// --- the built-in pack (SPEC §3) -----------------------------------------------

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

TEST(LoadBuiltinPack, LoadsWithoutDiagnostics) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack.has_value()) << Describe(load.diagnostics);
  EXPECT_TRUE(load.diagnostics.empty()) << Describe(load.diagnostics);
  EXPECT_EQ(load.pack->id, "hamstring-dry-needling");
  EXPECT_FALSE(load.pack->version.empty());
  EXPECT_EQ(load.pack->files, (std::vector<std::string>{"rules/hamstring-dry-needling.yaml"}));
}

TEST(LoadBuiltinPack, HasTheSpecFieldsInOrder) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack.has_value());
  const std::vector<std::string> expected = {
      "id",
      "screened_at",
      "patient.consent",
      "patient.needle_phobia",
      "patient.bleeding_disorder",
      "patient.athlete_level",
      "complaint.hamstring_tightness",
      "complaint.trigger_points",
      "complaint.overuse",
      "injury.swelling",
      "injury.bruising",
      "injury.palpable_tear",
      "injury.onset",
      "injury.bleeding_resolved",
      "treatment.sites",
      "clinician.dry_needling_certified",
      "clinician.emergency_care_current",
  };
  std::vector<std::string> paths;
  for (const Field& f : load.pack->fields) paths.push_back(f.path);
  EXPECT_EQ(paths, expected);
}

TEST(LoadBuiltinPack, FieldTypesAndValuesMatchTheSpec) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack.has_value());
  const Pack& p = *load.pack;
  auto field = [&](std::string_view path) -> const Field& {
    return p.fields[static_cast<size_t>(p.FieldIndex(path))];
  };
  EXPECT_EQ(field("id").type, FieldType::kString);
  EXPECT_EQ(field("screened_at").type, FieldType::kDatetime);
  EXPECT_EQ(field("patient.consent").type, FieldType::kBool);
  EXPECT_EQ(field("injury.onset").type, FieldType::kDatetime);
  EXPECT_EQ(field("patient.needle_phobia").values,
            (std::vector<std::string>{"none", "mild", "severe"}));
  EXPECT_EQ(field("patient.bleeding_disorder").values,
            (std::vector<std::string>{"none", "controlled", "uncontrolled"}));
  EXPECT_EQ(field("patient.athlete_level").values,
            (std::vector<std::string>{"none", "recreational", "competitive", "elite"}));
  EXPECT_EQ(field("treatment.sites").type, FieldType::kList);
  EXPECT_EQ(field("treatment.sites").values,
            (std::vector<std::string>{"proximal", "mid", "medial", "lateral", "distal"}));
  for (const Field& f : p.fields) EXPECT_FALSE(f.question.empty()) << f.path;
}

TEST(LoadBuiltinPack, HasTheSpecRulesInOrderWithTheirOutcomes) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack.has_value());
  struct Expected {
    const char* id;
    Outcome outcome;
  };
  const Expected expected[] = {
      {"no-hamstring-indication", Outcome::kSwap},
      {"consent-declined", Outcome::kSwap},
      {"severe-needle-phobia", Outcome::kSwap},
      {"uncontrolled-bleeding-disorder", Outcome::kSwap},
      {"clinician-not-credentialed", Outcome::kSwap},
      {"acute-injury-window", Outcome::kWait},
      {"bleeding-not-resolved", Outcome::kWait},
      {"mild-needle-phobia", Outcome::kCaution},
      {"controlled-bleeding-disorder", Outcome::kCaution},
      {"proximal-site-depth", Outcome::kCaution},
      {"medial-site-angle", Outcome::kCaution},
      {"neurovascular-safety", Outcome::kCaution},
      {"expected-after-effects", Outcome::kInfo},
      {"combine-with-loading-programme", Outcome::kInfo},
      {"elite-evidence-gap", Outcome::kInfo},
      {"session-and-follow-up", Outcome::kInfo},
  };
  const std::vector<Rule>& rules = load.pack->rules;
  ASSERT_EQ(rules.size(), std::size(expected));
  for (size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i].id, expected[i].id) << i;
    EXPECT_EQ(rules[i].outcome, expected[i].outcome) << rules[i].id;
    EXPECT_FALSE(rules[i].message.empty()) << rules[i].id;
    EXPECT_FALSE(rules[i].source.empty()) << rules[i].id;
  }
}

TEST(LoadBuiltinPack, OnlyTheAcuteWindowHasAResumeTime) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack.has_value());
  for (const Rule& r : load.pack->rules) {
    EXPECT_EQ(!r.resume.empty(), r.id == "acute-injury-window") << r.id;
  }
}

TEST(LoadBuiltinPack, DigestIsSha256Hex) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack.has_value());
  const std::string& digest = load.pack->digest;
  ASSERT_EQ(digest.size(), 7u + 64u) << digest;
  EXPECT_EQ(digest.substr(0, 7), "sha256:");
  EXPECT_TRUE(IsLowerHex(std::string_view(digest).substr(7))) << digest;
  EXPECT_EQ(digest, LoadPack({BuiltinPackSource()}).pack->digest);
}

// --- FormatDiagnostic ------------------------------------------------------------

TEST(FormatDiagnostic, PrintsLocationSourceLineAndCaret) {
  Diagnostic d;
  d.file = "rules/broken.yaml";
  d.line = 12;
  d.column = 36;
  d.message = "'sever' is not a value of patient.needle_phobia";
  d.source_line = "    when: patient.needle_phobia == \"sever\"";
  EXPECT_EQ(FormatDiagnostic(d),
            "rules/broken.yaml:12:36: error: 'sever' is not a value of patient.needle_phobia\n"
            "      when: patient.needle_phobia == \"sever\"\n"
            "                                     ^\n");
}

TEST(FormatDiagnostic, CaretUnderColumnOne) {
  Diagnostic d;
  d.file = "f.yaml";
  d.line = 1;
  d.column = 1;
  d.message = "m";
  d.source_line = "rulez: []";
  EXPECT_EQ(FormatDiagnostic(d), "f.yaml:1:1: error: m\n  rulez: []\n  ^\n");
}

TEST(FormatDiagnostic, KeepsTabsSoTheCaretLinesUp) {
  Diagnostic d;
  d.file = "f.yaml";
  d.line = 2;
  d.column = 4;
  d.message = "m";
  d.source_line = "\t\tx y";
  EXPECT_EQ(FormatDiagnostic(d), "f.yaml:2:4: error: m\n  \t\tx y\n  \t\t ^\n");
}

TEST(FormatDiagnostic, WarningsSayWarning) {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.file = "f.yaml";
  d.line = 3;
  d.column = 2;
  d.message = "careful";
  EXPECT_EQ(FormatDiagnostic(d), "f.yaml:3:2: warning: careful\n");
}

TEST(FormatDiagnostic, WithoutALineThereIsNoPositionOrCaret) {
  Diagnostic d;
  d.file = "rules/missing.yaml";
  d.message = "cannot read the rule file";
  d.source_line = "ignored";
  EXPECT_EQ(FormatDiagnostic(d), "rules/missing.yaml: error: cannot read the rule file\n");
}

TEST(FormatDiagnostic, FormatsALoadErrorEndToEnd) {
  PackLoad load = Load(WithFields(R"(rules:
  - id: r1
    outcome: swap
    when: patient.needle_phobia == "sever"
    message: m
)"));
  ASSERT_EQ(load.diagnostics.size(), 1u) << Describe(load.diagnostics);
  EXPECT_EQ(FormatDiagnostic(load.diagnostics[0]),
            "test.yaml:16:36: error: 'sever' is not a value of patient.needle_phobia; expected "
            "one of none, mild, severe\n"
            "      when: patient.needle_phobia == \"sever\"\n"
            "                                     ^\n");
}

TEST(FormatDiagnostic, HasErrorsIgnoresWarnings) {
  Diagnostic warning;
  warning.severity = Severity::kWarning;
  Diagnostic error;
  EXPECT_FALSE(HasErrors({}));
  EXPECT_FALSE(HasErrors({warning}));
  EXPECT_TRUE(HasErrors({warning, error}));
}

}  // namespace
}  // namespace needlescreen
