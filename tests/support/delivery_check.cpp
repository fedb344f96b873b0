#include "tests/support/delivery_check.h"

#include <set>

#include "sync/sqlite/database.h"

namespace fbk::test {

DeliveryCheck check_delivery(const std::vector<std::string>& committed,
                             const std::filesystem::path& hub_database) {
    DeliveryCheck check;
    const std::set<std::string> kiosk(committed.begin(), committed.end());
    check.committed = static_cast<std::int64_t>(kiosk.size());
    auto db = sync::sqlite::Database::open(hub_database);
    {
        auto integrity = db.prepare("PRAGMA integrity_check");
        check.hub_integrity_ok = integrity.step() && integrity.text_view(0) == "ok";
    }
    std::vector<std::string> ids;
    auto rows = db.prepare("SELECT id FROM responses");
    while (rows.step()) {
        ids.push_back(rows.text(0));
    }
    const bool integrity_ok = check.hub_integrity_ok;
    check = check_delivery(committed, ids);
    check.hub_integrity_ok = integrity_ok;
    return check;
}

DeliveryCheck check_delivery(const std::vector<std::string>& committed,
                             const std::vector<std::string>& hub_ids) {
    DeliveryCheck check;
    const std::set<std::string> kiosk(committed.begin(), committed.end());
    check.committed = static_cast<std::int64_t>(kiosk.size());
    check.hub_integrity_ok = true;
    std::set<std::string> hub;
    for (const auto& id : hub_ids) {
        ++check.stored;
        if (!hub.insert(id).second) {
            ++check.duplicates;
        }
    }
    for (const auto& id : kiosk) {
        check.lost += hub.contains(id) ? 0 : 1;
    }
    for (const auto& id : hub) {
        check.unexpected += kiosk.contains(id) ? 0 : 1;
    }
    return check;
}

std::string describe(const DeliveryCheck& c) {
    return "responses checked: " + std::to_string(c.committed) +
           ", stored: " + std::to_string(c.stored) + ", lost: " + std::to_string(c.lost) +
           ", duplicates: " + std::to_string(c.duplicates) +
           ", unexpected: " + std::to_string(c.unexpected) +
           ", hub integrity: " + (c.hub_integrity_ok ? "ok" : "FAILED");
}

}  // namespace fbk::test
