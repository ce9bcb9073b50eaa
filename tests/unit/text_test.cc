#include "common/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace needlescreen {
namespace {

struct Case {
  std::string text;
  std::string shown;
};

void ExpectShown(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(Printable(c.text), c.shown) << c.shown;
}

TEST(Printable, EscapesC0ControlsAndDel) {
  ExpectShown({{"P-\x1b[31m0042", "P-\\x1b[31m0042"},
               {std::string("a\0b", 3), "a\\x00b"},
               {"bell\a", "bell\\x07"},
               {"line\nbreak", "line\\nbreak"},
               {"over\rwrite", "over\\rwrite"},
               {"del\x7f", "del\\x7f"},
               {"\x1f", "\\x1f"}});
}

TEST(Printable, KeepsTabs) { ExpectShown({{"a\tb", "a\tb"}}); }

TEST(Printable, KeepsLineFeedsOnlyWhenAsked) {
  EXPECT_EQ(Printable("one\ntwo\r\n", LineBreaks::kKeep), "one\ntwo\\r\n");
  EXPECT_EQ(Printable("one\x1b\ntwo", LineBreaks::kKeep), "one\\x1b\ntwo");
}

TEST(Printable, EscapesC1Controls) {
  ExpectShown({{"\xc2\x80", "\\u0080"},
               {"P-\xc2\x9b"
                "31m0042",
                "P-\\u009b31m0042"},
               {"\xc2\x9f", "\\u009f"},
               {"\xc2\x85", "\\u0085"}});  // NEL: a line break to YAML 1.1
}

TEST(Printable, EscapesBidirectionalControls) {
  ExpectShown({{"P-\xe2\x80\xae"
                "2400",
                "P-\\u202e2400"},  // RIGHT-TO-LEFT OVERRIDE
               {"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "\\u202a\\u202b\\u202c\\u202d"},
               {"\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "\\u2066\\u2067\\u2068\\u2069"},
               {"\xe2\x80\x8e\xe2\x80\x8f", "\\u200e\\u200f"},
               {"\xd8\x9c", "\\u061c"},
               {"\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029"}});
}

TEST(Printable, EscapesEveryByteThatIsNotUtf8) {
  ExpectShown({{"\xff", "\\xff"},
               {"a\x80z", "a\\x80z"},                         // stray continuation byte
               {"\xc3", "\\xc3"},                             // truncated at the end
               {"\xc3(", "\\xc3("},                           // truncated mid-text
               {"\xc0\xaf", "\\xc0\\xaf"},                    // overlong '/'
               {"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},           // overlong, 3 bytes
               {"\xed\xa0\x80", "\\xed\\xa0\\x80"},           // a surrogate
               {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},  // above U+10FFFF
               {"\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80"}});
}

TEST(Printable, LeavesTextUnchanged) {
  ExpectShown(
      {{"", ""},
       {"P-0042 (record 1)", "P-0042 (record 1)"},
       {"Zoë Ångström-Núñez", "Zoë Ångström-Núñez"},
       {"Łódź, Ελληνικά, 日本語, עברית", "Łódź, Ελληνικά, 日本語, עברית"},
       {"needle \xf0\x9f\x92\x89 \xf0\x9f\x98\x80", "needle \xf0\x9f\x92\x89 \xf0\x9f\x98\x80"},
       {"Inside a Typical Session\xe2\x80\x94Step-by-Step",
        "Inside a Typical Session\xe2\x80\x94Step-by-Step"},
       {"\xef\xbf\xbd \xf4\x8f\xbf\xbf \xc2\xa0", "\xef\xbf\xbd \xf4\x8f\xbf\xbf \xc2\xa0"},
       {"C:\\records\\x1b.yaml", "C:\\records\\x1b.yaml"}});
}

TEST(Printable, IsIdempotent) {
  for (std::string s : {"P-\x1b[2J", "\xc2\x9b\xe2\x80\xae\xff", "a\\b"}) {
    EXPECT_EQ(Printable(Printable(s)), Printable(s));
  }
}

TEST(Printable, NeverPassesAControlByte) {
  // Every two-byte string: no C0 but TAB, no DEL, no C1 and nothing invalid survives.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      std::string s{static_cast<char>(a), static_cast<char>(b)};
      for (unsigned char c : Printable(s)) {
        ASSERT_TRUE(c == '\t' || (c >= 0x20 && c != 0x7f)) << a << " " << b;
      }
      std::string shown = Printable(s);
      ASSERT_EQ(shown.find("\xc2\x9b"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace needlescreen
