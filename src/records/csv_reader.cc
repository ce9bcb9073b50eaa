// CSV records (RFC 4180) through libcsv: a header row of field paths, then one
// record per row. Row boundaries are found by ChunkReader; libcsv unquotes the
// cells of one row at a time, and each cell is decoded straight into its field.
#include <csv.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>

#include "records/readers.h"

namespace needlescreen::records {

struct CsvRowParser::Impl {
  explicit Impl(RecordBuilder& b) : builder(b) { csv_init(&parser, CSV_APPEND_NULL); }
  ~Impl() { csv_free(&parser); }

  static void OnHeaderCell(void* data, size_t length, void* self) {
    static_cast<Impl*>(self)->names.emplace_back(static_cast<const char*>(data), length);
  }
  static void OnHeaderRow(int, void*) {}

  static void OnCell(void* data, size_t length, void* self) {
    static_cast<Impl*>(self)->Cell(std::string_view(static_cast<const char*>(data), length));
  }
  static void OnRow(int, void* self) {
    auto* impl = static_cast<Impl*>(self);
    if (++impl->rows == 2) impl->builder.Fail("unexpected line break (a lone carriage return?)");
  }

  void Cell(std::string_view text) {
    size_t column = cell++;
    if (column >= columns.size()) return;  // counted, reported at the end of the row
    int field = columns[column];
    if (field < 0 || text.empty()) return;
    if (suspect && !Clean(text)) return;
    builder.SetText(field, text);
  }

  // Only for a row that failed the whole-row check: find the field to name.
  bool Clean(std::string_view text) { return builder.CheckText(columns[cell - 1], text); }

  RecordBuilder& builder;
  csv_parser parser;
  std::vector<std::string> names;
  std::vector<int> columns;  // field per column; -1 = not a field of the pack
  std::string header_problem;
  std::string first_unknown;
  size_t cell = 0;
  int rows = 0;
  bool suspect = false;  // the row holds a NUL byte or invalid UTF-8 somewhere
};

CsvRowParser::CsvRowParser(RecordBuilder& builder) : impl_(std::make_unique<Impl>(builder)) {}
CsvRowParser::~CsvRowParser() = default;

void CsvRowParser::SetHeader(std::string_view header) {
  Impl& m = *impl_;
  m.names.clear();
  csv_parse(&m.parser, header.data(), header.size(), Impl::OnHeaderCell, Impl::OnHeaderRow, &m);
  csv_fini(&m.parser, Impl::OnHeaderCell, Impl::OnHeaderRow, &m);
  m.columns.assign(m.names.size(), -1);
  for (size_t i = 0; i < m.names.size(); ++i) {
    const std::string& name = m.names[i];
    int field = m.builder.FieldIndex(name);
    for (size_t j = 0; j < i && field >= 0; ++j) {
      if (m.columns[j] == field && m.header_problem.empty()) {
        m.header_problem =
            fmt::format("the header names field {} twice (columns {} and {})", name, j + 1, i + 1);
      }
    }
    m.columns[i] = field;
    if (field < 0 && !name.empty()) {
      if (m.first_unknown.empty()) m.first_unknown = name;
      m.builder.Unknown(name);  // warns (once, by the caller) unless --strict
    }
  }
}

void CsvRowParser::Parse(std::string_view row) {
  Impl& m = *impl_;
  if (!m.header_problem.empty()) return m.builder.Fail(m.header_problem);
  if (!m.first_unknown.empty()) m.builder.Unknown(m.first_unknown);  // an error under --strict
  m.cell = 0;
  m.rows = 0;
  // One pass over the row is much cheaper than one per cell; cells are checked
  // one by one only to name the field of a bad row.
  m.suspect = std::memchr(row.data(), '\0', row.size()) != nullptr ||
              !simdjson::validate_utf8(row.data(), row.size());
  if (std::memchr(row.data(), '"', row.size()) == nullptr) {
    // Without quotes a row is its cells separated by commas: split it here.
    // libcsv reads rows with quotes; on plain rows it cost a fifth of the
    // CSV -> CSV profile, calling back for every byte's state change.
    size_t start = 0;
    for (size_t comma; (comma = row.find(',', start)) != std::string_view::npos;
         start = comma + 1) {
      m.Cell(row.substr(start, comma - start));
    }
    m.Cell(row.substr(start));
  } else {
    csv_parse(&m.parser, row.data(), row.size(), Impl::OnCell, Impl::OnRow, &m);
    csv_fini(&m.parser, Impl::OnCell, Impl::OnRow, &m);
  }
  if (m.suspect && !m.builder.failed()) m.builder.Fail("not valid UTF-8 text");
  if (m.cell != m.columns.size()) {
    m.builder.Refail(
        fmt::format("expected {} cells (as in the header), found {}", m.columns.size(), m.cell));
  }
}

}  // namespace needlescreen::records
