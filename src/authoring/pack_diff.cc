// Two packs compared element by element (issue 19, `rules diff`): every
// element is reduced to its name, its place and its attributes as text, and
// one matching walk does the rest for all five kinds.
#include "authoring/pack_diff.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "screen/explain.h"

namespace needlescreen::authoring {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

struct Element {
  std::string name;
  SourcePos pos;
  Attributes attributes;
};

std::string Joined(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

Element Describe(const Field& f) {
  return {f.path,
          f.pos,
          {{"type", std::string(FieldTypeName(f.type))},
           {"values", Joined(f.values)},
           {"unit", f.unit},
           {"question", screen::FoldBlanks(f.question)},
           {"help", screen::FoldBlanks(f.help)},
           {"min", screen::FoldBlanks(f.min)},
           {"max", screen::FoldBlanks(f.max)}}};
}

Element Describe(const Let& l) {
  return {l.name, l.pos, {{"expression", screen::FoldBlanks(l.expr)}}};
}

Element Describe(const Alternative& a) {
  return {a.id,
          a.pos,
          {{"name", screen::FoldBlanks(a.name)},
           {"description", screen::FoldBlanks(a.description)},
           {"when", screen::FoldBlanks(a.when)}}};
}

Element Describe(const Rule& r) {
  return {r.id,
          r.pos,
          {{"outcome", std::string(OutcomeName(r.outcome))},
           {"when", screen::FoldBlanks(r.when)},
           {"message", screen::FoldBlanks(r.message)},
           {"source", screen::FoldBlanks(r.source)},
           {"resume", screen::FoldBlanks(r.resume)},
           {"resume_when", screen::FoldBlanks(r.resume_when)},
           {"resume_when while", screen::FoldBlanks(r.resume_while)},
           {"alternatives", Joined(r.alternatives)}}};
}

template <typename T>
std::vector<Element> DescribeAll(const std::vector<T>& items) {
  std::vector<Element> out;
  out.reserve(items.size());
  for (const T& item : items) out.push_back(Describe(item));
  return out;
}

ElementChange Compare(ElementKind kind, const Element& o, const Element& n) {
  ElementChange c{kind, o.name, ChangeKind::kChanged, o.pos, n.pos, {}};
  // Both sides describe the same kind, so their attributes come in the same order.
  for (size_t i = 0; i < o.attributes.size() && i < n.attributes.size(); ++i) {
    if (o.attributes[i].second == n.attributes[i].second) continue;
    c.attributes.push_back(
        {o.attributes[i].first, o.attributes[i].second, n.attributes[i].second, {}, {}});
  }
  return c;
}

// Changed and removed in the old pack's order, then added in the new pack's.
void DiffGroup(ElementKind kind, const std::vector<Element>& old_elements,
               const std::vector<Element>& new_elements, PackDiff& out) {
  std::map<std::string_view, const Element*> in_new;
  for (const Element& e : new_elements) in_new.emplace(e.name, &e);
  std::map<std::string_view, const Element*> in_old;
  for (const Element& e : old_elements) in_old.emplace(e.name, &e);
  for (const Element& o : old_elements) {
    auto it = in_new.find(o.name);
    if (it == in_new.end()) {
      out.changes.push_back({kind, o.name, ChangeKind::kRemoved, o.pos, {}, {}});
      continue;
    }
    ElementChange c = Compare(kind, o, *it->second);
    if (!c.attributes.empty()) out.changes.push_back(std::move(c));
  }
  for (const Element& n : new_elements) {
    if (!in_old.contains(n.name))
      out.changes.push_back({kind, n.name, ChangeKind::kAdded, {}, n.pos, {}});
  }
}

// The metadata: one element, whose attributes carry their own places.
void DiffMetadata(const Pack& o, const Pack& n, PackDiff& out) {
  using Get = const std::string& (*)(const Pack&);
  struct Key {
    const char* name;
    Get value;
    SourcePos Pack::MetaPositions::*pos;
  };
  static const Key kKeys[] = {
      {"pack", [](const Pack& p) -> const std::string& { return p.id; }, &Pack::MetaPositions::id},
      {"version", [](const Pack& p) -> const std::string& { return p.version; },
       &Pack::MetaPositions::version},
      {"title", [](const Pack& p) -> const std::string& { return p.title; },
       &Pack::MetaPositions::title},
      {"source", [](const Pack& p) -> const std::string& { return p.source; },
       &Pack::MetaPositions::source},
      {"disclaimer", [](const Pack& p) -> const std::string& { return p.disclaimer; },
       &Pack::MetaPositions::disclaimer},
      // Issue 19: a new version usually moves its review dates.
      {"approval_date", [](const Pack& p) -> const std::string& { return p.review.approval_date; },
       &Pack::MetaPositions::approval_date},
      {"last_review_date",
       [](const Pack& p) -> const std::string& { return p.review.last_review_date; },
       &Pack::MetaPositions::last_review_date},
      {"effective_period start",
       [](const Pack& p) -> const std::string& { return p.review.effective_start; },
       &Pack::MetaPositions::effective_start},
      {"effective_period end",
       [](const Pack& p) -> const std::string& { return p.review.effective_end; },
       &Pack::MetaPositions::effective_end},
  };
  ElementChange c{ElementKind::kPack, o.id, ChangeKind::kChanged, o.meta_pos.id, n.meta_pos.id, {}};
  for (const Key& k : kKeys) {
    std::string ov = screen::FoldBlanks(k.value(o));
    std::string nv = screen::FoldBlanks(k.value(n));
    if (ov == nv) continue;
    c.attributes.push_back(
        {k.name, std::move(ov), std::move(nv), o.meta_pos.*k.pos, n.meta_pos.*k.pos});
  }
  if (!c.attributes.empty()) out.changes.push_back(std::move(c));
}

}  // namespace

std::string_view ElementKindName(ElementKind kind) {
  switch (kind) {
    case ElementKind::kPack:
      return "pack";
    case ElementKind::kField:
      return "field";
    case ElementKind::kLet:
      return "let";
    case ElementKind::kAlternative:
      return "alternative";
    case ElementKind::kRule:
      return "rule";
  }
  return "?";
}

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "?";
}

PackDiff DiffPacks(const Pack& old_pack, const Pack& new_pack) {
  PackDiff diff;
  DiffMetadata(old_pack, new_pack, diff);
  DiffGroup(ElementKind::kField, DescribeAll(old_pack.fields), DescribeAll(new_pack.fields), diff);
  DiffGroup(ElementKind::kLet, DescribeAll(old_pack.lets), DescribeAll(new_pack.lets), diff);
  DiffGroup(ElementKind::kAlternative, DescribeAll(old_pack.alternatives),
            DescribeAll(new_pack.alternatives), diff);
  DiffGroup(ElementKind::kRule, DescribeAll(old_pack.rules), DescribeAll(new_pack.rules), diff);
  return diff;
}

}  // namespace needlescreen::authoring
