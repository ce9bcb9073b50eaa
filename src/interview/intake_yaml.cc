// A saved interview as a YAML intake record that `check` reads back to the
// same result (SPEC §1.4 reproducible): the values the interview screened,
// nothing rounded, and the screening time itself.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "needlescreen/interview.h"

namespace needlescreen {
namespace {

// Plain scalars only where YAML cannot read them as anything else; the
// reader takes a scalar's text as written, so `yes` or `1` stay text.
bool NeedsQuotes(std::string_view s) {
  if (s.empty() || s == "null" || s == "Null" || s == "NULL" || s == "~") return true;
  char first = s.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) {
    return true;
  }
  for (char c : s) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.';
    if (!word) return true;
  }
  return false;
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Scalar(std::string_view s) { return NeedsQuotes(s) ? Quoted(s) : std::string(s); }

std::string ValueText(const Field& field, const Slot& slot) {
  if (!slot.known) return {};
  switch (field.type) {
    case FieldType::kBool:
      return slot.boolean ? "true" : "false";
    case FieldType::kNumber:
      return fmt::format("{}", slot.number);  // shortest form that reads back exactly
    case FieldType::kString:
      return Quoted(slot.text);
    case FieldType::kEnum:
      return Scalar(field.values[slot.index]);
    case FieldType::kDatetime:
      return RenderSlot(field, slot);
    case FieldType::kList: {
      std::string items;
      for (size_t i = 0; i < field.values.size() && i < 64; ++i) {
        if (!((slot.bits >> i) & 1)) continue;
        if (!items.empty()) items += ", ";
        items += Scalar(field.values[i]);
      }
      return "[" + items + "]";
    }
  }
  return {};
}

// A question folded over several lines in the pack stays one comment line.
std::string OneLine(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

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

// Fields grouped by path prefix, groups in the order their first field comes.
struct Group {
  std::vector<std::string> order;  // child names: fields and subgroups, first-seen order
  std::map<std::string, int> fields;
  std::map<std::string, Group> groups;
};

Group BuildTree(const Pack& pack) {
  Group root;
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    Group* g = &root;
    std::string_view path = pack.fields[i].path;
    for (size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
      std::string name(path.substr(0, dot));
      if (!g->groups.contains(name)) g->order.push_back(name);
      g = &g->groups[name];
      path.remove_prefix(dot + 1);
    }
    g->order.emplace_back(path);
    g->fields[std::string(path)] = static_cast<int>(i);
  }
  return root;
}

class Writer {
 public:
  Writer(const Interview& interview, std::string& out) : interview_(interview), out_(out) {
    // Ended early (end of input, `done`): what was still needed is open.
    // Otherwise a field never asked could not change the decision.
    if (!interview.finished()) return;
    for (const Missing& m : interview.Screen().missing) open_.push_back(m.field);
  }

  void Write(const Group& g, int depth) {
    std::string indent(static_cast<size_t>(depth) * 2, ' ');
    for (const std::string& name : g.order) {
      if (auto f = g.fields.find(name); f != g.fields.end()) {
        WriteField(f->second, name, indent);
      } else {
        out_ += indent + name + ":\n";
        Write(g.groups.at(name), depth + 1);
      }
    }
  }

 private:
  void WriteField(int index, const std::string& name, const std::string& indent) {
    const Field& field = interview_.pack().fields[index];
    if (!field.question.empty()) out_ += indent + "# " + OneLine(field.question) + "\n";
    std::string value = ValueText(field, interview_.record().slots[index]);
    bool open = std::find(open_.begin(), open_.end(), index) != open_.end();
    std::string_view note =
        field.path == "screened_at" ? "" : SourceNote(interview_.source(index), open);
    out_ += indent + name + ":" + (value.empty() ? "" : " " + value);
    out_ += note;
    out_ += "\n";
  }

  const Interview& interview_;
  std::string& out_;
  std::vector<int> open_;  // after an early end: fields an unknown rule still needs
};

}  // namespace

IntakeYaml WriteIntakeYaml(const Interview& interview) {
  const Pack& pack = interview.pack();
  IntakeYaml yaml;
  std::string when = FormatDatetime(interview.screened_at());
  // Without a screened_at field the record cannot carry its screening time.
  int at = pack.FieldIndex("screened_at");
  bool dated = at >= 0 && pack.fields[at].type == FieldType::kDatetime;
  yaml.text = fmt::format(
      "# Intake record saved by `needlescreen interview`, screened at {}\n"
      "# with {} {} ({}).\n"
      "# Replay the screen: needlescreen check THIS_FILE{}\n",
      when, pack.id, pack.version, pack.digest, dated ? "" : " --at " + when);
  // The record's mapping starts at the first line that is not a comment.
  std::string body;
  Writer(interview, body).Write(BuildTree(pack), 0);
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
