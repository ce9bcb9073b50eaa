#!/usr/bin/python3
"""Validate CDS Hooks 2.0.1 messages against tests/serve/cds-hooks-2.0.1.schema.json.

Usage: validate_cds.py KIND FILE...

KIND is the message: discovery (GET /cds-services response), request (the
POST /cds-services/{id} body), response (its 200 body) or feedback (the POST
.../feedback body). The name of any other definition in the schema (card,
action, source, prefetchTemplates, ...) is accepted too, for a fragment.

Prints every error as `FILE: JSONPATH: message` (or `FILE: valid`).
Exit 0: every file valid; 1: some file invalid; 2: usage error, or a file
that cannot be read or is not JSON (the other files are still checked).

Draft 7 with Debian's python3-jsonschema; format keywords are not asserted
(the schema spells URL, UUID and timestamp rules as patterns instead).
"""
import json
import os
import re
import sys

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cds-hooks-2.0.1.schema.json")
MESSAGES = ("discovery", "request", "response", "feedback")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def usage(msg):
    print(f"validate_cds.py: {msg}", file=sys.stderr)
    print(f"usage: validate_cds.py {{{'|'.join(MESSAGES)}}} FILE...", file=sys.stderr)
    sys.exit(2)


def json_path(parts):
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif IDENT.match(p):
            out += f".{p}"
        else:
            out += "[" + json.dumps(p) + "]"
    return out


class DuplicateMember(ValueError):
    pass


def shorten(message):
    """jsonschema quotes the whole offending value; keep its head and the verdict."""
    if len(message) <= 300:
        return message
    return message[:220] + " ... " + message[-60:]


def no_duplicates(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise DuplicateMember(k)
        seen[k] = v
    return seen


def not_json_constant(name):
    raise ValueError(f"{name} is not JSON")


def main(argv):
    # Results on stdout and unreadable files on stderr, in the order met,
    # also when both go to one pipe (stdout is block-buffered there).
    sys.stdout.reconfigure(line_buffering=True)
    if len(argv) < 3:
        usage("need a KIND and at least one FILE")
    kind, files = argv[1], argv[2:]
    try:
        import jsonschema
    except ImportError as e:
        print(f"validate_cds.py: {e} (scripts/install-deps.sh installs python3-jsonschema; "
              "run with /usr/bin/python3)", file=sys.stderr)
        return 2
    try:
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"validate_cds.py: {SCHEMA}: {e}", file=sys.stderr)
        return 2
    if kind not in schema["definitions"]:
        usage(f"unknown KIND {kind!r}")
    # The caller names the definition: the root of the schema rejects everything.
    # In draft 7 a $ref replaces its siblings, and #/definitions/... resolves in
    # this same document.
    selected = dict(schema, **{"$ref": f"#/definitions/{kind}"})
    validator = jsonschema.Draft7Validator(selected)

    status = 0
    for name in files:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f, object_pairs_hook=no_duplicates, parse_constant=not_json_constant)
        except DuplicateMember as e:
            print(f"{name}: duplicate member name {str(e)!r} in one object (ambiguous JSON)")
            status = max(status, 1)
            continue
        except (OSError, UnicodeDecodeError, ValueError) as e:
            print(f"{name}: cannot read as JSON: {e}", file=sys.stderr)
            status = 2
            continue
        errors = sorted(validator.iter_errors(doc),
                        key=lambda e: (json_path(e.absolute_path), e.message))
        if not errors:
            print(f"{name}: valid")
            continue
        status = max(status, 1)
        for e in errors:
            print(f"{name}: {json_path(e.absolute_path)}: {shorten(e.message)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
