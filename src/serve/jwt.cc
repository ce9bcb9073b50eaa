// JWT verification through libjwt (Debian: libjwt-dev), which parses the
// token and checks its signature with OpenSSL. libjwt 1.10 verifies with
// whatever algorithm the token's header names, so an HS384 token "signed"
// with the PEM text of a public key as its HMAC secret passes jwt_decode
// (tests/serve: the algorithm-confusion case): the algorithm is checked
// against the key's own after decoding, and only ES384 / RS384 pass.
#include "serve/jwt.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <simdjson.h>
#include <strings.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

namespace needlescreen::serve {
namespace {

Status Refused(std::string message) {
  return Status::Error(StatusCode::kInvalidValue, std::move(message));
}

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

// The JWS algorithm a PEM public key verifies, or JWT_ALG_INVAL with the
// reason in `why`.
jwt_alg_t AlgorithmOfKey(const std::string& pem, std::string& why) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return JWT_ALG_INVAL;
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    why = "not a PEM public key (-----BEGIN PUBLIC KEY-----)";
    return JWT_ALG_INVAL;
  }
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
    if (EVP_PKEY_get_bits(key.get()) < 2048) {
      why = "an RSA key shorter than 2048 bits";
      return JWT_ALG_INVAL;
    }
    return JWT_ALG_RS384;
  }
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC) {
    char group[64] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) == 1 &&
        std::string_view(group, length) == "secp384r1") {
      return JWT_ALG_ES384;
    }
    why = "an EC key not on P-384 (ES384 needs secp384r1)";
    return JWT_ALG_INVAL;
  }
  why = "neither an RSA nor an EC key";
  return JWT_ALG_INVAL;
}

// A claim's value as JSON text (jansson's), or "" when absent.
std::string ClaimJson(jwt_t* jwt, const char* name) {
  char* json = jwt_get_grants_json(jwt, name);
  if (json == nullptr) return "";
  std::unique_ptr<char, decltype(&std::free)> owned(json, &std::free);
  return json;
}

// A NumericDate claim: nullopt when absent, or when it is not a JSON
// integer (`bad`): jwt_get_grant_int reads a string or a fraction as 0,
// which would be 1970 and pass every time check.
std::optional<int64_t> IntClaim(jwt_t* jwt, const char* name, bool& bad) {
  std::string json = ClaimJson(jwt, name);
  if (json.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  int64_t value = 0;
  if (parser.parse(json).get_int64().get(value)) {
    bad = true;
    return std::nullopt;
  }
  return value;
}

// Whether the `aud` claim (a string, or an array of strings) names `audience`.
bool AudienceMatches(jwt_t* jwt, std::string_view audience) {
  if (const char* aud = jwt_get_grant(jwt, "aud")) return audience == aud;
  char* json = jwt_get_grants_json(jwt, "aud");
  if (json == nullptr) return false;
  std::unique_ptr<char, decltype(&std::free)> owned(json, &std::free);
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (parser.parse(json, std::strlen(json)).get_array().get(items)) return false;
  for (simdjson::dom::element item : items) {
    std::string_view text;
    if (!item.get_string().get(text) && text == audience) return true;
  }
  return false;
}

}  // namespace

Status TokenVerifier::Load(const std::vector<TrustedIssuer>& trusted) {
  keys_.clear();
  for (const TrustedIssuer& t : trusted) {
    std::string why;
    jwt_alg_t alg = AlgorithmOfKey(t.public_key_pem, why);
    if (alg == JWT_ALG_INVAL) {
      return Status::Error(StatusCode::kInvalidValue,
                           "the key of issuer " + t.issuer + " is " + why);
    }
    keys_.push_back({t.issuer, t.public_key_pem, static_cast<int>(alg)});
  }
  return {};
}

Status TokenVerifier::Verify(std::string_view authorization, std::string_view audience,
                             int64_t now) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.empty()) return Refused("no Authorization header (expected Bearer <JWT>)");
  if (authorization.size() > kMaxTokenBytes) return Refused("the Authorization header is too long");
  if (authorization.size() <= kScheme.size() ||
      strncasecmp(authorization.data(), kScheme.data(), kScheme.size()) != 0) {
    return Refused("the Authorization header is not Bearer <JWT>");
  }
  std::string token(authorization.substr(kScheme.size()));
  // Each trusted key in turn: the issuer is only known from a verified
  // payload. A key verifies only its own algorithm.
  for (const Key& key : keys_) {
    jwt_t* raw = nullptr;
    int failed =
        jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key.pem.data()),
                   static_cast<int>(key.pem.size()));
    JwtPtr jwt(raw);
    if (failed != 0 || !jwt) continue;
    if (jwt_get_alg(jwt.get()) != static_cast<jwt_alg_t>(key.alg)) continue;
    const char* iss = jwt_get_grant(jwt.get(), "iss");
    if (iss == nullptr || key.issuer != iss) continue;
    return CheckClaims(jwt.get(), key, audience, now);
  }
  return Refused("the token is not signed (ES384 or RS384) by a trusted issuer's key");
}

Status TokenVerifier::CheckClaims(void* opaque, const Key& key, std::string_view audience,
                                  int64_t now) {
  auto* jwt = static_cast<jwt_t*>(opaque);
  const char* typ = jwt_get_header(jwt, "typ");
  if (typ == nullptr || std::string_view(typ) != "JWT") {
    return Refused("the token's typ is not JWT");
  }
  const char* kid = jwt_get_header(jwt, "kid");
  if (kid == nullptr || *kid == '\0') return Refused("the token has no kid");
  // JWS names are case-sensitive (libjwt reads "es384" as ES384), and a
  // `crit` header names extensions the verifier must understand: none here.
  const char* alg = jwt_get_header(jwt, "alg");
  if (alg == nullptr || std::string_view(alg) != jwt_alg_str(static_cast<jwt_alg_t>(key.alg))) {
    return Refused("the token's alg is not ES384 or RS384 as written");
  }
  if (char* crit = jwt_get_headers_json(jwt, "crit"); crit != nullptr) {
    std::free(crit);
    return Refused("the token has critical header extensions (crit) this service does not know");
  }
  if (!AudienceMatches(jwt, audience)) {
    return Refused("the token's aud is not this endpoint (" + std::string(audience) + ")");
  }
  bool bad = false;
  std::optional<int64_t> exp = IntClaim(jwt, "exp", bad);
  std::optional<int64_t> iat = IntClaim(jwt, "iat", bad);
  std::optional<int64_t> nbf = IntClaim(jwt, "nbf", bad);
  if (bad) return Refused("the token's exp, iat or nbf is not an integer (seconds since 1970)");
  if (!exp || !iat) return Refused("the token lacks exp or iat");
  if (nbf && *nbf > now + kClockLeewaySeconds) return Refused("the token is not valid yet (nbf)");
  if (*exp + kClockLeewaySeconds <= now) return Refused("the token has expired");
  if (*iat > now + kClockLeewaySeconds) return Refused("the token was issued in the future");
  if (*exp > now + kMaxTokenLifetimeSeconds) {
    return Refused("the token is valid for more than an hour");
  }
  const char* jti = jwt_get_grant(jwt, "jti");
  if (jti == nullptr || *jti == '\0' || std::strlen(jti) > 256) {
    return Refused("the token has no jti (or one over 256 bytes)");
  }
  return Remember(key.issuer, jti, *exp, now);
}

Status TokenVerifier::Remember(const std::string& issuer, const std::string& jti, int64_t exp,
                               int64_t now) {
  std::lock_guard lock(mu_);
  if (seen_.size() >= kMaxRememberedTokens) {
    std::erase_if(seen_,
                  [&](const auto& entry) { return entry.second + kClockLeewaySeconds <= now; });
    if (seen_.size() >= kMaxRememberedTokens) return Refused("too many live tokens; retry later");
  }
  if (!seen_.emplace(issuer + '\n' + jti, exp).second)
    return Refused("the token was used before (jti)");
  return {};
}

}  // namespace needlescreen::serve
