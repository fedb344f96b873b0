// Signing in with a real OpenID Connect provider: Debian's glewlwyd, started under a temporary
// directory on 127.0.0.1 (tests/support/oidc_provider.py), its own login page driven in
// Debian's Chromium, against a real hub. Who signs in: alice (group fbk-analysts), victor
// (fbk-viewers), admin2 (fbk-admins) and nobody (only "cafeteria", which maps to no role).
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <optional>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/chromium.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "correct horse";

// A provider, a hub that trusts it, a kiosk's answers, an admin token to read the audit log
// with, and a browser.
struct SigninRig {
    TempDir dir{"fbk-signin"};
    int hub_port = free_loopback_port();
    std::string hub_url = "http://127.0.0.1:" + std::to_string(hub_port);
    std::filesystem::path secret = write_secret();
    std::unique_ptr<Process> provider = start_provider();
    std::string issuer = provider->wait_for_line("ready ", 60s).substr(6);
    std::filesystem::path config = write_config();
    std::optional<Hub> hub{std::in_place, dir.path(), hub_port, hub_args()};
    std::string admin = hub->create_token("admin", "auditor");
    HeadlessChromium browser{dir / "profile", dir / "chromium.log", 1280, 800};

    SigninRig() {
        const std::string kiosk = hub->create_token("kiosk", "k1");
        std::vector<fbk::sync::protocol::Response> answers;
        for (int i = 0; i < 20; ++i) {
            answers.push_back(sample_response(i));
        }
        REQUIRE(hub->post_batch(sample_batch_body(answers), kiosk).first == 200);
    }

    ~SigninRig() {
        provider->signal(SIGTERM);
        provider->wait(10s);
    }

    std::vector<std::string> hub_args() const { return {"--oidc-config", config.string()}; }

    std::filesystem::path write_secret() {
        std::ofstream(dir / "client-secret") << "a-long-client-secret-for-the-test\n";
        return dir / "client-secret";
    }

    std::unique_ptr<Process> start_provider() {
        return std::make_unique<Process>(
            std::vector<std::string>{
                "/usr/bin/python3", (source_dir() / "tests/support/oidc_provider.py").string(),
                "--dir", (dir / "provider").string(), "--port",
                std::to_string(free_loopback_port()), "--redirect-uri", hub_url + "/auth/callback",
                "--client-secret-file", secret.string()},
            dir / "provider.log");
    }

    // As a hospital's IT would write it (README "Signing in"); idle 30 minutes, 10 hours in all.
    std::filesystem::path write_config() {
        const json file = {
            {"issuer", issuer},
            {"client_id", "feedback-hub"},
            {"client_secret_file", secret.string()},
            {"redirect_uri", hub_url + "/auth/callback"},
            {"groups_claim", "groups"},
            {"group_roles",
             {{"fbk-viewers", "viewer"}, {"fbk-analysts", "analyst"}, {"fbk-admins", "admin"}}},
            {"scopes", "openid profile email groups"},
            {"session_idle_minutes", 30},
            {"session_max_hours", 10}};
        std::ofstream(dir / "oidc.json") << file.dump(2);
        return dir / "oidc.json";
    }

    std::vector<json> audit() const {
        const auto [status, body] = hub->get("/api/v1/audit", admin);
        REQUIRE(status == 200);
        return json::parse(body).at("entries").get<std::vector<json>>();
    }
    bool audited(const std::string& actor, const std::string& action) const {
        for (const json& e : audit()) {
            if (e.at("actor") == actor && e.at("action") == action) {
                return true;
            }
        }
        return false;
    }

    // Signs `user` in the way a person does: the dashboard's button, the provider's own
    // login page (React: the native value setter, then an input event), its Continue button,
    // and back to the hub. Returns the page's state afterwards ("ready", or the hub's page).
    void sign_in(const std::string& user) {
        browser.navigate(hub_url + "/dashboard/");
        REQUIRE(
            browser.wait_until("document.body.dataset.state === 'login' && "
                               "!document.getElementById('sso').hidden",
                               10s));
        browser.load_by("document.getElementById('sso-sign-in').click()");
        // Already signed in at the provider (single sign-on): only its Continue button.
        const std::string continue_button =
            "[...document.querySelectorAll('button.btn-success')].find(b => "
            "b.textContent.includes('Continue'))";
        REQUIRE_MESSAGE(browser.wait_until("document.getElementById('loginbut') !== null || " +
                                               continue_button + " !== undefined",
                                           20s),
                        browser.evaluate("location.href"));
        if (browser.evaluate("document.getElementById('loginbut') !== null") == true) {
            browser.evaluate(
                "(() => { const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "
                "'value').set; for (const [id, v] of [['username', '" +
                user + "'], ['password', '" + kPassword +
                "']]) { const el = document.getElementById(id); set.call(el, v); "
                "el.dispatchEvent(new Event('input', {bubbles: true})); } "
                "document.getElementById('loginbut').click(); })()");
        }
        REQUIRE(browser.wait_until(continue_button + " !== undefined", 20s));
        browser.load_by(continue_button + ".click()");
    }

    // The browser's cookie of that name for the hub's `path`; null if it has none.
    json cookie(const std::string& name, const std::string& path) {
        for (const json& c : browser.cookies(hub_url + path)) {
            if (c.at("name") == name) {
                return c;
            }
        }
        return nullptr;
    }
    std::string session_cookie() {
        const json c = cookie("fbk_session", "/");
        return c.is_null() ? std::string() : c.at("value").get<std::string>();
    }
};

}  // namespace

TEST_CASE("sign-in: an analyst signs in at the provider, exports, and is audited by name") {
    SigninRig rig;
    rig.sign_in("alice");
    REQUIRE_MESSAGE(rig.browser.wait_until("document.body.dataset.state === 'ready'", 20s),
                    rig.browser.evaluate("location.href + ' ' + document.body.textContent"));
    CHECK(rig.browser.evaluate("document.getElementById('signed-in-as').textContent") ==
          "Alice Analyst (analyst)");
    // The session cookie: HttpOnly (no script can read it), SameSite=Lax, Secure only off
    // because this hub is plain http on loopback.
    // (The provider's own cookies are there too: cookies do not tell ports apart.)
    const json session = rig.cookie("fbk_session", "/");
    REQUIRE(session.is_object());
    CHECK(session.at("httpOnly") == true);
    CHECK(session.at("sameSite") == "Lax");
    CHECK(session.at("secure") == false);
    CHECK(session.at("path") == "/");
    // The sign-in's state cookie is gone once used.
    CHECK(rig.cookie("fbk_signin", "/auth/callback").is_null());
    CHECK(rig.browser.evaluate("document.cookie.includes('fbk_session')") == false);

    // The export button, and the same export fetched by the page: 20 rows, with the cookie only.
    rig.browser.evaluate("document.getElementById('export-csv').click()");
    REQUIRE(rig.browser.wait_until(
        "document.getElementById('export-status').textContent === 'Responses exported.'", 20s));
    CHECK(rig.browser.evaluate("fetch('/api/v1/responses?format=csv').then(r => r.text())"
                               ".then(t => t.trim().split('\\n').length - 1)") == 20);
    // A change with the cookie but without the CSRF header is refused; the dashboard's own
    // requests carry it.
    CHECK(rig.browser.evaluate(
              "fetch('/api/v1/comments/state', {method: 'POST', headers: {'Content-Type': "
              "'application/json'}, body: '{}'}).then(r => r.status)") == 403);

    const std::string alice = "Alice Analyst <alice@example.test> (sub sub-alice)";
    CHECK(rig.audited(alice, "signin"));
    CHECK(rig.audited(alice, "export"));
    // Nothing of the session or the sign-in reached the hub's log.
    const std::string cookie = rig.session_cookie();
    REQUIRE(cookie.size() == 43);
    CHECK(rig.hub->log().find(cookie) == std::string::npos);
    CHECK(rig.hub->log().find("code=") == std::string::npos);
}

TEST_CASE("sign-in: a viewer sees the dashboard but cannot export") {
    SigninRig rig;
    rig.sign_in("victor");
    REQUIRE(rig.browser.wait_until("document.body.dataset.state === 'ready'", 20s));
    CHECK(rig.browser.evaluate("document.getElementById('signed-in-as').textContent") ==
          "Victor Viewer (viewer)");
    rig.browser.evaluate("document.getElementById('export-csv').click()");
    REQUIRE(rig.browser.wait_until(
        "document.getElementById('export-status').textContent.includes('analyst role')", 20s));
    CHECK(rig.browser.evaluate("fetch('/api/v1/responses?format=csv').then(r => r.status)") == 403);
    const std::string victor = "Victor Viewer <victor@example.test> (sub sub-victor)";
    CHECK(rig.audited(victor, "signin"));
    CHECK_FALSE(rig.audited(victor, "export"));
}

TEST_CASE("sign-in: a person in no mapped group is refused with a clear page") {
    SigninRig rig;
    rig.sign_in("nobody");
    CHECK(rig.browser.evaluate("document.getElementById('signin-problem').dataset.code") ==
          "signin_no_role");
    const std::string text =
        rig.browser.evaluate("document.getElementById('signin-problem').textContent");
    CHECK(text.find("Nemo Nobody") != std::string::npos);
    CHECK(text.find("fbk-admins, fbk-analysts, fbk-viewers") != std::string::npos);
    CHECK(rig.session_cookie().empty());
    CHECK(rig.audited("Nemo Nobody (sub sub-nobody)", "signin.refused"));
}

TEST_CASE("sign-in: signing out ends the session on every hub, and its cookie is refused") {
    SigninRig rig;
    rig.sign_in("admin2");
    REQUIRE(rig.browser.wait_until("document.body.dataset.state === 'ready'", 20s));
    CHECK(rig.browser.evaluate("document.getElementById('signed-in-as').textContent") ==
          "Ada Admin (admin)");
    const std::string cookie = "fbk_session=" + rig.session_cookie();
    httplib::Client outside("127.0.0.1", rig.hub_port);
    REQUIRE(outside.Get("/api/v1/audit", {{"Cookie", cookie}})->status == 200);
    // With PostgreSQL, a second hub on the same database honours the same session.
    std::optional<Hub> second;
    const auto store = rig.hub->store_args();
    if (store.front() == "--db") {
        second.emplace(rig.dir / "second", 0, rig.hub_args(), store.back());
        httplib::Client other("127.0.0.1", second->port());
        CHECK(other.Get("/api/v1/audit", {{"Cookie", cookie}})->status == 200);
    }

    rig.browser.evaluate("document.getElementById('sign-out').click()");
    REQUIRE(rig.browser.wait_until("document.body.dataset.state === 'login'", 10s));
    CHECK(outside.Get("/api/v1/audit", {{"Cookie", cookie}})->status == 401);
    if (second) {
        httplib::Client other("127.0.0.1", second->port());
        CHECK(other.Get("/api/v1/audit", {{"Cookie", cookie}})->status == 401);
    }
    CHECK(rig.session_cookie().empty());
    CHECK(rig.audited("Ada Admin (sub sub-admin2)", "signout"));
}

TEST_CASE("sign-in: a session past its idle time or its 10 hours is refused") {
    SigninRig rig;
    // The same hub restarted with its clock moved on: no waiting, and the database decides.
    const auto restart = [&](const std::string& offset) {
        rig.hub.reset();
        rig.hub.emplace(rig.dir.path(), rig.hub_port, rig.hub_args(), "",
                        offset.empty() ? std::vector<std::string>{} : clock_behind(offset));
    };
    const auto status_of = [&](const std::string& cookie) {
        httplib::Client client("127.0.0.1", rig.hub_port);
        return client.Get("/api/v1/stats", {{"Cookie", cookie}})->status;
    };
    rig.sign_in("alice");
    REQUIRE(rig.browser.wait_until("document.body.dataset.state === 'ready'", 20s));
    const std::string idle = "fbk_session=" + rig.session_cookie();
    restart("+20m");
    CHECK(status_of(idle) == 200);  // used 20 minutes on: alive, and that counts as a use
    restart("+31m");
    CHECK(status_of(idle) == 200);  // 11 minutes after that use
    restart("+62m");
    CHECK(status_of(idle) == 401);  // 31 minutes unused

    // However busy, a session ends after session_max_hours (10): sessions here may idle for a
    // day, so only the absolute end applies.
    json config = json::parse(read_file(rig.config));
    config["session_idle_minutes"] = 24 * 60;
    std::ofstream(rig.config) << config.dump(2);
    restart("");
    rig.browser.navigate(rig.hub_url + "/dashboard/");
    if (rig.browser.wait_until("document.body.dataset.state === 'ready'", 5s)) {
        // The first session came back to life on the real clock (its last use was written
        // under the moved clock): sign it out to start afresh.
        rig.browser.evaluate("document.getElementById('sign-out').click()");
        REQUIRE(rig.browser.wait_until("document.body.dataset.state === 'login'", 10s));
    }
    rig.sign_in("alice");
    REQUIRE(rig.browser.wait_until("document.body.dataset.state === 'ready'", 20s));
    const std::string busy = "fbk_session=" + rig.session_cookie();
    restart("+590m");  // 9 h 50 min
    CHECK(status_of(busy) == 200);
    restart("+601m");  // 10 h 1 min
    CHECK(status_of(busy) == 401);
    // The dashboard says so and offers to sign in again.
    rig.browser.navigate(rig.hub_url + "/dashboard/");
    CHECK(
        rig.browser.wait_until("document.body.dataset.state === 'login' && "
                               "!document.getElementById('sso').hidden",
                               10s));
}

TEST_CASE(
    "sign-in: a callback this browser did not start, or one the provider refused, opens "
    "nothing") {
    SigninRig rig;
    httplib::Client client("127.0.0.1", rig.hub_port);
    // The provider sends the browser to /auth/login's redirect with a state cookie.
    const auto start = client.Get("/auth/login");
    REQUIRE(start);
    CHECK(start->status == 303);
    CHECK(start->get_header_value("Location").starts_with(rig.issuer + "/auth?response_type=code"));
    const std::string set_cookie = start->get_header_value("Set-Cookie");
    CHECK(set_cookie.find("fbk_signin=") == 0);
    CHECK(set_cookie.find("; Path=/auth/; Max-Age=600; HttpOnly; SameSite=Lax") !=
          std::string::npos);
    const std::string state = set_cookie.substr(11, set_cookie.find(';') - 11);
    // Another browser (no cookie) with this state: refused, and the attempt stays unused.
    auto res = client.Get("/auth/callback?code=stolen&state=" + state);
    CHECK(res->status == 400);
    CHECK(res->body.find("data-code=\"signin_unknown\"") != std::string::npos);
    // The right browser, but a code the provider never issued: the provider refuses it.
    res = client.Get("/auth/callback?code=made-up&state=" + state,
                     {{"Cookie", "fbk_signin=" + state}});
    CHECK(res->status == 400);
    CHECK(res->body.find("signin_code_refused") != std::string::npos);
    // The attempt is used up.
    res = client.Get("/auth/callback?code=made-up&state=" + state,
                     {{"Cookie", "fbk_signin=" + state}});
    CHECK(res->body.find("signin_unknown") != std::string::npos);
    // The provider's own refusal.
    res = client.Get("/auth/callback?error=access_denied&state=x");
    CHECK(res->status == 403);
    CHECK(res->body.find("access_denied") != std::string::npos);
    CHECK(res->get_header_value("Set-Cookie").empty());
}
