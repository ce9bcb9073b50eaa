// `needlescreen schema` (SPEC §4): JSON Schema (draft 2020-12) for a pack's
// intake records and for the output records of `check --format json|jsonl`,
// so pipeline authors can validate both ends with their own tools.
#ifndef NEEDLESCREEN_AUTHORING_SCHEMA_H_
#define NEEDLESCREEN_AUTHORING_SCHEMA_H_

#include <string>

#include "needlescreen/pack.h"

namespace needlescreen::authoring {

// The intake record of `pack`: an object nested by field path, where a dotted
// key ("patient.consent") may stand for the nesting at any level, as the
// readers allow. Every field is optional and may be null (unknown, SPEC §1.2).
// Values are asked for in canonical JSON form (booleans, numbers, arrays of
// enum values, ISO 8601 strings), which `check` always reads; `check` also
// reads looser spellings (yes/no, any case, "a;b" lists) this schema rejects.
// Keys the pack does not declare are allowed, as `check` only warns about
// them, unless `strict` (as `check --strict`, which makes them errors).
// Pretty-printed, ends with a newline.
std::string IntakeSchema(const Pack& pack, bool strict);

// One output record of `check --format jsonl` (an element of the `json`
// array): a screened record or an error record (`oneOf`), with rule ids,
// field paths, alternative ids and let names limited to the pack's, no keys
// beyond SPEC §4's (`file` with several inputs, `explain` with --explain).
std::string OutputSchema(const Pack& pack);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_SCHEMA_H_
