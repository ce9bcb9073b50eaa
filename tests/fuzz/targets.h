// Fuzz target bodies (see targets.cc). Each returns 0; a finding is a crash,
// a sanitizer report, or a trap.
#ifndef NEEDLESCREEN_TESTS_FUZZ_TARGETS_H_
#define NEEDLESCREEN_TESTS_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>

int FuzzPack(const uint8_t* data, size_t size);
int FuzzExpr(const uint8_t* data, size_t size);
int FuzzRecords(const uint8_t* data, size_t size);
// The differential oracle for the strict readers: input libyaml (YAML) or
// simdjson (JSON) rejects as a whole must give at least one error record.
int FuzzStrict(const uint8_t* data, size_t size);

#endif  // NEEDLESCREEN_TESTS_FUZZ_TARGETS_H_
