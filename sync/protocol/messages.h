// Messages between kiosk and hub (JSON, version 1 of the API):
//   response  one patient's answers; also the form the kiosk's outbox stores
//   batch     POST /api/v1/batches body: responses of one kiosk plus its clock at send time
//   ack       the hub's per-id receipt, sent only after its database commit returned
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/answer.h"
#include "sync/protocol/issue.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::protocol {

enum class ResponseStatus { Completed, Abandoned };
std::string_view to_string(ResponseStatus status);

// How the kiosk chose the response's journey stage, strongest first.
enum class StageSource { Staff, Schedule, Patient, Config };
std::string_view to_string(StageSource source);
std::optional<StageSource> stage_source_from_string(std::string_view name);

struct Response {
    std::string id;  // UUIDv7 made on the kiosk
    std::string kiosk_id;
    std::string pack_id;
    int pack_version = 0;
    std::string survey_id;
    std::string stage;
    StageSource stage_source = StageSource::Config;
    std::string language;
    ResponseStatus status = ResponseStatus::Completed;
    // Abandoned responses: the screen the patient left, e.g. "question.recommend".
    std::string abandoned_at;
    // Misuse suspicions (reason codes such as "rapid_repeat"); flagged answers are kept, never
    // dropped, and analysts decide.
    std::vector<std::string> flags;
    // Kiosk clocks: wall time may be wrong (a Pi has no RTC); boot id + monotonic time let the
    // hub correct it from the offset it measures per batch.
    std::int64_t started_at_ms = 0;
    std::int64_t finished_at_ms = 0;
    std::string boot_id;
    std::int64_t monotonic_ms = 0;
    std::vector<Answer> answers;
};

std::string serialize(const Response& response);

struct BatchHeader {
    std::string kiosk_id;
    std::string boot_id;
    std::int64_t sent_at_ms = 0;
    std::int64_t monotonic_ms = 0;
};

struct Batch {
    BatchHeader header;
    std::vector<Response> responses;
};

// Splices already-serialised responses (as the outbox stores them) into a batch body.
std::string make_batch_body(const BatchHeader& header, std::span<const std::string> responses);

// Times and monotonic clocks beyond this (the year 3000, in milliseconds) are corruption, not
// clocks: refusing them keeps the hub's clock arithmetic (receive time minus monotonic time)
// far from overflow.
inline constexpr std::int64_t kMaxPlausibleMs = 32503680000000;
inline constexpr std::size_t kMaxBootIdBytes = 64;

struct BatchLimits {
    std::size_t max_responses = 1000;
    std::size_t max_answers = kMaxQuestionsPerSurvey;  // one answer per question at most
};

struct BatchParse {
    std::optional<Batch> batch;  // set only when `issues` is empty
    Issues issues;
};

// Structure only: types, required fields, id syntax, duplicates within the batch.
BatchParse parse_batch(std::string_view body, const BatchLimits& limits = {});

// The packs a hub knows, by (pack id, version).
class PackCatalog {
  public:
    // `source` is the pack's JSON text, served to kiosks that pull it.
    void add(SurveyPack pack, std::string source = {});
    const SurveyPack* find(std::string_view pack_id, int version) const;
    // The highest version of a pack, with its JSON text; nullptr if there is none.
    const SurveyPack* newest(std::string_view pack_id) const;
    const std::string& source_of(const SurveyPack& pack) const;
    std::size_t size() const { return packs_.size(); }
    template <class F>
    void for_each(F&& f) const {
        for (const auto& [key, pack] : packs_) {
            f(pack);
        }
    }

  private:
    std::map<std::pair<std::string, int>, SurveyPack, std::less<>> packs_;
    std::map<std::pair<std::string, int>, std::string, std::less<>> sources_;
};

// Meaning: the pack, survey, stage, language and every answer must exist and be in range.
Issues validate_batch(const Batch& batch, const PackCatalog& catalog);

enum class ReceiptStatus { Stored, Duplicate };

struct Receipt {
    std::string id;
    ReceiptStatus status = ReceiptStatus::Stored;
};

struct BatchAck {
    std::vector<Receipt> receipts;
};

std::string serialize(const BatchAck& ack);

struct AckParse {
    std::optional<BatchAck> ack;
    Issues issues;
};

// The kiosk trusts only a well-formed ack: a captive portal's 200 page is not one.
AckParse parse_ack(std::string_view body);

}  // namespace fbk::sync::protocol
