// `needlescreen template` (SPEC §4): a blank intake record for a pack, every
// field present and unknown, for a clinician to fill in and run `check` on.
#ifndef NEEDLESCREEN_AUTHORING_TEMPLATE_H_
#define NEEDLESCREEN_AUTHORING_TEMPLATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"

namespace needlescreen::authoring {

enum class TemplateFormat : uint8_t { kYaml, kJson, kCsv, kFhir };

// "yaml", "json", "csv", "fhir"; nullopt for anything else.
std::optional<TemplateFormat> ParseTemplateFormat(std::string_view name);

// The blank record:
// - yaml: nested by field path in pack order (the layout `interview --save`
//   writes), each field under comments with its question, what it takes
//   (type, allowed values, unit) and its help; every value empty (unknown);
// - json: the same nesting as one object, every value null;
// - csv: the header row of field paths (one row per record goes below it);
// - fhir: a FHIR R4 Questionnaire (JSON) with the canonical url
//   output::FhirQuestionnaireUrl and the pack's version, one flat item per
//   field (linkId = field path, text = question, help as a display item with
//   the help itemControl; boolean, decimal, string, dateTime, or choice with
//   the pack's values as answerOption codes, `repeats` for lists). What it
//   asks comes back through `check --input-format fhir` as a
//   QuestionnaireResponse.
// Each reads back through `check` without warnings, as every field unknown;
// filled with valid values, it is screened like any record.
std::string IntakeTemplate(const Pack& pack, TemplateFormat format);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_TEMPLATE_H_
