// Three-valued (Kleene) truth: the logic every rule condition is evaluated in (SPEC §1.2).
//
// Everything here is constexpr and pure: no allocation, no exception, no
// state; safe from any thread and usable in constant expressions.
#ifndef NEEDLESCREEN_TRUTH_H_
#define NEEDLESCREEN_TRUTH_H_

#include <cstdint>
#include <string_view>

namespace needlescreen {

// A rule's verdict on a record. kUnknown means the record lacks a value the
// condition needs; it is never read as kFalse.
enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

// Kleene conjunction: false wins over unknown, unknown wins over true.
constexpr Truth And(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse) return Truth::kFalse;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kTrue;
}

// Kleene disjunction: true wins over unknown, unknown wins over false.
constexpr Truth Or(Truth a, Truth b) {
  if (a == Truth::kTrue || b == Truth::kTrue) return Truth::kTrue;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kFalse;
}

// Negation leaves unknown unknown.
constexpr Truth Not(Truth a) {
  if (a == Truth::kUnknown) return a;
  return a == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}

// A known truth: kTrue or kFalse, never kUnknown.
constexpr Truth FromBool(bool b) { return b ? Truth::kTrue : Truth::kFalse; }

// "true", "false" or "unknown" (also for a value outside the enum): a view of
// a string literal, valid for the whole program.
constexpr std::string_view TruthName(Truth t) {
  switch (t) {
    case Truth::kTrue:
      return "true";
    case Truth::kFalse:
      return "false";
    case Truth::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace needlescreen

#endif  // NEEDLESCREEN_TRUTH_H_
