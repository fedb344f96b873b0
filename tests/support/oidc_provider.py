#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Throw-away OpenID Connect provider for end-to-end tests (Debian's glewlwyd).

The feedback hub is an OpenID Connect relying party; its end-to-end test needs
a real provider, not a mock. This script builds a complete, isolated glewlwyd
2.7 instance under --dir (sqlite database from Debian's packaged schema, config
file, RSA signing key made by openssl at run time, webapp copy), provisions it
by direct SQL before start, runs /usr/bin/glewlwyd on 127.0.0.1:PORT and prints
one line "ready <issuer>" on stdout once discovery answers. SIGTERM/SIGINT stop
glewlwyd too. Nothing outside --dir is written; nothing secret is committed.

Provisioned (every password is "correct horse" unless --password is given):
  client  feedback-hub  confidential, secret from --client-secret-file, code flow,
                        PKCE S256 allowed (not required), client_secret_basic
                        and client_secret_post, consent pre-granted for all users
  scopes  openid profile email groups
  users   alice   Alice Analyst  alice@example.test   [fbk-analysts]
          victor  Victor Viewer  victor@example.test  [fbk-viewers]
          admin2  Ada Admin      (email "")           [fbk-admins, fbk-viewers]
          nobody  Nemo Nobody    (email "")           [cafeteria]
ID tokens are RS256 (kid = RFC 7638 thumbprint) with sub "sub-<username>", name,
email, groups (JSON array), nonce, sid. Browser login: the authorization endpoint
redirects to /login.html; fill #username and #password, click #loginbut, then the
"Continue" button (button.btn-success). Logout: end_session_endpoint, then the
"Logout" button (button.btn-danger) on the page it leads to. Log: DIR/glewlwyd.log.
"""
import argparse, base64, ctypes, hashlib, json, os, re, secrets, shutil, signal, sqlite3
import string, subprocess, sys, time, urllib.request

GLEWLWYD = "/usr/bin/glewlwyd"
SCHEMA = "/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3"
WEBAPP = "/usr/share/glewlwyd/webapp"
# The packaged webapp/config.json is a symlink to /etc/glewlwyd/config-2.7.json,
# which Debian ships as a *directory*; the template holds the real file.
WEBAPP_CONFIG = "/usr/share/glewlwyd/templates/config.json"
PLUGIN = "oidc"  # plugin instance name, so endpoints live under /api/oidc
SCOPES = ["openid", "profile", "email", "groups"]
USERS = [  # username, name, email, groups
    ("alice", "Alice Analyst", "alice@example.test", ["fbk-analysts"]),
    ("victor", "Victor Viewer", "victor@example.test", ["fbk-viewers"]),
    ("admin2", "Ada Admin", "", ["fbk-admins", "fbk-viewers"]),
    ("nobody", "Nemo Nobody", "", ["cafeteria"]),
]


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def make_signing_jwks(workdir):
    """Generate an RSA key with openssl and convert it to a private JWKS.

    glewlwyd also accepts a bare PEM key, but then the kid is not ours to
    choose; a JWKS lets us publish a stable, explicit kid and alg."""
    pem = os.path.join(workdir, "signing-key.pem")
    subprocess.run(["openssl", "genrsa", "-out", pem, "2048"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(pem, 0o600)
    text = subprocess.run(["openssl", "rsa", "-in", pem, "-noout", "-text"],
                          check=True, capture_output=True, text=True).stdout
    fields, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^(\w+):\s*(\d+)?", line)
        if m and not line.startswith(" "):
            current = m.group(1)
            fields[current] = format(int(m.group(2)), "x") if m.group(2) else ""
        elif current and line.startswith(" "):
            fields[current] += line.strip().replace(":", "")
    def num(name):  # big-endian unsigned integer, base64url, no leading zeros
        value = int(fields[name], 16)
        return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))
    jwk = {"kty": "RSA", "n": num("modulus"), "e": num("publicExponent")}
    # RFC 7638 thumbprint: members e, kty, n in lexicographic order, no spaces.
    kid = b64url(hashlib.sha256(json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode()).digest())
    jwk.update(d=num("privateExponent"), p=num("prime1"), q=num("prime2"), dp=num("exponent1"),
               dq=num("exponent2"), qi=num("coefficient"), kid=kid, alg="RS256", use="sig")
    return {"keys": [jwk]}, kid


def glewlwyd_password_hash(password):
    """Hash format of glewlwyd's database user backend (matches the packaged
    admin row): base64(PBKDF2-HMAC-SHA256(password, salt, 1000) || salt),
    salt being 16 printable characters."""
    salt = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16)).encode()
    return base64.b64encode(hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000) + salt).decode()


def oidc_parameters(issuer, jwks, kid, iss_param):
    """OIDC plugin instance parameters (names as in glewlwyd 2.7 admin UI)."""
    return {
        "iss": issuer, "jwt-type": "rsa", "jwt-key-size": "256",
        "jwks-private": json.dumps(jwks), "default-kid": kid, "jwks-show": True, "jwks-x5c": [],
        "client-sign_kid-parameter": "",
        "access-token-duration": 3600, "refresh-token-duration": 3600, "code-duration": 120,
        "refresh-token-rolling": False, "refresh-token-one-use": "never",
        "allow-non-oidc": False, "auth-type-code-enabled": True, "auth-type-code-revoke-replayed": True,
        "auth-type-token-enabled": False, "auth-type-id-token-enabled": True,
        "auth-type-none-enabled": False, "auth-type-password-enabled": False,
        "auth-type-client-enabled": False, "auth-type-device-enabled": False,
        "auth-type-refresh-enabled": True,
        "subject-type": "public",  # same sub for every client (we seed it below)
        "scope": [], "additional-parameters": [], "allowed-scope": SCOPES,
        # name/email are built-in claims; "mandatory" = in every ID token.
        "name-claim": "mandatory", "name-claim-scope": [],
        "email-claim": "mandatory", "email-claim-scope": [],
        "scope-claim": "no", "scope-claim-scope": [], "address-claim": {"type": "no"},
        # A multi-valued user property becomes a JSON array claim.
        "claims": [{"name": "groups", "user-property": "groups", "type": "string",
                    "mandatory": True, "on-demand": False, "scope": []}],
        "pkce-allowed": True, "pkce-method-plain-allowed": False, "pkce-required": False,
        "pkce-required-public-client": False, "pkce-scopes": [],
        "request-parameter-allow": False, "request-uri-allow-https-non-secure": False,
        "introspection-revocation-allowed": False, "register-client-allowed": False,
        # Gives discovery an end_session_endpoint (RP-initiated logout). The
        # logout page needs the channel-logout switches on, or its session
        # lookup answers 400 and its Logout button does nothing.
        "session-management-allowed": True, "session-cookie-name": "GLEWLWYD2_OIDC_SID",
        "session-cookie-expiration": 3600,
        "front-channel-logout-allowed": True, "back-channel-logout-allowed": True,
        "client-pubkey-parameter": "", "client-jwks-parameter": "jwks",
        "client-jwks_uri-parameter": "jwks_uri", "encrypt-out-token-allow": False,
        "service-documentation": "", "op-policy-uri": "", "op-tos-uri": "",
        "oauth-as-iss-id": iss_param,  # RFC 9207 "iss" in the authorization response
    }


def provision(db_path, args, issuer, jwks, kid, client_secret):
    db = sqlite3.connect(db_path)
    with open(SCHEMA) as f:
        db.executescript(f.read())
    q = db.execute
    # Let the database user backend store "groups" as a multi-valued property.
    row = q("SELECT gumi_id, gumi_parameters FROM g_user_module_instance WHERE gumi_name='database'").fetchone()
    params = json.loads(row[1])
    params["data-format"]["groups"] = {"multiple": True, "read": True, "write": True,
                                       "profile-read": True, "profile-write": False}
    q("UPDATE g_user_module_instance SET gumi_parameters=? WHERE gumi_id=?", (json.dumps(params), row[0]))
    row = q("SELECT gcmi_id, gcmi_parameters FROM g_client_module_instance WHERE gcmi_name='database'").fetchone()
    params = json.loads(row[1])
    params["data-format"]["post_logout_redirect_uris"] = {"multiple": True, "read": True, "write": True}
    q("UPDATE g_client_module_instance SET gcmi_parameters=? WHERE gcmi_id=?", (json.dumps(params), row[0]))
    # Scopes: password login required, no extra factor.
    q("UPDATE g_scope SET gs_password_required=1 WHERE gs_name='openid'")
    for s in SCOPES[1:]:
        q("INSERT INTO g_scope (gs_name, gs_display_name, gs_description, gs_password_required, "
          "gs_password_max_age) VALUES (?, ?, ?, 1, 0)", (s, s, "feedback hub test scope " + s))
    for s in SCOPES:
        q("INSERT INTO g_user_scope (gus_name) VALUES (?)", (s,))
        q("INSERT INTO g_client_scope (gcs_name) VALUES (?)", (s,))
    # Client (database client backend): secret is stored in clear by design.
    cid = q("INSERT INTO g_client (gc_client_id, gc_name, gc_confidential, gc_enabled) VALUES (?, ?, 1, 1)",
            (args.client_id, "Feedback hub (e2e)")).lastrowid
    props = [("redirect_uri", args.redirect_uri), ("authorization_type", "code"),
             ("authorization_type", "refresh_token"), ("client_secret", client_secret),
             # glewlwyd 2.7 rejects (403 unauthorized_client) any token endpoint
             # auth method not listed here, even with the right secret.
             ("token_endpoint_auth_method", "client_secret_basic"),
             ("token_endpoint_auth_method", "client_secret_post")]
    if args.post_logout_redirect_uri:  # the OIDC plugin reads the plural name
        props.append(("post_logout_redirect_uris", args.post_logout_redirect_uri))
    q_many = db.executemany
    q_many("INSERT INTO g_client_property (gc_id, gcp_name, gcp_value) VALUES (?, ?, ?)",
           [(cid, k, v) for k, v in props])
    q_many("INSERT INTO g_client_scope_client (gc_id, gcs_id) SELECT ?, gcs_id FROM g_client_scope "
           "WHERE gcs_name=?", [(cid, s) for s in SCOPES])
    for username, name, email, groups in USERS:
        # Users without e-mail keep glewlwyd's default '' (claim "email": "");
        # NULL would make glewlwyd emit "email": null.
        uid = q("INSERT INTO g_user (gu_username, gu_name, gu_email, gu_enabled) VALUES (?, ?, ?, 1)",
                (username, name, email)).lastrowid
        q("INSERT INTO g_user_password (gu_id, guw_password) VALUES (?, ?)",
          (uid, glewlwyd_password_hash(args.password)))
        q_many("INSERT INTO g_user_property (gu_id, gup_name, gup_value) VALUES (?, 'groups', ?)",
               [(uid, g) for g in groups])
        q_many("INSERT INTO g_user_scope_user (gu_id, gus_id) SELECT ?, gus_id FROM g_user_scope "
               "WHERE gus_name=?", [(uid, s) for s in SCOPES])
        # Pre-granted consent, so the login page never shows the grant screen.
        q_many("INSERT INTO g_client_user_scope (gs_id, gcus_username, gcus_client_id) "
               "SELECT gs_id, ?, ? FROM g_scope WHERE gs_name=?",
               [(username, args.client_id, s) for s in SCOPES])
        # Seed a predictable "sub" (glewlwyd would otherwise make a random one).
        q("INSERT INTO gpo_subject_identifier (gposi_plugin_name, gposi_username, gposi_sub) "
          "VALUES (?, ?, ?)", (PLUGIN, username, "sub-" + username))
    # The packaged "admin" (password "password") stays, for the admin UI if needed.
    q("INSERT INTO g_plugin_module_instance (gpmi_module, gpmi_name, gpmi_display_name, gpmi_parameters) "
      "VALUES ('oidc', ?, 'OpenID Connect', ?)",
      (PLUGIN, json.dumps(oidc_parameters(issuer, jwks, kid, args.iss_param))))
    db.commit()
    db.close()


def write_webapp(workdir):
    """Serve a per-run copy of the webapp with our own config.json.

    A real copy (symlinks dereferenced, ~5 MB): glewlwyd's static file server
    answers 404 for any symlink, and Debian's webapp is full of them."""
    webapp = os.path.join(workdir, "webapp")
    shutil.copytree(WEBAPP, webapp, ignore=lambda d, names: ["config.json"] if d == WEBAPP else [])
    with open(WEBAPP_CONFIG) as f:
        config = json.load(f)
    config["GlewlwydUrl"] = "./"  # login.html fetches ./config/ then ./api/...
    config["lang"] = ["en"]
    with open(os.path.join(webapp, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    return webapp


def write_config(workdir, port, db_path, webapp):
    mime = {".html": "text/html", ".css": "text/css", ".js": "application/javascript",
            ".json": "application/json", ".png": "image/png", ".ico": "image/x-icon",
            ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}
    path = os.path.join(workdir, "glewlwyd.conf")
    with open(path, "w") as f:
        # No use_secure_connection line at all: glewlwyd 2.7.5 reads even "=false"
        # as TLS on, then exits for lack of certificates.
        f.write(f"""port={port}
bind_address="127.0.0.1"
external_url="http://127.0.0.1:{port}"
login_url="login.html"
api_prefix="api"
static_files_path="{webapp}/"
allow_origin="*"
log_mode="console"
log_level="INFO"
cookie_secure=0
cookie_same_site="empty"
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
add_x_frame_option_header_deny=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm="SHA512"
database = {{ type = "sqlite3"; path = "{db_path}"; }};
static_files_mime_types = (
""")
        f.write(",\n".join(f'  {{ extension = "{e}"; mime_type = "{m}"; }}' for e, m in mime.items()))
        f.write("\n);\n")
    return path


def die_with_parent():
    """In glewlwyd before exec: SIGTERM when this script dies, even by SIGKILL (a test that
    fails hard), so no provider outlives its test (prctl PR_SET_PDEATHSIG)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="empty or missing scratch directory")
    ap.add_argument("--port", required=True, type=int)
    ap.add_argument("--redirect-uri", required=True, help="the hub's callback URL")
    ap.add_argument("--client-secret-file", required=True)
    ap.add_argument("--client-id", default="feedback-hub")
    ap.add_argument("--post-logout-redirect-uri", default="", help="optional, for end_session")
    ap.add_argument("--password", default="correct horse", help="password of every test user")
    ap.add_argument("--iss-param", action="store_true", help="add RFC 9207 iss to the code redirect")
    ap.add_argument("--timeout", type=float, default=30, help="seconds to wait for readiness")
    args = ap.parse_args()

    workdir = os.path.abspath(args.dir)
    os.makedirs(workdir, exist_ok=True)
    if os.listdir(workdir):
        sys.exit(f"oidc_provider: {workdir} is not empty")
    with open(args.client_secret_file) as f:
        client_secret = f.read().strip()
    base = f"http://127.0.0.1:{args.port}"
    issuer = f"{base}/api/{PLUGIN}"
    jwks, kid = make_signing_jwks(workdir)
    db_path = os.path.join(workdir, "glewlwyd.sqlite3")
    provision(db_path, args, issuer, jwks, kid, client_secret)
    conf = write_config(workdir, args.port, db_path, write_webapp(workdir))

    log = open(os.path.join(workdir, "glewlwyd.log"), "ab")
    child = subprocess.Popen([GLEWLWYD, "-c", conf], stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT, preexec_fn=die_with_parent)

    # The handler only forwards the signal: calling child.wait() in it would
    # contend with the main thread's wait() and stall shutdown for seconds.
    stopping = []
    def stop(signum, _frame):
        stopping.append(signum)
        child.terminate()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    deadline = time.monotonic() + args.timeout
    while not stopping and child.poll() is None:
        try:
            with urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2) as r:
                if r.status == 200:
                    print("ready " + issuer, flush=True)
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            print(f"oidc_provider: not ready after {args.timeout}s, see {log.name}", file=sys.stderr)
            child.terminate()
            break
        time.sleep(0.1)
    rc = child.wait()
    if stopping:
        sys.exit(128 + stopping[0])
    sys.exit(f"oidc_provider: glewlwyd exited with {rc}, see {log.name}")


if __name__ == "__main__":
    main()
