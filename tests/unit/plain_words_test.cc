// Conditions in plain English for rule docs (authoring/plain_words.cc): one
// table row per form of the expression language.
#include "authoring/plain_words.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "needlescreen/pack.h"

namespace needlescreen::authoring {
namespace {

constexpr std::string_view kFields = R"(pack: words
version: 1.0.0
fields:
  - {path: p.weight, type: number, unit: kg}
  - {path: p.age, type: number}
  - {path: p.phobia, type: enum, values: [none, mild, severe]}
  - {path: p.consent, type: bool}
  - {path: c.consent, type: bool}
  - {path: injury.onset, type: datetime}
  - {path: injury.swelling, type: bool}
  - {path: injury.bruising, type: bool}
  - {path: treatment.sites, type: list, values: [proximal, medial]}
  - {path: note, type: string}
let:
  acute_signs: injury.swelling or injury.bruising
  resume_at: injury.onset + 72h
rules:
)";

struct Case {
  std::string_view when;
  std::string_view words;
};

constexpr Case kCases[] = {
    {R"x(p.phobia == "severe")x", "phobia is severe"},
    {R"x(p.phobia != "severe")x", "phobia is not severe"},
    {R"x(not (p.phobia == "severe"))x", "phobia is not severe"},
    {"p.consent == false", "p consent is no"},  // `consent` alone is ambiguous
    {"p.consent", "p consent"},
    {"not p.consent", "p consent is no"},
    {"not (injury.swelling or injury.bruising)", "neither swelling nor bruising"},
    {"not (injury.swelling or injury.bruising or p.consent)",
     "none of: swelling, bruising, p consent"},
    {"injury.swelling or injury.bruising or p.consent", "any of: swelling, bruising, p consent"},
    {"injury.swelling and injury.bruising and p.consent", "all of: swelling, bruising, p consent"},
    {"not (injury.swelling and injury.bruising)", "not both swelling and bruising"},
    {"(injury.swelling or injury.bruising) and p.age < 3",
     "(swelling or bruising) and age is under 3"},
    {"p.weight < 72", "weight is under 72 kg"},
    {"p.weight <= 72.5", "weight is at most 72.5 kg"},
    {"p.age > 80", "age is over 80"},
    {"not (p.age >= 18)", "age is under 18"},
    {"known(injury.onset)", "onset is known"},
    {"not known(injury.onset)", "onset is not known"},
    {"hours_between(injury.onset, now) < 72", "hours since onset is under 72"},
    {"days_between(now, injury.onset) > 1", "days until onset is over 1"},
    {"now - injury.onset < 72h", "the time since onset is under 72 hours"},
    {"injury.onset < now - 1d", "onset is before 1 day before now"},
    {"injury.onset >= now - 2w", "onset is at or after 2 weeks before now"},
    {R"x("medial" in treatment.sites)x", "sites include medial"},
    {R"x("medial" not in treatment.sites)x", "sites do not include medial"},
    {R"x(p.phobia in ["mild", "severe"])x", "phobia is mild or severe"},
    {R"x(p.phobia not in ["none", "mild"])x", "phobia is neither none nor mild"},
    {R"x(p.phobia not in ["none"])x", "phobia is not none"},
    {R"x(note == "x")x", R"x(note is "x")x"},
    {"acute_signs and p.consent", "acute signs and p consent"},
    {"true", "always"},
    {"not true", "never"},
};

const Pack& WordsPack() {
  static const Pack pack = [] {
    std::string text(kFields);
    for (size_t i = 0; i < std::size(kCases); ++i) {
      text += "  - {id: r" + std::to_string(i) + ", outcome: info, message: m, when: '" +
              std::string(kCases[i].when) + "'}\n";
    }
    PackLoad load = LoadPack({{"words.yaml", text}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    return std::move(*load.pack);
  }();
  return pack;
}

TEST(PlainWords, EveryFormReadsAsEnglish) {
  PlainWords words(WordsPack());
  for (size_t i = 0; i < std::size(kCases); ++i) {
    EXPECT_EQ(words.When(static_cast<int>(i)), kCases[i].words) << kCases[i].when;
  }
}

TEST(PlainWords, LetsAndResumeAreSpelledOut) {
  PlainWords words(WordsPack());
  EXPECT_EQ(words.Let(0), "swelling or bruising");
  EXPECT_EQ(words.Let(1), "72 hours after onset");
  EXPECT_EQ(words.LetName(0), "acute signs");
}

TEST(PlainWords, RuleWithoutWhenIsAlways) {
  PackLoad load =
      LoadPack({{"p.yaml", std::string(kFields) + "  - {id: r, outcome: info, message: m}\n"}});
  ASSERT_TRUE(load.pack);
  EXPECT_EQ(PlainWords(*load.pack).When(0), "always");
  EXPECT_EQ(PlainWords(*load.pack).Resume(0), "");
}

TEST(PlainWords, FieldTypeWordsSayWhatToWrite) {
  const Pack& pack = WordsPack();
  auto words = [&](std::string_view path) {
    return FieldTypeWords(pack.fields[pack.FieldIndex(path)]);
  };
  EXPECT_EQ(words("id"), "text");
  EXPECT_EQ(words("p.weight"), "a number, in kg");
  EXPECT_EQ(words("p.phobia"), "one of: none, mild, severe");
  EXPECT_EQ(words("p.consent"), "true or false (yes/no)");
  EXPECT_EQ(words("treatment.sites"), "a list of any of: proximal, medial; e.g. [proximal]");
}

}  // namespace
}  // namespace needlescreen::authoring
