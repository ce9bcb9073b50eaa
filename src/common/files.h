// Expanding the PATH arguments of commands that take rule or test files.
#ifndef NEEDLESCREEN_COMMON_FILES_H_
#define NEEDLESCREEN_COMMON_FILES_H_

#include <string>
#include <vector>

namespace needlescreen {

// The files named by `paths`, in order: a path that is not a directory as it
// is; a directory as its *.yaml / *.yml files in name order (SPEC §2: a pack
// is a file or a directory loaded in name order). Directories holding none are
// appended to `empty_directories`.
std::vector<std::string> ExpandYamlPaths(const std::vector<std::string>& paths,
                                         std::vector<std::string>& empty_directories);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COMMON_FILES_H_
