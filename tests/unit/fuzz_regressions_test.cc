// Every input a fuzzer ever crashed on (tests/fuzz/regressions/<target>/) and
// every seed (tests/fuzz/corpus/<target>/) is replayed through the same target
// body on each `make test`; under the asan preset a regression is a failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/targets.h"

namespace {

using Target = int (*)(const uint8_t*, size_t);

int Replay(const std::string& target, Target body) {
  int replayed = 0;
  for (const char* kind : {"regressions", "corpus"}) {
    std::filesystem::path dir = std::filesystem::path(NS_SOURCE_DIR) / "tests/fuzz" / kind / target;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      SCOPED_TRACE(entry.path().string());
      EXPECT_EQ(body(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0);
      ++replayed;
    }
  }
  return replayed;
}

TEST(FuzzRegressions, PackLoaderSurvivesEveryKeptInput) { EXPECT_GT(Replay("pack", FuzzPack), 0); }
TEST(FuzzRegressions, ExpressionsSurviveEveryKeptInput) { EXPECT_GT(Replay("expr", FuzzExpr), 0); }
TEST(FuzzRegressions, RecordReadersSurviveEveryKeptInput) {
  EXPECT_GT(Replay("records", FuzzRecords), 0);
}
// The differential oracle (what libyaml or simdjson rejects is an error record);
// a violation traps, which fails the test binary.
TEST(FuzzRegressions, StrictReadersRejectWhatTheReferenceParsersReject) {
  EXPECT_GT(Replay("strict", FuzzStrict), 0);
}
// serve's request handling: statuses, one JSON card, no value in an error.
TEST(FuzzRegressions, CdsRequestsSurviveEveryKeptInput) { EXPECT_GT(Replay("cds", FuzzCds), 0); }

}  // namespace
