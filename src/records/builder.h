// Shared by every reader: maps a dotted path to the pack's field slot and
// decodes a value into it, keeping the record's first error.
#ifndef NEEDLESCREEN_RECORDS_BUILDER_H_
#define NEEDLESCREEN_RECORDS_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/reader.h"
#include "needlescreen/status.h"

namespace needlescreen::records {

class RecordBuilder {
 public:
  RecordBuilder(const Pack& pack, const ReadOptions& options);

  // Starts a new record at `line` of the input (0 = the format has no
  // lines); its position is OutputLine(line).
  void Begin(uint64_t line);

  // The longest record accepted (ReadOptions::max_record_bytes).
  size_t max_record_bytes() const { return options_.max_record_bytes; }
  // The line a reader counted (1-based in its input) as the output names it:
  // shifted by ReadOptions::line_offset; 0 (no line) stays 0.
  uint64_t OutputLine(uint64_t line) const { return line == 0 ? 0 : line + options_.line_offset; }

  // Where a key of a record leads: the schema as a tree of groups (group
  // kRootGroup is the record itself), so every reader resolves keys the same
  // way, nested or dotted, without building and hashing paths.
  // Resolve(group, key) looks `key` up under `group`, a dotted key
  // (`patient.consent`, or `needle_phobia.x` under `patient`) one segment at
  // a time. It returns a field index (>= 0), kNoChild, or a group as
  // GroupRef(g) (<= -2). A name that is both a field and a group (a pack with
  // fields `a` and `a.b`) is the field as a key's last segment and the group
  // before a dot. A key with an empty segment (`a..b`, `a.`) is kNoChild.
  static constexpr int kRootGroup = 0;
  static constexpr int kNoChild = -1;
  static constexpr int GroupRef(int group) { return -2 - group; }
  static constexpr int GroupOf(int ref) { return -2 - ref; }
  int Resolve(int group, std::string_view key) const;
  // The field with this dotted path (Resolve from the root), or -1.
  int FieldIndex(std::string_view path) const;
  // The path `key` stands for under `group`, as messages name it.
  std::string PathOf(int group, std::string_view key) const;

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

  // One name under a group: a field, a group, or both (see Resolve).
  struct Child {
    std::string name;
    int field = -1;
    int group = -1;
  };
  struct Group {
    std::string path;
    std::vector<Child> children;
  };
  void BuildTree();
  // Index of the child `name` in groups_[group].children, or -1.
  int ChildIndex(int group, std::string_view name) const;
  // The child `name` of `group`, added when absent.
  Child& Entry(int group, std::string_view name);
  // The group `name` under `group`, added when absent.
  int SubGroup(int group, std::string_view name);

  const Pack& pack_;
  const ReadOptions& options_;
  Record record_;
  std::vector<uint8_t> given_;  // per field: a value appeared in this record
  uint64_t line_ = 0;
  Status status_;  // the record's first problem; OK while there is none
  int id_field_ = -1;
  std::vector<Group> groups_;  // groups_[kRootGroup] is the root
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
