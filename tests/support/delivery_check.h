// The fault suite's verdict: the ids a kiosk committed against the ids in the hub's database.
// Exactly once means nothing lost, nothing stored twice, nothing stored that was never committed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fbk::test {

struct DeliveryCheck {
    std::int64_t committed = 0;
    std::int64_t stored = 0;      // rows in the hub's responses table
    std::int64_t lost = 0;        // committed but not stored
    std::int64_t duplicates = 0;  // rows beyond the first for one id
    std::int64_t unexpected = 0;  // stored but never committed by this kiosk
    bool hub_integrity_ok = false;

    bool exactly_once() const {
        return lost == 0 && duplicates == 0 && unexpected == 0 && hub_integrity_ok;
    }
};

DeliveryCheck check_delivery(const std::vector<std::string>& committed,
                             const std::filesystem::path& hub_database);
// The same verdict from the ids a hub holds (Hub::stored_ids), for SQLite or PostgreSQL; the
// integrity check is then the database's unique index, which the duplicate count shows.
DeliveryCheck check_delivery(const std::vector<std::string>& committed,
                             const std::vector<std::string>& hub_ids);

// "responses checked: 1000, lost: 0, duplicates: 0, …" for the test's printed figure.
std::string describe(const DeliveryCheck& check);

}  // namespace fbk::test
