// Signing people in with the hospital's OpenID Connect provider (signin/): the redirect to the
// provider, its callback, the session as the dashboard sees it, and signing out. What a person
// sees when something goes wrong is a short HTML page that says what happened and what to do;
// the hub's log gets the reason without any token, code or personal data.
#include <array>

#include "sync/hub/http/api.h"
#include "sync/hub/http/auth.h"
#include "sync/hub/signin/provider.h"
#include "sync/hub/signin/session_cookie.h"
#include "sync/protocol/join.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/printable.h"

namespace fbk::sync::hub {

namespace {

// How long a sign-in may take at the provider (typing a password, a second factor).
constexpr std::int64_t kSigninWindowMs = 10 * 60 * 1000;

std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

http::Reply page(int status, std::string_view code, std::string_view title,
                 std::string_view message) {
    http::Reply r;
    r.status = status;
    r.error_code = std::string(code);
    r.content_type = "text/html; charset=utf-8";
    r.body = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>" +
             html_escape(title) +
             " — Feedback hub</title><main id=\"signin-problem\" data-code=\"" + html_escape(code) +
             "\"><h1>" + html_escape(title) + "</h1><p>" + html_escape(message) +
             "</p><p><a href=\"/auth/login\">Sign in again</a> · <a href=\"/dashboard/\">Back to "
             "the dashboard</a></p></main></html>";
    r.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    r.set_header("Cache-Control", "no-store");
    r.set_header("X-Content-Type-Options", "nosniff");
    return r;
}

http::Reply not_configured() {
    return error_reply(404, "signin_not_configured",
                       "this hub has no identity provider (feedback-hub serve --oidc-config)");
}

// A redirect that sets cookies; 303 so the browser follows with GET.
http::Reply redirect(std::string location, std::initializer_list<std::string> cookies) {
    http::Reply r;
    r.status = 303;
    r.set_header("Location", std::move(location));
    r.set_header("Cache-Control", "no-store");
    for (const std::string& c : cookies) {
        r.headers.push_back({"Set-Cookie", c});
    }
    return r;
}

std::string groups_list(const signin::OidcConfig& config) {
    std::vector<std::string> names;
    for (const auto& [group, role] : config.group_roles) {
        names.push_back(group);
    }
    return protocol::join(names);
}

http::Reply provider_failure(ApiContext& api, const signin::SignInResult& r) {
    api.log("sign-in failed: " + r.detail);
    if (r.status == signin::SignInStatus::CodeRefused) {
        return page(400, "signin_code_refused", "Sign-in did not complete",
                    "The identity provider refused this sign-in (it may have been used already "
                    "or taken too long). Please sign in again.");
    }
    return page(502, "signin_provider_failed", "Sign-in is not possible right now",
                "The hub could not complete the sign-in with the identity provider: " + r.detail +
                    ". Please try again later or tell your IT service desk.");
}

// The session for a person the provider vouched for, or the refusal page when no group of
// theirs maps to a role.
http::Reply open_session(ApiContext& api, const signin::IdClaims& who) {
    const signin::OidcConfig& config = api.signin->config();
    const std::int64_t now = api.options.now_ms();
    SessionRecord s;
    s.subject = who.subject;
    s.issuer = config.issuer;
    s.name = who.name;
    s.email = who.email;
    const auto role = config.role_for(who.groups);
    if (!role) {
        api.store.audit(person_label(s), "signin.refused", "no group that maps to a role", now);
        return page(403, "signin_no_role", "No access to the Feedback hub",
                    "You are signed in at your organisation as " +
                        (who.name.empty() ? who.subject : who.name) +
                        ", but your account is in none of the groups that may use the Feedback "
                        "hub (" +
                        groups_list(config) +
                        "). Ask your administrator to add you to the right group.");
    }
    const std::string id = signin::new_session_id();
    s.id_hash = signin::session_id_hash(id);
    s.role = *role;
    s.created_ms = now;
    s.last_seen_ms = now;
    s.idle_ms = config.session_idle_ms;
    s.expires_ms = now + config.session_max_ms;
    api.store.create_session(s);
    api.store.audit(person_label(s), "signin", "role " + std::string(to_string(*role)), now);
    return redirect(
        "/dashboard/",
        {signin::set_cookie(signin::kSessionCookie, id, "/", config.session_max_ms / 1000,
                            config.secure_cookie),
         signin::set_cookie(signin::kSigninCookie, "", "/auth/", 0, config.secure_cookie)});
}

}  // namespace

http::Reply get_signin(ApiContext& api, const Call& call) {
    if (api.signin == nullptr) {
        return not_configured();
    }
    const std::int64_t now = api.options.now_ms();
    if (const auto wait_s = api.signin_rate.retry_after_s(call.request.peer, now); wait_s > 0) {
        auto r = error_reply(
            429, "rate_limited",
            "too many sign-ins from this address; retry after " + std::to_string(wait_s) + " s");
        r.set_header("Retry-After", std::to_string(wait_s));
        return r;
    }
    signin::SignInRequest request;
    if (const auto r = api.signin->begin(request); r.status != signin::SignInStatus::Ok) {
        return provider_failure(api, r);
    }
    api.store.save_signin_attempt(signin::session_id_hash(request.state),
                                  SigninAttempt{request.nonce, request.verifier, now});
    return redirect(request.url, {signin::set_cookie(signin::kSigninCookie, request.state, "/auth/",
                                                     kSigninWindowMs / 1000,
                                                     api.signin->config().secure_cookie)});
}

http::Reply get_signin_callback(ApiContext& api, const Call& call) {
    if (api.signin == nullptr) {
        return not_configured();
    }
    if (const auto error = call.param("error")) {
        api.log("sign-in: the provider answered error " + protocol::printable(*error));
        return page(403, "signin_refused_by_provider", "Sign-in did not complete",
                    "The identity provider did not sign you in (" + std::string(*error) + ").");
    }
    const std::string_view state = call.param("state").value_or("");
    const std::string_view code = call.param("code").value_or("");
    const std::string_view cookie =
        signin::cookie_value(call.request.header("Cookie"), signin::kSigninCookie);
    const auto attempt = state.empty() || code.empty() || !signin::same_secret(state, cookie)
                             ? std::nullopt
                             : api.store.take_signin_attempt(signin::session_id_hash(state));
    if (!attempt || api.options.now_ms() - attempt->created_ms > kSigninWindowMs) {
        return page(400, "signin_unknown", "Sign-in did not complete",
                    "This sign-in was not started in this browser, was used already, or took "
                    "longer than 10 minutes. Please sign in again.");
    }
    const auto result =
        api.signin->finish(std::string(code), attempt->nonce, attempt->code_verifier);
    if (result.status != signin::SignInStatus::Ok) {
        return provider_failure(api, result);
    }
    return open_session(api, result.claims);
}

http::Reply get_session(ApiContext& api, const Call& call) {
    const auto session = session_of(call.request, api.store, api.options.now_ms());
    if (!session) {
        return json_reply({{"signed_in", false}, {"sign_in_available", api.signin != nullptr}});
    }
    const std::string_view id =
        signin::cookie_value(call.request.header("Cookie"), signin::kSessionCookie);
    return json_reply({{"signed_in", true},
                       {"name", session->name},
                       {"email", session->email},
                       {"role", to_string(session->role)},
                       {"csrf_token", signin::csrf_token(id)},
                       {"expires_ms", session->expires_ms},
                       {"idle_ms", session->idle_ms}});
}

http::Reply post_signout(ApiContext& api, const Call& call) {
    protocol::Issues issues;
    if (!protocol::parse_json_object(call.body, issues)) {
        return error_reply(400, "invalid_body",
                           issues.empty() ? std::string("body: must be a JSON object ({})")
                                          : issues[0].path + ": " + issues[0].message);
    }
    const std::int64_t now = api.options.now_ms();
    const std::string_view id =
        signin::cookie_value(call.request.header("Cookie"), signin::kSessionCookie);
    const auto session = session_of(call.request, api.store, now);
    if (session &&
        !signin::same_secret(call.request.header(signin::kCsrfHeader), signin::csrf_token(id))) {
        return error_reply(403, "csrf", "signing out needs the session's X-CSRF-Token header");
    }
    const bool ended = session && api.store.end_session(session->id_hash, now);
    if (ended) {
        api.store.audit(person_label(*session), "signout", "", now);
    }
    auto reply = json_reply({{"signed_out", ended}});
    reply.headers.push_back(
        {"Set-Cookie",
         signin::set_cookie(signin::kSessionCookie, "", "/", 0,
                            api.signin == nullptr || api.signin->config().secure_cookie)});
    return reply;
}

}  // namespace fbk::sync::hub
