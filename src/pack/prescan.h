// The first look at a rule file, with libyaml's event parser, before yaml-cpp
// builds its tree: syntax (yaml-cpp accepts some invalid YAML, see
// common/yaml_events.h) and the size limits, so that a hostile file is refused
// in one linear pass without the tree (issue 13: 100k rules took 47 s and
// 390 MB to be refused; 1.5M list items, 8 s and 700 MB).
#ifndef NEEDLESCREEN_PACK_PRESCAN_H_
#define NEEDLESCREEN_PACK_PRESCAN_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "needlescreen/diagnostic.h"
#include "pack/source.h"

namespace needlescreen::pack {

// Rule-file limits (SPEC §6); a pack beyond them is refused, not truncated.
inline constexpr size_t kMaxFields = 512;
inline constexpr size_t kMaxRules = 4096;
inline constexpr size_t kMaxLets = 4096;
inline constexpr size_t kMaxAlternatives = 64;  // a swap's alternatives are a 64-bit set
// YAML nodes (scalars, sequences, mappings) in one file, aliases counted once
// per use: a pack at every count limit at once needs about half as many.
inline constexpr size_t kMaxYamlNodes = 250000;
// Bytes of scalar text in one file with every alias expanded (the reader
// copies an aliased value once per use).
inline constexpr size_t kMaxExpandedBytes = size_t{8} * 1024 * 1024;

// The first problem in `text` (the contents of `file`): a YAML syntax error,
// a top-level `fields`, `let`, `alternatives` or `rules` longer than its
// limit, or a file past kMaxYamlNodes or kMaxExpandedBytes. nullopt when the
// file may be read with yaml-cpp.
std::optional<Diagnostic> Prescan(const SourceFile& file, std::string_view text);

}  // namespace needlescreen::pack

#endif  // NEEDLESCREEN_PACK_PRESCAN_H_
