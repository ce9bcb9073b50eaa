#include "needlescreen/result.h"

namespace needlescreen {

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kProceed:
      return "proceed";
    case Decision::kWait:
      return "wait";
    case Decision::kSwap:
      return "swap";
    case Decision::kIncomplete:
      return "incomplete";
    case Decision::kError:
      return "error";
  }
  return "error";
}

std::optional<Decision> ParseDecision(std::string_view name) {
  for (Decision d : {Decision::kProceed, Decision::kWait, Decision::kSwap, Decision::kIncomplete,
                     Decision::kError}) {
    if (DecisionName(d) == name) return d;
  }
  return std::nullopt;
}

}  // namespace needlescreen
