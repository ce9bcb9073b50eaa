// The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz_*.cc) and
// the regression test that replays every kept crasher in the normal suite.
#include "fuzz/targets.h"

// needlescreen_lib is compiled with simdjson::simdjson's usage requirement
// SIMDJSON_THREADS_ENABLED, which adds a member to dom::parser; the targets
// this file is built into (unit_tests, fuzz_*) do not get it, and the header's
// inline parser code must have one layout in the whole program (ODR).
#ifndef SIMDJSON_THREADS_ENABLED
#define SIMDJSON_THREADS_ENABLED 1
#endif
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>

#include "common/yaml_events.h"
#include "expr/expr.h"
#include "needlescreen/output.h"
#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/screen.h"
#include "needlescreen/serve.h"

// libFuzzer target: the rule-pack loader (YAML -> checked, compiled pack).
// Any input must give a pack or diagnostics, never a crash, hang or leak.

int FuzzPack(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  needlescreen::PackLoad load = needlescreen::LoadPack({{"fuzz.yaml", text}});
  for (const auto& d : load.diagnostics) (void)needlescreen::FormatDiagnostic(d);
  if (load.pack) {
    // A pack that loads must also screen an empty record.
    needlescreen::Screener screener(*load.pack);
    needlescreen::Record record(load.pack->fields.size());
    needlescreen::Result result = screener.Screen(record, needlescreen::TimePoint{});
    (void)screener.Summary(result);
  }
  return 0;
}

// libFuzzer target: the expression parser and type checker against the
// built-in pack's fields, then evaluation on an empty and a full record.

namespace {
const needlescreen::Pack& BuiltinForExpr() {
  static const needlescreen::Pack pack = *needlescreen::LoadBuiltinPack().pack;
  return pack;
}
}  // namespace

int FuzzExpr(const uint8_t* data, size_t size) {
  using namespace needlescreen;
  const Pack& pack = BuiltinForExpr();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<expr::Node> nodes;
  expr::Error error;
  int root = expr::Parse(text, nodes, error);
  if (root < 0) return 0;
  expr::Scope scope;
  scope.fields = &pack.fields;
  std::vector<expr::Error> errors;
  expr::Type type = expr::Check(nodes, root, scope, errors);
  if (!errors.empty() || type.kind == expr::Kind::kError) return 0;
  expr::Optimize(nodes, root);
  Record empty(pack.fields.size());
  Record full(pack.fields.size());
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const Field& f = pack.fields[i];
    std::string value = f.type == FieldType::kBool       ? "yes"
                        : f.type == FieldType::kNumber   ? "3"
                        : f.type == FieldType::kDatetime ? "2026-11-24T09:00:00Z"
                        : f.values.empty()               ? "x"
                                                         : f.values.back();
    DecodeText(f, value, full.slots[i]);
  }
  std::vector<int> lets;
  for (const Record* r : {&empty, &full}) {
    expr::Context ctx{&nodes, &lets, r, 1795993200};
    expr::Value v = expr::Eval(ctx, root);
    (void)expr::RenderValue(v, type, pack.fields);
    expr::CollectUnknownFields(ctx, root, [](int) {});
  }
  return 0;
}

// libFuzzer target: every record reader together with screening and every
// output format. The first byte picks the input format (from 0xC0: FHIR). Whatever the input,
// each record must come out as a result or an error, with no crash, hang or
// leak, and error messages must not echo the input (checked for one marker).

namespace {
const needlescreen::Pack& BuiltinForRecords() {
  static const needlescreen::Pack pack = *needlescreen::LoadBuiltinPack().pack;
  return pack;
}
}  // namespace

int FuzzRecords(const uint8_t* data, size_t size) {
  using namespace needlescreen;
  if (size == 0) return 0;
  const InputFormat formats[] = {InputFormat::kYaml, InputFormat::kJson, InputFormat::kJsonLines,
                                 InputFormat::kCsv};
  // A first byte from 0xC0 reads FHIR (issue 17); below it the seeds kept
  // before FHIR existed still pick the format they were written for.
  InputFormat format = data[0] >= 0xC0 ? InputFormat::kFhir : formats[data[0] % 4];
  OutputOptions output;
  output.format = static_cast<OutputFormat>((data[0] / 4) % 5);  // kText..kHtml
  output.explain = (data[0] / 16) % 2 == 1;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  const Pack& pack = BuiltinForRecords();
  Screener screener(pack);
  ResultWriter writer(screener, output);
  ScreenOptions screen;
  screen.explain = output.explain;
  Result result;
  std::string out;
  uint64_t next = 1;
  bool first = true;
  ReadRecords(in, "fuzz", format, pack, {}, &next, [&](RecordEvent& e) {
    if (!e.status.ok()) {
      if (e.status.ToString().find("FUZZMARK") != std::string::npos) __builtin_trap();  // SPEC §6
      writer.Error(e.info, e.status, first, out);
    } else {
      screener.Screen(*e.record, TimePoint{}, screen, result);
      writer.Result(e.info, *e.record, result, first, out);
    }
    first = false;
    if (out.size() > (1 << 20)) out.clear();
    return true;
  });
  return 0;
}

// libFuzzer target: a differential oracle for the strict readers (commit
// 321d702). Fail closed: input that the reference parser rejects as a whole
// (libyaml for YAML, simdjson's DOM parser for JSON) must never come out as
// clean records only; at least one record event must carry an error. Records
// before a break may still be screened (SPEC §1.5), so the oracle asks for an
// error, not for no records. Every input is read both as YAML and as JSON, so
// the seeds are plain record files.

namespace {

// Prints which property broke, for whoever replays the input, and stops with
// a trap so libFuzzer keeps the input.
[[noreturn]] void Violated(const char* what) {
  std::fprintf(stderr, "FuzzStrict: %s\n", what);
  std::fflush(stderr);
  __builtin_trap();
}

struct ReadCounts {
  uint64_t events = 0;
  uint64_t errors = 0;
};

// Reads `text` in `format` and checks what holds for any input: the events are
// numbered 1..n with no gap, each is an error or a decoded record, and a
// string stream never fails as a stream.
ReadCounts ReadAll(std::string_view text, needlescreen::InputFormat format) {
  using namespace needlescreen;
  std::istringstream in{std::string(text)};
  ReadCounts counts;
  uint64_t next = 1;
  Status failure =
      ReadRecords(in, "fuzz", format, BuiltinForRecords(), {}, &next, [&](RecordEvent& e) {
        if (e.info.record != counts.events + 1) Violated("record events not numbered 1..n");
        if (e.status.ok() && e.record == nullptr) Violated("an event with no record nor error");
        if (!e.status.ok() && e.status.position().record != e.info.record) {
          Violated("an error status not located at its record");
        }
        if (!e.status.ok() && e.status.position().line != e.info.line) {
          Violated("an error status at another line than its record");
        }
        ++counts.events;
        if (!e.status.ok()) ++counts.errors;
        return true;
      });
  if (!failure.ok()) Violated("a string stream reported a stream failure");
  if (next != counts.events + 1) Violated("next record number is not events + 1");
  return counts;
}

void CheckYaml(std::string_view text) {
  // The reader splits documents on their marker lines and resumes after a
  // broken list item, so it sees pieces; libyaml here sees the whole stream.
  bool rejected = needlescreen::CheckYamlSyntax(text).has_value();
  ReadCounts counts = ReadAll(text, needlescreen::InputFormat::kYaml);
  if (rejected && counts.errors == 0) {
    Violated("libyaml rejects the YAML stream, the YAML reader reports no error record");
  }
}

void CheckJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text.data(), text.size());
  simdjson::dom::element root;
  bool accepted = parser.parse(padded).get(root) == simdjson::SUCCESS;
  uint64_t expected = 1;  // a document that is not an array is one record
  simdjson::dom::array array;
  if (accepted && root.get_array().get(array) == simdjson::SUCCESS) {
    expected = 0;  // counted, not size(): size() saturates at 0xFFFFFF
    for ([[maybe_unused]] simdjson::dom::element item : array) ++expected;
  }
  ReadCounts counts = ReadAll(text, needlescreen::InputFormat::kJson);
  if (!accepted && counts.errors == 0) {
    Violated("simdjson rejects the JSON document, the JSON reader reports no error record");
  }
  // A valid array is one event per element, whatever each element holds.
  if (accepted && counts.events != expected) {
    Violated("a valid JSON document gave a record count other than its element count");
  }
}

}  // namespace

int FuzzStrict(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckYaml(text);
  CheckJson(text);
  return 0;
}

// libFuzzer target: a CDS Hooks request body through CdsService::Call, as
// `serve` hands it over (issue 17). The answer is 200, 400 or 412, never a
// crash; a 200 is JSON with one card whose summary is under 140 characters;
// a patient value (FUZZMARK) appears neither in a 4xx message nor in an
// error card (decision error: the intake could not be read).
int FuzzCds(const uint8_t* data, size_t size) {
  using namespace needlescreen;
  static const CdsService service(BuiltinForRecords(), Record(BuiltinForRecords().fields.size()));
  std::string_view body(reinterpret_cast<const char*>(data), size);
  HttpReply reply = service.Call(body, TimePoint{std::chrono::seconds(1796000000)});
  if (reply.status != 200 && reply.status != 400 && reply.status != 412) __builtin_trap();
  if (reply.status != 200) {
    if (reply.body.find("FUZZMARK") != std::string::npos) __builtin_trap();
    return 0;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element card;
  if (parser.parse(reply.body).at_pointer("/cards/0").get(card)) __builtin_trap();
  std::string_view summary, decision;
  if (card["summary"].get_string().get(summary) ||
      card["extension"]["org.needlescreen.decision"].get_string().get(decision)) {
    __builtin_trap();
  }
  size_t chars = 0;
  for (char c : summary) chars += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
  if (chars >= 140) __builtin_trap();
  if (decision == "error" && reply.body.find("FUZZMARK") != std::string::npos) __builtin_trap();
  return 0;
}
