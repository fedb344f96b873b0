#include "sync/uploader/uploader.h"

#include <set>

#include <nlohmann/json.hpp>

#include "sync/protocol/messages.h"
#include "sync/uploader/gzip.h"

namespace fbk::sync::uploader {

namespace {

bool is_transient(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504 || status == 507;
}

bool refuses_content(long status) {
    return status == 400 || status == 413 || status == 415 || status == 422;
}

// The hub's error message, if the body is the hub's error document.
std::string hub_reason(const std::string& body) {
    try {
        const auto doc = nlohmann::json::parse(body);
        return doc.at("error").at("message").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        return "no reason given";
    }
}

}  // namespace

std::string_view to_string(UploadStatus status) {
    switch (status) {
        case UploadStatus::NothingPending:
            return "nothing pending";
        case UploadStatus::Delivered:
            return "delivered";
        case UploadStatus::Split:
            return "split";
        case UploadStatus::Quarantined:
            return "quarantined";
        case UploadStatus::RetryLater:
            return "retry later";
        case UploadStatus::Unauthorized:
            return "unauthorized";
    }
    return "unknown";
}

Uploader::Uploader(outbox::Outbox& outbox, HttpClient& http, UploaderSettings settings,
                   UploaderClock clock)
    : outbox_(outbox),
      http_(http),
      settings_(std::move(settings)),
      clock_(std::move(clock)),
      max_responses_(settings_.batch_max_responses),
      max_bytes_(settings_.batch_max_bytes),
      batch_limit_(settings_.batch_max_responses) {}

void Uploader::limit_batches(std::size_t max_responses, std::size_t max_bytes) {
    max_responses_ =
        std::max<std::size_t>(1, std::min(settings_.batch_max_responses, max_responses));
    max_bytes_ = std::max<std::size_t>(1, std::min(settings_.batch_max_bytes, max_bytes));
    batch_limit_ = std::min(batch_limit_, max_responses_);
}

UploadResult Uploader::upload_once() {
    UploadResult result;
    const auto batch = outbox_.next_batch(batch_limit_, max_bytes_);
    if (batch.empty()) {
        batch_limit_ = max_responses_;
        return result;
    }
    std::vector<std::string> bodies;
    bodies.reserve(batch.size());
    for (const auto& p : batch) {
        bodies.push_back(p.body);
    }
    const protocol::BatchHeader header{settings_.kiosk_id, settings_.boot_id, clock_.wall_ms(),
                                       clock_.mono_ms()};
    HttpRequest request{settings_.hub_url + "/api/v1/batches", settings_.token,
                        gzip_compress(protocol::make_batch_body(header, bodies)),
                        settings_.request_timeout_ms};
    result.sent = batch.size();
    result.bytes_on_wire = request.body.size();
    const HttpReply reply = http_.post_gzip_json(request);
    result.retry_after_ms = reply.retry_after_ms;

    if (!reply.transport_ok) {
        result.status = UploadStatus::RetryLater;
        result.error = "hub unreachable: " + reply.transport_error;
        return result;
    }
    if (reply.status == 401 || reply.status == 403) {
        result.status = UploadStatus::Unauthorized;
        result.error = "hub refused the token (HTTP " + std::to_string(reply.status) +
                       "): " + hub_reason(reply.body);
        return result;
    }
    if (refuses_content(reply.status)) {
        return refuse(batch, reply.status, hub_reason(reply.body));
    }
    if (reply.status != 200) {
        result.status = UploadStatus::RetryLater;
        result.error = "hub answered HTTP " + std::to_string(reply.status) +
                       (is_transient(reply.status) ? "" : " (unexpected)") + ": " +
                       hub_reason(reply.body);
        return result;
    }
    const auto ack = protocol::parse_ack(reply.body);
    std::set<std::string, std::less<>> sent_ids;
    for (const auto& p : batch) {
        sent_ids.insert(p.id);
    }
    std::vector<std::string> acknowledged;
    if (ack.ack) {
        for (const auto& receipt : ack.ack->receipts) {
            if (sent_ids.contains(receipt.id)) {
                acknowledged.push_back(receipt.id);
            }
        }
    }
    if (acknowledged.empty()) {
        // A 200 that names none of our ids is not an acknowledgement (captive portal, proxy page).
        result.status = UploadStatus::RetryLater;
        result.error = "the reply was not an acknowledgement from the hub";
        return result;
    }
    outbox_.mark_acknowledged(acknowledged, clock_.wall_ms());
    result.status = UploadStatus::Delivered;
    result.acknowledged = acknowledged.size();
    if (acknowledged.size() < batch.size()) {
        result.error = std::to_string(batch.size() - acknowledged.size()) +
                       " responses were not acknowledged and will be sent again";
    }
    batch_limit_ = max_responses_;
    return result;
}

UploadResult Uploader::refuse(const std::vector<outbox::PendingResponse>& batch, long status,
                              const std::string& reason) {
    UploadResult result;
    result.sent = batch.size();
    result.error = "hub refused the batch (HTTP " + std::to_string(status) + "): " + reason;
    if (batch.size() > 1) {
        // Find the offending response by halving, without holding back the good ones.
        batch_limit_ = std::max<std::size_t>(1, batch.size() / 2);
        result.status = UploadStatus::Split;
        return result;
    }
    outbox_.quarantine(batch.front().id, "HTTP " + std::to_string(status) + ": " + reason,
                       clock_.wall_ms());
    batch_limit_ = max_responses_;
    result.status = UploadStatus::Quarantined;
    return result;
}

}  // namespace fbk::sync::uploader
