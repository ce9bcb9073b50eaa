// Choosing the next question (SPEC §1.2, §4 `interview`): the record is
// screened after every answer, and only fields that can change a rule whose
// verdict is still unknown are candidates, the same fields `check` lists as
// missing. Kleene logic is monotone in the answers for every operator but
// known(): a true refer rule stays true whatever else is answered, so the
// decision is settled and asking stops; a true swap or wait rule leaves only
// the rules that outrank it to ask about.
#include "needlescreen/interview.h"

#include <algorithm>
#include <utility>

namespace needlescreen {
namespace {

// A field's weight as a question: the unknown rules of the phase it decides.
// The blocking phase asks what can still change the decision (CanChange);
// the other, what only caution and info rules need.
std::vector<int> RulesOfPhase(const Pack& pack, const Missing& m, bool blocking,
                              Decision decision) {
  std::vector<int> rules;
  for (int r : m.rules) {
    Outcome o = pack.rules[r].outcome;
    if (blocking ? CanChange(o, decision) : !Decides(o)) rules.push_back(r);
  }
  return rules;
}

}  // namespace

Interview::Interview(const Pack& pack, Record preset, TimePoint default_now)
    : pack_(pack),
      screener_(pack),
      record_(std::move(preset)),
      preset_(pack.fields.size(), false),
      screened_at_(default_now) {
  record_.slots.resize(pack.fields.size());
  for (size_t i = 0; i < pack.fields.size(); ++i) preset_[i] = record_.slots[i].known;
  int at = pack.FieldIndex(kScreenedAtField);
  if (at >= 0) {
    Slot& slot = record_.slots[at];
    if (slot.known) screened_at_ = TimePoint(std::chrono::seconds(slot.seconds));
    slot.known = true;
    slot.seconds = screened_at_.time_since_epoch().count();
    preset_[at] = true;  // the screening time is never a question
  }
}

std::optional<Question> Interview::Next() const {
  if (finished_) return std::nullopt;
  Result r = Screen();
  // A true rule cannot turn false with more answers: once refer, nothing can
  // change the decision; on swap only an unknown refer rule can, and on wait
  // a refer or swap rule. Cautions matter only while needling may go ahead
  // now (proceed, incomplete): after a wait the screen is taken again.
  if (r.decision == Decision::kRefer) return std::nullopt;
  bool optional_phase_allowed =
      r.decision == Decision::kProceed || r.decision == Decision::kIncomplete;
  for (bool blocking : {true, false}) {
    if (!blocking && !optional_phase_allowed) break;
    std::optional<Question> best;
    int candidates = 0;
    for (const Missing& m : r.missing) {
      if (source(m.field) != FieldSource::kNotAsked) continue;
      std::vector<int> rules = RulesOfPhase(pack_, m, blocking, r.decision);
      if (rules.empty()) continue;
      ++candidates;
      // `missing` is in field order, so a tie keeps the earlier field.
      if (!best || rules.size() > best->rules.size()) {
        best = Question{m.field, blocking, std::move(rules), 0, 0};
      }
    }
    if (best) {
      best->number = static_cast<int>(steps_.size()) + 1;
      best->remaining = candidates;
      return best;
    }
  }
  return std::nullopt;
}

std::string Interview::Answer(int field, std::string_view text) {
  if (field < 0 || static_cast<size_t>(field) >= pack_.fields.size() || preset_[field]) {
    return "this field is not asked";
  }
  Slot slot;
  std::string problem = ParseAnswer(pack_.fields[field], text, screened_at_, slot);
  if (!problem.empty()) return problem;
  // Issue 15: an implausible answer (an onset after the screen) is refused
  // here, where it can be typed again, rather than screened as unknown.
  Implausible implausible = screener_.CheckAnswer(field, slot, screened_at_);
  if (implausible != Implausible::kNo) return ImplausibleText(pack_.fields[field], implausible);
  record_.slots[field] = std::move(slot);
  std::erase_if(steps_, [field](const Step& s) { return s.field == field; });
  steps_.push_back({field, false, std::string(text)});
  return {};
}

void Interview::Skip(int field) {
  if (field < 0 || static_cast<size_t>(field) >= pack_.fields.size() || preset_[field]) return;
  record_.slots[field].known = false;
  std::erase_if(steps_, [field](const Step& s) { return s.field == field; });
  steps_.push_back({field, true, {}});
}

int Interview::Back() {
  if (steps_.empty()) return -1;
  int field = steps_.back().field;
  steps_.pop_back();
  record_.slots[field].known = false;
  finished_ = false;
  return field;
}

Result Interview::Screen(const ScreenOptions& options) const {
  Result r;
  screener_.Screen(record_, screened_at_, options, r);
  return r;
}

FieldSource Interview::source(int field) const {
  if (preset_[field]) return FieldSource::kPreset;
  for (const Step& s : steps_) {
    if (s.field == field) return s.skipped ? FieldSource::kSkipped : FieldSource::kAnswered;
  }
  return FieldSource::kNotAsked;
}

}  // namespace needlescreen
