// The HTTP side of `serve`: cpp-httplib 0.11.4 (Debian: libcpp-httplib-dev),
// a compiled library, so configured only through its setters and
// new_task_queue: its macros were fixed when Debian built it.
//
// What bounds what: the body (set_payload_max_length: 413), the request
// line and each header line (8 KiB, compiled into the library: 414 / 400),
// read and write timeouts and the keep-alive idle time (set_*_timeout), the
// requests per connection (set_keep_alive_max_count), the workers
// (BoundedPool: `threads`) and the connections waiting for one (`queue`:
// past it a connection is answered 503 by a single refusing thread). What
// 0.11.4 cannot bound: the number of header lines a client sends while it
// keeps sending within the read timeout (README "In the record system").
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "common/text.h"
#include "needlescreen/serve.h"
#include "serve/jwt.h"

namespace needlescreen {
namespace {

// Connections over the queue are answered 503 by a few refusing threads;
// past this many waiting for them, the acceptor answers them itself
// (back-pressure on accept, as the kernel's backlog would give).
constexpr size_t kMaxRefusals = 1024;
constexpr size_t kRefusers = 4;
// How long a kept-alive connection may stay idle: short, because each one
// holds a worker (cpp-httplib serves a connection per thread) and a refuser
// waits this long on a client that connects and sends nothing.
constexpr int kKeepAliveIdleSeconds = 2;

// Per worker thread: the request being served, for the log line.
struct RequestState {
  RequestState() noexcept = default;
  std::chrono::steady_clock::time_point start{};
  bool overloaded = false;    // this connection came past the queue's bound
  std::string_view decision;  // a DecisionName: a literal
};
thread_local RequestState t_request;

// A fixed pool of workers with a bounded queue of connections. httplib
// hands each accepted connection to enqueue() as a task that serves it
// until it closes; a task the queue cannot take is run by the refusing
// thread, flagged, so that every request on it is answered 503.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(jobs_, false); });
    for (size_t i = 0; i < kRefusers; ++i)
      refusers_.emplace_back([this] { Work(refusals_, true); });
  }

  // Before a stop: connections accepted from now on are refused (503), and
  // this returns once every queued connection has reached a worker (or at
  // `deadline`), so that stopping the server answers them instead of
  // closing them unread.
  void Drain(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    draining_ = true;
    drained_.wait_until(lock, deadline, [&] { return jobs_.empty(); });
    lock.unlock();
    // A worker that has just taken a connection is about to enter
    // cpp-httplib's keep-alive loop, which checks the listening socket once
    // before the first request: let it pass that check.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mu_);
    // Waiting = queued beyond the idle workers, which take a job at once.
    size_t idle = workers_.size() - busy_;
    if (!draining_ && jobs_.size() < idle + max_queued_) {
      jobs_.push_back(std::move(fn));
    } else if (refusals_.size() < kMaxRefusals) {
      refusals_.push_back(std::move(fn));
    } else {
      lock.unlock();
      RunFlagged(fn, true);
      return;
    }
    cv_.notify_all();
  }

  // Finishes every queued connection, then joins.
  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
    for (std::thread& t : refusers_) t.join();
  }

 private:
  static void RunFlagged(const std::function<void()>& fn, bool overloaded) {
    t_request.overloaded = overloaded;
    fn();
    t_request.overloaded = false;
  }

  void Work(std::deque<std::function<void()>>& queue, bool overloaded) {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and nothing left
        fn = std::move(queue.front());
        queue.pop_front();
        if (!overloaded) ++busy_;
        if (jobs_.empty()) drained_.notify_all();
      }
      RunFlagged(fn, overloaded);
      if (!overloaded) {
        std::lock_guard lock(mu_);
        --busy_;
      }
    }
  }

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable drained_;
  bool draining_ = false;
  std::deque<std::function<void()>> jobs_, refusals_;
  bool stopping_ = false;
  size_t busy_ = 0;  // workers serving a connection
  std::vector<std::thread> workers_;
  std::vector<std::thread> refusers_;
};

void SetText(httplib::Response& res, int status, std::string_view message) {
  res.status = status;
  res.set_content(std::string(message) + "\n", "text/plain; charset=utf-8");
}

// The part of a path the log may show: our endpoints, by the id of a
// service this server has, and nothing else a client asked for (it could
// hold anything, a patient's name included).
std::string LoggedPath(const httplib::Request& req, bool known_service) {
  if (req.path == "/cds-services") return req.path;
  if (known_service && req.matches.size() > 1) {
    return "/cds-services/" + Printable(req.matches[1].str()) +
           (req.path.ends_with("/feedback") ? "/feedback" : "");
  }
  return "(other)";
}

}  // namespace

struct HttpServer::Impl {
  std::vector<std::unique_ptr<CdsService>> services;
  ServeOptions options;
  LogSink log;
  serve::TokenVerifier verifier;
  httplib::Server server;
  std::atomic<BoundedPool*> pool{nullptr};  // owned by `server` while it listens
  std::atomic<bool> stopped{false};
  int listen_fd = -1;
  int port = 0;
  std::string base_url;

  const CdsService* FindConst(const std::string& id) const {
    for (const auto& s : services) {
      if (s->id() == id) return s.get();
    }
    return nullptr;
  }

  CdsService* Find(const std::string& id) {
    for (auto& s : services) {
      if (s->id() == id) return s.get();
    }
    return nullptr;
  }

  // Refuses the request (true) when the server is over its queue or the
  // request lacks a trusted token for the endpoint it called.
  bool Refused(const httplib::Request& req, httplib::Response& res) {
    if (t_request.overloaded) {
      SetText(res, 503, "the server is busy or stopping; retry shortly");
      res.set_header("Retry-After", "1");
      res.set_header("Connection", "close");
      return true;
    }
    if (options.trusted.empty()) return false;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    Status status =
        verifier.Verify(req.get_header_value("Authorization"), base_url + req.path, now);
    if (status.ok()) return false;
    SetText(res, 401, "unauthorised: " + status.message());
    res.set_header("WWW-Authenticate", "Bearer");
    return true;
  }

  // Reads the body through `reader`, counting the bytes the handler gets:
  // httplib 0.11.4 checks its payload limit against Content-Length only, so
  // a chunked body, one without a length, or a gzip body (inflated before
  // it reaches us, ~1000:1) is bounded here. False with the answer set
  // (413, or 400 for a body that could not be read).
  bool ReadBody(const httplib::ContentReader& reader, httplib::Response& res,
                std::string& body) const {
    bool too_large = false;
    bool read = reader([&](const char* data, size_t length) {
      if (length > options.max_body - body.size()) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (read) return true;
    if (too_large || res.status == 413) {
      SetText(res, 413, "the request body is over the server's limit (--max-body)");
    } else {
      SetText(res, 400, "the request body could not be read");
    }
    res.set_header("Connection", "close");
    return false;
  }

  void LogLine(const httplib::Request& req, const httplib::Response& res) const {
    if (!log) return;
    auto start = t_request.start;
    std::string duration = "-";
    if (start != std::chrono::steady_clock::time_point{}) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      duration = fmt::format("{:.1f}ms", ms);
    }
    log(fmt::format(
        "{} {} {} {} {} {}", FormatDatetime(Now()),
        req.method.empty() ? std::string("-") : Printable(req.method),
        LoggedPath(req, req.matches.size() > 1 && FindConst(req.matches[1].str()) != nullptr),
        res.status, duration,
        t_request.decision.empty() ? std::string_view("-") : t_request.decision));
    t_request.start = {};
    t_request.decision = {};
  }

  // POST /cds-services/{id} (a hook call) or .../feedback.
  void Serve(const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader& reader, bool feedback) {
    if (Refused(req, res)) return;
    CdsService* service = Find(req.matches[1]);
    if (service == nullptr) return SetText(res, 404, "no such CDS service");
    std::string body;
    if (!ReadBody(reader, res, body)) return;
    HttpReply reply = feedback ? service->Feedback(body) : service->Call(body, Now());
    t_request.decision = reply.decision;
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
  }

  void Routes() {
    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      t_request.start = std::chrono::steady_clock::now();
      t_request.decision = {};
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server.Get("/cds-services", [this](const httplib::Request& req, httplib::Response& res) {
      if (Refused(req, res)) return;
      res.set_content(DiscoveryDocument(services), "application/json");
    });
    server.Post(R"(/cds-services/([^/]+))",
                [this](const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader& reader) { Serve(req, res, reader, false); });
    server.Post(R"(/cds-services/([^/]+)/feedback)",
                [this](const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader& reader) { Serve(req, res, reader, true); });
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          switch (res.status) {
            case 404:
              SetText(res, 404,
                      "not found: the endpoints are GET /cds-services and POST "
                      "/cds-services/{id}[/feedback]");
              break;
            case 413:
              SetText(res, 413, "the request body is over the server's limit (--max-body)");
              break;
            case 414:
              SetText(res, 414, "the request line is too long");
              break;
            default:
              SetText(res, res.status, "the request could not be read as HTTP/1.1");
              break;
          }
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
          SetText(res, 500, "internal error; the request was not screened");
        });
    server.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) { LogLine(req, res); });
  }
};

HttpServer::HttpServer(std::vector<std::unique_ptr<CdsService>> services, ServeOptions options,
                       LogSink log)
    : impl_(std::make_unique<Impl>()) {
  impl_->services = std::move(services);
  impl_->options = std::move(options);
  impl_->log = std::move(log);
}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind() {
  Impl& m = *impl_;
  if (Status s = m.verifier.Load(m.options.trusted); !s.ok()) return s;
  const ServeOptions& o = m.options;
  size_t threads = static_cast<size_t>(std::max(1, o.threads));
  size_t queue = o.queue;
  m.server.new_task_queue = [&m, threads, queue] {
    auto* pool = new BoundedPool(threads, queue);
    m.pool = pool;
    return pool;
  };
  m.server.set_payload_max_length(o.max_body);
  m.server.set_read_timeout(o.timeout_seconds, 0);
  m.server.set_write_timeout(o.timeout_seconds, 0);
  m.server.set_keep_alive_timeout(std::min(o.timeout_seconds, kKeepAliveIdleSeconds));
  m.server.set_keep_alive_max_count(std::max<size_t>(1, o.keep_alive_max));
  // Small responses on a kept-alive connection: without it, Nagle's
  // algorithm and delayed ACKs add tens of milliseconds to a request.
  m.server.set_tcp_nodelay(true);
  // The listening socket's options, replacing cpp-httplib's default, which
  // sets SO_REUSEPORT: a second server on the same port would then share it
  // silently instead of failing "address in use". TCP_DEFER_ACCEPT: a
  // connection that sends nothing is not handed to accept() for `timeout`
  // seconds, so idle sockets do not hold workers or refusers.
  m.server.set_socket_options([&m, timeout = o.timeout_seconds](socket_t fd) {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &timeout, sizeof timeout);
    m.listen_fd = fd;
  });
  m.Routes();
  if (o.port == 0) {
    m.port = m.server.bind_to_any_port(o.host);
    if (m.port < 0) m.port = 0;
  } else if (m.server.bind_to_port(o.host, o.port)) {
    m.port = o.port;
  }
  if (m.port == 0) {
    return Status::Error(StatusCode::kIoError, "cannot listen on " + o.host + ":" +
                                                   std::to_string(o.port) +
                                                   " (in use, or not an address of this machine)");
  }
  // cpp-httplib 0.11.4 listens with a backlog of 5 (compiled in): a burst of
  // clients would wait for SYN retransmits, or be reset. listen() again on
  // the bound socket only raises the backlog.
  if (m.listen_fd >= 0) listen(m.listen_fd, SOMAXCONN);
  std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  m.base_url =
      o.public_url.empty() ? "http://" + host + ":" + std::to_string(m.port) : o.public_url;
  while (m.base_url.ends_with('/')) m.base_url.pop_back();
  return {};
}

int HttpServer::port() const { return impl_->port; }

Status HttpServer::Run() {
  if (!impl_->server.listen_after_bind()) {
    return Status::Error(StatusCode::kIoError, "the listening socket failed");
  }
  return {};
}

void HttpServer::Stop() {
  Impl& m = *impl_;
  // Before the server listens there is no pool and nothing to drain: the
  // caller asks again (the CLI's watcher does, until Run() returns). Once
  // stopped, the pool is the server's to delete: never touched again.
  BoundedPool* pool = m.pool.load();
  if (pool == nullptr || m.stopped.exchange(true)) {
    if (pool == nullptr) m.server.stop();
    return;
  }
  pool->Drain(std::chrono::steady_clock::now() + std::chrono::seconds(m.options.timeout_seconds));
  m.server.stop();
}

}  // namespace needlescreen
