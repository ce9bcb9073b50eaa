#include "common/files.h"

#include <algorithm>
#include <filesystem>

namespace needlescreen {

std::vector<std::string> ExpandYamlPaths(const std::vector<std::string>& paths,
                                         std::vector<std::string>& empty_directories) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(p, ec)) {
      auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) empty_directories.push_back(p);
    for (const auto& f : files) out.push_back(f.string());
  }
  return out;
}

}  // namespace needlescreen
