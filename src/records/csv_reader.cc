// CSV records (RFC 4180) through libcsv in strict mode: a header row of field
// paths, then one record per row. Row boundaries are found by ChunkReader;
// libcsv unquotes the cells of one row at a time, and each cell is decoded
// straight into its field.
#include <csv.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>
#include <new>

#include "common/text.h"
#include "records/readers.h"

namespace needlescreen::records {
namespace {

// RFC 4180 strictly: a quote inside an unquoted cell, text after a closing
// quote and a quote that never closes are errors, not guesses.
constexpr unsigned char kStrict = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;

// RFC 4180 §2.4: "Spaces are considered part of a field and should not be
// ignored." libcsv trims them unless told that nothing is a space.
int NothingIsSpace(unsigned char /*c*/) { return 0; }

using CellCallback = void (*)(void*, size_t, void*);
using RowCallback = void (*)(int, void*);

// libcsv's parser, reused row after row.
class StrictParser {
 public:
  StrictParser() {
    csv_init(&parser_, kStrict);
    csv_set_space_func(&parser_, NothingIsSpace);
  }
  ~StrictParser() { csv_free(&parser_); }
  StrictParser(const StrictParser&) = delete;
  StrictParser& operator=(const StrictParser&) = delete;

  // Parses `row` as one row, calling back per cell. Returns npos, or the
  // offset of the byte that breaks RFC 4180 (row.size(): a quote that never
  // closes); the cells after it are not called back.
  size_t Parse(std::string_view row, CellCallback cell, RowCallback end, void* data) {
    size_t done = csv_parse(&parser_, row.data(), row.size(), cell, end, data);
    if (csv_error(&parser_) == CSV_ENOMEM || csv_error(&parser_) == CSV_ETOOBIG) {
      Reset();
      throw std::bad_alloc();  // a system failure, not a bad record
    }
    if (done < row.size()) {
      Reset();
      return done;
    }
    if (csv_fini(&parser_, cell, end, data) != 0) {
      Reset();
      return row.size();
    }
    return std::string_view::npos;
  }

 private:
  // After an error libcsv keeps its state (and csv_fini refuses to clear an
  // open quote in strict mode): finish without callbacks, leniently.
  void Reset() {
    csv_set_opts(&parser_, kStrict & ~CSV_STRICT_FINI);
    csv_fini(&parser_, nullptr, nullptr, nullptr);
    csv_set_opts(&parser_, kStrict);
  }

  csv_parser parser_{};  // set up by csv_init
};

// What is wrong at `offset` of `row` (StrictParser::Parse's answer), by
// position only: never the cell's text (SPEC §6).
std::string SyntaxProblem(std::string_view row, size_t offset) {
  if (offset >= row.size()) return "a quote that never closes";
  // Column in bytes on the offending byte's line of the record (a quoted
  // cell may hold line ends; the record's first line is known to the caller
  // only). The input's kind of line end is not known here either: LF if the
  // row holds one (LF and CRLF files), else CR.
  const char line_end = row.find('\n') != std::string_view::npos ? '\n' : '\r';
  size_t line_start = 0, line = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (row[i] == line_end) {
      ++line;
      line_start = i + 1;
    }
  }
  size_t column = offset - line_start + 1;
  std::string where = line == 1 ? fmt::format("column {}", column)
                                : fmt::format("column {} of the record's line {}", column, line);
  // libcsv stops at a quote inside an unquoted cell, or at the byte after
  // the quote that closed a quoted cell.
  if (row[offset] == '"') {
    return fmt::format(
        "a quote inside a cell that does not start with one ({}); RFC 4180 quotes the whole "
        "cell and doubles each quote inside it",
        where);
  }
  return fmt::format(
      "text after the quote that closes the cell ({}); a quote inside a quoted cell is written "
      "twice",
      where);
}

// Reads the header's cells; "" or what is wrong with the row.
struct HeaderCells {
  static void OnCell(void* data, size_t length, void* self) {
    static_cast<HeaderCells*>(self)->names.emplace_back(static_cast<const char*>(data), length);
  }
  static void OnRow(int /*terminator*/, void* /*self*/) {}

  std::string Read(std::string_view header) {
    StrictParser parser;
    size_t bad = parser.Parse(header, OnCell, OnRow, this);
    if (bad == std::string_view::npos) return "";
    return fmt::format("cell {}: {}", names.size() + 1, SyntaxProblem(header, bad));
  }

  std::vector<std::string> names;
};

// Whether `row` (valid as to quotes) holds a CR or LF outside quotes: one
// the reader found of the other kind than the input's line ends (RowFault),
// which libcsv would take for the end of the row.
bool LineEndOutsideQuotes(std::string_view row) {
  bool quoted = false;
  for (char c : row) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\r' || c == '\n')) return true;
  }
  return false;
}

// A header cell names the field its trimmed text is the path of: paths hold
// no spaces, so `id, patient.consent` is read as meant.
std::string HeaderProblem(std::string_view header,
                          const std::function<bool(std::string_view)>& is_field,
                          std::vector<std::string>& names) {
  HeaderCells cells;
  std::string problem = cells.Read(header);
  names = std::move(cells.names);
  if (problem.empty() && LineEndOutsideQuotes(header)) problem = "a line end outside quotes";
  if (!problem.empty()) {
    return fmt::format("the first row is not a header row of field paths: it is not valid CSV ({})",
                       problem);
  }
  for (const std::string& name : names) {
    if (is_field(Trim(name))) return "";
  }
  return "the first row is not a header row of field paths: no cell names a field of the rule "
         "pack (needlescreen template --format csv writes the header row)";
}

}  // namespace

std::string CsvHeaderProblem(std::string_view header,
                             const std::function<bool(std::string_view)>& is_field) {
  std::vector<std::string> names;
  return HeaderProblem(header, is_field, names);
}

struct CsvRowParser::Impl {
  explicit Impl(RecordBuilder& b) : builder(b) {}

  static void OnCell(void* data, size_t length, void* self) {
    static_cast<Impl*>(self)->Cell(std::string_view(static_cast<const char*>(data), length));
  }
  static void OnRow(int /*terminator*/, void* self) {
    auto* impl = static_cast<Impl*>(self);
    if (++impl->rows == 2)
      impl->builder.Fail(StatusCode::kSyntax, "unexpected line break (a lone carriage return?)");
  }

  void Cell(std::string_view text) {
    size_t column = cell++;
    if (column >= columns.size() || text.empty()) return;  // counted at the end of the row
    const int field = columns[column];
    // A row that failed the whole-row check is checked cell by cell, to name
    // the field.
    if (field >= 0) {
      if (!suspect || builder.CheckText(field, text)) builder.SetText(field, text);
    } else if (field != kNoField) {
      if (!suspect || builder.CheckText(TextColumn(field), text)) SetText(TextColumn(field), text);
    }
  }

  // RFC 4180 §2.4: a text cell keeps its bytes, spaces included. DecodeText
  // trims every value, which typed cells keep (" yes " is yes: a spreadsheet's
  // padding is not a different answer); text with spaces at an end is set
  // here as written.
  void SetText(int field, std::string_view text) {
    if (!IsAsciiSpace(text.front()) && !IsAsciiSpace(text.back())) {
      return builder.SetText(field, text);
    }
    if (text.size() > kMaxStringBytes) return builder.WrongShape(field);  // names the limit
    Slot& slot = builder.slot(field);
    slot.text.assign(text);
    slot.known = true;
  }

  // The field of a column, or kNoField.
  int FieldAt(size_t column) const {
    const int field = column < columns.size() ? columns[column] : kNoField;
    return field < kNoField ? TextColumn(field) : field;
  }

  // A row with quotes, through libcsv; false (and the row's error) when it
  // breaks RFC 4180, as its cells cannot be trusted to be in their columns.
  bool ParseQuoted(std::string_view row) {
    size_t bad = parser.Parse(row, OnCell, OnRow, this);
    if (bad == std::string_view::npos) return true;
    const int field = FieldAt(cell);  // the cell being read when the error was found
    if (field >= 0) {
      builder.RefailField(field, StatusCode::kSyntax, SyntaxProblem(row, bad));
    } else {
      builder.Refail(StatusCode::kSyntax,
                     fmt::format("cell {}: {}", cell + 1, SyntaxProblem(row, bad)));
    }
    return false;
  }

  RecordBuilder& builder;
  StrictParser parser;
  std::vector<std::string> names;
  // Per column its field, kNoField, or for a text field (FieldType::kString)
  // TextColumn(field): below kNoField, so that the usual typed cell costs no
  // more than one test (a second one per cell showed in the CSV profile).
  static constexpr int kNoField = -1;
  static constexpr int TextColumn(int field) { return -2 - field; }  // and back
  std::vector<int> columns;
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
  m.first_unknown.clear();
  m.columns.clear();
  m.header_problem = HeaderProblem(
      header, [&m](std::string_view path) { return m.builder.FieldIndex(path) >= 0; }, m.names);
  // Not a header: its cells are a patient's values, not to be warned about.
  if (!m.header_problem.empty()) return;
  m.columns.assign(m.names.size(), Impl::kNoField);
  for (size_t i = 0; i < m.names.size(); ++i) {
    std::string_view name = Trim(m.names[i]);
    int field = m.builder.FieldIndex(name);
    for (size_t j = 0; j < i && field >= 0; ++j) {
      if (m.FieldAt(j) == field && m.header_problem.empty()) {
        m.header_problem =
            fmt::format("the header names field {} twice (columns {} and {})", name, j + 1, i + 1);
      }
    }
    const bool text = field >= 0 && m.builder.field(field).type == FieldType::kString;
    m.columns[i] = text ? Impl::TextColumn(field) : field;
    if (field < 0 && !name.empty()) {
      if (m.first_unknown.empty()) m.first_unknown = name;
      m.builder.Unknown(name);  // warns (once, by the caller) unless --strict
    }
  }
}

void CsvRowParser::Parse(std::string_view row) {
  Impl& m = *impl_;
  if (!m.header_problem.empty()) return m.builder.Fail(StatusCode::kSyntax, m.header_problem);
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
    for (size_t comma = 0; (comma = row.find(',', start)) != std::string_view::npos;
         start = comma + 1) {
      m.Cell(row.substr(start, comma - start));
    }
    m.Cell(row.substr(start));
  } else if (!m.ParseQuoted(row)) {
    return;
  }
  if (m.suspect && !m.builder.failed()) m.builder.Fail(StatusCode::kSyntax, "not valid UTF-8 text");
  if (m.cell != m.columns.size()) {
    m.builder.Refail(
        StatusCode::kSyntax,
        fmt::format("expected {} cells (as in the header), found {}", m.columns.size(), m.cell));
  }
}

}  // namespace needlescreen::records
