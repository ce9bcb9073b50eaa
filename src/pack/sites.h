// Where each expression and message of a pack came from, kept between reading
// the YAML (read.cc) and compiling it (compile.cc) so errors can point into it.
#ifndef NEEDLESCREEN_PACK_SITES_H_
#define NEEDLESCREEN_PACK_SITES_H_

#include <deque>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "pack/source.h"

namespace needlescreen::pack {

// A scalar in a rule file: the file, the byte position of its node, its text.
struct Site {
  const SourceFile* file = nullptr;
  size_t pos = 0;
  int line = 0;    // 0-based, as yaml-cpp counts
  int column = 0;  // 0-based

  Diagnostic Error(std::string message) const { return file->At(line, column, std::move(message)); }
};

struct RuleSites {
  Site rule, outcome, when, message, resume, resume_when, resume_while, alternatives;
};

// A field's `min` and `max` scalars (or the field's mapping when absent).
struct FieldBoundSites {
  Site min, max;
};

// Where the review dates were written (file == nullptr when not).
struct ReviewSites {
  Site approval_date, last_review_date, effective_start, effective_end;
};

struct PackSites {
  std::deque<SourceFile> files;  // stable addresses for Site::file
  ReviewSites review;
  std::vector<Site> fields;
  std::vector<Site> lets;               // the let's expression scalar
  std::vector<Site> alternative_whens;  // per alternative: its `when` scalar (or the mapping)
  std::vector<FieldBoundSites> bounds;  // per field
  std::vector<RuleSites> rules;
};

// Reads every source's YAML into `pack` (fields, lets, alternatives and rules as
// written) and `sites`, appending every problem found to `diagnostics`.
void ReadPack(const std::vector<PackSource>& sources, Pack& pack, PackSites& sites,
              Diagnostics& diagnostics);

// Checks and compiles the expressions and messages read by ReadPack.
void CompilePack(Pack& pack, const PackSites& sites, Diagnostics& diagnostics);

}  // namespace needlescreen::pack

#endif  // NEEDLESCREEN_PACK_SITES_H_
