#include "pack/prescan.h"

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/yaml_events.h"

namespace needlescreen::pack {
namespace {

// A top-level list the loader limits: its key, whether it is a mapping (the
// lets) or a sequence, its limit and what the error calls its items.
struct Counted {
  std::string_view key;
  bool mapping;
  size_t limit;
  std::string_view items;
};

constexpr Counted kCounted[] = {{"fields", false, kMaxFields, "fields"},
                                {"let", true, kMaxLets, "lets"},
                                {"alternatives", false, kMaxAlternatives, "alternatives"},
                                {"rules", false, kMaxRules, "rules"}};

// What a node expands to: scalar bytes and nodes, aliases resolved.
struct Size {
  size_t bytes = 0;
  size_t nodes = 0;
};

struct Frame {
  bool mapping = false;
  size_t children = 0;
  Size size;  // of this collection so far, itself included
  std::string anchor;
  const Counted* counted = nullptr;  // a limited top-level list
  size_t items = 0;
};

class Prescanner {
 public:
  Prescanner(const SourceFile& file, std::string_view text) : file_(file), parser_(text) {}

  std::optional<Diagnostic> Run() {
    while (const yaml_event_t* event = parser_.Next()) {
      if (event->type == YAML_STREAM_END_EVENT) return std::nullopt;
      if (auto problem = Take(*event)) return problem;
    }
    const YamlSyntaxError& error = *parser_.error();
    return file_.At(static_cast<int>(error.PointLine()), static_cast<int>(error.PointColumn()),
                    "YAML syntax: " + error.Describe(1));
  }

 private:
  std::optional<Diagnostic> Take(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        Size size{e.data.scalar.length, 1};
        Remember(e.data.scalar.anchor, size);
        return Node(e, size, nullptr);
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(Text(e.data.alias.anchor));
        return Node(e, it == anchors_.end() ? Size{0, 1} : it->second, nullptr);
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        Frame frame;
        frame.mapping = e.type == YAML_MAPPING_START_EVENT;
        frame.anchor =
            Text(frame.mapping ? e.data.mapping_start.anchor : e.data.sequence_start.anchor);
        return Node(e, Size{0, 1}, &frame);
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame done = std::move(stack_.back());
        stack_.pop_back();
        Remember(done.anchor, done.size);
        if (!stack_.empty()) Add(stack_.back().size, done.size);
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  // A node starts: it counts towards the limits, and `frame` (a collection's)
  // is pushed.
  std::optional<Diagnostic> Node(const yaml_event_t& e, Size size, Frame* frame) {
    Add(total_, size);
    if (auto problem = OverFileLimits(e)) return problem;
    if (!stack_.empty()) {
      if (auto problem = Child(e, size, frame)) return problem;
    }
    if (frame) {
      frame->size = size;
      stack_.push_back(std::move(*frame));
    }
    return std::nullopt;
  }

  // The file's totals so far, against the limits of one rule file.
  std::optional<Diagnostic> OverFileLimits(const yaml_event_t& e) const {
    if (total_.nodes > kMaxYamlNodes) {
      return Error(e, fmt::format("a rule file holds at most {} YAML values (aliases counted at "
                                  "each use); the rest are not read",
                                  kMaxYamlNodes));
    }
    if (total_.bytes > kMaxExpandedBytes) {
      return Error(e, fmt::format("a rule file holds at most {} bytes of values with its aliases "
                                  "expanded; the rest are not read",
                                  kMaxExpandedBytes));
    }
    return std::nullopt;
  }

  // Node `e` (a collection when `frame` is set) as the next child of the
  // collection on top of the stack: a top-level key is remembered, a
  // top-level list that has a limit gets it, and an item past it is an error.
  std::optional<Diagnostic> Child(const yaml_event_t& e, const Size& size, Frame* frame) {
    Frame& parent = stack_.back();
    size_t index = parent.children++;
    if (!frame) Add(parent.size, size);
    const bool top_level_mapping = stack_.size() == 1 && parent.mapping;
    if (top_level_mapping && index % 2 == 0) {
      key_ = e.type == YAML_SCALAR_EVENT ? std::string(ScalarText(e)) : std::string();
    }
    if (frame && top_level_mapping && index % 2 == 1) {
      for (const Counted& c : kCounted) {
        if (c.key == key_ && c.mapping == frame->mapping) frame->counted = &c;
      }
    }
    bool item = parent.counted && (!parent.mapping || index % 2 == 0);
    if (item && ++parent.items > parent.counted->limit) {
      return Error(e, fmt::format("a pack holds at most {} {}; the rest are not read",
                                  parent.counted->limit, parent.counted->items));
    }
    return std::nullopt;
  }

  static void Add(Size& to, const Size& size) {
    to.bytes += size.bytes;
    to.nodes += size.nodes;
  }

  void Remember(const yaml_char_t* anchor, const Size& size) {
    if (anchor) anchors_[Text(anchor)] = size;
  }
  void Remember(const std::string& anchor, const Size& size) {
    if (!anchor.empty()) anchors_[anchor] = size;
  }

  static std::string Text(const yaml_char_t* s) {
    return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
  }

  Diagnostic Error(const yaml_event_t& e, std::string message) const {
    return file_.At(static_cast<int>(e.start_mark.line), static_cast<int>(e.start_mark.column),
                    std::move(message));
  }

  const SourceFile& file_;
  YamlEventParser parser_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Size> anchors_;
  Size total_;
  std::string key_;  // the top-level key whose value is being read
};

}  // namespace

std::optional<Diagnostic> Prescan(const SourceFile& file, std::string_view text) {
  return Prescanner(file, text).Run();
}

}  // namespace needlescreen::pack
