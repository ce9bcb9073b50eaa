// `needlescreen serve`: the screen as a CDS Hooks 2.0.1 service (issue 17).
//
// Two parts. CdsService answers the protocol — discovery, a hook call, the
// feedback — from request bytes to response bytes, without sockets, so that
// every answer can be tested without a network. HttpServer puts it on a
// socket (cpp-httplib) with every resource bounded: body and header size,
// timeouts, a fixed worker pool and a bounded queue, and the CDS Hooks JWT
// check when issuers are trusted.
//
// Nothing here prints: the server hands one log line per request to a
// callback, and the lines never hold a patient's value (SPEC §6). Only
// std::bad_alloc escapes.
#ifndef NEEDLESCREEN_SERVE_H_
#define NEEDLESCREEN_SERVE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/screen.h"
#include "needlescreen/status.h"
#include "needlescreen/time.h"

namespace needlescreen {

// The key of the prefetch template a service asks for, and under which a
// request must carry the patient's intake (a QuestionnaireResponse, or the
// searchset Bundle the template's search returns).
inline constexpr std::string_view kIntakePrefetchKey = "intake";

// The only hook served: the screen belongs where the procedure is ordered.
inline constexpr std::string_view kServedHook = "order-sign";

// One HTTP answer: status, body and its media type. `decision` names the
// screen's decision for the log (DecisionName: "wait", or "error" for an
// intake that could not be screened; a view of a literal), "" when nothing
// was screened; never a patient value.
struct HttpReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string_view decision;
};

// One CDS service per pack: id = pack id, hook order-sign. Thread-safe: any
// number of threads may call the const methods and Feedback at once.
class CdsService {
 public:
  // `pack` must be loaded and outlive the service. `defaults` holds the
  // server's --set values (sized to the pack; unknown slots where none):
  // each request's record takes them where it has no answer of its own.
  CdsService(const Pack& pack, Record defaults);

  const std::string& id() const { return pack_.id; }

  // The service's entry in the discovery document, as a JSON object written
  // at depth 2 of it (it opens with a line break and four spaces).
  std::string DiscoveryEntry() const;

  // A hook call: `body` is the POSTed CDS Hooks request, `now` the
  // screening time (the time of the request; a `screened_at` answer in the
  // intake is not used). 200 with one card (a decision, or an intake that
  // could not be read: a critical card saying why); 400 when the body is not
  // a CDS Hooks request for this hook (the message says which member) or
  // gives a member of the request, its context or its prefetch twice; 412
  // when the intake prefetch is missing or null (the service does not fetch
  // from the FHIR server); 503 when the body cannot be parsed for want of
  // memory (the client may retry).
  HttpReply Call(std::string_view body, TimePoint now) const;

  // Feedback on this service's cards: 200 and counted when `body` is a
  // feedback object with a `feedback` array (each element counted), 400
  // otherwise. Nothing of the body is kept or echoed.
  HttpReply Feedback(std::string_view body);

  // Issue 19: what a call whose screening time is outside the pack's
  // effective period does. Not strict: it is screened, its card says so, and
  // `warn` receives one line the first time (never again). Strict: 503, not
  // screened. `warned`: the caller has said it already. Set before the
  // server starts (not synchronised with Call).
  void SetEffectPolicy(bool strict, std::function<void(std::string_view)> warn, bool warned);

  // True when `now` is in the pack's effective period or the policy is not
  // strict, saying the first time it is not (see SetEffectPolicy). Thread-safe.
  bool InEffect(TimePoint now) const;

  // Feedback elements accepted so far.
  uint64_t feedback_count() const { return feedback_.load(std::memory_order_relaxed); }

 private:
  const Pack& pack_;
  Screener screener_;
  Record defaults_;
  std::string questionnaire_url_;
  std::atomic<uint64_t> feedback_{0};
  bool strict_ = false;
  std::function<void(std::string_view)> warn_;
  mutable std::atomic<bool> warned_{false};
};

// The discovery document: {"services": [entry, ...]}.
std::string DiscoveryDocument(const std::vector<std::unique_ptr<CdsService>>& services);

// One issuer whose CDS Hooks JWTs are accepted, with its public key (PEM,
// EC P-384 for ES384 or RSA for RS384).
struct TrustedIssuer {
  std::string issuer;
  std::string public_key_pem;
};

// How the server listens and what it bounds.
struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;            // 0: an ephemeral port (HttpServer::port() tells which)
  int threads = 8;            // workers; each holds one connection at a time
  size_t queue = 256;         // connections waiting for a worker; over it: 503
  size_t max_body = 1 << 20;  // request body bytes; over it: 413
  // Each read and write; also how long a connection that sends nothing is
  // kept from accept() (TCP_DEFER_ACCEPT). A kept-alive connection idles at
  // most min(this, 2 s).
  int timeout_seconds = 5;
  size_t keep_alive_max = 100;  // requests on one connection before it is closed
  // Every request must carry a JWT from one of these (401 otherwise); none:
  // no authorisation (the CLI allows that only on a loopback address).
  std::vector<TrustedIssuer> trusted;
  // The base URL clients call ("http://host:port" when empty): a token's
  // `aud` must be this + "/cds-services/{id}".
  std::string public_url;
};

// Receives one log line per request (no trailing newline): time, method,
// path's service, status, duration and decision; never a patient value.
using LogSink = std::function<void(std::string_view line)>;

// The HTTP side: cpp-httplib configured through its setters. Start with
// Bind(), then Run() on one thread; Stop() from any other (a signal
// watcher) ends Run() after the requests in flight are answered.
class HttpServer {
 public:
  HttpServer(std::vector<std::unique_ptr<CdsService>> services, ServeOptions options, LogSink log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Checks the trusted keys and binds the address. An error names what is
  // wrong (an unreadable key, an address in use); nothing listens then.
  Status Bind();
  // The bound port (the ephemeral one when options.port was 0).
  int port() const;
  // Serves until Stop(); returns once every worker has finished.
  Status Run();
  // Stops: connections accepted from now on are answered 503, every
  // connection already accepted (queued ones too, for up to
  // timeout_seconds) reaches a worker and is answered, then Run() returns.
  // Safe from any thread, any number of times; before Run() listens it
  // does nothing, and the caller asks again.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_SERVE_H_
