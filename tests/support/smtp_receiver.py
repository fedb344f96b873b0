#!/usr/bin/python3
# An SMTP relay for the alert tests: Debian's aiosmtpd (python3-aiosmtpd) on 127.0.0.1 that
# requires STARTTLS with the test's certificate, and prints one line per message:
#   listening PORT
#   message {"from": ..., "to": [...], "subject": ..., "body": ..., "tls": true}
# Usage: smtp_receiver.py CERT KEY
import email
import email.policy
import json
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(sys.argv[1], sys.argv[2])


class Handler:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        print("message", json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                     "subject": str(message["subject"]),
                                     "body": message.get_content(),
                                     "tls": session.ssl is not None}), flush=True)
        return "250 Message accepted"


class StartTlsController(Controller):
    def factory(self):
        return SMTP(self.handler, tls_context=context, require_starttls=True,
                    hostname="127.0.0.1")

    def _trigger_server(self):
        # The controller's readiness check speaks plain SMTP, which require_starttls refuses
        # after the greeting; the greeting is enough to know the server runs.
        with socket.create_connection((self.hostname, self.port), timeout=5) as s:
            s.recv(1024)


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = StartTlsController(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("listening", port, flush=True)
threading.Event().wait()
