// The per-format readers behind ReadRecords (reader.cc dispatches).
#ifndef NEEDLESCREEN_RECORDS_READERS_H_
#define NEEDLESCREEN_RECORDS_READERS_H_

#include <istream>
#include <string>
#include <string_view>

#include "needlescreen/reader.h"
#include "records/builder.h"

namespace needlescreen::records {

// Input limits (SPEC §6): one JSON Lines record, one YAML/JSON document.
inline constexpr size_t kMaxLineBytes = 1 << 20;
inline constexpr size_t kMaxDocumentBytes = 64 << 20;

std::string ReadYaml(std::istream& in, std::string_view file, RecordBuilder& builder,
                     uint64_t* next_record, const RecordSink& sink);
std::string ReadJson(std::istream& in, std::string_view file, RecordBuilder& builder,
                     uint64_t* next_record, const RecordSink& sink);
std::string ReadJsonLines(std::istream& in, std::string_view file, RecordBuilder& builder,
                          uint64_t* next_record, const RecordSink& sink);

}  // namespace needlescreen::records

#endif  // NEEDLESCREEN_RECORDS_READERS_H_
