// The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz_*.cc) and
// the regression test that replays every kept crasher in the normal suite.
#include "fuzz/targets.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "expr/expr.h"
#include "needlescreen/output.h"
#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/screen.h"

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
// output format. The first byte picks the input format. Whatever the input,
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
  InputFormat format = formats[data[0] % 4];
  OutputOptions output;
  output.format = static_cast<OutputFormat>((data[0] / 4) % 4);
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
    if (!e.error.empty()) {
      if (e.error.find("FUZZMARK") != std::string::npos) __builtin_trap();  // SPEC §6
      writer.Error(e.info, e.error, first, out);
    } else {
      screener.Screen(*e.record, TimePoint{}, screen, result);
      writer.Result(e.info, result, first, out);
    }
    first = false;
    if (out.size() > (1 << 20)) out.clear();
    return true;
  });
  return 0;
}
