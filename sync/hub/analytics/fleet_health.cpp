#include "sync/hub/analytics/fleet_health.h"

#include <ctime>
#include <fstream>

#include "sync/protocol/ids.h"

namespace fbk::sync::hub {

const protocol::OpeningHours& SilencePolicy::hours_of(std::string_view site) const {
    const auto it = sites.find(site);
    return it == sites.end() ? hours : it->second;
}

bool is_silent(std::int64_t last_seen_ms, std::int64_t now_ms, protocol::WeekTime now,
               std::string_view site, const SilencePolicy& policy) {
    return policy.hours_of(site).is_open(now) && now_ms - last_seen_ms > policy.silent_after_ms;
}

protocol::WeekTime local_week_time(std::int64_t epoch_ms) {
    const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    return {(local.tm_wday + 6) % 7, local.tm_hour * 60 + local.tm_min};  // tm: Sunday is 0
}

namespace {

std::string_view trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

std::optional<std::map<std::string, protocol::OpeningHours, std::less<>>> load_site_hours(
    const std::filesystem::path& file, std::string& problem) {
    std::ifstream in(file);
    if (!in) {
        problem = file.string() + ": cannot be read";
        return std::nullopt;
    }
    std::map<std::string, protocol::OpeningHours, std::less<>> sites;
    std::string raw;
    for (int number = 1; std::getline(in, raw); ++number) {
        const std::string_view line = trimmed(std::string_view(raw).substr(0, raw.find('#')));
        if (line.empty()) {
            continue;
        }
        const std::string where = file.string() + ":" + std::to_string(number) + ": ";
        const auto equals = line.find('=');
        const std::string site(trimmed(line.substr(0, equals)));
        if (equals == std::string_view::npos || !protocol::is_plain_id(site)) {
            problem = where + "write 'SITE = HOURS', e.g. 'north = Mon-Fri 07:00-20:00'";
            return std::nullopt;
        }
        if (sites.contains(site)) {
            problem = where + "site '" + site + "' has hours on an earlier line";
            return std::nullopt;
        }
        auto parsed = protocol::parse_opening_hours(trimmed(line.substr(equals + 1)));
        if (parsed.error) {
            problem = where + *parsed.error;
            return std::nullopt;
        }
        sites.emplace(site, std::move(parsed.hours));
    }
    return sites;
}

}  // namespace fbk::sync::hub
