// Rule and test paths are read within their limits whatever they name: pipes
// and devices are cut off while reading, and a directory's symlink loop is an
// error naming the entry, never an exception (issue 13).
#include "common/files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace needlescreen {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "ns-files-XXXXXX").string();
    path_ = mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(ReadFileBounded, ReadsAFileWithinTheLimit) {
  TempDir dir;
  std::ofstream(dir.path() / "a.yaml") << "pack: p\n";
  std::string text;
  EXPECT_EQ(ReadFileBounded((dir.path() / "a.yaml").string(), 8, text), ReadStatus::kOk);
  EXPECT_EQ(text, "pack: p\n");
  EXPECT_EQ(ReadFileBounded((dir.path() / "a.yaml").string(), 7, text), ReadStatus::kTooLarge);
  EXPECT_TRUE(text.empty());
}

TEST(ReadFileBounded, StopsReadingAnEndlessDevice) {
  std::string text;
  EXPECT_EQ(ReadFileBounded("/dev/zero", 1 << 20, text), ReadStatus::kTooLarge);
  EXPECT_EQ(text.capacity() <= (2u << 20), true);
}

TEST(ReadFileBounded, MissingFileIsUnreadable) {
  std::string text;
  EXPECT_EQ(ReadFileBounded("/nonexistent/x.yaml", 100, text), ReadStatus::kUnreadable);
}

TEST(ExpandYamlPaths, SymlinkLoopInADirectoryIsAnErrorNamingIt) {
  TempDir dir;
  std::ofstream(dir.path() / "a.yaml") << "pack: p\n";
  fs::create_symlink("loop.yaml", dir.path() / "loop.yaml");
  fs::create_directory_symlink(".", dir.path() / "self");
  std::vector<std::string> empty;
  Diagnostics problems;
  std::vector<std::string> files = ExpandYamlPaths({dir.path().string()}, empty, problems);
  EXPECT_EQ(files, std::vector<std::string>{(dir.path() / "a.yaml").string()});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, (dir.path() / "loop.yaml").string());
  EXPECT_NE(problems[0].message.find("symbolic links"), std::string::npos) << problems[0].message;
  EXPECT_TRUE(empty.empty());
}

// A dangling link named like a rule file is a rule file that cannot be read:
// failing closed, as for a missing file named on the command line.
TEST(ExpandYamlPaths, ADirectoryWithOnlyBrokenEntriesIsNotAlsoCalledEmpty) {
  TempDir dir;
  fs::create_symlink("missing-target", dir.path() / "gone.yml");
  fs::create_symlink("loop.yaml", dir.path() / "loop.yaml");
  std::vector<std::string> empty;
  Diagnostics problems;
  EXPECT_TRUE(ExpandYamlPaths({dir.path().string()}, empty, problems).empty());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].message.find("No such file"), std::string::npos) << problems[0].message;
  EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace needlescreen
