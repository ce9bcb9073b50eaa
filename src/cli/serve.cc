// `needlescreen serve`: the screen as a CDS Hooks 2.0.1 service (issue 17).
// The library answers; this file parses options, reads the trusted keys,
// refuses to listen beyond loopback without them, logs to stderr and stops
// on SIGTERM / SIGINT after the requests in flight.
#include "needlescreen/serve.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "cli/cli.h"
#include "common/files.h"
#include "common/text.h"

namespace needlescreen::cli {
namespace {

struct ServeCliOptions {
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> rules;
  std::vector<std::string> sets;
  std::vector<std::string> trust;
  std::string public_url;
  int threads = 8;
  size_t queue = 256;
  size_t max_body = 1 << 20;
  int timeout = 5;
  bool strict = false;
};

// A PEM public key is a few hundred bytes; anything over this is not one.
constexpr size_t kMaxKeyBytes = size_t{64} * 1024;

// "127.0.0.1:8080", "[::1]:8080", "localhost:0" -> host and port.
bool ParseListen(const std::string& text, std::string& host, int& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string digits = text.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos)
    return false;
  port = std::stoi(digits);
  return port <= 65535 && !host.empty();
}

// Whether `host` is a numeric address (or "localhost"), and a loopback one.
bool IsLoopback(const std::string& host, bool& numeric) {
  numeric = true;
  if (host == "localhost") return true;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  numeric = false;
  return false;
}

// Reads every --trust ISSUER=KEY.pem; prints the problem and returns false.
bool ReadTrusted(const std::vector<std::string>& trust, std::vector<TrustedIssuer>& out) {
  for (const std::string& t : trust) {
    size_t eq = t.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == t.size()) {
      Err("needlescreen serve: --trust: expected ISSUER=PUBLIC_KEY.pem\n");
      return false;
    }
    std::string path = t.substr(eq + 1);
    TrustedIssuer issuer{t.substr(0, eq), {}};
    if (ReadFileBounded(path, kMaxKeyBytes, issuer.public_key_pem) != ReadStatus::kOk) {
      PrintErr("needlescreen serve: --trust: cannot read the key file {}\n", Printable(path));
      return false;
    }
    out.push_back(std::move(issuer));
  }
  return true;
}

// Calls Stop() once a stop signal arrived, and again until Run() returned
// (a signal before the server was listening would otherwise be lost).
void WatchForStop(HttpServer& server, const std::atomic<bool>& done) {
  while (!done.load()) {
    pollfd p{WakeFd(), POLLIN, 0};
    poll(&p, WakeFd() >= 0 ? 1 : 0, 100);
    if (StopRequested().load()) server.Stop();
  }
}

// Opens /dev/null on whichever of fds 0-2 is closed (`serve 2>&-`): else the
// listening socket or a client's connection would take fd 2, and log lines
// would be written into it.
void KeepStandardFdsOpen() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1) continue;
    int opened = open("/dev/null", O_RDWR);
    if (opened > 2) close(opened);  // a lower fd was closed too: it took that
  }
}

int RunServe(const ServeCliOptions& o) {
  KeepStandardFdsOpen();
  ServeOptions options;
  if (!ParseListen(o.listen, options.host, options.port)) {
    Err("needlescreen serve: --listen: expected ADDRESS:PORT (127.0.0.1:8080, [::1]:8080)\n");
    return kExitUsage;
  }
  bool numeric = false;
  bool loopback = IsLoopback(options.host, numeric);
  if (!numeric) {
    Err("needlescreen serve: --listen: the address must be numeric (or localhost)\n");
    return kExitUsage;
  }
  if (!loopback && o.trust.empty()) {
    PrintErr(
        "needlescreen serve: refusing to listen on {} without --trust: beyond loopback every "
        "request must carry a JWT from a trusted issuer\n",
        Printable(options.host));
    return kExitUsage;
  }
  if (!ReadTrusted(o.trust, options.trusted)) return kExitUsage;
  options.threads = o.threads;
  options.queue = o.queue;
  options.max_body = o.max_body;
  options.timeout_seconds = o.timeout;
  options.public_url = o.public_url;

  std::optional<Pack> pack = LoadPackOrReport(o.rules);
  if (!pack) return kExitBadRules;
  std::optional<Record> defaults = ParseSets(*pack, o.sets);
  if (!defaults) return kExitUsage;
  std::vector<std::unique_ptr<CdsService>> services;
  services.push_back(std::make_unique<CdsService>(*pack, std::move(*defaults)));
  // Issue 19: said at the start; a pack that ends while serving is said once,
  // at the first call after its end.
  const TimePoint start = Now();
  if (!PackInEffect(*pack, start, {"serve", o.strict, false, "not serving"})) return kExitBadRules;
  services.back()->SetEffectPolicy(
      o.strict,
      [](std::string_view problem) { PrintErr("needlescreen serve: warning: {}\n", problem); },
      EffectAt(pack->review, start) != Effect::kInEffect);

  HttpServer server(std::move(services), options,
                    [](std::string_view line) { Err(std::string(line) + "\n"); });
  if (Status s = server.Bind(); !s.ok()) {
    PrintErr("needlescreen serve: {}\n", s.message());
    return kExitUsage;
  }
  StopOnSignals();
  PrintErr("needlescreen serve: listening on http://{}:{}/cds-services ({} {}, {} workers)\n",
           options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host,
           server.port(), Printable(pack->id), Printable(pack->version), options.threads);
  std::atomic<bool> done{false};
  std::thread watcher(WatchForStop, std::ref(server), std::cref(done));
  Status run = server.Run();
  done = true;
  watcher.join();
  if (!run.ok()) {
    PrintErr("needlescreen serve: {}\n", run.message());
    return kExitInternal;
  }
  Err("needlescreen serve: stopped\n");
  return kExitOk;
}

}  // namespace

void SetServeCommand(CLI::App& app, Outcome& outcome) {
  auto o = std::make_shared<ServeCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the screen as a CDS Hooks 2.0.1 service (order-sign) over HTTP");
  cmd->add_option("--listen", o->listen, "Address and port (default 127.0.0.1:8080; port 0: any)")
      ->type_name("ADDR:PORT");
  OnePerUse(cmd->add_option("--rules", o->rules,
                            "Rule file or directory; repeat for several; replaces the built-in "
                            "pack"),
            "FILE|DIR");
  OnePerUse(cmd->add_option("--set", o->sets,
                            "Default for every request's record (the intake's own answer wins)"),
            "PATH=VALUE");
  OnePerUse(cmd->add_option("--trust", o->trust,
                            "Accept JWTs from ISSUER signed with this public key (ES384 or "
                            "RS384); repeat for several; then every request needs one"),
            "ISSUER=KEY.pem");
  cmd->add_option("--public-url", o->public_url,
                  "Base URL clients call (a token's aud is it + /cds-services/{id}); default "
                  "http://ADDR:PORT")
      ->type_name("URL");
  cmd->add_option("--threads", o->threads, "Worker threads, one connection each (default 8)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--queue", o->queue, "Connections waiting for a worker before 503 (default 256)")
      ->check(CLI::Range(size_t{0}, size_t{65536}));
  cmd->add_option("--max-body", o->max_body, "Largest request body in bytes (default 1048576)")
      ->check(CLI::Range(size_t{1024}, size_t{64} << 20));
  cmd->add_option("--timeout", o->timeout,
                  "Read, write and keep-alive idle timeout in seconds (default 5)")
      ->check(CLI::Range(1, 300));
  cmd->add_flag("--strict", o->strict,
                "Refuse a rule pack outside its effective period: not started, or calls "
                "answered 503");
  cmd->callback([o, &outcome] { outcome.exit_code = RunServe(*o); });
}

}  // namespace needlescreen::cli
