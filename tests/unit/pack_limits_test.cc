// Hostile rule packs are refused in linear time with a located error, and the
// limits are far beyond any real pack (issue 13).
#include <gtest/gtest.h>

#include <string>

#include "needlescreen/diagnostic.h"
#include "needlescreen/pack.h"

namespace needlescreen {
namespace {

constexpr const char* kHead = "pack: p\nversion: '1'\n";

PackLoad Load(const std::string& text) { return LoadPack({{"test.yaml", text}}); }

// The only diagnostic of a pack that must not load.
Diagnostic OnlyError(const std::string& text) {
  PackLoad load = Load(text);
  EXPECT_FALSE(load.pack);
  EXPECT_EQ(load.diagnostics.size(), 1u) << FormatDiagnostics(load.diagnostics);
  return load.diagnostics.empty() ? Diagnostic{} : load.diagnostics.front();
}

std::string Rules(int n) {
  std::string text = std::string(kHead) + "rules:\n";
  for (int i = 0; i < n; ++i)
    text += "- {id: r" + std::to_string(i) + ", outcome: info, message: m}\n";
  return text;
}

TEST(PackLimits, FourThousandNinetySixRulesLoad) { EXPECT_TRUE(Load(Rules(4096)).pack); }

TEST(PackLimits, OneRuleTooManyIsRefusedAtThatRule) {
  Diagnostic d = OnlyError(Rules(4097));
  EXPECT_EQ(d.message, "a pack holds at most 4096 rules; the rest are not read");
  EXPECT_EQ(d.line, 4100);
  EXPECT_EQ(d.column, 3);
}

// Refused at the count, with one error (the time it takes, 47 s before issue
// 13, is held by fault.pack_limits under `timeout`, not by a timed unit test).
TEST(PackLimits, AHundredThousandRulesAreRefusedAtTheLimit) {
  std::string text = Rules(100000);
  Diagnostic d = OnlyError(text);
  EXPECT_NE(d.message.find("at most 4096 rules"), std::string::npos);
}

TEST(PackLimits, LetsAreCounted) {
  std::string text = std::string(kHead) + "let:\n";
  for (int i = 0; i < 4097; ++i) text += "  l" + std::to_string(i) + ": 1\n";
  Diagnostic d = OnlyError(text);
  EXPECT_EQ(d.message, "a pack holds at most 4096 lets; the rest are not read");
  EXPECT_EQ(d.line, 4100);
}

TEST(PackLimits, FieldsAndAlternativesAreCounted) {
  std::string fields = std::string(kHead) + "fields:\n";
  for (int i = 0; i < 513; ++i) fields += "- {path: f" + std::to_string(i) + ", type: bool}\n";
  EXPECT_EQ(OnlyError(fields).message, "a pack holds at most 512 fields; the rest are not read");
  std::string alternatives = std::string(kHead) + "alternatives:\n";
  for (int i = 0; i < 65; ++i) alternatives += "- {id: a" + std::to_string(i) + ", name: n}\n";
  EXPECT_EQ(OnlyError(alternatives).message,
            "a pack holds at most 64 alternatives; the rest are not read");
}

TEST(PackLimits, NamesLongerThan128BytesAreRefused) {
  std::string name(129, 'a');
  EXPECT_EQ(OnlyError(std::string(kHead) + "fields:\n- {path: " + name + ", type: bool}\n").message,
            "a field path longer than 128 bytes");
  EXPECT_EQ(OnlyError(std::string(kHead) + "let:\n  " + name + ": 1\n").message,
            "a let name longer than 128 bytes");
  EXPECT_EQ(
      OnlyError(std::string(kHead) + "rules:\n- {id: " + name + ", outcome: info, message: m}\n")
          .message,
      "a rule id longer than 128 bytes");
  EXPECT_TRUE(Load(std::string(kHead) + "let:\n  " + std::string(128, 'a') + ": 1\n").pack);
}

TEST(PackLimits, YamlNodesAreCountedBeforeTheTreeIsBuilt) {
  std::string text = std::string(kHead) + "x: [";
  for (int i = 0; i < 300000; ++i) text += "1,";
  text += "1]\n";
  Diagnostic d = OnlyError(text);
  EXPECT_NE(d.message.find("at most 250000 YAML values"), std::string::npos) << d.message;
  EXPECT_EQ(d.line, 3);
}

TEST(PackLimits, AliasesAreCountedAtEachUse) {
  // Each level doubles: 2^30 values if expanded.
  std::string text = std::string(kHead) + "x0: &a0 [1, 1]\n";
  for (int i = 1; i <= 30; ++i) {
    text += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
            ", *a" + std::to_string(i - 1) + "]\n";
  }
  EXPECT_NE(OnlyError(text).message.find("aliases counted at each use"), std::string::npos);
  std::string big(1 << 20, 'x');
  std::string bytes = std::string(kHead) + "m: &m " + big + "\nn: [";
  for (int i = 0; i < 10; ++i) bytes += "*m, ";
  bytes += "*m]\n";
  EXPECT_NE(OnlyError(bytes).message.find("bytes of values with its aliases expanded"),
            std::string::npos);
}

std::string MessagePack(const std::string& message) {
  return std::string(kHead) +
         "fields:\n- {path: level, type: enum, values: [low, high]}\n- {path: note, type: string}\n"
         "rules:\n- id: r\n  outcome: info\n  message: \"" +
         message + "\"\n";
}

TEST(PackLimits, AMessageHasAtMost32Placeholders) {
  std::string ok, over;
  for (int i = 0; i < 32; ++i) ok += "{level}";
  EXPECT_TRUE(Load(MessagePack(ok)).pack);
  Diagnostic d = OnlyError(MessagePack(ok + "{level}"));
  EXPECT_EQ(d.message, "a message has at most 32 placeholders");
  EXPECT_EQ(d.column, 13 + 32 * 7);  // at the 33rd
}

TEST(PackLimits, AMessageIsAtMost64KiBOnceFilledIn) {
  // A string field can hold 4096 bytes: 16 of them are 65536 bytes.
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "{note}";
  EXPECT_TRUE(Load(MessagePack(sixteen)).pack);
  Diagnostic d = OnlyError(MessagePack(sixteen + "!"));
  EXPECT_EQ(d.message,
            "message too long once its placeholders are filled in (up to 65537 bytes; the limit "
            "is 65536)");
}

TEST(PackLimits, AMessageCostsWhatAnExpressionDoesOnceItsLetsAreExpanded) {
  // `big` is about 8000 nodes once expanded: one placeholder of it fits in
  // 10000, two do not.
  std::string let = "let:\n  l0: note == \"a\"";
  for (int i = 0; i < 250; ++i) let += " or note == \"a\"";
  let += "\n  l1: l0 or l0 or l0 or l0\n  big: l1 or l1\n";
  std::string one = MessagePack("{big}");
  one.insert(one.find("rules:"), let);
  EXPECT_TRUE(Load(one).pack) << FormatDiagnostics(Load(one).diagnostics);
  std::string two = MessagePack("{big}{big}");
  two.insert(two.find("rules:"), let);
  Diagnostic d = OnlyError(two);
  EXPECT_NE(d.message.find("message too large once its lets are expanded ("), std::string::npos)
      << d.message;
}

}  // namespace
}  // namespace needlescreen
