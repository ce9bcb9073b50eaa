// `rules doc` (authoring/doc_*.cc): the Markdown and the Graphviz diagram of
// the built-in pack hold what an educator needs, in a stable form.
#include "authoring/doc.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "needlescreen/pack.h"
#include "test_support.h"

namespace needlescreen::authoring {
namespace {

bool Contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

TEST(RulesMarkdown, HasEverySectionAndEveryRule) {
  std::string md = RulesMarkdown(Builtin());
  for (std::string_view heading :
       {"## How a decision is reached", "### swap:", "### wait:", "### caution:", "### info:",
        "## Fields", "## Derived values (`let`)", "## Alternatives"}) {
    EXPECT_TRUE(Contains(md, heading)) << heading;
  }
  for (const Rule& r : Builtin().rules) EXPECT_TRUE(Contains(md, "| `" + r.id + "` |")) << r.id;
  for (const Field& f : Builtin().fields) EXPECT_TRUE(Contains(md, "| `" + f.path + "` |"));
  EXPECT_TRUE(Contains(md, Builtin().disclaimer.substr(0, 20)));
}

TEST(RulesMarkdown, ConditionsInPlainWordsAndResumeSpelledOut) {
  std::string md = RulesMarkdown(Builtin());
  EXPECT_TRUE(Contains(md, "| none of: hamstring tightness, trigger points, overuse<br>"));
  EXPECT_TRUE(Contains(md, "| needle phobia is severe<br>"));
  EXPECT_TRUE(Contains(md, "not before 72 hours after onset; once bleeding has resolved"));
}

TEST(RulesMarkdown, IsDeterministic) {
  EXPECT_EQ(RulesMarkdown(Builtin()), RulesMarkdown(Builtin()));
}

TEST(DecisionDot, OneClusterPerOutcomeAndTheFourDecisions) {
  std::string dot = DecisionDot(Builtin());
  for (std::string_view s : {"subgraph cluster_swap", "subgraph cluster_wait",
                             "subgraph cluster_caution", "subgraph cluster_info", "SWAP [",
                             "WAIT [", "INCOMPLETE [", "PROCEED [", "q_open -> INCOMPLETE"}) {
    EXPECT_TRUE(Contains(dot, s)) << s;
  }
  EXPECT_TRUE(Contains(dot, R"(label="severe-needle-phobia\nneedle phobia is severe")"));
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '{'), std::count(dot.begin(), dot.end(), '}'));
}

TEST(DecisionDot, LabelsAreEscapedAndLongConditionsCut) {
  PackLoad load = LoadPack({{"p.yaml", R"(pack: q
version: 1
title: 'A "quoted" title'
fields:
  - {path: a_very_long_field_name_number_one, type: bool}
  - {path: a_very_long_field_name_number_two, type: bool}
  - {path: a_very_long_field_name_number_three, type: bool}
rules:
  - id: r
    outcome: swap
    message: m
    when: >-
      a_very_long_field_name_number_one and a_very_long_field_name_number_two
      and a_very_long_field_name_number_three and a_very_long_field_name_number_one
)"}});
  ASSERT_TRUE(load.pack);
  std::string dot = DecisionDot(*load.pack);
  EXPECT_TRUE(Contains(dot, R"(A \"quoted\" title)"));
  EXPECT_TRUE(Contains(dot, " …\"];"));
}

}  // namespace
}  // namespace needlescreen::authoring
