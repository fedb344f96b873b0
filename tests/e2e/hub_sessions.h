// People's sessions opened in a running hub's database directly, exactly as a sign-in stores
// them (a random id whose hash is kept). For tests of what a session may do; signing in itself
// is tested against a real OpenID Connect provider (test_signin.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "sync/hub/store/tokens.h"
#include "tests/support/fixtures.h"

namespace fbk::test {

struct PersonSession {
    std::string id;    // the cookie's value
    std::string csrf;  // what the dashboard sends in X-CSRF-Token
    std::string cookie() const { return "fbk_session=" + id; }
};

struct PersonSpec {
    std::string subject;
    std::string name;
    std::string email;
    sync::hub::Role role = sync::hub::Role::Viewer;
    std::int64_t started_ms = 0;  // 0: now
    std::int64_t lasts_ms = 3'600'000;
    bool ended = false;  // signed out already
};

PersonSession open_session(const Hub& hub, const PersonSpec& person);

}  // namespace fbk::test
