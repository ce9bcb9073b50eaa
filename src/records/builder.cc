#include "records/builder.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>

#include "common/text.h"

namespace needlescreen::records {

RecordBuilder::RecordBuilder(const Pack& pack, const ReadOptions& options)
    : pack_(pack), options_(options), record_(pack.fields.size()) {
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const std::string& path = pack.fields[i].path;
    by_path_.emplace(path, static_cast<int>(i));
    for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
      groups_.insert(path.substr(0, dot));
    }
  }
  BuildTree(pack);
  id_field_ = pack.FieldIndex(kIdField);  // every loaded pack has it, as text
}

void RecordBuilder::BuildTree(const Pack& pack) {
  groups_tree_.push_back({"", {}});
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    std::string_view path = pack.fields[i].path;
    int group = 0;
    for (size_t dot; (dot = path.find('.')) != std::string_view::npos;
         path.remove_prefix(dot + 1)) {
      std::string_view name = path.substr(0, dot);
      int child = Child(group, name);
      if (child > kNoChild) break;  // a field named like a group: the path stays flat
      if (child == kNoChild) {
        const std::string& parent = groups_tree_[group].path;
        groups_tree_.push_back(
            {parent.empty() ? std::string(name) : parent + "." + std::string(name), {}});
        child = GroupRef(static_cast<int>(groups_tree_.size() - 1));
        groups_tree_[group].children.emplace_back(std::string(name), child);
      }
      group = GroupOf(child);
    }
    if (path.find('.') == std::string_view::npos && Child(group, path) == kNoChild) {
      groups_tree_[group].children.emplace_back(std::string(path), static_cast<int>(i));
    }
  }
}

int RecordBuilder::Child(int group, std::string_view key) const {
  for (const auto& [name, child] : groups_tree_[group].children) {
    if (name.size() == key.size() && name == key) return child;
  }
  return kNoChild;
}

void RecordBuilder::Begin(uint64_t line) {
  record_.Clear();
  given_.assign(record_.slots.size(), 0);
  status_ = Status();
  line_ = line;
}

int RecordBuilder::FieldIndex(std::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? -1 : it->second;
}

bool RecordBuilder::IsGroup(std::string_view prefix) const {
  return groups_.find(prefix) != groups_.end();
}

ErrorPosition RecordBuilder::Here(std::string_view path) const {
  ErrorPosition at;
  at.line = line_;
  at.field = path;
  return at;
}

void RecordBuilder::Fail(StatusCode code, std::string message) {
  if (!failed()) status_ = Status::Error(code, std::move(message), Here({}));
}

void RecordBuilder::FailPath(std::string_view path, StatusCode code, std::string message) {
  if (!failed()) status_ = Status::Error(code, std::move(message), Here(path));
}

void RecordBuilder::Refail(StatusCode code, std::string message) {
  status_ = Status::Error(code, std::move(message), Here({}));
}

void RecordBuilder::RefailField(int field, StatusCode code, std::string message) {
  status_ = Status::Error(code, std::move(message), Here(pack_.fields[field].path));
}

void RecordBuilder::FailField(int field, std::string_view expected) {
  FailPath(pack_.fields[field].path, StatusCode::kInvalidValue, std::string(expected));
}

void RecordBuilder::SetText(int field, std::string_view text) {
  std::string problem = DecodeText(pack_.fields[field], text, record_.slots[field]);
  if (!problem.empty()) FailField(field, problem);
}

void RecordBuilder::StartList(int field) {
  if (pack_.fields[field].type != FieldType::kList) return WrongShape(field);
  Slot& s = record_.slots[field];
  s.known = true;
  s.bits = 0;
}

void RecordBuilder::AddItem(int field, std::string_view item) {
  std::string problem = DecodeListItem(pack_.fields[field], item, record_.slots[field]);
  if (!problem.empty()) FailField(field, problem);
}

bool RecordBuilder::Claim(int field) {
  if (given_[field]) {
    FailField(field, "given twice in one record");
    return false;
  }
  given_[field] = 1;
  return true;
}

bool RecordBuilder::CheckText(int field, std::string_view text) {
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    FailField(field, "contains a NUL byte");
    return false;
  }
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    FailField(field, "not valid UTF-8");
    return false;
  }
  return true;
}

void RecordBuilder::WrongShape(int field) {
  record_.slots[field].known = false;
  FailField(field, ExpectedText(pack_.fields[field]));
}

void RecordBuilder::Unknown(std::string_view path) {
  if (options_.strict) {
    FailPath(Printable(path), StatusCode::kUnknownField, "not a field of the rule pack (--strict)");
  } else if (options_.on_unknown_field) {
    options_.on_unknown_field(path);
  }
}

void RecordBuilder::Finish(RecordEvent& event) {
  event.info.line = line_;
  event.info.id.reset();
  if (id_field_ >= 0 && record_.slots[id_field_].known) {
    event.info.id = record_.slots[id_field_].text;
  }
  event.status = failed() ? status_.At({event.info.record, 0, {}, {}}) : Status();
  event.record = &record_;
}

bool RecordEmitter::Emit() {
  RecordEvent event;
  event.info.record = (*next_record_)++;
  event.info.file = file_;
  builder_.Finish(event);
  return sink_(event);
}

bool RecordEmitter::Broken(uint64_t line, StatusCode code, std::string message) {
  builder_.Begin(line);
  builder_.Fail(code, std::move(message));
  return Emit();
}

}  // namespace needlescreen::records
