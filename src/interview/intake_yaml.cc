// A saved interview as a YAML intake record that `check` reads back to the
// same result (SPEC §1.4 reproducible): the values the interview screened,
// nothing rounded, and the screening time itself. The layout is shared with
// `template` (output/yaml_intake.h).
#include <fmt/format.h>

#include <algorithm>

#include "needlescreen/interview.h"
#include "output/yaml_intake.h"

namespace needlescreen {
namespace {

std::string_view SourceNote(FieldSource source, bool open) {
  switch (source) {
    case FieldSource::kPreset:
      return "  # given beforehand (--set)";
    case FieldSource::kSkipped:
      return "  # skipped: unknown";
    case FieldSource::kNotAsked:
      return open ? "  # not asked: the interview ended first"
                  : "  # not asked: could not change the decision";
    case FieldSource::kAnswered:
      break;
  }
  return "";
}

// Each field under its question, with its value and how it got it.
std::string Body(const Interview& interview) {
  // Ended early (end of input, `done`): what was still needed is open.
  // Otherwise a field never asked could not change the decision.
  std::vector<int> open;
  if (interview.finished()) {
    for (const Missing& m : interview.Screen().missing) open.push_back(m.field);
  }
  const Pack& pack = interview.pack();
  return output::WriteYamlTree(output::FieldTree(pack), [&](int index) {
    const Field& field = pack.fields[index];
    output::YamlEntry e;
    if (!field.question.empty()) e.comments.push_back(output::OneLine(field.question));
    e.value = output::YamlValue(field, interview.record().slots[index]);
    bool is_open = std::find(open.begin(), open.end(), index) != open.end();
    if (field.path != kScreenedAtField) e.note = SourceNote(interview.source(index), is_open);
    return e;
  });
}

}  // namespace

IntakeYaml WriteIntakeYaml(const Interview& interview) {
  const Pack& pack = interview.pack();
  IntakeYaml yaml;
  std::string when = FormatDatetime(interview.screened_at());
  // The record carries its screening time: screened_at is the engine's own field.
  yaml.text = fmt::format(
      "# Intake record saved by `needlescreen interview`, screened at {}\n"
      "# with {} {} ({}){}.\n"
      "# Replay the screen: needlescreen check THIS_FILE\n",
      when, output::OneLine(pack.id), output::OneLine(pack.version), pack.digest,
      pack.review.empty() ? std::string() : ",\n# " + ReviewSummary(pack.review));
  // The record's mapping starts at the first line that is not a comment.
  std::string body = Body(interview);
  size_t header_lines = static_cast<size_t>(std::count(yaml.text.begin(), yaml.text.end(), '\n'));
  size_t comment_lines = 0;
  for (size_t at = 0; at < body.size() && body.compare(at, 1, "#") == 0; ++comment_lines) {
    at = body.find('\n', at) + 1;
  }
  yaml.line = header_lines + comment_lines + 1;
  yaml.text += body;
  return yaml;
}

}  // namespace needlescreen
