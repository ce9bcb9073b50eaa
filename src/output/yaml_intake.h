// Intake records written as YAML, nested by field path, each field under its
// question as a comment: the layout of `interview --save` and of `template`,
// kept in one place so a saved record and a blank one look alike and both
// read back through `check`.
#ifndef NEEDLESCREEN_OUTPUT_YAML_INTAKE_H_
#define NEEDLESCREEN_OUTPUT_YAML_INTAKE_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"

namespace needlescreen::output {

// A pack's fields as nested groups by dotted path: `patient.consent` is field
// `consent` of group `patient`. Groups come in the order of their first field.
struct FieldGroup {
  std::vector<std::string> order;     // child names, fields and groups, first-seen order
  std::map<std::string, int> fields;  // name -> index into Pack::fields
  std::map<std::string, FieldGroup> groups;
};

FieldGroup FieldTree(const Pack& pack);

// What one field contributes to a YAML record.
struct YamlEntry {
  std::vector<std::string> comments;  // each written as `# <line>` above the key
  std::string value;                  // YAML after `key:`; empty leaves it empty (unknown)
  std::string note;                   // written after the value, e.g. "  # skipped: unknown"
};

// The tree as YAML, two spaces of indent per level; `entry` is called once
// per field index, in tree order.
std::string WriteYamlTree(const FieldGroup& tree, const std::function<YamlEntry(int)>& entry);

// A known slot as YAML that the record reader reads back to the same value
// ("" when unknown): quoted where YAML would read it as something else.
std::string YamlValue(const Field& field, const Slot& slot);

// A scalar that YAML reads back as `s`: plain where YAML cannot read it as
// anything else (a word of letters, digits, `_`, `-`, `.`), else
// double-quoted as YamlQuoted writes it.
std::string YamlScalar(std::string_view s);

// `s` double-quoted, with `"` and `\` escaped and every control, C1 control,
// bidirectional control and U+2028/2029 written as an escape, so the file
// stays one line per scalar and shows no hidden character.
std::string YamlQuoted(std::string_view s);

// A question or help text folded over several lines in the pack, on one
// line, for a comment: line feeds become spaces, and the rest is Printable,
// so no character can end the comment early.
std::string OneLine(std::string_view text);

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_YAML_INTAKE_H_
