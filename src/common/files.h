// Expanding and reading the PATH arguments of commands that take rule or test
// files, within limits whatever the paths name (SPEC §6, issue 13).
#ifndef NEEDLESCREEN_COMMON_FILES_H_
#define NEEDLESCREEN_COMMON_FILES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "needlescreen/diagnostic.h"

namespace needlescreen {

// A directory contributes at most this many files; more is an error.
inline constexpr size_t kMaxDirectoryFiles = 1024;

// The files named by `paths`, in order: a path that is not a directory as it
// is; a directory as its *.yaml / *.yml files in name order (SPEC §2: a pack
// is a file or a directory loaded in name order). Directories holding none are
// appended to `empty_directories`. A directory that cannot be listed, an entry
// whose type cannot be read (a symlink loop, a dangling link) and a directory
// with more than kMaxDirectoryFiles rule files are errors appended to
// `problems`; nothing here throws.
std::vector<std::string> ExpandYamlPaths(const std::vector<std::string>& paths,
                                         std::vector<std::string>& empty_directories,
                                         Diagnostics& problems);

enum class ReadStatus { kOk, kTooLarge, kUnreadable };

// Reads the file at `path` into `text`, never holding more than `limit` + 1
// bytes of it: pipes, devices (/dev/zero) and files growing while read are
// refused with kTooLarge once they pass `limit`, without reading the rest.
ReadStatus ReadFileBounded(const std::string& path, size_t limit, std::string& text);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COMMON_FILES_H_
