#!/usr/bin/python3
"""Hostile clients against `needlescreen serve` (issue 17), over real loopback HTTP.

Request bodies a conforming JSON parser rejects, bodies at and over --max-body
(Content-Length, chunked, gzip), request and header lines over 8 KiB, a flood
of header lines, slowloris, idle connections, pipelining, HTTP/1.0, other
methods, hostile paths, hostile tokens, a log that must stay inert (no raw
control byte, no patient value), stderr closed or full, SIGINT twice, SIGTERM
with 32 requests in flight, a 300 MB address-space limit, and Markdown/HTML
injection into the card.

Every server listens on 127.0.0.1, port 0, and is stopped before the end.
Checks print "ok" or "FAIL"; limits of cpp-httplib 0.11.4 the server cannot
change are measured and printed as "note" lines, not asserted.

usage: hostile_test.py NEEDLESCREEN
Exit 0 when every check holds, 1 otherwise.
"""
import base64
import collections
import copy
import gzip
import http.client
import json
import os
import re
import resource
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
BIN = sys.argv[1] if len(sys.argv) > 1 else sys.exit("usage: hostile_test.py NEEDLESCREEN")
WORK = tempfile.mkdtemp(prefix="ns-hostile-")
SENTINEL = "ZQX-SENTINEL-PHI-5150"  # a patient value: never in a log
SERVICE = b"/cds-services/hamstring-dry-needling"
with open(os.path.join(ROOT, "examples", "cds-request.json")) as f:
    REQUEST = json.load(f)
failures = []
servers = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
    return condition


def note(what):
    print("note " + what)


# ---------------------------------------------------------------- the server

class Server:
    """One `serve` on an ephemeral loopback port; stderr kept in a file."""

    def __init__(self, *args, preexec=None):
        self.log_path = os.path.join(WORK, "serve-%d.log" % time.monotonic_ns())
        self.log = open(self.log_path, "wb+")
        self.proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=self.log,
                                     preexec_fn=preexec)
        servers.append(self)
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline and self.port is None and self.proc.poll() is None:
            time.sleep(0.05)
            m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)/", self.log_bytes())
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            raise RuntimeError("serve did not start: %r" % self.log_bytes())

    def log_bytes(self):
        with open(self.log_path, "rb") as f:
            return f.read()

    def connect(self, timeout=5):
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def raw(self, data, timeout=5):
        """Sends bytes, reads until the server closes (or `timeout`)."""
        c = self.connect(timeout)
        try:
            c.sendall(data)
        except OSError:
            pass
        return read_all(c)

    def post(self, body, path=SERVICE, headers=b"", timeout=5):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        return self.raw(b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        b"Content-Type: application/json\r\n" + headers +
                        b"Content-Length: %d\r\n\r\n" % len(body) + body, timeout)

    def get(self, path=b"/cds-services", timeout=5):
        return self.raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                        timeout)

    def status_of(self, name):
        values = {}
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                values[key] = value.strip()
        return int(values[name].split()[0])

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def read_all(c):
    out = b""
    try:
        while True:
            data = c.recv(65536)
            if not data:
                break
            out += data
    except socket.timeout:
        out += b"<timeout>"
    except OSError:
        out += b"<reset>"
    c.close()
    return out


def status(response):
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", response)
    return int(m.group(1)) if m else None


def body(response):
    return response.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in response else b""


def complete(response):
    """One whole response: a status line, headers, and Content-Length bytes."""
    head, _, rest = response.partition(b"\r\n\r\n")
    m = re.search(rb"\r\nContent-Length: (\d+)", head)
    return status(response) is not None and m is not None and len(rest) == int(m.group(1))


def card(response):
    """The one card of a 200, or None when the body is not the JSON of one."""
    try:
        doc = json.loads(body(response))
        return doc["cards"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def decision(response):
    c = card(response)
    return c["extension"]["org.needlescreen.decision"] if c else None


def base_text():
    return json.dumps(REQUEST)


def replaced(old, new):
    text = base_text()
    assert old in text, old
    return text.replace(old, new, 1).encode()


# ------------------------------------------------------------ JSON, the body

def test_json(server):
    text = base_text()
    ok = server.post(text.encode())
    check(status(ok) == 200 and decision(ok) == "swap", "the example request: 200, swap")
    rejected = {
        "invalid UTF-8 in hookInstance": text.encode().replace(b'"d1577c69', b'"\xff\xfe', 1),
        "invalid UTF-8 (overlong) in the QuestionnaireResponse id":
            text.encode().replace(b'"id": "P-0077"', b'"id": "P-\xc0\xaf"', 1),
        "lone high surrogate \\ud800 in hookInstance": replaced('"d1577c69', '"\\ud800'),
        "lone low surrogate \\udc00 in hookInstance": replaced('"d1577c69', '"\\udc00'),
        "lone surrogate \\ud800 in the QuestionnaireResponse": replaced('"id": "P-0077"',
                                                                         '"id": "\\ud800"'),
        "NaN": replaced('"total": 1', '"total": NaN'),
        "NaN as an answer": replaced('"valueBoolean": true', '"valueBoolean": NaN'),
        "Infinity": replaced('"total": 1', '"total": Infinity'),
        "1e999": replaced('"total": 1', '"total": 1e999'),
        "-1e999 inside the intake": replaced('"total": 1', '"total": -1e999'),
        "trailing garbage": text.encode() + b" xyz",
        "a second object after the first": text.encode() + b"{}",
        "a NUL after the object": text.encode() + b"\x00",
        "a raw control character in a string": text.encode().replace(b'"d1577c69', b'"\x01', 1),
        "1025-deep nesting in the request": replaced('"fhirServer"',
                                                     '"x": ' + "[" * 1025 + "]" * 1025 +
                                                     ', "fhirServer"'),
        "1025-deep nesting in the intake": replaced('"total": 1', '"total": 1, "x": ' +
                                                    "[" * 1025 + "]" * 1025),
    }
    for what, data in rejected.items():
        r = server.post(data)
        check(status(r) == 400 and complete(r) and body(r).strip(),
              "%s: 400 with a message (got %s)" % (what, status(r)))
    for what, data in {
        "1024-deep nesting (simdjson's limit)": replaced('"fhirServer"', '"x": ' + "[" * 1023 +
                                                         "]" * 1023 + ', "fhirServer"'),
        "a 900 KB string in the request": replaced('"fhirServer"', '"x": "' + "A" * 900000 +
                                                   '", "fhirServer"'),
        "a 900 KB string in the QuestionnaireResponse": replaced(
            '"status": "completed"', '"status": "completed", "text": "' + "A" * 900000 + '"'),
    }.items():
        r = server.post(data)
        check(status(r) == 200 and decision(r) == "swap", "%s: screened (got %s)" % (what, status(r)))

    # Duplicate keys: parsers disagree on which one wins (first: simdjson;
    # last: Python, jansson, many others). The FHIR reader refuses a key
    # given twice; the request's own members must be as strict.
    r = server.post(replaced('"status": "completed"',
                             '"status": "completed", "status": "entered-in-error"'))
    check(status(r) == 200 and decision(r) == "error",
          "a key twice inside the QuestionnaireResponse: critical 'not screened' card")
    empty_intake = ('{"resourceType": "QuestionnaireResponse", "status": "completed", '
                    '"item": []}')
    for what, data in {
        "hook twice (order-sign, then patient-view)":
            replaced('"hook": "order-sign"', '"hook": "order-sign", "hook": "patient-view"'),
        "prefetch twice": replaced('"prefetch": {', '"prefetch": {"intake": null}, "prefetch": {'),
        "prefetch.intake twice (an empty intake, then the real one)":
            replaced('"prefetch": {', '"prefetch": {"intake": ' + empty_intake + ', '),
        "context twice": replaced('"context": {', '"context": 1, "context": {'),
    }.items():
        r = server.post(data)
        check(status(r) == 400, "duplicate key: %s: 400 (got %s%s)" %
              (what, status(r), ", " + decision(r) if decision(r) else ""))


def test_body_limits():
    server = Server("--max-body", "4096", "--timeout", "2")
    compact = json.dumps(REQUEST, separators=(",", ":"))

    def padded(n):
        data = (compact[:-1] + " " * (n - len(compact)) + "}").encode()
        assert len(data) == n
        return data

    def chunked(data, size=1000):
        out = b""
        for i in range(0, len(data), size):
            out += b"%x\r\n" % len(data[i:i + size]) + data[i:i + size] + b"\r\n"
        return out + b"0\r\n\r\n"

    head = (b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\n")
    r = server.post(padded(4096))
    check(status(r) == 200 and decision(r) == "swap", "Content-Length exactly --max-body: 200")
    r = server.post(padded(4097))
    check(status(r) == 413, "Content-Length --max-body + 1: 413 (got %s)" % status(r))
    r = server.raw(head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked(padded(4096)))
    check(status(r) == 200 and decision(r) == "swap", "chunked, exactly --max-body: 200")
    r = server.raw(head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked(padded(4097)))
    check(status(r) == 413, "chunked, --max-body + 1: 413 (got %s%s)" %
          (status(r), ", screened" if decision(r) else ""))
    # 2 MB in chunks against a 4 KiB limit.
    big = compact[:-1].encode() + b" " * (2 << 20) + b"}"
    rss_before = server.status_of("VmRSS")
    r = server.raw(head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked(big, 65536), timeout=20)
    check(status(r) == 413, "chunked 2 MiB against --max-body 4096: 413 (got %s; RSS %d -> %d kB)"
          % (status(r), rss_before, server.status_of("VmRSS")))
    # gzip: 3.6 KB on the wire (under the limit), 3 MB once inflated.
    bomb = gzip.compress(compact[:-1].encode() + b" " * 3000000 + b"}", 9)
    r = server.post(bomb, headers=b"Content-Encoding: gzip\r\n")
    check(status(r) in (413, 415), "Content-Encoding gzip, %d bytes inflating to 3 MB against "
          "--max-body 4096: 413 or 415 (got %s%s)" % (len(bomb), status(r),
                                                        ", screened" if decision(r) else ""))
    # Neither Content-Length nor chunked: the body runs to the end of the
    # connection (the client half-closes after 3 MB).
    c = server.connect(10)
    c.sendall(b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\n\r\n" + compact[:-1].encode() +
              b" " * 3000000 + b"}")
    time.sleep(0.3)
    c.shutdown(socket.SHUT_WR)
    r = read_all(c)
    last = server.log_bytes().decode("utf-8", "replace").strip().splitlines()[-1]
    check(status(r) in (400, 411, 413) and " 200 " not in last,
          "a POST of 3 MB with no Content-Length against --max-body 4096: 411 or 413 (got %s; "
          "the log says %r)" % (status(r) or "no response", last[21:]))
    c = server.connect(5)
    c.sendall(b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" %
              len(compact) + compact.encode())
    c.shutdown(socket.SHUT_WR)
    r = read_all(c)
    note("a good request whose client half-closes after sending it: %s (the log says %r)" % (
        status(r) or "no response", server.log_bytes().decode().strip().splitlines()[-1][21:]))
    r = server.raw(b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n")
    check(status(r) == 400, "a chunk size beyond 64 bits: 400")
    r = server.raw(b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nContent-Length: "
                   b"99999999999999999999\r\n\r\n{}", timeout=4)
    check(status(r) == 413, "Content-Length 99999999999999999999: 413")
    r = server.raw(b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Content-Length: 10\r\nContent-Length: 5000\r\n\r\n" + b"{}" * 5, timeout=1)
    note("two different Content-Length headers: %s (RFC 9112: 400 before reading the body; "
         "cpp-httplib uses the first)" % status(r))
    server.stop()


# ----------------------------------------------------------------- HTTP layer

def test_lines_and_header_flood():
    server = Server()
    for n, want in ((8000, (200,)), (8193, (414,)), (20000, (414,))):
        r = server.get(b"/cds-services?" + b"a" * (n - 14), timeout=1.5)
        check(status(r) in want, "a request line of %d bytes: %s (got %s)" % (n, want[0], status(r)))
    for n, want in ((8000, 200), (8300, 400), (20000, 400)):
        t = time.time()
        r = server.raw(b"GET /cds-services HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: " +
                       b"a" * n + b"\r\n\r\n", timeout=1.5)
        check(status(r) == want, "a header line of %d bytes: %d (got %s)" % (n, want, status(r)))
        if n == 20000:
            note("after that 400 the server does not close the connection (%s after %.1f s): it "
                 "holds a worker until --timeout" % ("still open" if r.endswith(b"<timeout>")
                                                     else "closed", time.time() - t))

    # 10,000 header lines of 8 KB (80 MB) on one request, within --timeout.
    rss0 = server.status_of("VmRSS")
    c = server.connect(30)
    c.sendall(b"GET /cds-services HTTP/1.1\r\nHost: x\r\nConnection: close\r\n")
    batch = (b"X-Pad: " + b"b" * 8000 + b"\r\n") * 100
    start = time.time()
    for _ in range(100):
        c.sendall(batch)
    rss_mid = server.status_of("VmRSS")
    t = time.time()
    other = server.get(timeout=5)
    other_wait = time.time() - t
    c.sendall(b"\r\n")
    flood = read_all(c)
    note("10,000 header lines x 8 KB (80 MB) in %.1f s: status %s; server RSS %d kB -> %d kB "
         "while sending, %d kB after (cpp-httplib 0.11.4 does not bound the header count)"
         % (time.time() - start, status(flood), rss0, rss_mid, server.status_of("VmRSS")))
    check(status(other) == 200 and other_wait < 2,
          "during the header flood another client is served (%.2f s)" % other_wait)
    server.stop()


def test_slowloris():
    server = Server("--timeout", "2", "--threads", "2")
    stop = threading.Event()
    cut = {}

    def drip(i):
        c = server.connect(30)
        data = b"GET /cds-services HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
        start = time.time()
        try:
            for byte in data:
                if stop.is_set():
                    break
                c.send(bytes([byte]))
                time.sleep(0.5)
            cut[i] = None
        except OSError:
            cut[i] = time.time() - start
        c.close()
    drippers = [threading.Thread(target=drip, args=(i,)) for i in range(2)]
    for d in drippers:
        d.start()
    time.sleep(0.5)
    t = time.time()
    waited = server.get(timeout=4)
    wait = time.time() - t
    stop.set()
    for d in drippers:
        d.join()
    note("slowloris (1 byte / 0.5 s, --timeout 2, --threads 2): the two drippers were %s after "
         "%.1f s; another client %s" % (
             "never cut off" if all(v is None for v in cut.values()) else "cut off: %s" % cut,
             wait + 0.5, "got %s after %.1f s" % (status(waited), wait) if status(waited)
             else "was not served within %.1f s (--timeout bounds each read, not a request)" % wait))
    # What the README promises: a client that stops sending is cut off.
    c = server.connect(10)
    c.sendall(b"GET /cds-services HTTP/1.1\r\nHost: x\r\n")
    t = time.time()
    read_all(c)
    check(time.time() - t < 2 * 2 + 1.5, "a client that stops sending is cut off within twice "
          "--timeout 2 (%.1f s)" % (time.time() - t))
    time.sleep(0.2)
    check(status(server.get()) == 200, "after the drippers, the server serves again")
    server.stop()


def open_idle(server, n):
    """n connections that send nothing, connected in parallel (non-blocking)."""
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", server.port))
        socks.append(s)
    deadline = time.time() + 15
    pending = list(socks)
    while pending and time.time() < deadline:
        import select
        _, writable, _ = select.select([], pending, [], 0.5)
        pending = [s for s in pending if s not in writable]
    time.sleep(0.3)
    return socks


def test_idle_connections():
    # The defaults: 8 workers and a queue of 256; 300 connections that send nothing.
    server = Server()
    t = time.time()
    idle = open_idle(server, 300)
    note("300 connections opened at once took %.1f s to be accepted (cpp-httplib's listen "
         "backlog is 5: a burst waits for SYN retransmits)" % (time.time() - t))
    t = time.time()
    r = server.get(timeout=2)
    note("300 idle connections, default options: a new client got %s after %.1f s" %
         (status(r) or "nothing", time.time() - t))
    for c in idle:
        c.close()
    server.stop()
    # Small bounds: 2 workers + 4 queued; the 4 idle connections past the
    # queue wait for the one refusing thread, which waits --timeout on each.
    server = Server("--threads", "2", "--queue", "4", "--timeout", "2")
    idle = open_idle(server, 10)
    t = time.time()
    r = server.get(timeout=4)
    wait = time.time() - t
    check(status(r) in (200, 503) and wait < 1.5,
          "10 idle connections against --threads 2 --queue 4: a new client is answered (200, or "
          "503) at once (got %s after %.1f s)" % (status(r) or "nothing", wait))
    for c in idle:
        c.close()
    server.stop()


def test_protocol(server):
    get = b"GET /cds-services HTTP/1.1\r\nHost: x\r\n\r\n"
    last = b"GET /cds-services HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    r = server.raw(get + get + last, timeout=2)
    answered = len(re.findall(rb"HTTP/1\.1 \d{3} ", r))
    note("3 pipelined GETs in one segment: %d answered%s (cpp-httplib 0.11.4 drops what it "
         "buffered past the first request)" % (answered, ", then the client timed out"
                                                if r.endswith(b"<timeout>") else ""))
    r = server.raw(b"GET /cds-services HTTP/1.0\r\n\r\n", timeout=3)
    check(status(r) == 200 and complete(r) and not r.endswith(b"<timeout>"),
          "HTTP/1.0 GET: 200, then the server closes")
    data = base_text().encode()
    r = server.raw(b"POST " + SERVICE + b" HTTP/1.0\r\nContent-Length: %d\r\n\r\n" % len(data) +
                   data, timeout=3)
    check(status(r) == 200 and decision(r) == "swap" and not r.endswith(b"<timeout>"),
          "HTTP/1.0 POST: screened, then the server closes")
    for version in (b"HTTP/0.9", b"HTTP/2.0"):
        r = server.raw(b"GET /cds-services " + version + b"\r\n\r\n", timeout=1)
        check(status(r) == 400, "%s: 400" % version.decode())
    endpoints = [b"/cds-services", SERVICE, SERVICE + b"/feedback"]
    seen = collections.Counter()
    bad = []
    for method in (b"PUT", b"DELETE", b"OPTIONS", b"PATCH", b"TRACE", b"FOO"):
        for path in endpoints:
            r = server.raw(method + b" " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                           b"Content-Length: 2\r\n\r\n{}", timeout=1)
            seen[status(r)] += 1
            if not (status(r) and 400 <= status(r) < 500) or b"cards" in r:
                bad.append((method, path, status(r)))
    check(not bad, "PUT, DELETE, OPTIONS, PATCH, TRACE and FOO on every endpoint: a 4xx, never "
          "a card (%s)%s" % (dict(seen), "; wrong: %s" % bad if bad else ""))
    note("other methods get 404 (not 405 with Allow): %s" % dict(seen))
    r = server.raw(b"HEAD /cds-services HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(status(r) == 200 and body(r) == b"", "HEAD /cds-services: 200 without a body")
    r = server.raw(b"HEAD " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(status(r) == 404, "HEAD on a service: 404")


def test_paths(server):
    s = SENTINEL.encode()
    hostile = [b"/cds-services/hamstring-dry-needling%00", b"/cds-services/hamstring%2Fdry",
               b"/cds-services/../cds-services/hamstring-dry-needling",
               b"/cds-services/hamstring-dry-needling/../x", b"/cds-services/" + b"a" * 8000,
               b"/cds-services/%1b%5b2J" + s, b"/cds-services/\x1b[2J" + s,
               b"/cds-services/\x9b31m" + s, b"/cds-services/\xc2\x9b31m",
               b"/cds-services/\xe2\x80\xae" + s, b"/cds-services/%e2%80%ae%e2%81%a6",
               b"/cds-services/x%0d%0aX-Injected:%201", b"/cds-services/%ff%fe",
               b"/cds-services/%zz", b"/cds-services/" + s + b"/feedback",
               b"/cds-services/%00/feedback", b"//cds-services/hamstring-dry-needling",
               b"/cds-services/hamstring-dry-needling/", b"/cds-services/\x7f\x01"]
    wrong = []
    for path in hostile:
        r = server.post(REQUEST, path=path, timeout=3)
        if status(r) not in (400, 404) or b"cards" in r or b"X-Injected" in r.split(b"\r\n\r\n")[0]:
            wrong.append((path[:40], status(r)))
    check(not wrong, "%d hostile paths (%%00, %%2F, ../, 8000-byte id, ESC, CSI, bidi, CR LF): "
          "400/404, never a card%s" % (len(hostile), "; wrong: %s" % wrong if wrong else ""))
    r = server.post(REQUEST, path=b"/cds-services/hamstring-dry-needling%2Ffeedback")
    note("POST %s%%2Ffeedback is routed to feedback (the path is decoded before routing): %s" %
         (SERVICE.decode(), status(r)))


def sentinel_request():
    req = copy.deepcopy(REQUEST)
    req["hookInstance"] = SENTINEL
    req["fhirServer"] = "https://" + SENTINEL + ".example/fhir"
    req["context"]["userId"] = "Practitioner/" + SENTINEL
    req["context"]["patientId"] = SENTINEL
    qr = req["prefetch"]["intake"]["entry"][0]["resource"]
    qr["id"] = SENTINEL
    qr["subject"] = {"reference": "Patient/" + SENTINEL}
    qr["item"].append({"linkId": "id", "answer": [{"valueString": SENTINEL}]})
    qr["item"].append({"linkId": "x." + SENTINEL, "answer": [{"valueString": SENTINEL}]})
    return req


def test_log_sentinels(server):
    req = sentinel_request()
    r = server.post(req, headers=b"X-Patient: " + SENTINEL.encode() + b"\r\n")
    check(status(r) == 200 and SENTINEL not in body(r).decode("utf-8", "replace"),
          "a request with the sentinel in every member: screened, the sentinel not echoed")
    bad = copy.deepcopy(req)
    bad["prefetch"]["intake"]["entry"][0]["resource"]["item"].append(
        {"linkId": "injury.swelling", "answer": [{"valueString": SENTINEL}]})
    r = server.post(bad)
    check(decision(r) == "error" and SENTINEL.encode() not in r,
          "an answer of the wrong type holding the sentinel: error card without it")
    server.post(b'{"hook": "' + SENTINEL.encode() + b'"}')
    server.post({"feedback": [{"card": SENTINEL, "outcome": "accepted",
                               "outcomeTimestamp": "2026-11-30T10:00:00Z"}]},
                path=SERVICE + b"/feedback")
    server.get(b"/cds-services?patient=" + SENTINEL.encode())
    server.post(req, path=SERVICE + b"?patient=" + SENTINEL.encode())


def check_log(text, what):
    controls = sorted({c for c in text if (c < 0x20 and c != 0x0a) or c == 0x7f or c == 0x9b})
    decoded = text.decode("utf-8", "replace")
    c1 = sorted({hex(ord(ch)) for ch in decoded if 0x80 <= ord(ch) <= 0x9f or
                 0x202a <= ord(ch) <= 0x202e or 0x2066 <= ord(ch) <= 0x2069})
    check(not controls and not c1, "%s: no raw control byte, C1 control or bidi control in the "
          "log (%s)" % (what, controls + c1 if controls or c1 else "none"))
    lines = [line for line in decoded.splitlines() if SENTINEL in line]
    check(not lines, "%s: the sentinel (a patient value) never in the log%s" %
          (what, "; e.g. %r" % lines[0][:100] if lines else ""))
    long_lines = [len(line) for line in decoded.splitlines() if len(line) > 300]
    check(not long_lines, "%s: log lines stay short (longest %d bytes)" %
          (what, max([len(line) for line in decoded.splitlines()] or [0])))


# ----------------------------------------------------------------- tokens

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_tokens():
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    key = ec.generate_private_key(ec.SECP384R1())
    public = os.path.join(WORK, "ec.pub.pem")
    with open(public, "wb") as f:
        f.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo))
    server = Server("--trust", "https://ehr.example=" + public)
    aud = "http://127.0.0.1:%d%s" % (server.port, SERVICE.decode())

    def sign(header, payload):
        signing_input = (b64(header) + "." + b64(payload)).encode()
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA384())))
        return signing_input.decode() + "." + b64(r.to_bytes(48, "big") + s.to_bytes(48, "big"))

    def claims(**changes):
        now = int(time.time())
        c = {"iss": "https://ehr.example", "sub": SENTINEL, "aud": aud, "exp": now + 300,
             "iat": now, "jti": str(uuid.uuid4())}
        c.update(changes)
        return json.dumps({k: v for k, v in c.items() if v is not None}).encode()

    def header(**changes):
        h = {"alg": "ES384", "typ": "JWT", "kid": "k1"}
        h.update(changes)
        return json.dumps({k: v for k, v in h.items() if v is not None}).encode()

    def call(value):
        return status(server.post(REQUEST, headers=b"Authorization: " + value + b"\r\n"))

    now = int(time.time())
    check(call(b"Bearer " + sign(header(), claims()).encode()) == 200, "a good ES384 token: 200")
    refused = {
        "a 20 KB Authorization header": (b"Bearer " + b"A" * 20000, (400, 401, 431)),
        "a JWT whose header is not JSON": (sign(b"not json {", claims()), (401,)),
        "a JWT whose header is a JSON array": (sign(b'["ES384"]', claims()), (401,)),
        "a JWT whose payload is not JSON": (sign(header(), b"garbage"), (401,)),
        "no kid": (sign(header(kid=None), claims()), (401,)),
        "kid a number": (sign(header(kid=5), claims()), (401,)),
        "typ jwt (lower case)": (sign(header(typ="jwt"), claims()), (401,)),
        "exp a float": (sign(header(), claims(exp=now + 300.5)), (401,)),
        "exp a string": (sign(header(), claims(exp=str(now + 300))), (401,)),
        "exp 10^30": (sign(header(), claims(exp=10 ** 30)), (401,)),
        "aud an object": (sign(header(), claims(aud={"url": aud})), (401,)),
        "aud an empty array": (sign(header(), claims(aud=[])), (401,)),
        "iss an array": (sign(header(), claims(iss=["https://ehr.example"])), (401,)),
        "jti a number": (sign(header(), claims(jti=12345)), (401,)),
        "alg HS384 given again after ES384": (sign(b'{"alg":"ES384","typ":"JWT","kid":"k",'
                                                   b'"alg":"HS384"}', claims()), (401,)),
        "iat a string": (sign(header(), claims(iat=str(now))), (401,)),
        "iat a float": (sign(header(), claims(iat=now + 0.5)), (401,)),
        "nbf an hour ahead (not yet valid)": (sign(header(), claims(nbf=now + 3000)), (401,)),
    }
    for what, (tok, want) in refused.items():
        value = tok if isinstance(tok, bytes) else b"Bearer " + tok.encode()
        got = call(value)
        check(got in want, "token refused (%s): %s (got %s)" % (what, "/".join(map(str, want)), got))
    lenient = {"kid an empty string": sign(header(kid=""), claims()),
               "alg es384 (lower case)": sign(header(alg="es384"), claims()),
               "crit naming an unknown extension": sign(header(crit=["x-unknown"]), claims())}
    for what, tok in lenient.items():
        note("token with %s: %s" % (what, call(b"Bearer " + tok.encode())))
    server.post(REQUEST, headers=b"Authorization: Bearer " + SENTINEL.encode() + b"\r\n")
    server.stop()
    check_log(server.log_bytes(), "--trust server")


# ------------------------------------------------------------ stderr, signals

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def test_stderr():
    # stderr closed, full, and a pipe whose reader is gone: serve must serve.
    # A port is picked first: the "listening on" line cannot be read here.
    data = base_text().encode()
    post = (b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n" % len(data) + data)
    for what in ("2>&-", "2>/dev/full", "stderr a pipe with no reader"):
        port = free_port()
        if what.startswith("2>"):
            proc = subprocess.Popen(["/bin/sh", "-c", "exec \"$0\" serve --listen 127.0.0.1:%d %s"
                                     % (port, what), BIN], stdout=subprocess.DEVNULL)
        else:
            r, w = os.pipe()
            proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:%d" % port],
                                    stdout=subprocess.DEVNULL, stderr=w)
            os.close(w)
            os.close(r)
        fake = Server.__new__(Server)
        fake.port, fake.proc = port, proc
        servers.append(fake)
        statuses = []
        if wait_port(port):
            for _ in range(3):
                statuses.append(status(fake.get()))
                statuses.append(decision(fake.raw(post)))
        alive = proc.poll() is None
        code = fake.stop()
        check(alive and statuses == [200, "swap"] * 3 and code == 0,
              "serve with %s: serves (%s), exits 0 on SIGTERM (%s)" % (what, statuses, code))


def in_flight(n, signals, args=()):
    """n connections each with a partial request when the signals arrive;
    then the rest of each request is sent. Returns (outcomes, exit code)."""
    server = Server(*args)
    data = base_text().encode()
    conns = []
    for _ in range(n):
        c = server.connect(15)
        c.sendall(b"POST " + SERVICE + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(data) + data[:20])
        conns.append(c)
    time.sleep(1.0)
    for sig in signals:
        server.proc.send_signal(sig)
        time.sleep(0.1)
    time.sleep(0.2)
    outcomes = []
    lock = threading.Lock()

    def finish(c):
        try:
            c.sendall(data[20:])
        except OSError:
            with lock:
                outcomes.append("closed")
            c.close()
            return
        r = read_all(c)
        with lock:
            if r in (b"", b"<reset>"):
                outcomes.append("closed")
            elif complete(r):
                outcomes.append(str(status(r)))
            else:
                outcomes.append("HALF")
    threads = [threading.Thread(target=finish, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # It stops by itself once the in-flight requests are answered; a second
    # signal would kill it (SA_RESETHAND), so wait before stop() sends one.
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    return collections.Counter(outcomes), server.stop()


def test_signals():
    outcomes, code = in_flight(32, [signal.SIGTERM])
    check(outcomes["HALF"] == 0, "SIGTERM with 32 requests in flight: never a half response (%s)"
          % dict(outcomes))
    check(code == 0, "... serve exits 0 (%s)" % code)
    check(outcomes["200"] == 32, "... every accepted request answered, as the README says "
          "(%d answered, %d closed unanswered)" % (outcomes["200"], outcomes["closed"]))
    outcomes, code = in_flight(4, [signal.SIGINT, signal.SIGINT])
    check(outcomes["HALF"] == 0, "SIGINT twice with 4 requests in flight: never a half response "
          "(%s)" % dict(outcomes))
    note("SIGINT twice: the second signal kills serve (SA_RESETHAND): exit %s, %s" %
         (code, dict(outcomes)))


def test_address_space_limit():
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (300000 * 1024, 300000 * 1024))
    try:
        server = Server(preexec=limit)
    except RuntimeError as e:
        check(False, "ulimit -v 300000: serve starts (%s)" % e)
        return
    check(True, "ulimit -v 300000: serve starts")
    data = base_text().encode()
    counts = collections.Counter()
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        for _ in range(250):
            try:
                conn.request("POST", SERVICE.decode(), body=data,
                             headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                got = r.status
            except (OSError, http.client.HTTPException) as e:
                got = type(e).__name__
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
            with lock:
                counts[got] += 1
    start = time.time()
    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    hwm, size = server.status_of("VmHWM"), server.status_of("VmSize")
    check(counts[200] == 2000, "ulimit -v 300000: 2000 requests over 8 connections, all 200 "
          "(%s, %.1f s)" % (dict(counts), time.time() - start))
    check(hwm < 64 * 1024, "... peak RSS under 64 MB (VmHWM %d kB; VmSize %d kB)" % (hwm, size))
    big = base_text()[:-1].encode() + b', "x": "' + b"A" * 1000000 + b'"}'
    r = server.post(big, timeout=10)
    note("ulimit -v 300000, after the load: a valid 1 MB request got %s %r" %
         (status(r), body(r)[:60]))
    server.stop()


# --------------------------------------------------------- card injection

INJECTIONS = ["<img src=x onerror=alert(1)>", "[click](http://evil.example/x)",
              "![i](http://evil.example/i.png)", "<script>alert(1)</script>",
              "**bold** _it_ `code` ~~s~~", "\n# Heading\n\n- item\n> quote", "&lt;b&gt; &#x3c;",
              "| a | b |\n|---|---|", "<http://evil.example>", "a@evil.example",
              "see https://evil.example/x", "x" * 2000, "\u00e9" * 300, "\U0001F600" * 300,
              "a\u0301" * 300]


def injection_pack():
    with open(os.path.join(ROOT, "rules", "hamstring-dry-needling.yaml")) as f:
        text = f.read()
    text = text.replace("  - path: clinician.emergency_care_current\n",
                        "  - path: patient.note\n    type: string\n    question: A note?\n"
                        "  - path: clinician.emergency_care_current\n", 1)
    text = (text.rstrip("\n") + "\n\n  - id: note-echo\n    outcome: refer\n"
            "    when: patient.note == patient.note\n    message: \"Note: {patient.note}\"\n"
            "    source: a test\n")
    path = os.path.join(WORK, "pack-with-note.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def unescaped(detail):
    """Markup openers left unescaped in a detail, outside the card's own text."""
    text = detail.split("\n\nRule set `")[0]
    text = re.sub(r"^\*\*Decision: \w+\*\*", "", text)
    text = re.sub(r"\(rule `[^`]*`;", "", text)
    text = re.sub(r"\(`[a-z_.]+`", "", text)  # the card's own "(`field.path`)"
    return sorted(set(re.findall(r"(?<!\\)[<>\[\]`]|(?<!\\)!\[|(?<![\\\w])https?://", text)))


def test_injection():
    server = Server("--rules", injection_pack())
    problems, summaries, outputs = [], [], 0
    www = {}
    for inj in INJECTIONS + ["www.evil.example/login", "\u202eevil\u2066", "\x1b[2J\x9b31m"]:
        mutations = {
            "a string answer": lambda qr: qr["item"].append(
                {"linkId": "patient.note", "answer": [{"valueString": inj}]}),
            "a linkId in an error": lambda qr: qr["item"].append({"linkId": inj, "item": []}),
            "a linkId twice": lambda qr: qr["item"].extend([{"linkId": inj}, {"linkId": inj}]),
            "the id": lambda qr: qr.__setitem__("id", inj),
        }
        for where, mutate in mutations.items():
            req = copy.deepcopy(REQUEST)
            mutate(req["prefetch"]["intake"]["entry"][0]["resource"])
            r = server.post(req)
            outputs += 1
            c = card(r)
            if status(r) != 200 or c is None:
                problems.append((where, inj[:20], status(r), "not JSON"))
                continue
            summaries.append(len(c["summary"]))
            if inj.startswith("www."):
                www[where] = c["detail"]
                continue
            if inj[0] in "\u202e\x1b":
                continue
            left = unescaped(c["detail"])
            if left:
                problems.append((where, inj[:20], left))
    check(not problems, "%d cards with Markdown/HTML in a string answer, a linkId and the id: "
          "valid JSON, every opener escaped%s" % (outputs, "; %s" % problems[:4] if problems else ""))
    check(summaries and max(summaries) < 140, "... every summary under 140 characters "
          "(longest %d)" % max(summaries or [0]))
    d = www.get("a string answer", "")
    check("www.evil.example" not in d, "a string answer 'www.evil.example/login' cannot become a "
          "GFM autolink in the detail (%r)" % d.split("\n- ")[1][:50] if "\n- " in d else d[:50])
    for inj, what in (("\u202eevil\u2066", "bidi controls"), ("\x1b[2J\x9b31m", "ESC and CSI")):
        req = copy.deepcopy(REQUEST)
        req["prefetch"]["intake"]["entry"][0]["resource"]["item"].append(
            {"linkId": "patient.note", "answer": [{"valueString": inj}]})
        c = card(server.post(req))
        raw = [ch for ch in inj if not ch.isprintable() and (ch in c["summary"] or
                                                              ch in c["detail"])]
        note("a string answer with %s: passed raw into the card's text: %s" %
             (what, [hex(ord(ch)) for ch in raw] or "none"))
    # The built-in pack's texts are the pack's; the only record text reaching a card
    # is a linkId in an error (Printable): check that an error's summary is capped too.
    server.stop()
    check_log(server.log_bytes(), "injection server")


# --------------------------------------------------------------------- main

def timed(test, *args):
    start = time.time()
    test(*args)
    print("     (%s: %.1f s)" % (test.__name__, time.time() - start))


def main():
    start = time.time()
    try:
        server = Server()
        for test in (test_json, test_protocol, test_paths, test_log_sentinels):
            timed(test, server)
        check(server.stop() == 0, "the default server exits 0 on SIGTERM")
        check_log(server.log_bytes(), "default server")
        timed(test_body_limits)
        timed(test_lines_and_header_flood)
        timed(test_tokens)
        timed(test_stderr)
        timed(test_signals)
        timed(test_address_space_limit)
        timed(test_injection)
        timed(test_slowloris)
        timed(test_idle_connections)
    finally:
        for s in servers:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
    print("%d failure(s) in %.0f s" % (len(failures), time.time() - start))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
