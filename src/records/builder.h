// Shared by every reader: maps a dotted path to the pack's field slot and
// decodes a value into it, keeping the record's first error.
#ifndef NEEDLESCREEN_RECORDS_BUILDER_H_
#define NEEDLESCREEN_RECORDS_BUILDER_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "needlescreen/reader.h"
#include "needlescreen/status.h"

namespace needlescreen::records {

class RecordBuilder {
 public:
  RecordBuilder(const Pack& pack, const ReadOptions& options);

  // Starts a new record at `line` (0 = the format has no lines).
  void Begin(uint64_t line);

  // The longest record accepted (ReadOptions::max_record_bytes).
  size_t max_record_bytes() const { return options_.max_record_bytes; }

  // The field with this path, or -1.
  int FieldIndex(std::string_view path) const;
  // True when some field's path starts with `prefix` + '.'.
  bool IsGroup(std::string_view prefix) const;

  // The schema as a tree of groups (group 0 is the root), so nested records
  // resolve key by key without building and hashing paths.
  // Child(group, key): a field index (>= 0), kNoChild, or a group as
  // GroupRef(g) (<= -2).
  static constexpr int kNoChild = -1;
  static constexpr int GroupRef(int group) { return -2 - group; }
  static constexpr int GroupOf(int ref) { return -2 - ref; }
  int Child(int group, std::string_view key) const;
  const std::string& GroupPath(int group) const { return groups_tree_[group].path; }

  const Field& field(int index) const { return pack_.fields[index]; }
  Slot& slot(int index) { return record_.slots[index]; }

  // Decodes `text` into the field (error recorded on failure).
  void SetText(int field, std::string_view text);
  // Adds one item to a list field.
  void AddItem(int field, std::string_view item);
  // Marks a list field present with no items yet (`[]`).
  void StartList(int field);
  // Marks the field given by this record; false (and an error) when it was
  // given already: a second value must not silently win (fail closed).
  bool Claim(int field);
  // False (and an error naming the field) when `text` holds a NUL byte or is
  // not valid UTF-8.
  bool CheckText(int field, std::string_view text);
  // Records that the value's shape is wrong for the field (e.g. a map).
  void WrongShape(int field);
  // An unknown field path: a warning through the options, or an error if strict.
  void Unknown(std::string_view path);
  // A problem not tied to one field ("expected a mapping of fields"). The
  // record's first problem is the one reported.
  void Fail(StatusCode code, std::string message);
  // A problem at `path`: a field's, or a group's (`patient` given as text).
  void FailPath(std::string_view path, StatusCode code, std::string message);
  // Replaces any earlier error: for a problem that explains the others (a CSV
  // row with the wrong number of cells misaligns every field after it).
  void Refail(StatusCode code, std::string message);
  void RefailField(int field, StatusCode code, std::string message);

  bool failed() const { return !status_.ok(); }

  // Fills `event` from the record built (id, error) for the sink.
  void Finish(RecordEvent& event);

  Record& record() { return record_; }

 private:
  void FailField(int field, std::string_view expected);
  ErrorPosition Here(std::string_view path) const;
  void BuildTree(const Pack& pack);

  const Pack& pack_;
  const ReadOptions& options_;
  Record record_;
  std::vector<uint8_t> given_;  // per field: a value appeared in this record
  uint64_t line_ = 0;
  Status status_;  // the record's first problem; OK while there is none
  int id_field_ = -1;
  // Transparent hashing: lookups by string_view do not build a std::string.
  struct PathHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, PathHash, std::equal_to<>> by_path_;
  std::unordered_set<std::string, PathHash, std::equal_to<>> groups_;
  struct Group {
    std::string path;
    std::vector<std::pair<std::string, int>> children;  // name -> Child() value
  };
  std::vector<Group> groups_tree_;
};

// Numbers the records of a document format (YAML, JSON) and hands each to
// the sink; shared so both readers count and report alike.
class RecordEmitter {
 public:
  RecordEmitter(RecordBuilder& builder, uint64_t* next_record, std::string_view file,
                const RecordSink& sink)
      : builder_(builder), next_record_(next_record), file_(file), sink_(sink) {}

  // Sends the record built since builder.Begin(); false when the sink stops.
  bool Emit();
  // Sends one error record for input that could not be read at all.
  bool Broken(uint64_t line, StatusCode code, std::string message);

 private:
  RecordBuilder& builder_;
  uint64_t* next_record_;
  std::string_view file_;
  const RecordSink& sink_;
};

}  // namespace needlescreen::records

#endif  // NEEDLESCREEN_RECORDS_BUILDER_H_
