#include "sync/hub/analytics/prometheus.h"

#include <charconv>

namespace fbk::sync::hub {

namespace {

// Prometheus floats: shortest text that reads back the same value.
std::string number(double value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels,
            const std::string& value) {
    out.append(name);
    if (!labels.empty()) {
        out.append("{").append(labels).append("}");
    }
    out.append(" ").append(value).append("\n");
}

}  // namespace

void HubMetrics::count_ingested(std::int64_t stored, std::int64_t duplicates) {
    stored_ += stored;
    duplicates_ += duplicates;
}

void HubMetrics::count_rejected(std::string_view reason) {
    const std::lock_guard lock(mutex_);
    auto it = rejected_.find(reason);
    if (it == rejected_.end()) {
        it = rejected_.emplace(std::string(reason), 0).first;
    }
    ++it->second;
}

void HubMetrics::observe_request(std::string_view route, double seconds) {
    const std::lock_guard lock(mutex_);
    auto it = latency_.find(route);
    if (it == latency_.end()) {
        it = latency_.emplace(std::string(route), Histogram{}).first;
    }
    Histogram& h = it->second;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        if (seconds <= kLatencyBuckets[i]) {
            ++h.buckets[i];
        }
    }
    ++h.count;
    h.sum += seconds;
}

void HubMetrics::count_refused_connection(std::string_view reason) {
    ++(reason == "too_many_connections" ? refused_in_all_ : refused_per_client_);
}

std::string HubMetrics::render(const FleetGauges& fleet) const {
    std::string out;
    family(out, "fbk_hub_responses_stored_total", "counter",
           "Responses stored for the first time since the hub started.");
    sample(out, "fbk_hub_responses_stored_total", "", std::to_string(stored_.load()));
    family(out, "fbk_hub_responses_duplicate_total", "counter",
           "Responses received again and acknowledged without storing a second copy.");
    sample(out, "fbk_hub_responses_duplicate_total", "", std::to_string(duplicates_.load()));

    family(out, "fbk_hub_connections_refused_total", "counter",
           "Connections closed as soon as they were accepted, by the limit they met.");
    sample(out, "fbk_hub_connections_refused_total", "reason=\"too_many_connections\"",
           std::to_string(refused_in_all_.load()));
    sample(out, "fbk_hub_connections_refused_total", "reason=\"too_many_from_client\"",
           std::to_string(refused_per_client_.load()));

    const std::lock_guard lock(mutex_);
    family(out, "fbk_hub_requests_rejected_total", "counter",
           "Requests answered with an error, by the error code in the reply.");
    for (const auto& [reason, count] : rejected_) {
        sample(out, "fbk_hub_requests_rejected_total", "reason=\"" + reason + "\"",
               std::to_string(count));
    }
    family(out, "fbk_hub_request_duration_seconds", "histogram",
           "Time from routing a request to the end of its reply, by route.");
    for (const auto& [route, h] : latency_) {
        const std::string route_label = "route=\"" + route + "\"";
        for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            sample(out, "fbk_hub_request_duration_seconds_bucket",
                   route_label + ",le=\"" + number(kLatencyBuckets[i]) + "\"",
                   std::to_string(h.buckets[i]));
        }
        sample(out, "fbk_hub_request_duration_seconds_bucket", route_label + ",le=\"+Inf\"",
               std::to_string(h.count));
        sample(out, "fbk_hub_request_duration_seconds_sum", route_label, number(h.sum));
        sample(out, "fbk_hub_request_duration_seconds_count", route_label, std::to_string(h.count));
    }
    family(out, "fbk_hub_kiosks", "gauge", "Kiosks known to the hub, by state.");
    sample(out, "fbk_hub_kiosks", "state=\"ok\"", std::to_string(fleet.ok));
    sample(out, "fbk_hub_kiosks", "state=\"alarm\"", std::to_string(fleet.alarm));
    sample(out, "fbk_hub_kiosks", "state=\"silent\"", std::to_string(fleet.silent));
    family(out, "fbk_hub_kiosk_backlog_responses", "gauge",
           "Responses waiting on kiosks, summed over their latest heartbeats.");
    sample(out, "fbk_hub_kiosk_backlog_responses", "", std::to_string(fleet.backlog_responses));
    family(out, "fbk_hub_comments_unhandled", "gauge",
           "Patients' comments not yet marked done by staff, by journey stage.");
    for (const auto& [stage, count] : fleet.unhandled_comments) {
        // Stage codes are checked at ingest ([A-Z_]), so they are safe as label values.
        sample(out, "fbk_hub_comments_unhandled", "stage=\"" + stage + "\"", std::to_string(count));
    }
    return out;
}

}  // namespace fbk::sync::hub
