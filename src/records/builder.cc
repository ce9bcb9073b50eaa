#include "records/builder.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>

#include "common/text.h"

namespace needlescreen::records {

RecordBuilder::RecordBuilder(const Pack& pack, const ReadOptions& options)
    : pack_(pack), options_(options), record_(pack.fields.size()) {
  BuildTree();
  id_field_ = pack.FieldIndex(kIdField);  // every loaded pack has it, as text
}

void RecordBuilder::BuildTree() {
  groups_.push_back({"", {}});
  for (size_t i = 0; i < pack_.fields.size(); ++i) {
    std::string_view path = pack_.fields[i].path;
    int group = kRootGroup;
    for (size_t dot = 0; (dot = path.find('.')) != std::string_view::npos;
         path.remove_prefix(dot + 1)) {
      group = SubGroup(group, path.substr(0, dot));
    }
    Entry(group, path).field = static_cast<int>(i);
  }
}

int RecordBuilder::ChildIndex(int group, std::string_view name) const {
  const std::vector<Child>& children = groups_[group].children;
  for (size_t i = 0; i < children.size(); ++i) {
    if (children[i].name.size() == name.size() && children[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

RecordBuilder::Child& RecordBuilder::Entry(int group, std::string_view name) {
  std::vector<Child>& children = groups_[group].children;
  const int i = ChildIndex(group, name);
  if (i >= 0) return children[i];
  children.push_back({std::string(name), -1, -1});
  return children.back();
}

int RecordBuilder::SubGroup(int group, std::string_view name) {
  if (int sub = Entry(group, name).group; sub >= 0) return sub;
  const std::string& parent = groups_[group].path;
  std::string path = parent.empty() ? std::string(name) : parent + "." + std::string(name);
  groups_.push_back({std::move(path), {}});  // moves groups_: no reference is held across it
  const int sub = static_cast<int>(groups_.size() - 1);
  Entry(group, name).group = sub;
  return sub;
}

int RecordBuilder::Resolve(int group, std::string_view key) const {
  // Most keys are one name (nested records): one scan, no search for a dot
  // (the JSON Lines profile). A name holds no dot, so a dotted key never
  // matches whole and descends one segment at a time.
  int i = ChildIndex(group, key);
  if (i < 0) {
    size_t dot = key.find('.');
    if (dot == std::string_view::npos) return kNoChild;
    do {
      i = ChildIndex(group, key.substr(0, dot));
      if (i < 0 || groups_[group].children[i].group < 0) return kNoChild;  // no group there
      group = groups_[group].children[i].group;
      key.remove_prefix(dot + 1);
    } while ((dot = key.find('.')) != std::string_view::npos);
    i = ChildIndex(group, key);
    if (i < 0) return kNoChild;
  }
  const Child& child = groups_[group].children[i];
  if (child.field >= 0) return child.field;  // a field before a group of the same name
  return child.group >= 0 ? GroupRef(child.group) : kNoChild;
}

int RecordBuilder::FieldIndex(std::string_view path) const {
  const int child = Resolve(kRootGroup, path);
  return child >= 0 ? child : -1;
}

std::string RecordBuilder::PathOf(int group, std::string_view key) const {
  const std::string& prefix = groups_[group].path;
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

void RecordBuilder::Begin(uint64_t line) {
  record_.Clear();
  given_.assign(record_.slots.size(), 0);
  status_ = Status();
  line_ = OutputLine(line);
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
