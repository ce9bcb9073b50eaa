// Loading a pack: read files, check and compile, stamp with a digest.
#include "needlescreen/pack.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>

#include "common/files.h"
#include "pack/compiled.h"
#include "pack/sites.h"

namespace needlescreen {

namespace internal {
extern const std::string_view kBuiltinPackName;
extern const std::string_view kBuiltinPackText;
}  // namespace internal

namespace {

// Rule files larger than this are refused (SPEC §6: limits on hostile input).
constexpr size_t kMaxRuleFileBytes = size_t{4} * 1024 * 1024;
// And the files of one pack together (a directory of many files).
constexpr size_t kMaxPackBytes = 4 * kMaxRuleFileBytes;

// SHA-256 over the files' bytes in load order, so a single-file pack's digest
// is what `sha256sum` prints for that file.
std::string Digest(const std::vector<PackSource>& sources) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const PackSource& s : sources) EVP_DigestUpdate(ctx, s.text.data(), s.text.size());
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, hash, &length);
  EVP_MD_CTX_free(ctx);
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", hash[i]);
  return out;
}

Diagnostic FileError(const std::string& path, std::string message) {
  Diagnostic d;
  d.file = path;
  d.message = ClipMessage(std::move(message));
  return d;
}

// Reads one rule file, never holding more than the limit (issue 13: a pipe or
// /dev/zero has no size to check first). False when it could not be read.
bool ReadOne(const std::string& path, std::vector<PackSource>& out, Diagnostics& diags) {
  PackSource source{path, {}};
  switch (ReadFileBounded(path, kMaxRuleFileBytes, source.text)) {
    case ReadStatus::kOk:
      out.push_back(std::move(source));
      return true;
    case ReadStatus::kTooLarge:
      diags.push_back(
          FileError(path, fmt::format("rule file larger than {} bytes", kMaxRuleFileBytes)));
      return false;
    case ReadStatus::kUnreadable:
      break;
  }
  diags.push_back(FileError(path, "cannot read the rule file"));
  return false;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kRefer:
      return "refer";
    case Outcome::kSwap:
      return "swap";
    case Outcome::kWait:
      return "wait";
    case Outcome::kCaution:
      return "caution";
    case Outcome::kInfo:
      return "info";
  }
  return "?";
}

int Pack::FieldIndex(std::string_view path) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].path == path) return static_cast<int>(i);
  }
  return -1;
}

PackLoad LoadPack(const std::vector<PackSource>& sources) {
  PackLoad result;
  if (sources.empty()) {
    result.diagnostics.push_back(FileError("<rules>", "no rule files given"));
    return result;
  }
  Pack pack;
  pack::PackSites sites;
  pack::ReadPack(sources, pack, sites, result.diagnostics);
  pack::CompilePack(pack, sites, result.diagnostics);
  if (HasErrors(result.diagnostics)) return result;
  pack.digest = Digest(sources);
  for (const PackSource& s : sources) pack.files.push_back(s.name);
  result.pack = std::move(pack);
  return result;
}

std::vector<PackSource> ReadPackSources(const std::vector<std::string>& paths,
                                        Diagnostics& diagnostics) {
  std::vector<PackSource> sources;
  std::vector<std::string> empty;
  size_t total = 0;
  for (const std::string& f : ExpandYamlPaths(paths, empty, diagnostics)) {
    if (!ReadOne(f, sources, diagnostics)) continue;
    total += sources.back().text.size();
    if (total > kMaxPackBytes) {
      diagnostics.push_back(FileError(
          f, fmt::format("the pack's files together are larger than {} bytes", kMaxPackBytes)));
      break;
    }
  }
  for (const std::string& d : empty) {
    diagnostics.push_back(FileError(d, "no .yaml rule files in this directory"));
  }
  return sources;
}

PackLoad LoadPackFiles(const std::vector<std::string>& paths) {
  Diagnostics diags;
  std::vector<PackSource> sources = ReadPackSources(paths, diags);
  if (!diags.empty()) return {std::nullopt, std::move(diags)};
  return LoadPack(sources);
}

PackSource BuiltinPackSource() {
  return {"rules/" + std::string(internal::kBuiltinPackName),
          std::string(internal::kBuiltinPackText)};
}

PackLoad LoadBuiltinPack() { return LoadPack({BuiltinPackSource()}); }

}  // namespace needlescreen
