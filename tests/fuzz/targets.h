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
// `serve`'s request handling (issue 17): any body gives 200, 400 or 412, a 200
// is one JSON card with a summary under 140 characters, and a value marked
// FUZZMARK never reaches an error's text.
int FuzzCds(const uint8_t* data, size_t size);

#endif  // NEEDLESCREEN_TESTS_FUZZ_TARGETS_H_
