// YAML intake records (interview --save, template). Plain scalars only where
// YAML cannot read them as anything else; the reader takes a scalar's text as
// written, so `yes` or `1` stay text.
#include "output/yaml_intake.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/text.h"

namespace needlescreen::output {
namespace {

bool NeedsQuotes(std::string_view s) {
  if (s.empty() || s == "null" || s == "Null" || s == "NULL" || s == "~") return true;
  char first = s.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) {
    return true;
  }
  return std::ranges::any_of(s, [](char c) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.';
    return !word;
  });
}

// A double-quoted scalar that reads back as `s`. Controls are escaped so the
// file stays YAML text; so are C1 controls, bidi controls and U+2028/2029
// (HiddenControlLength): libyaml reads NEL, LS and PS as line breaks, which a
// quoted scalar folds into a space, and the rest would reach the terminal of
// whoever views the file. Whether the record reader then accepts the value
// is its own rule (it refuses control characters).
std::string QuotedScalar(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    uint32_t cp = 0;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else if (size_t n = HiddenControlLength(s.substr(i), cp); n != 0) {
      out += fmt::format("\\u{:04x}", cp);
      i += n - 1;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Scalar(std::string_view s) { return NeedsQuotes(s) ? QuotedScalar(s) : std::string(s); }

void WriteGroup(const FieldGroup& g, int depth, const std::function<YamlEntry(int)>& entry,
                std::string& out) {
  std::string indent(static_cast<size_t>(depth) * 2, ' ');
  for (const std::string& name : g.order) {
    auto f = g.fields.find(name);
    if (f == g.fields.end()) {
      out.append(indent).append(name).append(":\n");
      WriteGroup(g.groups.at(name), depth + 1, entry, out);
      continue;
    }
    YamlEntry e = entry(f->second);
    for (const std::string& line : e.comments)
      out.append(indent).append("# ").append(line).append("\n");
    out.append(indent).append(name).append(":");
    if (!e.value.empty()) out.append(" ").append(e.value);
    out.append(e.note).append("\n");
  }
}

}  // namespace

FieldGroup FieldTree(const Pack& pack) {
  FieldGroup root;
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    FieldGroup* g = &root;
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

std::string WriteYamlTree(const FieldGroup& tree, const std::function<YamlEntry(int)>& entry) {
  std::string out;
  WriteGroup(tree, 0, entry, out);
  return out;
}

std::string YamlValue(const Field& field, const Slot& slot) {
  if (!slot.known) return {};
  switch (field.type) {
    case FieldType::kBool:
      return slot.boolean ? "true" : "false";
    case FieldType::kNumber:
      return fmt::format("{}", slot.number);  // shortest form that reads back exactly
    case FieldType::kString:
      return QuotedScalar(slot.text);
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

std::string YamlScalar(std::string_view s) { return Scalar(s); }

std::string YamlQuoted(std::string_view s) { return QuotedScalar(s); }

std::string OneLine(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  // A CR, NEL or U+2028 would end the comment for libyaml and make the rest
  // of the question a key of the record; escaped, it stays a comment.
  return Printable(out);
}

}  // namespace needlescreen::output
