// Text placed into a card's Markdown `detail` (CDS Hooks 2.0.1: "GitHub
// Flavored Markdown"). A rule's message can carry a patient's answer, and a
// pack's texts are an author's: neither may become a link, an image, raw
// HTML or a heading in the clinician's record system.
#ifndef NEEDLESCREEN_SERVE_MARKDOWN_H_
#define NEEDLESCREEN_SERVE_MARKDOWN_H_

#include <string>
#include <string_view>

namespace needlescreen::serve {

// `text` as literal Markdown inline text, for the middle of a line: the
// ASCII punctuation that opens inline markup is backslash-escaped
// (CommonMark §2.4: any ASCII punctuation may be), line breaks and other
// controls become spaces, so it cannot open a block, a link, an emphasis or
// an HTML tag.
std::string MarkdownText(std::string_view text);

// `text` for a card's plain-text members (summary, labels): C0 and C1
// controls, DEL, bidirectional controls and line separators become spaces,
// so that a patient's answer can neither reorder what the clinician reads
// (a right-to-left override) nor carry terminal escapes.
std::string CardText(std::string_view text);

// `text` for inside a `code span`: backticks and controls become spaces (a
// code span has no escapes).
std::string MarkdownCode(std::string_view text);

}  // namespace needlescreen::serve

#endif  // NEEDLESCREEN_SERVE_MARKDOWN_H_
