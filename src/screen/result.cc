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
    case Decision::kRefer:
      return "refer";
    case Decision::kIncomplete:
      return "incomplete";
    case Decision::kError:
      return "error";
  }
  return "error";
}

namespace {

// How far an outcome or a decision is from proceeding.
int Rank(Outcome o) {
  switch (o) {
    case Outcome::kRefer:
      return 3;
    case Outcome::kSwap:
      return 2;
    case Outcome::kWait:
      return 1;
    case Outcome::kCaution:
    case Outcome::kInfo:
      break;
  }
  return 0;
}

int Rank(Decision d) {
  switch (d) {
    case Decision::kRefer:
    case Decision::kError:
      return 3;
    case Decision::kSwap:
      return 2;
    case Decision::kWait:
      return 1;
    case Decision::kProceed:
    case Decision::kIncomplete:
      break;
  }
  return 0;
}

}  // namespace

std::string ImplausibleText(const Field& field, Implausible problem) {
  if (problem == Implausible::kNo) return {};
  const bool above = problem == Implausible::kAboveMax;
  const std::string& bound = above ? field.max : field.min;
  std::string words = bound == "now" ? "the screening time" : "`" + bound + "`";
  if (field.type == FieldType::kDatetime) {
    return above ? "the answer given is after " + words + ", the latest allowed"
                 : "the answer given is before " + words + ", the earliest allowed";
  }
  return above ? "the answer given is above " + words + ", the largest allowed"
               : "the answer given is below " + words + ", the smallest allowed";
}

bool CanChange(Outcome outcome, Decision decision) { return Rank(outcome) > Rank(decision); }

AdviceFor AdviceForDecision(Decision decision) {
  switch (decision) {
    case Decision::kProceed:
      return AdviceFor::kNow;
    case Decision::kWait:
      return AdviceFor::kAfterWait;
    case Decision::kIncomplete:
      return AdviceFor::kOnceCleared;
    case Decision::kSwap:
    case Decision::kRefer:
      return AdviceFor::kNotNeedling;
    case Decision::kError:
      break;
  }
  return AdviceFor::kNone;
}

std::string_view AdviceName(AdviceFor advice) {
  switch (advice) {
    case AdviceFor::kNow:
      return "now";
    case AdviceFor::kAfterWait:
      return "after_wait";
    case AdviceFor::kOnceCleared:
      return "once_cleared";
    case AdviceFor::kNotNeedling:
      return "not_needling";
    case AdviceFor::kNone:
      break;
  }
  return "";
}

std::optional<Decision> ParseDecision(std::string_view name) {
  for (Decision d : kDecisionsInOrder) {
    if (DecisionName(d) == name) return d;
  }
  return std::nullopt;
}

}  // namespace needlescreen
