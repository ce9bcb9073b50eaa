// `needlescreen rules doc` (SPEC §4): a loaded pack as documentation an
// educator can read and as a Graphviz diagram of how decisions are reached.
// Both are generated from the compiled pack, so they cannot drift from what
// the engine does; `docs/rules.md` in the repository is this output.
#ifndef NEEDLESCREEN_AUTHORING_DOC_H_
#define NEEDLESCREEN_AUTHORING_DOC_H_

#include <string>
#include <string_view>

#include "needlescreen/pack.h"

namespace needlescreen::authoring {

// Markdown (GitHub flavour): pack metadata and disclaimer, the decision
// procedure, the rules grouped by outcome (condition in plain words and as
// written, message, source, resume, alternatives), the fields, the lets and
// the alternatives. Deterministic: the same pack gives the same bytes.
std::string RulesMarkdown(const Pack& pack);

// A Graphviz `dot` digraph: the decision procedure (swap, then wait, then
// unknown blocking rules, else proceed) with one cluster of rules per outcome,
// each rule labelled with its id and its condition in short plain words.
std::string DecisionDot(const Pack& pack);

// What an outcome means for the patient: "use a gentler technique instead".
std::string_view OutcomeMeaning(Outcome outcome);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_DOC_H_
