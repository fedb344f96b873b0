#!/usr/bin/env python3
# A webhook receiver for the alert tests, a real HTTP server on 127.0.0.1: answers 500 to its
# first FAIL_FIRST requests and 200 after, checks each request's X-Feedback-Signature with the
# shared secret (its own HMAC code, not the hub's), and prints one line per request:
#   listening PORT
#   request {"status": 200, "event": "7", "signature_valid": true, "age_s": 0, "body": {...}}
# Usage: webhook_receiver.py SECRET FAIL_FIRST [PORT]
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = sys.argv[1].encode()
FAIL_FIRST = int(sys.argv[2])
PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 0
seen = 0


def signature_valid(header, body):
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        expected = hmac.new(SECRET, fields["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, fields["v1"]), int(time.time()) - int(fields["t"])
    except (KeyError, ValueError, AttributeError):
        return False, None


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        seen += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = 500 if seen <= FAIL_FIRST else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        valid, age = signature_valid(self.headers.get("X-Feedback-Signature"), body)
        print("request", json.dumps({"status": status, "event": self.headers.get("X-Feedback-Event"),
                                     "signature_valid": valid, "age_s": age,
                                     "body": json.loads(body)}), flush=True)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", PORT), Handler)
print("listening", server.server_address[1], flush=True)
server.serve_forever()
