// Lexer and recursive-descent parser. Precedence, loosest first:
// or < and < not < comparison/in < + - < unary - < primary.
#include <cctype>
#include <charconv>

#include "expr/expr.h"
#include "needlescreen/time.h"

namespace needlescreen::expr {
namespace {

enum class Tok : uint8_t {
  kEnd,
  kIdent,
  kNumber,
  kDuration,
  kString,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kError,
};

struct Token {
  Tok kind = Tok::kEnd;
  uint32_t offset = 0;
  std::string text;  // identifier, string contents, number/duration spelling
};

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token Next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    Token t;
    t.offset = static_cast<uint32_t>(pos_);
    if (pos_ >= text_.size()) return t;
    char c = text_[pos_];
    if (IsIdentStart(c)) return Ident(t);
    if (IsDigit(c)) return Number(t);
    if (c == '"' || c == '\'') return String(t, c);
    return Punct(t);
  }

  // Just past the last token returned: Next() skips blanks only when called.
  size_t pos() const { return pos_; }

 private:
  Token Ident(Token t) {
    // Dotted paths are one token: `patient.needle_phobia`.
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (IsIdentChar(text_[pos_]) ||
            (text_[pos_] == '.' && pos_ + 1 < text_.size() && IsIdentStart(text_[pos_ + 1])))) {
      ++pos_;
    }
    t.kind = Tok::kIdent;
    t.text = std::string(text_.substr(start, pos_ - start));
    return t;
  }

  Token Number(Token t) {
    size_t start = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    bool fraction = false;
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && IsDigit(text_[pos_ + 1])) {
      fraction = true;
      ++pos_;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    t.kind = Tok::kNumber;
    if (pos_ < text_.size() && IsIdentStart(text_[pos_])) {
      // A unit letter makes a duration (`72h`); anything longer is an error.
      while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
      t.kind = fraction ? Tok::kError : Tok::kDuration;
    }
    t.text = std::string(text_.substr(start, pos_ - start));
    if (t.kind == Tok::kError) t.text = "a duration must be a whole number with a unit (72h)";
    return t;
  }

  Token String(Token t, char quote) {
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      t.text.push_back(text_[pos_++]);
    }
    if (pos_ >= text_.size()) {
      t.kind = Tok::kError;
      t.text = "unterminated string literal";
      return t;
    }
    ++pos_;
    t.kind = Tok::kString;
    return t;
  }

  Token Punct(Token t) {
    char c = text_[pos_];
    char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    auto two = [&](Tok kind) {
      pos_ += 2;
      t.kind = kind;
      return t;
    };
    auto one = [&](Tok kind) {
      pos_ += 1;
      t.kind = kind;
      return t;
    };
    switch (c) {
      case '(':
        return one(Tok::kLParen);
      case ')':
        return one(Tok::kRParen);
      case '[':
        return one(Tok::kLBracket);
      case ']':
        return one(Tok::kRBracket);
      case ',':
        return one(Tok::kComma);
      case '+':
        return one(Tok::kPlus);
      case '-':
        return one(Tok::kMinus);
      case '=':
        if (n == '=') return two(Tok::kEq);
        break;
      case '!':
        if (n == '=') return two(Tok::kNe);
        break;
      case '<':
        return n == '=' ? two(Tok::kLe) : one(Tok::kLt);
      case '>':
        return n == '=' ? two(Tok::kGe) : one(Tok::kGt);
      default:
        break;
    }
    t.kind = Tok::kError;
    t.text = c == '=' ? "use '==' to compare" : "unexpected character";
    return t;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

class Parser {
 public:
  Parser(std::string_view text, std::vector<Node>& nodes, Error& error)
      : lexer_(text), nodes_(nodes), error_(error) {
    Advance();
  }

  int ParseAll() {
    int root = ParseOr();
    if (root >= 0 && tok_.kind != Tok::kEnd) return Fail("expected an operator or the end");
    return root;
  }

 private:
  void Advance() {
    consumed_end_ = lexer_.pos();
    tok_ = lexer_.Next();
  }

  int Fail(std::string message) {
    if (failed_) return -1;
    failed_ = true;
    error_.offset = tok_.offset;
    error_.message = tok_.kind == Tok::kError ? tok_.text : std::move(message);
    return -1;
  }

  // Every node is added once its last token is consumed, so its span ends
  // there; a binary node's begins with its left operand.
  int Add(Node node) {
    node.begin =
        node.a >= 0 && node.b >= 0 ? nodes_[node.a].begin : static_cast<uint16_t>(node.offset);
    node.end = static_cast<uint16_t>(consumed_end_);
    nodes_.push_back(std::move(node));
    return static_cast<int>(nodes_.size() - 1);
  }

  int Binary(Op op, uint32_t offset, int a, int b) {
    if (a < 0 || b < 0) return -1;
    Node n;
    n.op = op;
    n.offset = offset;
    n.a = a;
    n.b = b;
    return Add(std::move(n));
  }

  bool IsWord(std::string_view w) const { return tok_.kind == Tok::kIdent && tok_.text == w; }

  bool Enter() {
    if (++depth_ > kMaxExprDepth) {
      Fail("expression nested more than " + std::to_string(kMaxExprDepth) + " levels deep");
      return false;
    }
    return true;
  }

  int ParseOr() {
    if (!Enter()) return -1;
    int left = ParseAnd();
    while (left >= 0 && IsWord("or")) {
      uint32_t at = tok_.offset;
      Advance();
      left = Binary(Op::kOr, at, left, ParseAnd());
    }
    --depth_;
    return left;
  }

  int ParseAnd() {
    int left = ParseNot();
    while (left >= 0 && IsWord("and")) {
      uint32_t at = tok_.offset;
      Advance();
      left = Binary(Op::kAnd, at, left, ParseNot());
    }
    return left;
  }

  int ParseNot() {
    if (!IsWord("not")) return ParseComparison();
    uint32_t at = tok_.offset;
    Advance();
    if (!Enter()) return -1;
    int operand = ParseNot();
    --depth_;
    if (operand < 0) return -1;
    Node n;
    n.op = Op::kNot;
    n.offset = at;
    n.a = operand;
    return Add(std::move(n));
  }

  int ParseComparison() {
    int left = ParseAdditive();
    if (left < 0) return -1;
    uint32_t at = tok_.offset;
    Op op = Op::kEq;
    switch (tok_.kind) {
      case Tok::kEq:
        op = Op::kEq;
        break;
      case Tok::kNe:
        op = Op::kNe;
        break;
      case Tok::kLt:
        op = Op::kLt;
        break;
      case Tok::kLe:
        op = Op::kLe;
        break;
      case Tok::kGt:
        op = Op::kGt;
        break;
      case Tok::kGe:
        op = Op::kGe;
        break;
      default:
        if (IsWord("in")) {
          op = Op::kIn;
        } else if (IsWord("not")) {
          Advance();
          if (!IsWord("in")) return Fail("expected 'in' after 'not'");
          op = Op::kNotIn;
        } else {
          return left;
        }
    }
    Advance();
    int right = ParseAdditive();
    int node = Binary(op, at, left, right);
    if (node >= 0 && (tok_.kind == Tok::kEq || tok_.kind == Tok::kNe || tok_.kind == Tok::kLt ||
                      tok_.kind == Tok::kLe || tok_.kind == Tok::kGt || tok_.kind == Tok::kGe)) {
      return Fail("comparisons do not chain; combine them with 'and'");
    }
    return node;
  }

  int ParseAdditive() {
    int left = ParseUnary();
    while (left >= 0 && (tok_.kind == Tok::kPlus || tok_.kind == Tok::kMinus)) {
      Op op = tok_.kind == Tok::kPlus ? Op::kAdd : Op::kSub;
      uint32_t at = tok_.offset;
      Advance();
      left = Binary(op, at, left, ParseUnary());
    }
    return left;
  }

  int ParseUnary() {
    if (tok_.kind != Tok::kMinus) return ParsePrimary();
    uint32_t at = tok_.offset;
    Advance();
    if (!Enter()) return -1;
    int operand = ParseUnary();
    --depth_;
    if (operand < 0) return -1;
    Node n;
    n.op = Op::kNeg;
    n.offset = at;
    n.a = operand;
    return Add(std::move(n));
  }

  int ParsePrimary() {
    if (!Enter()) return -1;
    int node = ParsePrimaryUnguarded();
    --depth_;
    return node;
  }

  int ParsePrimaryUnguarded() {
    Node n;
    n.offset = tok_.offset;
    switch (tok_.kind) {
      case Tok::kNumber:
        return NumberLiteral(std::move(n));
      case Tok::kDuration:
        return DurationLiteral(std::move(n));
      case Tok::kString:
        n.op = Op::kStringLit;
        n.text = tok_.text;
        Advance();
        return Add(std::move(n));
      case Tok::kLParen:
        return Parenthesised();
      case Tok::kLBracket:
        return ListLiteral(std::move(n));
      case Tok::kIdent:
        return Name(std::move(n));
      case Tok::kEnd:
        return Fail("expected a value, found the end of the expression");
      default:
        return Fail("expected a value");
    }
  }

  int NumberLiteral(Node n) {
    double v = 0;
    auto [p, ec] = std::from_chars(tok_.text.data(), tok_.text.data() + tok_.text.size(), v);
    if (ec != std::errc() || p != tok_.text.data() + tok_.text.size()) return Fail("bad number");
    n.op = Op::kNumberLit;
    n.number = v;
    Advance();
    return Add(std::move(n));
  }

  int DurationLiteral(Node n) {
    auto d = ParseDuration(tok_.text);
    if (!d) return Fail("expected a duration such as 30m, 72h, 14d or 2w");
    n.op = Op::kDurationLit;
    n.seconds = d->count();
    Advance();
    return Add(std::move(n));
  }

  int Parenthesised() {
    uint32_t open = tok_.offset;
    Advance();
    int inner = ParseOr();
    if (inner < 0) return -1;
    if (tok_.kind != Tok::kRParen) return Fail("expected ')'");
    Advance();
    // The parentheses belong to the span, or `(a or b) and c` would show as
    // `a or b) and c`.
    nodes_[inner].begin = static_cast<uint16_t>(open);
    nodes_[inner].end = static_cast<uint16_t>(consumed_end_);
    return inner;
  }

  int ListLiteral(Node n) {
    Advance();
    n.op = Op::kListLit;
    while (tok_.kind != Tok::kRBracket) {
      int item = ParseAdditive();
      if (item < 0) return -1;
      n.items.push_back(item);
      if (tok_.kind == Tok::kComma) {
        Advance();
      } else if (tok_.kind != Tok::kRBracket) {
        return Fail("expected ',' or ']' in the list");
      }
    }
    Advance();
    return Add(std::move(n));
  }

  int Name(Node n) {
    n.text = tok_.text;
    Advance();
    if (n.text == "true" || n.text == "false") {
      n.op = Op::kBoolLit;
      n.boolean = n.text == "true";
      return Add(std::move(n));
    }
    if (n.text == "and" || n.text == "or" || n.text == "in") {
      error_.offset = n.offset;
      failed_ = true;
      error_.message = "expected a value, found '" + n.text + "'";
      return -1;
    }
    if (tok_.kind != Tok::kLParen) {
      n.op = n.text == "now" ? Op::kNow : Op::kName;
      return Add(std::move(n));
    }
    n.op = Op::kCall;
    Advance();
    while (tok_.kind != Tok::kRParen) {
      int arg = ParseOr();
      if (arg < 0) return -1;
      n.items.push_back(arg);
      if (tok_.kind == Tok::kComma) {
        Advance();
      } else if (tok_.kind != Tok::kRParen) {
        return Fail("expected ',' or ')' after the argument");
      }
    }
    Advance();
    return Add(std::move(n));
  }

  Lexer lexer_;
  Token tok_;
  std::vector<Node>& nodes_;
  Error& error_;
  bool failed_ = false;
  int depth_ = 0;
  size_t consumed_end_ = 0;  // end of the last token consumed
};

static_assert(kMaxExprLength <= UINT16_MAX, "Node::begin/end are 16 bits");

}  // namespace

int Parse(std::string_view text, std::vector<Node>& nodes, Error& error) {
  if (text.size() > kMaxExprLength) {
    error.offset = 0;
    error.message = "expression longer than " + std::to_string(kMaxExprLength) + " characters";
    return -1;
  }
  Parser parser(text, nodes, error);
  return parser.ParseAll();
}

}  // namespace needlescreen::expr
