// Diagnostics stay bounded however long the rule file's line or the list of
// problems (issue 13: one error per field of a 151 KB one-line pack wrote
// 929 MB), and the caret still points at the column.
#include "needlescreen/diagnostic.h"

#include <gtest/gtest.h>

#include <string>

namespace needlescreen {
namespace {

Diagnostic At(int column, std::string_view line) {
  Diagnostic d;
  d.file = "f.yaml";
  d.line = 1;
  d.column = column;
  d.message = "m";
  SetSourceLine(d, line);
  return d;
}

// The column the caret of a formatted diagnostic points at, and the text there.
char UnderCaret(const std::string& formatted) {
  size_t first = formatted.find('\n') + 1;
  size_t second = formatted.find('\n', first) + 1;
  std::string line = formatted.substr(first, second - first - 1);
  std::string caret = formatted.substr(second);
  return line.at(caret.find('^'));
}

TEST(SetSourceLine, KeepsAShortLineWhole) {
  Diagnostic d = At(3, "abc def");
  EXPECT_EQ(d.source_line, "abc def");
  EXPECT_EQ(FormatDiagnostic(d), "f.yaml:1:3: error: m\n  abc def\n    ^\n");
}

TEST(SetSourceLine, WindowsALongLineAroundTheColumnWithMarks) {
  std::string line(100000, 'x');
  line[60000] = 'Y';
  Diagnostic d = At(60001, line);
  EXPECT_EQ(d.column, 60001);
  EXPECT_LE(d.source_line.size(), kMaxQuotedLineBytes + 6);
  EXPECT_EQ(d.source_line.substr(0, 3), "...");
  EXPECT_EQ(d.source_line.substr(d.source_line.size() - 3), "...");
  std::string out = FormatDiagnostic(d);
  EXPECT_LT(out.size(), 400u);
  EXPECT_EQ(UnderCaret(out), 'Y');
}

TEST(SetSourceLine, ColumnsNearEitherEndKeepThatEnd) {
  std::string line = "A" + std::string(1000, 'x') + "Z";
  Diagnostic start = At(1, line);
  EXPECT_EQ(start.source_line.substr(0, 1), "A");
  EXPECT_EQ(UnderCaret(FormatDiagnostic(start)), 'A');
  Diagnostic end = At(static_cast<int>(line.size()), line);
  EXPECT_EQ(end.source_line.substr(end.source_line.size() - 1), "Z");
  EXPECT_EQ(UnderCaret(FormatDiagnostic(end)), 'Z');
}

TEST(SetSourceLine, CutsAtCharacterBoundaries) {
  std::string line;
  for (int i = 0; i < 500; ++i) line += "\xC3\xA9";  // é, two bytes
  Diagnostic d = At(501, line);
  std::string body = d.source_line.substr(3, d.source_line.size() - 6);
  ASSERT_EQ(body.size() % 2, 0u);
  for (size_t i = 0; i < body.size(); i += 2) EXPECT_EQ(body.substr(i, 2), "\xC3\xA9");
}

TEST(FormatDiagnostic, WindowsALineSetWithoutSetSourceLine) {
  Diagnostic d;
  d.file = "f.yaml";
  d.line = 1;
  d.column = 5000;
  d.source_line = std::string(4999, 'x') + "Y" + std::string(5000, 'x');
  std::string out = FormatDiagnostic(d);
  EXPECT_LT(out.size(), 400u);
  EXPECT_EQ(UnderCaret(out), 'Y');
}

TEST(FormatDiagnostic, ClipsALongMessage) {
  Diagnostic d;
  d.file = "f.yaml";
  d.message = "unknown key '" + std::string(100000, 'k') + "'";
  std::string out = FormatDiagnostic(d);
  EXPECT_LE(out.size(), kMaxMessageBytes + 40);
  EXPECT_NE(out.find("...\n"), std::string::npos);
}

TEST(FormatDiagnostics, PrintsTheFirstFiftyThenCountsTheRest) {
  Diagnostics list(60);
  for (Diagnostic& d : list) d.file = "f.yaml", d.message = "m";
  for (size_t i = 55; i < 60; ++i) list[i].severity = Severity::kWarning;
  std::string out = FormatDiagnostics(list);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 51);
  EXPECT_NE(out.find("\n... and 5 more errors and 5 more warnings (not shown)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(FormatDiagnostics(Diagnostics(51)).find("... and 1 more error (not shown)\n"),
            std::string::npos);
  EXPECT_EQ(FormatDiagnostics(Diagnostics(50)).find("more"), std::string::npos);
}

}  // namespace
}  // namespace needlescreen
