#!/usr/bin/python3
"""`needlescreen serve` over real HTTP on loopback (issue 17).

Starts the server on an ephemeral port of 127.0.0.1 and talks to it: every
endpoint and status, cards validated against the CDS Hooks 2.0.1 schema
(tests/serve/cds-hooks-2.0.1.schema.json), the same decisions as `check` for
the same records, JWTs accepted and refused (keys made here), SIGTERM with a
request in flight, a slow client timed out, 64 concurrent requests without a
503 and a full queue answered 503, and logs without patient values.

usage: serve_test.py NEEDLESCREEN NS_GENERATE
Exit 0 when every check holds, 1 otherwise (each failure printed).
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN, GENERATE = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="ns-serve-")
SECRET = "ZQX-PATIENT-SECRET-7731"  # a patient value that must never reach a log
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
    return condition


# ---------------------------------------------------------------- the server

class Server:
    """One `serve` process on an ephemeral loopback port."""

    def __init__(self, *args):
        self.log_path = os.path.join(WORK, "serve-%d.log" % time.monotonic_ns())
        self.log = open(self.log_path, "w+")
        self.proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.port is None:
            time.sleep(0.05)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.log_text())
            if m:
                self.port = int(m.group(1))
            if self.proc.poll() is not None:
                break
        if self.port is None:
            raise RuntimeError("serve did not start: " + self.log_text())

    def log_text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def request(self, method, path, body=None, headers=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        conn.close()
        return r.status, dict(r.getheaders()), text

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


# ------------------------------------------------------- records and intakes

def run(*args, input_text=None):
    return subprocess.run([BIN, *args], input=input_text, capture_output=True, text=True)


QUESTIONNAIRE = json.loads(run("template", "--format", "fhir").stdout)
TYPES = {item["linkId"]: item["type"] for item in QUESTIONNAIRE["item"]}
REPEATS = {item["linkId"] for item in QUESTIONNAIRE["item"] if item.get("repeats")}


def flatten(record, prefix=""):
    for key, value in record.items():
        path = prefix + key
        if isinstance(value, dict):
            yield from flatten(value, path + ".")
        else:
            yield path, value


def answer(kind, value):
    if kind == "boolean":
        return {"valueBoolean": value}
    if kind == "decimal":
        return {"valueDecimal": value}
    if kind == "dateTime":
        return {"valueDateTime": value}
    if kind == "choice":
        return {"valueCoding": {"code": value}}
    return {"valueString": value}


def to_questionnaire_response(record):
    """A record (as JSON Lines holds it) as the QuestionnaireResponse the
    record system would prefetch: one flat item per answered field."""
    items = []
    for path, value in flatten(record):
        if value is None or path == "id":
            continue
        kind = TYPES[path]
        values = value if isinstance(value, list) else [value]
        if path in REPEATS and not values:
            continue  # an empty list: left unanswered here (unknown, not "none")
        items.append({"linkId": path, "answer": [answer(kind, v) for v in values]})
    qr = {"resourceType": "QuestionnaireResponse", "status": "completed",
          "questionnaire": QUESTIONNAIRE["url"], "item": items}
    if record.get("id"):
        qr["id"] = re.sub(r"[^A-Za-z0-9.-]", "-", record["id"])[:64]
    return qr


def hook_request(intake, as_bundle=False):
    if as_bundle:
        intake = {"resourceType": "Bundle", "type": "searchset",
                  "entry": [] if intake is None else [{"resource": intake}]}
    return {
        "hook": "order-sign",
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": "https://ehr.example/fhir",
        "context": {"userId": "Practitioner/p1", "patientId": "p1",
                    "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": []}},
        "prefetch": {"intake": intake},
    }


SCHEMA = None
schema_path = os.path.join(HERE, "cds-hooks-2.0.1.schema.json")
if os.path.exists(schema_path):
    import jsonschema
    with open(schema_path) as f:
        SCHEMA = json.load(f)


def valid(kind, document):
    """Validates against the CDS Hooks 2.0.1 schema's definition `kind`."""
    if SCHEMA is None:
        return check(False, "the CDS Hooks schema exists at " + schema_path)
    schema = dict(SCHEMA)
    schema["$ref"] = "#/definitions/" + kind
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=str)
    for e in errors[:5]:
        print("     schema: %s at %s" % (e.message, "/".join(map(str, e.absolute_path))))
    return not errors


def rendered(markdown):
    """Markdown text with its backslash escapes undone, as a reader sees it."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def card_of(text):
    body = json.loads(text)
    return body, body["cards"][0]


def card_ok(body, card, decision):
    """Schema-valid, and what this service promises beyond the schema."""
    ext = card.get("extension", {})
    stamp = ext.get("org.needlescreen.ruleset", {})
    return (valid("response", body) and len(body["cards"]) == 1 and
            re.fullmatch(r"[0-9a-f-]{36}", card.get("uuid", "")) is not None and
            len(card["summary"]) < 140 and
            ext.get("org.needlescreen.decision") == decision and
            stamp.get("digest", "").startswith("sha256:") and
            stamp["digest"] in rendered(card["detail"]) and
            all(re.fullmatch(r"[0-9a-f-]{36}", s.get("uuid", "")) for s in card.get("suggestions", [])))


# ------------------------------------------------------------------ the tests

def test_discovery_and_calls(server):
    status, headers, text = server.request("GET", "/cds-services")
    doc = json.loads(text) if status == 200 else {}
    check(status == 200 and valid("discovery", doc), "GET /cds-services: 200, valid discovery")
    services = doc.get("services", [])
    check(len(services) == 1 and services[0]["hook"] == "order-sign" and
          services[0]["id"] == "hamstring-dry-needling" and
          QUESTIONNAIRE["url"] in services[0]["prefetch"]["intake"] and
          "{{context.patientId}}" in services[0]["prefetch"]["intake"],
          "discovery: one order-sign service, id = pack id, prefetch asks for the intake")

    path = "/cds-services/hamstring-dry-needling"
    expected = {"examples/proceed-trigger-points.yaml": ("proceed", "info"),
                "examples/swap-severe-phobia.yaml": ("swap", "warning"),
                "examples/incomplete-onset-unknown.yaml": ("incomplete", "info")}
    for example, (decision, indicator) in expected.items():
        raw = yaml_record(example)
        raw.pop("screened_at", None)
        status, _, text = server.request("POST", path, hook_request(to_questionnaire_response(raw)))
        ok = status == 200
        if ok:
            body, card = card_of(text)
            ok = card_ok(body, card, decision) and card["indicator"] == indicator
            if decision == "swap":
                ok = ok and card.get("suggestions") and card.get("selectionBehavior") == "at-most-one"
            if decision == "incomplete":
                ok = ok and "Ask first" in card["detail"]
        check(ok, "POST %s: %s card, indicator %s" % (example, decision, indicator))

    # The same intake bare and inside a searchset Bundle.
    raw = yaml_record("examples/swap-severe-phobia.yaml")
    raw.pop("screened_at", None)
    status, _, text = server.request("POST", path,
                                     hook_request(to_questionnaire_response(raw), as_bundle=True))
    check(status == 200 and card_of(text)[1]["extension"]["org.needlescreen.decision"] == "swap",
          "a searchset Bundle holding the QuestionnaireResponse is screened the same")
    status, _, text = server.request("POST", path, hook_request(None, as_bundle=True))
    check(status == 200 and card_of(text)[1]["extension"]["org.needlescreen.decision"] == "incomplete",
          "an empty searchset (no intake yet): incomplete, never proceed")
    two = hook_request(to_questionnaire_response(raw), as_bundle=True)
    two["prefetch"]["intake"]["entry"] *= 2
    status, _, text = server.request("POST", path, two)
    check(status == 200 and card_of(text)[1]["indicator"] == "critical" and
          card_of(text)[1]["extension"]["org.needlescreen.decision"] == "error",
          "two intakes in the prefetch: a critical 'not screened' card")

    # A bad answer: a critical card naming the field, never the value.
    bad = to_questionnaire_response(raw)
    bad["item"].append({"linkId": "injury.swelling", "answer": [{"valueString": SECRET}]})
    bad["item"] = [i for i in bad["item"] if i["linkId"] != "injury.swelling"] + bad["item"][-1:]
    status, _, text = server.request("POST", path, hook_request(bad))
    ok = status == 200
    if ok:
        body, card = card_of(text)
        ok = (card_ok(body, card, "error") and card["indicator"] == "critical" and
              "injury.swelling" in rendered(card["detail"]) and SECRET not in text)
    check(ok, "an answer of the wrong type: critical card naming injury.swelling, not the value")

    # Protocol errors.
    cases = [
        (b"{not json", 400, "malformed JSON"),
        (b"[]", 400, "a JSON array"),
        ({k: v for k, v in hook_request({}).items() if k != "hook"}, 400, "no hook"),
        (dict(hook_request({}), hook="patient-view"), 400, "another hook"),
        ({k: v for k, v in hook_request({}).items() if k != "hookInstance"}, 400, "no hookInstance"),
        ({k: v for k, v in hook_request({}).items() if k != "context"}, 400, "no context"),
        (dict(hook_request({}), context={"userId": "u"}), 400, "context without patientId"),
        ({k: v for k, v in hook_request({}).items() if k != "prefetch"}, 412, "no prefetch"),
        (dict(hook_request({}), prefetch={}), 412, "prefetch without the intake"),
        (dict(hook_request({}), prefetch={"intake": None}), 412, "the intake prefetch null"),
    ]
    for body, want, what in cases:
        status, headers, text = server.request("POST", path, body)
        check(status == want and text.strip() != "", "%s: %d with a message" % (what, want))
    status, _, _ = server.request("POST", "/cds-services/no-such-pack", hook_request({}))
    check(status == 404, "unknown service: 404")
    status, _, _ = server.request("GET", "/elsewhere")
    check(status == 404, "unknown path: 404")
    status, _, _ = server.request("POST", path, b"{" + b" " * (1 << 20) + b"}")
    check(status == 413, "a body over --max-body: 413")

    # Feedback: accepted, counted, never echoed.
    feedback = {"feedback": [{"card": str(uuid.uuid4()), "outcome": "accepted",
                              "outcomeTimestamp": "2026-11-30T10:00:00Z",
                              "acceptedSuggestions": [{"id": SECRET}]}]}
    status, _, text = server.request("POST", path + "/feedback", feedback)
    check(status == 200 and SECRET not in text, "feedback: 200, nothing echoed")
    status, _, _ = server.request("POST", path + "/feedback", {"nope": 1})
    check(status == 400, "feedback without a feedback array: 400")
    status, _, _ = server.request("POST", "/cds-services/nope/feedback", feedback)
    check(status == 404, "feedback for an unknown service: 404")

    # Hostile paths reach the log escaped.
    server.request("POST", "/cds-services/%1b%5b31mred", hook_request({}))
    conn = socket.create_connection(("127.0.0.1", server.port))
    conn.sendall(b"GET /cds-services/\x1b[2J HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    conn.recv(4096)
    conn.close()


def yaml_record(path):
    """A YAML example record as a dict (python3-yaml)."""
    import yaml
    with open(os.path.join(ROOT, path)) as f:
        record = yaml.safe_load(f)
    # YAML timestamps come back as datetime objects: ISO strings again.
    def iso(v):
        if hasattr(v, "isoformat"):
            s = v.isoformat()
            return s.replace("+00:00", "Z") if s.endswith("+00:00") else s
        if isinstance(v, dict):
            return {k: iso(x) for k, x in v.items()}
        if isinstance(v, list):
            return [iso(x) for x in v]
        return v
    return iso(record)


def test_same_as_check(server):
    """Generated records: the decision through serve is check's."""
    raw = subprocess.run([GENERATE, "jsonl", "300", "17"], capture_output=True, text=True).stdout
    records = []
    for line in raw.splitlines():
        r = json.loads(line)
        r.pop("screened_at", None)
        records.append(r)
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    out = run("check", "--format", "jsonl", "--at", at, "--input-format", "jsonl", "-",
              input_text=jsonl).stdout
    by_check = [json.loads(line)["decision"] for line in out.splitlines()]
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": to_questionnaire_response(r)} for r in records]}
    bundle_path = os.path.join(WORK, "intakes.fhir.json")
    with open(bundle_path, "w") as f:
        json.dump(bundle, f)
    out = run("check", "--format", "jsonl", "--at", at, bundle_path).stdout
    by_fhir = [json.loads(line)["decision"] for line in out.splitlines()]
    by_serve = []
    for r in records:
        status, _, text = server.request("POST", "/cds-services/hamstring-dry-needling",
                                         hook_request(to_questionnaire_response(r)))
        by_serve.append(card_of(text)[1]["extension"]["org.needlescreen.decision"]
                        if status == 200 else "http %d" % status)
    differ = [i for i in range(len(records)) if not (by_check[i:i + 1] == by_fhir[i:i + 1] ==
                                                      by_serve[i:i + 1])]
    kinds = sorted(set(by_serve))
    check(len(by_check) == len(records) == len(by_serve) and not differ and len(kinds) >= 4,
          "%d generated records: check (JSON Lines), check (FHIR) and serve agree on every "
          "decision (%s)%s" % (len(records), ", ".join(kinds),
                               "" if not differ else "; differ at %s" % differ[:5]))


def test_defaults():
    """--set fills what the intake does not say (the clinician's credentials)."""
    server = Server("--set", "clinician.dry_needling_certified=true",
                    "--set", "clinician.emergency_care_current=true")
    try:
        raw = yaml_record("examples/proceed-trigger-points.yaml")
        raw.pop("screened_at", None)
        raw.pop("clinician", None)
        status, _, text = server.request("POST", "/cds-services/hamstring-dry-needling",
                                         hook_request(to_questionnaire_response(raw)))
        check(status == 200 and card_of(text)[1]["extension"]["org.needlescreen.decision"] ==
              "proceed", "--set clinician.*: an intake without them proceeds")
    finally:
        server.stop()


# --------------------------------------------------------------------- tokens

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_keys():
    keys = {}
    ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]
    rsa = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
    for name, args in {"ec": ec, "rsa": rsa, "other": ec}.items():
        private = os.path.join(WORK, name + ".pem")
        subprocess.run(["openssl", "genpkey", *args, "-out", private], check=True,
                       capture_output=True)
        public = os.path.join(WORK, name + ".pub.pem")
        subprocess.run(["openssl", "pkey", "-in", private, "-pubout", "-out", public], check=True,
                       capture_output=True)
        keys[name] = (private, public)
    return keys


def token(private_pem_path, alg, aud, **overrides):
    import jwt
    now = int(time.time())
    claims = {"iss": "https://ehr.example", "sub": "client", "aud": aud, "exp": now + 300,
              "iat": now, "jti": str(uuid.uuid4())}
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    with open(private_pem_path) as f:
        key = f.read()
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": "k1", "typ": "JWT"})


def unsigned(alg, claims, secret=b""):
    head = b64(json.dumps({"alg": alg, "typ": "JWT", "kid": "k1"}).encode())
    body = b64(json.dumps(claims).encode())
    sig = b"" if alg == "none" else hmac.new(secret, (head + "." + body).encode(),
                                              hashlib.sha384).digest()
    return head + "." + body + "." + b64(sig)


def test_tokens():
    keys = make_keys()
    server = Server("--trust", "https://ehr.example=" + keys["ec"][1],
                    "--trust", "https://ehr.example=" + keys["rsa"][1])
    try:
        base = "http://127.0.0.1:%d" % server.port
        path = "/cds-services/hamstring-dry-needling"
        aud = base + path
        raw = yaml_record("examples/proceed-trigger-points.yaml")
        raw.pop("screened_at", None)
        body = hook_request(to_questionnaire_response(raw))

        def call(tok, p=path, method="POST"):
            headers = {} if tok is None else {"Authorization": "Bearer " + tok}
            return server.request(method, p, body if method == "POST" else None, headers)[0]

        check(call(token(keys["ec"][0], "ES384", aud)) == 200, "ES384 token from a trusted issuer: 200")
        check(call(token(keys["rsa"][0], "RS384", aud)) == 200, "RS384 token: 200")
        check(call(token(keys["ec"][0], "ES384", [aud, "other"])) == 200, "aud as an array: 200")
        check(call(token(keys["ec"][0], "ES384", base + "/cds-services"), "/cds-services", "GET") == 200,
              "discovery with its own aud: 200")
        tok = token(keys["ec"][0], "ES384", aud)
        check(call(tok) == 200 and call(tok) == 401, "the same jti twice: 200 then 401 (replay)")
        now = int(time.time())
        with open(keys["ec"][1], "rb") as f:
            ec_public = f.read()
        refused = {
            "no Authorization header": None,
            "not Bearer": "Basic Zm9vOmJhcg==",
            "garbage": "not.a.jwt",
            "alg none": unsigned("none", {"iss": "https://ehr.example", "aud": aud,
                                          "exp": now + 300, "iat": now, "jti": "n1"}),
            "HS384 keyed with the public key (algorithm confusion)": unsigned(
                "HS384", {"iss": "https://ehr.example", "aud": aud, "exp": now + 300, "iat": now,
                          "jti": "h1"}, ec_public),
            "an untrusted key": token(keys["other"][0], "ES384", aud),
            "another issuer": token(keys["ec"][0], "ES384", aud, iss="https://evil.example"),
            "expired": token(keys["ec"][0], "ES384", aud, exp=now - 600, iat=now - 900),
            "issued in the future": token(keys["ec"][0], "ES384", aud, iat=now + 600, exp=now + 900),
            "valid for a day": token(keys["ec"][0], "ES384", aud, exp=now + 86400),
            "aud of another service": token(keys["ec"][0], "ES384", base + "/cds-services/other"),
            "no jti": token(keys["ec"][0], "ES384", aud, jti=None),
            "no exp": token(keys["ec"][0], "ES384", aud, exp=None),
        }
        for what, tok in refused.items():
            if what == "not Bearer" or what == "garbage":
                status = server.request("POST", path, body,
                                        {"Authorization": tok if what == "not Bearer" else "Bearer " + tok})[0]
            else:
                status = call(tok)
            check(status == 401, "token refused (%s): 401" % what)
    finally:
        server.stop()
    public = Server("--trust", "https://ehr.example=" + keys["ec"][1],
                    "--public-url", "https://cds.example.org/")
    try:
        aud = "https://cds.example.org/cds-services/hamstring-dry-needling"
        status = public.request("POST", "/cds-services/hamstring-dry-needling", body,
                                {"Authorization": "Bearer " + token(keys["ec"][0], "ES384", aud)})[0]
        check(status == 200, "--public-url: the aud clients call is accepted")
    finally:
        public.stop()


# ----------------------------------------------------------- bounds, signals

def test_refusals_to_start():
    r = run("serve", "--listen", "0.0.0.0:0")
    check(r.returncode == 2 and "--trust" in r.stderr,
          "listening beyond loopback without --trust: refused, exit 2")
    r = run("serve", "--listen", "127.0.0.1:0", "--trust", "iss=/nonexistent.pem")
    check(r.returncode == 2 and "key file" in r.stderr, "an unreadable --trust key: exit 2")
    bad = os.path.join(WORK, "bad.pem")
    with open(bad, "w") as f:
        f.write("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    r = run("serve", "--listen", "127.0.0.1:0", "--trust", "iss=" + bad)
    check(r.returncode == 2 and "not a PEM public key" in r.stderr, "a --trust file that is no key: exit 2")
    r = run("serve", "--listen", "nonsense")
    check(r.returncode == 2, "--listen without a port: exit 2")


def test_slow_client_and_queue():
    server = Server("--timeout", "1", "--threads", "1", "--queue", "0")
    try:
        slow = socket.create_connection(("127.0.0.1", server.port))
        slow.sendall(b"POST /cds-services/hamstring-dry-needling HTTP/1.1\r\nHost: x\r\n")
        time.sleep(1.0)  # a loaded machine: let the worker take the connection first
        status, headers, _ = server.request("GET", "/cds-services")
        check(status == 503 and headers.get("Retry-After") == "1",
              "the one worker busy and no queue: 503 with Retry-After")
        slow.settimeout(5)
        start = time.time()
        try:
            data = slow.recv(4096)
        except socket.timeout:
            data = None
        check(data is not None and time.time() - start < 4,
              "a client that stops sending is cut off after --timeout")
        slow.close()
        time.sleep(0.2)
        status, _, _ = server.request("GET", "/cds-services")
        check(status == 200, "after the slow client, the worker serves again")
    finally:
        server.stop()


def test_concurrency():
    server = Server()
    try:
        raw = yaml_record("examples/proceed-trigger-points.yaml")
        raw.pop("screened_at", None)
        body = hook_request(to_questionnaire_response(raw))
        statuses = []
        lock = threading.Lock()
        barrier = threading.Barrier(64)

        def one():
            barrier.wait()
            try:
                s = server.request("POST", "/cds-services/hamstring-dry-needling", body, timeout=30)[0]
            except OSError as e:
                s = str(e)
            with lock:
                statuses.append(s)
        threads = [threading.Thread(target=one) for _ in range(64)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(statuses.count(200) == 64, "64 concurrent requests with the defaults: 64 x 200 (%s)" %
              sorted(set(map(str, statuses))))
    finally:
        server.stop()


def test_sigterm_in_flight():
    server = Server()
    raw = yaml_record("examples/swap-severe-phobia.yaml")
    raw.pop("screened_at", None)
    body = json.dumps(hook_request(to_questionnaire_response(raw))).encode()
    conn = socket.create_connection(("127.0.0.1", server.port))
    conn.sendall(b"POST /cds-services/hamstring-dry-needling HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Type: application/json\r\nConnection: close\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body) + body[:20])
    time.sleep(1.0)  # accepted and being read (in flight) before the signal
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    conn.sendall(body[20:])
    conn.settimeout(10)
    response = b""
    while True:
        try:
            chunk = conn.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        response += chunk
    code = server.proc.wait(timeout=20)
    check(response.startswith(b"HTTP/1.1 200") and b'"swap"' in response,
          "SIGTERM with a request in flight: the request is answered")
    check(code == 0, "... and serve exits 0 (exit %s)" % code)
    status_after = None
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
    except OSError:
        status_after = "refused"
    check(status_after == "refused", "... and no longer accepts connections")
    return server


def test_logs(servers):
    text = "".join(s.log_text() for s in servers)
    lines = [l for l in text.splitlines() if re.match(r"\d{4}-\d\d-\d\dT", l)]
    odd = [l for l in lines if not re.fullmatch(r"\S+Z \S+ \S+ \d{3} (\S+ms|-) \S+", l)]
    for l in odd[:5]:
        print("     not a log line: %r" % l)
    check(len(lines) > 20 and not odd,
        "one log line per request: time method path status duration decision (%d lines)" % len(lines))
    check(SECRET not in text and "\x1b" not in text,
          "no patient value and no raw escape in the logs")
    check(any(" POST /cds-services/hamstring-dry-needling 200 " in l and l.endswith(" swap")
              for l in lines), "a screened request's line names its decision")


def main():
    if SCHEMA is None:
        print("note: no schema at %s; card checks will fail" % schema_path)
    servers = []
    test_refusals_to_start()
    server = Server()
    servers.append(server)
    try:
        test_discovery_and_calls(server)
        test_same_as_check(server)
    finally:
        check(server.stop() == 0, "SIGTERM on an idle server: exit 0")
    test_defaults()
    test_tokens()
    test_slow_client_and_queue()
    test_concurrency()
    servers.append(test_sigterm_in_flight())
    test_logs(servers)
    print("%d failure(s)" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
