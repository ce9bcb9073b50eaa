// The parts of --explain that go beyond the values a rule read: which part of
// a compound condition decided the verdict, and the `let` values it used
// (issue 4: "change one answer and the decision flips" must be visible).
#ifndef NEEDLESCREEN_SCREEN_EXPLAIN_H_
#define NEEDLESCREEN_SCREEN_EXPLAIN_H_

#include <string>
#include <string_view>

#include "expr/expr.h"
#include "needlescreen/pack.h"
#include "needlescreen/result.h"

namespace needlescreen::screen {

// Fills `out.decided_by` and `out.lets` for rule `rule` (whose verdict is
// `out.verdict`) on the record and time of `plain` (a context without a let
// memo: this adds its own); datetime lets in local time when `local_times`
// (ScreenOptions::local_times). Allocates: only for --explain.
void ExplainCondition(const Pack& pack, int rule, const expr::Context& plain, bool local_times,
                      RuleTrace& out);

// `text` with runs of blanks and line breaks folded to one space and none at
// either end: a `when` written over several YAML lines reads as one.
std::string FoldBlanks(std::string_view text);

// The source text of `node` (a node of a `when` or `let` written as `text`),
// blanks folded.
std::string NodeText(std::string_view text, const expr::Node& node);

}  // namespace needlescreen::screen

#endif  // NEEDLESCREEN_SCREEN_EXPLAIN_H_
