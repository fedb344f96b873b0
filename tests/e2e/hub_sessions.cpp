#include "tests/e2e/hub_sessions.h"

#include <chrono>

#include "sync/hub/signin/session_cookie.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::test {

namespace hub = fbk::sync::hub;

PersonSession open_session(const Hub& running, const PersonSpec& p) {
    const auto args = running.store_args();
    hub::StoreLocation location;
    if (args.front() == "--db") {
        location.postgres_url = args.back();
    } else {
        location.data_dir = args.back();
    }
    hub::HubStore store(location);
    const std::int64_t now = p.started_ms != 0
                                 ? p.started_ms
                                 : std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
    PersonSession out{hub::signin::new_session_id(), {}};
    out.csrf = hub::signin::csrf_token(out.id);
    hub::SessionRecord s;
    s.id_hash = hub::signin::session_id_hash(out.id);
    s.subject = p.subject;
    s.issuer = "https://login.example.test";
    s.name = p.name;
    s.email = p.email;
    s.role = p.role;
    s.created_ms = now;
    s.last_seen_ms = now;
    s.idle_ms = p.lasts_ms;
    s.expires_ms = now + p.lasts_ms;
    store.create_session(s);
    if (p.ended) {
        store.end_session(s.id_hash, now);
    }
    return out;
}

}  // namespace fbk::test
