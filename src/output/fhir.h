// FHIR R4 names shared by the Questionnaire `template --format fhir` writes
// and the QuestionnaireResponse `interview --save x.fhir.json` writes, so that
// the one refers to the other (README "FHIR intake").
#ifndef NEEDLESCREEN_OUTPUT_FHIR_H_
#define NEEDLESCREEN_OUTPUT_FHIR_H_

#include <string>
#include <string_view>

#include "needlescreen/pack.h"

namespace needlescreen::output {

// The Questionnaire's canonical url: "urn:needlescreen:pack:" and the pack id,
// percent-encoded outside A-Z a-z 0-9 - . _ ~ (a URN names the pack without
// claiming a web address nobody serves).
std::string FhirQuestionnaireUrl(const Pack& pack);

// The canonical reference with the version, "url|version" (the version
// percent-encoded as the id is): what a QuestionnaireResponse's
// `questionnaire` holds.
std::string FhirQuestionnaireReference(const Pack& pack);

// A computable name for Questionnaire.name (FHIR: ^[A-Z][A-Za-z0-9_]*$): the
// pack id's words capitalised and joined, "hamstring-dry-needling" ->
// "HamstringDryNeedling"; "Pack" in front when it would not start with a
// letter.
std::string FhirName(std::string_view pack_id);

// The Questionnaire item type for a field's type: boolean, decimal, string,
// choice (enum and list), dateTime.
std::string_view FhirItemType(const Field& field);

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_FHIR_H_
