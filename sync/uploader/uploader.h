// Moves responses from the outbox to the hub, one batch per call.
//
// Outcomes follow README "Data path" 2-4: a row is marked acknowledged only when the hub's
// receipt names it; 5xx, 429, timeouts, network errors and replies that are not receipts are
// retried later; 400/413/422 halve the batch until the offending response is alone, then
// quarantine it (kept, reported, never deleted); 401/403 stop until the token is fixed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sync/outbox/outbox.h"
#include "sync/uploader/http_client.h"

namespace fbk::sync::uploader {

struct UploaderSettings {
    std::string hub_url;  // no trailing slash
    std::string token;
    std::string kiosk_id;
    std::string boot_id;
    std::size_t batch_max_responses = 200;
    std::size_t batch_max_bytes = 1024 * 1024;  // uncompressed
    std::int64_t request_timeout_ms = 30'000;
};

struct UploaderClock {
    std::function<std::int64_t()> wall_ms;
    std::function<std::int64_t()> mono_ms;
};

enum class UploadStatus {
    NothingPending,
    Delivered,     // the batch (or part of it) was acknowledged
    Split,         // the hub refused the batch: retry at once with half as many
    Quarantined,   // the hub refused a single response: set aside, the rest continue
    RetryLater,    // transient: back off
    Unauthorized,  // 401/403: needs a new token; back off at the cap
};

struct UploadResult {
    UploadStatus status = UploadStatus::NothingPending;
    std::size_t sent = 0;
    std::size_t acknowledged = 0;
    std::size_t bytes_on_wire = 0;
    std::optional<std::int64_t> retry_after_ms;
    std::string error;  // what went wrong, for logs and staff mode; never contains answers
};

class Uploader {
  public:
    Uploader(outbox::Outbox& outbox, HttpClient& http, UploaderSettings settings,
             UploaderClock clock);

    UploadResult upload_once();
    // The hub's advertised maximum: batches never exceed it, nor the kiosk's own settings.
    void limit_batches(std::size_t max_responses, std::size_t max_bytes);

  private:
    UploadResult refuse(const std::vector<outbox::PendingResponse>& batch, long status,
                        const std::string& reason);

    outbox::Outbox& outbox_;
    HttpClient& http_;
    UploaderSettings settings_;
    UploaderClock clock_;
    std::size_t max_responses_;  // the smaller of ours and the hub's
    std::size_t max_bytes_;
    std::size_t batch_limit_;  // shrinks while the hub refuses batches, back to max on success
};

std::string_view to_string(UploadStatus status);

}  // namespace fbk::sync::uploader
