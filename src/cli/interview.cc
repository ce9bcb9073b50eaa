// `needlescreen interview`: the guided pre-session screen (SPEC §4). The
// library chooses the questions; this file only talks: questions and prompts
// on stderr, answers from a terminal (libedit: line editing and history) or
// one per line from stdin, the result on stdout exactly as `check` writes it.
#include "needlescreen/interview.h"

#include <fmt/color.h>
#include <fmt/format.h>
#include <histedit.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/cli.h"
#include "common/text.h"
#include "needlescreen/output.h"
#include "needlescreen/reader.h"
#include "needlescreen/screen.h"

namespace needlescreen::cli {
namespace {

struct InterviewOptions {
  std::vector<std::string> rules;
  std::vector<std::string> sets;
  std::string format;
  std::string at;
  std::string save;
  bool explain = false;
  bool force = false;
  bool strict = false;
};

// Reads one answer per call: through libedit on a terminal, else a plain line
// of stdin (scripts and tests). nullopt is the end of input (Ctrl-D).
class LineReader {
 public:
  explicit LineReader(bool terminal) {
    if (!terminal) return;
    editor_ = el_init("needlescreen", stdin, stderr, stderr);
    history_ = history_init();
    HistEvent event;
    history(history_, &event, H_SETSIZE, 200);
    el_set(editor_, EL_CLIENTDATA, this);
    el_set(editor_, EL_PROMPT, &LineReader::Prompt);
    el_set(editor_, EL_EDITOR, "emacs");
    el_set(editor_, EL_SIGNAL, 1);  // restore the terminal on Ctrl-C
    el_set(editor_, EL_HIST, history, history_);
    el_source(editor_, nullptr);  // the user's ~/.editrc
  }
  ~LineReader() {
    if (editor_) el_end(editor_);
    if (history_) history_end(history_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool terminal() const { return editor_ != nullptr; }

  std::optional<std::string> Read(const std::string& prompt) {
    if (!editor_) {
      // Nothing is echoed: the transcript on stderr holds questions, never
      // patient values (SPEC §6), and the prompt line ends here.
      PrintErr("{}\n", prompt);
      std::string line;
      if (!std::getline(std::cin, line)) return std::nullopt;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    prompt_ = prompt;
    int count = 0;
    const char* line = el_gets(editor_, &count);
    if (line == nullptr || count <= 0) return std::nullopt;
    std::string text(line, static_cast<size_t>(count));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    HistEvent event;
    if (!text.empty()) history(history_, &event, H_ENTER, text.c_str());
    return text;
  }

 private:
  static char* Prompt(EditLine* editor) {
    LineReader* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    return self->prompt_.data();
  }

  EditLine* editor_ = nullptr;
  History* history_ = nullptr;
  std::string prompt_;
};

// The conversation on stderr, in colour when stderr is a colour terminal.
// Every line goes through Printable (issue 13): questions, help and values
// come from the pack and from what was typed or given by --set. The line
// breaks a line holds are the session's own; a value that could hold one is
// made Printable where it is put into the line, so it cannot start a line.
class Talk {
 public:
  explicit Talk(bool color) : color_(color) {}
  static void Line(std::string_view text = {}) {
    PrintErr("{}\n", Printable(text, LineBreaks::kKeep));
  }
  void Bold(std::string_view text) const { Styled(text, fmt::emphasis::bold); }
  void Dim(std::string_view text) const { Styled(text, fmt::emphasis::faint); }
  void Problem(std::string_view text) const { Styled(text, fmt::fg(fmt::terminal_color::red)); }

 private:
  void Styled(std::string_view text, fmt::text_style style) const {
    if (color_)
      PrintErr("{}\n", fmt::styled(Printable(text, LineBreaks::kKeep), style));
    else
      Line(text);
  }
  bool color_;
};

std::string Choices(const Field& field) {
  std::string out;
  for (size_t i = 0; i < field.values.size(); ++i) {
    out += fmt::format("{}{} {}", i == 0 ? "" : "   ", i + 1, field.values[i]);
  }
  return out;
}

class Session {
 public:
  Session(Interview& interview, LineReader& reader, const Talk& talk, int preset)
      : iv_(interview), reader_(reader), talk_(talk), preset_(preset) {}

  // Asks until nothing left can matter, `done`, or the end of input.
  void Run() {
    Intro();
    while (std::optional<Question> q = iv_.Next()) {
      if (!q->blocking && !optional_announced_) AnnounceOptional(*q);
      if (!Ask(*q)) break;
    }
  }

 private:
  void Intro() {
    const Pack& pack = iv_.pack();
    talk_.Bold(fmt::format("needlescreen interview: {} {}, screening at {}", Printable(pack.id),
                           Printable(pack.version), FormatLocalDatetime(iv_.screened_at())));
    Talk::Line(
        "Only questions whose answer can still change the decision are asked.\n"
        "Enter skips a question, ? shows its help, back returns to the previous one\n"
        "(Enter then keeps its answer, skip leaves it unknown), done finishes with what is known.");
    if (preset_ > 0) {
      Talk::Line(fmt::format("{} answer{} given by --set, never asked.", preset_,
                             preset_ == 1 ? "" : "s"));
    }
  }

  void AnnounceOptional(const Question& q) {
    optional_announced_ = true;
    Talk::Line();
    Talk::Line(fmt::format(
        "Nothing left to ask can change the decision. {} more question{} only add{} cautions\n"
        "or notes: answer, press Enter to skip one, or type done to skip them all.",
        q.remaining, q.remaining == 1 ? "" : "s", q.remaining == 1 ? "s" : ""));
  }

  // What a reply leads to: the same question again, the next one, or the end.
  enum class After { kAskAgain, kNext, kStop };

  // One question until it is answered, skipped or left; false ends the interview.
  bool Ask(const Question& q) {
    const Field& field = iv_.pack().fields[q.field];
    Talk::Line();
    talk_.Bold(fmt::format("{}. {}", q.number,
                           Printable(field.question.empty() ? field.path : field.question)));
    if (field.type == FieldType::kEnum || field.type == FieldType::kList) {
      Talk::Line("   " + Choices(field));
    }
    // After `back`, the answer given before is the default (issue 16). The
    // value is shown only on a terminal: a transcript holds no patient value.
    earlier_.reset();
    if (recalled_ && recalled_->field == q.field && !recalled_->skipped) earlier_ = recalled_;
    recalled_.reset();
    std::string keeps;
    if (earlier_) {
      keeps = reader_.terminal() ? fmt::format("; Enter keeps: {}", Printable(earlier_->typed))
                                 : std::string("; Enter keeps the earlier answer");
    }
    std::string prompt = fmt::format("   [{}{}] > ", Printable(AnswerHint(field)), keeps);
    while (true) {
      std::optional<std::string> line = reader_.Read(prompt);
      if (!line) {
        Talk::Line(reader_.terminal() ? "\n(end of input: finishing with what is known)"
                                      : "(end of input: finishing with what is known)");
        iv_.Finish();
        return false;
      }
      After after = Reply(q, *line);
      if (after != After::kAskAgain) return after == After::kNext;
    }
  }

  After Reply(const Question& q, const std::string& line) {
    ReplyKind kind = ClassifyReply(line);
    if (kind == ReplyKind::kSkip && earlier_ && Trim(line).empty()) {
      return Reply(q, earlier_->typed);  // Enter keeps the earlier answer
    }
    switch (kind) {
      case ReplyKind::kHelp:
        Help(q);
        return After::kAskAgain;
      case ReplyKind::kBack:
        if (!iv_.steps().empty()) recalled_ = iv_.steps().back();
        if (iv_.Back() >= 0) return After::kNext;  // Next() asks the previous question
        talk_.Dim("   (this is the first question)");
        return After::kAskAgain;
      case ReplyKind::kDone:
        iv_.Finish();
        return After::kStop;
      case ReplyKind::kSkip:
        iv_.Skip(q.field);
        return After::kNext;
      case ReplyKind::kAnswer:
        break;
    }
    std::string problem = iv_.Answer(q.field, line);
    if (!problem.empty()) {
      talk_.Problem(fmt::format("   {}; try again, or ? for help", problem));
      return After::kAskAgain;
    }
    Confirm(q.field, line);
    return After::kNext;
  }

  // On a terminal, a relative time is shown as the datetime it was read as,
  // in local time like everything the interview says (issue 15).
  void Confirm(int index, std::string_view typed) const {
    const Field& field = iv_.pack().fields[index];
    if (!reader_.terminal() || field.type != FieldType::kDatetime) return;
    std::string value = RenderSlot(field, iv_.record().slots[index], /*local_time=*/true);
    if (value != typed) talk_.Dim("   = " + value);
  }

  void Help(const Question& q) const {
    const Pack& pack = iv_.pack();
    const Field& field = pack.fields[q.field];
    if (!field.help.empty()) Talk::Line("   " + field.help);
    Talk::Line("   Answer: " + ExpectedAnswer(field) + ".");
    std::vector<std::string_view> rules;
    for (int r : q.rules) rules.push_back(pack.rules[r].id);
    talk_.Dim(fmt::format("   Field {}, asked for: {}", field.path, fmt::join(rules, ", ")));
  }

  Interview& iv_;
  LineReader& reader_;
  const Talk& talk_;
  int preset_;
  bool optional_announced_ = false;
  std::optional<Step> recalled_;  // the step `back` undid, until its question is asked
  std::optional<Step> earlier_;   // its answer, while that question is asked again
};

// Every answer in the order given, then the --set values: one line each.
void Recap(const Interview& iv, const Talk& talk) {
  const Pack& pack = iv.pack();
  Talk::Line();
  talk.Bold(fmt::format("  Answers ({} question{} asked):", iv.steps().size(),
                        iv.steps().size() == 1 ? "" : "s"));
  auto line = [&](int f, std::string_view value, std::string_view note) {
    Talk::Line(fmt::format("    {:<34} {}{}", pack.fields[f].path, Printable(value), note));
  };
  for (const Step& s : iv.steps()) {
    const Slot& slot = iv.record().slots[s.field];
    std::string value =
        s.skipped ? "skipped" : RenderSlot(pack.fields[s.field], slot, /*local_time=*/true);
    std::string typed;
    if (!s.skipped && value != s.typed && pack.fields[s.field].type == FieldType::kDatetime) {
      typed = fmt::format("  ({})", Printable(s.typed));
    }
    line(s.field, value, typed);
  }
  for (size_t f = 0; f < pack.fields.size(); ++f) {
    int i = static_cast<int>(f);
    if (iv.source(i) != FieldSource::kPreset || !iv.record().slots[f].known) continue;
    if (pack.fields[f].path == kScreenedAtField) continue;  // in the result's last line
    line(i, RenderSlot(pack.fields[f], iv.record().slots[f], /*local_time=*/true), "  (--set)");
  }
}

// Why --save could not be written at the end, found before the first question
// (issue 16: answers were lost when it failed after the last one); "" when it
// can. Without --force an existing file is refused.
std::string SaveProblem(const std::string& path, bool force) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status)) {
    if (std::filesystem::is_directory(status)) return "is a directory";
    if (!force) return "the file exists; add --force to overwrite it";
    if (access(path.c_str(), W_OK) != 0) {
      return fmt::format("cannot write the file ({})", std::generic_category().message(errno));
    }
    return "";
  }
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    return fmt::format("cannot create the file ({})", std::generic_category().message(errno));
  }
  return "";
}

// Writes the saved record; "" or the problem. Without --force an existing
// file is never replaced, even one created while the interview ran.
std::string Save(const std::string& path, const std::string& text, bool force) {
  std::FILE* file = std::fopen(path.c_str(), force ? "w" : "wx");
  if (!file) {
    return std::filesystem::exists(path) ? "the file exists; add --force to overwrite it"
                                         : "cannot create the file";
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  ok = std::fclose(file) == 0 && ok;
  return ok ? "" : "cannot write the file";
}

// The end of an interview: save, summary screen, result, recap.
struct Finish {
  const Interview& iv;
  const InterviewOptions& options;
  OutputOptions output;
  bool interactive = false;
  const Talk& talk;

  int Run() const {
    Screener screener(iv.pack());
    // Local times only where the result is text: JSON and CSV stay UTC.
    Result result = iv.Screen({options.explain, output.format == OutputFormat::kText});
    RecordInfo info = Info();
    std::string save_problem;
    if (!options.save.empty()) {
      // x.fhir.json: a FHIR QuestionnaireResponse, whose object starts on line 1.
      IntakeYaml saved = InputFormatFromPath(options.save) == InputFormat::kFhir
                             ? IntakeYaml{WriteIntakeFhir(iv), 1}
                             : WriteIntakeYaml(iv);
      info.line = saved.line;  // so that `check` on the saved file prints the same
      save_problem = Save(options.save, saved.text, options.force);
    }
    bool stdout_is_summary = output.format == OutputFormat::kText && isatty(STDOUT_FILENO);
    if (interactive) Err("\n");
    if (interactive && !stdout_is_summary) Summary(screener, info);
    bool written = WriteStdout(screener, info, result);
    if (interactive) Recap(iv, talk);
    if (!save_problem.empty()) {
      PrintErr("needlescreen interview: --save {}: {}\n", Printable(options.save), save_problem);
    } else if (interactive && !options.save.empty()) {
      Talk::Line(fmt::format("\nSaved to {}; `needlescreen check {}` replays this screen.",
                             Printable(options.save), Printable(options.save)));
    }
    // Issue 16: the decision is the last line, so it is on the screen however
    // short the terminal and however long the recap above it.
    if (interactive) {
      std::string decision = "\nDecision: ";
      AppendDecisionLine(result, decision);
      talk.Bold(decision);
    }
    if (!save_problem.empty()) return kExitWriteFailed;
    if (!written) {
      PrintErr("needlescreen: cannot write the result to standard output\n");
      return kExitWriteFailed;
    }
    // As `check` on the saved record exits: a screen that could not be
    // written (a resume time past 9999) is the record's error.
    return result.decision == Decision::kError ? kExitBadRecords : kExitOk;
  }

  // The record's identity as `check` would give it for the saved file.
  RecordInfo Info() const {
    const Pack& pack = iv.pack();
    RecordInfo info;
    info.record = 1;
    info.file = options.save.empty() ? std::string_view("interview") : options.save;
    int id = pack.FieldIndex(kIdField);
    if (id >= 0 && iv.record().slots[id].known) {
      info.id = iv.record().slots[id].text;
    }
    return info;
  }

  // The result as `check` writes it: the library's writers, the disclaimer after text.
  bool WriteStdout(const Screener& screener, const RecordInfo& info, const Result& result) const {
    std::string out;
    WriteBegin(iv.pack(), output, out);
    ResultWriter(screener, output).Result(info, iv.record(), result, true, out);
    WriteEnd(output, out);
    const std::string& disclaimer = iv.pack().disclaimer;
    if (output.format == OutputFormat::kText && !disclaimer.empty()) {
      out += Printable(disclaimer, LineBreaks::kKeep) + "\n";  // the pack author's prose
    }
    bool written = std::fwrite(out.data(), 1, out.size(), stdout) == out.size();
    return std::fflush(stdout) == 0 && written;
  }

  // The summary screen on stderr when stdout is not the terminal's text:
  // screened again (the same decision) for text's local times.
  void Summary(const Screener& screener, const RecordInfo& info) const {
    const Result result = iv.Screen({options.explain, /*local_times=*/true});
    OutputOptions text;
    text.format = OutputFormat::kText;
    text.color = ColorWanted(STDERR_FILENO);
    text.explain = options.explain;
    std::string out;
    WriteResult(screener, info, iv.record(), result, text, true, out);
    Err(out);
  }
};

int RunInterview(const InterviewOptions& options) {
  OutputOptions output;
  output.format = options.format.empty()
                      ? (isatty(STDOUT_FILENO) ? OutputFormat::kText : OutputFormat::kJsonLines)
                      : *ParseOutputFormat(options.format);
  output.color = output.format == OutputFormat::kText && ColorWanted(STDOUT_FILENO);
  output.explain = options.explain;
  TimePoint now = Now();
  if (!options.at.empty()) {
    auto at = ParseAt(options.at);
    if (!at) return kExitUsage;
    now = *at;
  }
  // Refused before the first question, not after the last one.
  if (!options.save.empty()) {
    if (std::string problem = SaveProblem(options.save, options.force); !problem.empty()) {
      PrintErr("needlescreen interview: --save {}: {}\n", Printable(options.save), problem);
      return kExitUsage;
    }
  }
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  std::optional<Record> preset = ParseSets(*pack, options.sets);
  if (!preset) return kExitUsage;
  // Issue 19: said before the first question, not after the last one.
  if (!PackInEffect(*pack, now, {"interview", options.strict, false, "nothing was asked"})) {
    return kExitBadRules;
  }

  Interview interview(*pack, *preset, now);
  bool interactive = isatty(STDIN_FILENO) != 0 && isatty(STDERR_FILENO) != 0;
  Talk talk(ColorWanted(STDERR_FILENO));
  {
    LineReader reader(interactive);
    int given = static_cast<int>(std::count_if(preset->slots.begin(), preset->slots.end(),
                                               [](const Slot& s) { return s.known; }));
    Session(interview, reader, talk, given).Run();
  }
  return Finish{interview, options, output, interactive, talk}.Run();
}

}  // namespace

void SetInterviewCommand(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<InterviewOptions>();
  CLI::App* cmd = app.add_subcommand(
      "interview", "Guided pre-session screen: asks only what can change the decision");
  OnePerUse(cmd->add_option("--rules", options->rules,
                            "Rule file or directory; repeat for several; replaces the built-in "
                            "pack"),
            "FILE|DIR");
  cmd->add_option(
         "--format", options->format,
         "Result on stdout: text, json, jsonl or csv (default: text on a terminal, else jsonl)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  cmd->add_option("--at", options->at,
                  "Screening time: ISO 8601, now, '36 hours ago', 'yesterday 09:00'; default: now")
      ->type_name("WHEN");
  OnePerUse(
      cmd->add_option("--set", options->sets, "Known beforehand, never asked; repeat for several"),
      "PATH=VALUE");
  cmd->add_flag("--explain", options->explain, "Show every rule's verdict and the values it read");
  cmd->add_option("--save", options->save,
                  "Write the answers as a YAML intake record, or a FHIR QuestionnaireResponse "
                  "when FILE ends in .fhir.json (check FILE replays it)");
  cmd->add_flag("--force", options->force, "Let --save overwrite an existing file");
  cmd->add_flag("--strict", options->strict,
                "Refuse a rule pack outside its effective period at the screening time");
  cmd->callback([options, &outcome] { outcome.exit_code = RunInterview(*options); });
}

}  // namespace needlescreen::cli
