// Loopback load for `serve` (issue 17), run by `make bench`: REQUESTS POSTs of
// one CDS Hooks request over CONNECTIONS kept-alive connections (cpp-httplib's
// client, one thread each), then it stops. Prints requests/s and the p50 /
// p99 / max latency; exits 1 when any request was not answered 200.
// usage: ns_serve_load HOST PORT PATH BODY_FILE REQUESTS CONNECTIONS
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: %s HOST PORT PATH BODY_FILE REQUESTS CONNECTIONS\n", argv[0]);
    return 2;
  }
  const std::string host = argv[1], path = argv[3];
  const int port = std::atoi(argv[2]);
  std::ifstream file(argv[4]);
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string body = buffer.str();
  const long requests = std::atol(argv[5]);
  const int connections = std::max(1, std::atoi(argv[6]));

  using Clock = std::chrono::steady_clock;
  std::vector<std::vector<double>> latencies(static_cast<size_t>(connections));
  std::atomic<long> failed{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client(host, port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      long mine = requests / connections + (c < requests % connections ? 1 : 0);
      auto& lat = latencies[static_cast<size_t>(c)];
      lat.reserve(static_cast<size_t>(mine));
      for (long i = 0; i < mine; ++i) {
        auto t0 = Clock::now();
        auto res = client.Post(path, body, "application/json");
        lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!res || res->status != 200) failed.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0
                       : all[std::min(all.size() - 1,
                                      static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf(
      "%-34s %10ld %8.2f s %12.0f req/s   p50 %.2f ms  p99 %.2f ms  max %.2f ms  %ld failed\n",
      ("serve, " + std::to_string(connections) + " keep-alive connections").c_str(),
      static_cast<long>(all.size()), seconds, static_cast<double>(all.size()) / seconds, pct(0.50),
      pct(0.99), all.empty() ? 0.0 : all.back(), failed.load());
  return failed.load() == 0 ? 0 : 1;
}
