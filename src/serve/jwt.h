// The CDS Hooks 2.0.1 authorisation check ("Trusting CDS Clients"): a JWT
// signed with ES384 or RS384 by a trusted issuer's key, for this endpoint,
// unexpired, and never seen before.
#ifndef NEEDLESCREEN_SERVE_JWT_H_
#define NEEDLESCREEN_SERVE_JWT_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "needlescreen/serve.h"
#include "needlescreen/status.h"

namespace needlescreen::serve {

// A token is refused when its lifetime runs more than this past the request
// (the replay cache must hold its jti until it expires, so the cache's
// memory is bounded by the rate of requests times this).
inline constexpr int64_t kMaxTokenLifetimeSeconds = 3600;
// Clock difference tolerated between the client and this server.
inline constexpr int64_t kClockLeewaySeconds = 60;
// Live tokens remembered against replay; a token past this many is refused
// (fails closed) until older ones expire.
inline constexpr size_t kMaxRememberedTokens = 1 << 20;
// Longest Authorization header value read.
inline constexpr size_t kMaxTokenBytes = size_t{16} * 1024;

// Verifies tokens against a fixed set of trusted issuers. Thread-safe.
class TokenVerifier {
 public:
  // Reads each issuer's PEM public key: an EC key on P-384 (for ES384) or an
  // RSA key of at least 2048 bits (for RS384). An error names the issuer and
  // what is wrong with its key.
  Status Load(const std::vector<TrustedIssuer>& trusted);

  // Checks `authorization` (the header's value, "Bearer <JWT>") for a call
  // of `audience` (the endpoint's URL) at `now` (seconds since the epoch).
  // OK, or a kInvalidValue error whose message says what was refused
  // (never the token itself).
  Status Verify(std::string_view authorization, std::string_view audience, int64_t now);

 private:
  struct Key {
    std::string issuer;
    std::string pem;
    int alg = 0;  // jwt_alg_t the key verifies
  };
  Status CheckClaims(void* opaque, const Key& key, std::string_view audience, int64_t now);
  Status Remember(const std::string& issuer, const std::string& jti, int64_t exp, int64_t now);

  std::vector<Key> keys_;
  std::mutex mu_;
  std::unordered_map<std::string, int64_t> seen_;  // issuer '\n' jti -> exp
};

}  // namespace needlescreen::serve

#endif  // NEEDLESCREEN_SERVE_JWT_H_
