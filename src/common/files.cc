#include "common/files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace needlescreen {
namespace {

namespace fs = std::filesystem;

Diagnostic Problem(const std::string& path, std::string message) {
  Diagnostic d;
  d.file = path;
  d.message = ClipMessage(std::move(message));
  return d;
}

bool IsYamlName(const fs::path& path) {
  auto ext = path.extension();
  return ext == ".yaml" || ext == ".yml";
}

// Appends `dir`'s rule files to `files`. Only the error_code overloads are
// used, the iterator's increment included: a symlink loop in the directory
// once threw out of main (issue 13: exit 134 on every subcommand).
void ListDirectory(const std::string& dir, std::vector<fs::path>& files, Diagnostics& problems) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (!IsYamlName(entry.path())) continue;
    std::error_code type_ec;
    bool regular = entry.is_regular_file(type_ec);
    if (type_ec) {
      problems.push_back(Problem(entry.path().string(),
                                 fmt::format("cannot read this file: {}", type_ec.message())));
      continue;
    }
    if (!regular) continue;
    if (files.size() == kMaxDirectoryFiles) {
      problems.push_back(Problem(
          dir, fmt::format("more than {} .yaml files in this directory", kMaxDirectoryFiles)));
      return;
    }
    files.push_back(entry.path());
  }
  if (ec)
    problems.push_back(Problem(dir, fmt::format("cannot list this directory: {}", ec.message())));
}

}  // namespace

std::vector<std::string> ExpandYamlPaths(const std::vector<std::string>& paths,
                                         std::vector<std::string>& empty_directories,
                                         Diagnostics& problems) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);  // reading it reports what is wrong with it
      continue;
    }
    std::vector<fs::path> files;
    size_t before = problems.size();
    ListDirectory(p, files, problems);
    std::sort(files.begin(), files.end());
    // In name order, as the files are read, whatever order the directory lists.
    std::stable_sort(problems.begin() + static_cast<std::ptrdiff_t>(before), problems.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.file < b.file; });
    if (files.empty() && problems.size() == before) empty_directories.push_back(p);
    for (const auto& f : files) out.push_back(f.string());
  }
  return out;
}

ReadStatus ReadFileBounded(const std::string& path, size_t limit, std::string& text) {
  text.clear();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return ReadStatus::kUnreadable;
  constexpr size_t kChunk = size_t{64} * 1024;
  while (text.size() <= limit) {
    size_t have = text.size();
    size_t want = std::min(kChunk, limit + 1 - have);
    text.resize(have + want);
    size_t got = std::fread(text.data() + have, 1, want, file.get());
    text.resize(have + got);
    if (got < want) break;
  }
  if (std::ferror(file.get())) return ReadStatus::kUnreadable;
  if (text.size() > limit) {
    text.clear();
    text.shrink_to_fit();
    return ReadStatus::kTooLarge;
  }
  return ReadStatus::kOk;
}

}  // namespace needlescreen
