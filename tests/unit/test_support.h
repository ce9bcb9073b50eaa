// Shared by the unit tests: the built-in pack, loaded once.
#ifndef NEEDLESCREEN_TESTS_UNIT_TEST_SUPPORT_H_
#define NEEDLESCREEN_TESTS_UNIT_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstdlib>

#include "needlescreen/pack.h"

namespace needlescreen {

// The compiled-in pack. A test binary whose built-in pack does not load
// cannot test anything meaningful: it says so and stops.
inline const Pack& Builtin() {
  static const Pack pack = [] {
    PackLoad load = LoadBuiltinPack();
    if (!load.pack) {
      for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
      std::abort();
    }
    return std::move(*load.pack);
  }();
  return pack;
}

}  // namespace needlescreen

#endif  // NEEDLESCREEN_TESTS_UNIT_TEST_SUPPORT_H_
