// Shared by the unit tests: the built-in pack, loaded once.
#ifndef NEEDLESCREEN_TESTS_UNIT_TEST_SUPPORT_H_
#define NEEDLESCREEN_TESTS_UNIT_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "needlescreen/pack.h"

namespace needlescreen {

// Sets TZ while it lives and restores the previous value, so results do not
// depend on the machine's zone or on test order (local-time tests).
class ScopedTz {
 public:
  explicit ScopedTz(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTz() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

 private:
  std::optional<std::string> old_;
};

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
