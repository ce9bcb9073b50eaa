// Micro-benchmarks for evaluation alone (no parsing, no output): ns per record
// for screening decoded records with the built-in pack.
#include <benchmark/benchmark.h>

#include <sstream>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/screen.h"

namespace {

using namespace needlescreen;

const Pack& BuiltinPack() {
  static const Pack pack = *LoadBuiltinPack().pack;
  return pack;
}

// Decodes a small, varied set of records once, through the JSON Lines reader.
std::vector<Record> Records() {
  static const char* kLines =
      R"({"id": "A", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none", "athlete_level": "elite"}, "complaint": {"hamstring_tightness": true, "trigger_points": true, "overuse": false}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, "treatment": {"sites": ["proximal", "medial"]}, "clinician": {"dry_needling_certified": true, "emergency_care_current": true}}
{"id": "B", "patient": {"consent": true, "needle_phobia": "mild", "bleeding_disorder": "controlled"}, "complaint": {"hamstring_tightness": true}, "injury": {"swelling": true, "bruising": true, "palpable_tear": false, "onset": "2026-11-24T09:00:00Z", "bleeding_resolved": false}, "clinician": {"dry_needling_certified": true, "emergency_care_current": true}}
{"id": "C", "patient": {"consent": true, "needle_phobia": "severe"}, "complaint": {"overuse": true}}
{"id": "D", "complaint": {"hamstring_tightness": true}, "injury": {"swelling": true}}
)";
  std::vector<Record> out;
  std::istringstream in(kLines);
  uint64_t next = 1;
  ReadRecords(in, "bench", InputFormat::kJsonLines, BuiltinPack(), {}, &next, [&](RecordEvent& e) {
    out.push_back(*e.record);
    return true;
  });
  return out;
}

void BM_ScreenRecord(benchmark::State& state) {
  Screener screener(BuiltinPack());
  std::vector<Record> records = Records();
  TimePoint now = *ParseDatetime("2026-11-25T09:00:00Z");
  Result result;
  size_t i = 0;
  for (auto _ : state) {
    screener.Screen(records[i++ % records.size()], now, {}, result);
    benchmark::DoNotOptimize(result.decision);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScreenRecord);

void BM_ScreenAndSummarise(benchmark::State& state) {
  Screener screener(BuiltinPack());
  std::vector<Record> records = Records();
  TimePoint now = *ParseDatetime("2026-11-25T09:00:00Z");
  Result result;
  std::string summary;
  size_t i = 0;
  for (auto _ : state) {
    screener.Screen(records[i++ % records.size()], now, {}, result);
    summary.clear();
    screener.AppendSummary(result, summary);
    benchmark::DoNotOptimize(summary.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScreenAndSummarise);

}  // namespace

BENCHMARK_MAIN();
