// A rule pack: the intake schema, derived values, alternatives and rules, loaded
// from YAML and checked before anything is screened (SPEC §2).
#ifndef NEEDLESCREEN_PACK_H_
#define NEEDLESCREEN_PACK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/diagnostic.h"
#include "needlescreen/fields.h"

namespace needlescreen {

// A named derived value (`let`), computed from fields on every record.
struct Let {
  std::string name;
  std::string expr;
  SourcePos pos;
};

// A gentler technique suggested when the decision is swap.
struct Alternative {
  std::string id;
  std::string name;
  std::string description;
};

enum class Outcome : uint8_t { kSwap, kWait, kCaution, kInfo };

// "swap", "wait", "caution" or "info".
std::string_view OutcomeName(Outcome outcome);

struct Rule {
  std::string id;
  Outcome outcome = Outcome::kInfo;
  std::string when;                       // condition in the expression language; "" = always
  std::string message;                    // with {field.path} / {let} placeholders
  std::string source;                     // the article section (or other named source)
  std::string resume;                     // wait only: datetime expression, "" = none
  std::string resume_when;                // wait only: text, "" = none
  std::vector<std::string> alternatives;  // swap only: alternative ids; empty = all
  SourcePos pos;
};

namespace internal {
struct CompiledPack;
}

// A loaded, checked and compiled pack. Immutable once loaded; a `const Pack&`
// may be shared by any number of threads screening at once.
struct Pack {
  std::string id;
  std::string version;
  std::string title;
  std::string source;
  std::string disclaimer;
  std::string digest;  // "sha256:<hex>" of the files' bytes in load order
  std::vector<std::string> files;
  std::vector<Field> fields;
  std::vector<Let> lets;
  std::vector<Alternative> alternatives;
  std::vector<Rule> rules;
  std::shared_ptr<const internal::CompiledPack> compiled;

  // Index of the field with this path, or -1.
  int FieldIndex(std::string_view path) const;
};

// One rule file's name (as diagnostics should show it) and bytes.
struct PackSource {
  std::string name;
  std::string text;
};

// A pack, or why there is none. `pack` is set only when `diagnostics` holds no
// error; warnings may accompany a pack.
struct PackLoad {
  std::optional<Pack> pack;
  Diagnostics diagnostics;
};

// Loads one pack from its files, in the order given. All problems are
// reported at once; any error means no pack (SPEC §6: nothing is screened).
PackLoad LoadPack(const std::vector<PackSource>& sources);

// Reads each path (a file, or a directory whose *.yaml / *.yml files are taken
// in name order) and loads them as one pack. Unreadable paths are errors.
PackLoad LoadPackFiles(const std::vector<std::string>& paths);

// The files LoadPackFiles would load, read; every path that cannot be read
// (or is too large, or a directory without rule files) is appended to
// `diagnostics` as an error.
std::vector<PackSource> ReadPackSources(const std::vector<std::string>& paths,
                                        Diagnostics& diagnostics);

// The built-in pack, rules/hamstring-dry-needling.yaml as compiled in.
PackSource BuiltinPackSource();
PackLoad LoadBuiltinPack();

}  // namespace needlescreen

#endif  // NEEDLESCREEN_PACK_H_
