#include "sync/protocol/messages.h"

#include <algorithm>
#include <array>
#include <set>

#include <nlohmann/json.hpp>

#include "sync/protocol/ids.h"
#include "sync/protocol/join.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/uuid.h"

namespace fbk::sync::protocol {

using nlohmann::json;

std::string_view to_string(ResponseStatus status) {
    return status == ResponseStatus::Completed ? "completed" : "abandoned";
}

namespace {

constexpr std::array<std::string_view, 4> kStageSources = {"staff", "schedule", "patient",
                                                           "config"};

}  // namespace

std::string_view to_string(StageSource source) {
    return kStageSources.at(static_cast<std::size_t>(source));
}

std::optional<StageSource> stage_source_from_string(std::string_view name) {
    const auto it = std::find(kStageSources.begin(), kStageSources.end(), name);
    if (it == kStageSources.end()) {
        return std::nullopt;
    }
    return static_cast<StageSource>(it - kStageSources.begin());
}

std::string serialize(const Response& r) {
    json answers = json::array();
    for (const Answer& a : r.answers) {
        answers.push_back(to_json(a));
    }
    const json doc = {
        {"id", r.id},
        {"kiosk_id", r.kiosk_id},
        {"pack_id", r.pack_id},
        {"pack_version", r.pack_version},
        {"survey_id", r.survey_id},
        {"stage", r.stage},
        {"stage_source", to_string(r.stage_source)},
        {"language", r.language},
        {"status", to_string(r.status)},
        {"abandoned_at", r.abandoned_at},
        {"flags", r.flags},
        {"started_at_ms", r.started_at_ms},
        {"finished_at_ms", r.finished_at_ms},
        {"boot_id", r.boot_id},
        {"monotonic_ms", r.monotonic_ms},
        {"answers", std::move(answers)},
    };
    return doc.dump();
}

std::string make_batch_body(const BatchHeader& h, std::span<const std::string> responses) {
    json head = {{"kiosk_id", h.kiosk_id},
                 {"boot_id", h.boot_id},
                 {"sent_at_ms", h.sent_at_ms},
                 {"monotonic_ms", h.monotonic_ms}};
    std::string body = head.dump();
    body.pop_back();  // reopen the object to append the pre-serialised responses
    body += R"(,"responses":[)";
    for (std::size_t i = 0; i < responses.size(); ++i) {
        if (i > 0) {
            body += ',';
        }
        body += responses[i];
    }
    body += "]}";
    return body;
}

namespace {

void check_plain(JsonReader& r, const std::optional<std::string>& value, const std::string& path) {
    if (value && !is_plain_id(*value)) {
        r.error(path, "'" + *value + "' is not a valid id (1-64 characters of a-z, 0-9, '-', '_')");
    }
}

void check_time(JsonReader& r, const std::optional<std::int64_t>& value, const std::string& path) {
    if (value && (*value < 0 || *value > kMaxPlausibleMs)) {
        r.error(path, std::to_string(*value) + " is not a plausible time in milliseconds");
    }
}

// stage_source, abandoned_at and flags: a response may leave them out.
void parse_optional_fields(JsonReader& r, const json& node, const std::string& path,
                           Response& out) {
    if (const auto source = r.string(node, "stage_source", path, false)) {
        if (const auto parsed = stage_source_from_string(*source)) {
            out.stage_source = *parsed;
        } else {
            r.error(path_key(path, "stage_source"),
                    "'" + *source + "' is not a stage source (" + join(kStageSources) + ")");
        }
    }
    if (const auto at = r.string(node, "abandoned_at", path, false)) {
        if (at->size() > 80) {
            r.error(path_key(path, "abandoned_at"), "is longer than 80 characters");
        }
        out.abandoned_at = *at;
    }
    if (const json* flags = r.array(node, "flags", path, false)) {
        for (std::size_t i = 0; i < flags->size(); ++i) {
            const json& f = (*flags)[i];
            if (!f.is_string() || !is_plain_id(f.get<std::string>()) || i >= 16) {
                r.error(path_index(path_key(path, "flags"), i),
                        "must be a reason code (at most 16 per response)");
                continue;
            }
            out.flags.push_back(f.get<std::string>());
        }
    }
}

// The answers, each question at most once; false if they are missing or too many.
bool parse_answers(JsonReader& r, const json& node, const std::string& path,
                   const BatchLimits& limits, Response& out) {
    const json* answers = r.array(node, "answers", path);
    if (answers != nullptr && answers->size() > limits.max_answers) {
        r.error(path_key(path, "answers"),
                "holds " + std::to_string(answers->size()) + " answers; at most " +
                    std::to_string(limits.max_answers) + " are accepted");
        return false;
    }
    if (answers != nullptr) {
        const std::string apath = path_key(path, "answers");
        std::set<std::string, std::less<>> seen;
        for (std::size_t i = 0; i < answers->size(); ++i) {
            const std::string p = path_index(apath, i);
            auto answer = parse_answer(r, (*answers)[i], p);
            if (!answer) {
                continue;
            }
            if (!seen.insert(answer->question).second) {
                r.error(path_key(p, "question"),
                        "question '" + answer->question + "' is answered twice");
            }
            out.answers.push_back(std::move(*answer));
        }
    }
    return answers != nullptr;
}

std::optional<Response> parse_response(JsonReader& r, const json& node, const std::string& path,
                                       const BatchLimits& limits) {
    if (!r.expect_object(node, path)) {
        return std::nullopt;
    }
    r.reject_unknown_keys(node,
                          {"id", "kiosk_id", "pack_id", "pack_version", "survey_id", "stage",
                           "stage_source", "language", "status", "abandoned_at", "flags",
                           "started_at_ms", "finished_at_ms", "boot_id", "monotonic_ms", "answers"},
                          path);
    Response out;
    const auto id = r.string(node, "id", path);
    if (id && !is_canonical_uuid(*id)) {
        r.error(path_key(path, "id"), "'" + *id + "' is not a lowercase canonical UUID");
    }
    const auto kiosk = r.string(node, "kiosk_id", path);
    check_plain(r, kiosk, path_key(path, "kiosk_id"));
    const auto pack = r.string(node, "pack_id", path);
    const auto version = r.integer(node, "pack_version", path);
    if (version && (*version < 1 || *version > kMaxPackVersion)) {
        r.error(path_key(path, "pack_version"),
                "must be from 1 to " + std::to_string(kMaxPackVersion));
    }
    const auto survey = r.string(node, "survey_id", path);
    const auto stage = r.string(node, "stage", path);
    const auto language = r.string(node, "language", path);
    if (language && !is_language_code(*language)) {
        r.error(path_key(path, "language"), "'" + *language + "' is not a language code");
    }
    const auto status = r.string(node, "status", path);
    if (status && *status != "completed" && *status != "abandoned") {
        r.error(path_key(path, "status"),
                "'" + *status + "' is not a response status (completed, abandoned)");
    }
    parse_optional_fields(r, node, path, out);
    const auto started = r.integer(node, "started_at_ms", path);
    check_time(r, started, path_key(path, "started_at_ms"));
    const auto finished = r.integer(node, "finished_at_ms", path);
    check_time(r, finished, path_key(path, "finished_at_ms"));
    const auto boot = r.string(node, "boot_id", path);
    if (boot && boot->size() > kMaxBootIdBytes) {
        r.error(path_key(path, "boot_id"), "is longer than 64 characters");
    }
    const auto mono = r.integer(node, "monotonic_ms", path);
    check_time(r, mono, path_key(path, "monotonic_ms"));
    const bool answers = parse_answers(r, node, path, limits, out);
    if (!(id && kiosk && pack && version && survey && stage && language && status && started &&
          finished && boot && mono && answers)) {
        return std::nullopt;
    }
    out.id = *id;
    out.kiosk_id = *kiosk;
    out.pack_id = *pack;
    out.pack_version = static_cast<int>(*version);
    out.survey_id = *survey;
    out.stage = *stage;
    out.language = *language;
    out.status = *status == "abandoned" ? ResponseStatus::Abandoned : ResponseStatus::Completed;
    out.started_at_ms = *started;
    out.finished_at_ms = *finished;
    out.boot_id = *boot;
    out.monotonic_ms = *mono;
    return out;
}

}  // namespace

BatchParse parse_batch(std::string_view body, const BatchLimits& limits) {
    BatchParse result;
    const auto root = parse_json_object(body, result.issues);
    if (!root) {
        return result;
    }
    JsonReader r(result.issues);
    r.reject_unknown_keys(*root, {"kiosk_id", "boot_id", "sent_at_ms", "monotonic_ms", "responses"},
                          "$");
    Batch batch;
    const auto kiosk = r.string(*root, "kiosk_id", "$");
    check_plain(r, kiosk, "$.kiosk_id");
    const auto boot = r.string(*root, "boot_id", "$");
    if (boot && boot->size() > kMaxBootIdBytes) {
        r.error("$.boot_id", "is longer than 64 characters");
    }
    const auto sent = r.integer(*root, "sent_at_ms", "$");
    check_time(r, sent, "$.sent_at_ms");
    const auto mono = r.integer(*root, "monotonic_ms", "$");
    check_time(r, mono, "$.monotonic_ms");
    const json* responses = r.array(*root, "responses", "$");
    if (responses != nullptr) {
        if (responses->empty()) {
            r.error("$.responses", "must hold at least one response");
        } else if (responses->size() > limits.max_responses) {
            r.error("$.responses", "holds " + std::to_string(responses->size()) +
                                       " responses; at most " +
                                       std::to_string(limits.max_responses) + " are accepted");
            responses = nullptr;
        }
    }
    if (responses != nullptr) {
        std::map<std::string, std::size_t, std::less<>> first_index;
        for (std::size_t i = 0; i < responses->size(); ++i) {
            const std::string path = path_index("$.responses", i);
            auto response = parse_response(r, (*responses)[i], path, limits);
            if (!response) {
                continue;
            }
            if (kiosk && response->kiosk_id != *kiosk) {
                r.error(path_key(path, "kiosk_id"), "'" + response->kiosk_id +
                                                        "' differs from the batch's kiosk_id '" +
                                                        *kiosk + "'");
            }
            const auto [it, inserted] = first_index.emplace(response->id, i);
            if (!inserted) {
                r.error(path_key(path, "id"),
                        "duplicates the id of $.responses[" + std::to_string(it->second) + "]");
            }
            batch.responses.push_back(std::move(*response));
        }
    }
    if (!result.issues.empty()) {
        return result;
    }
    batch.header = {*kiosk, *boot, *sent, *mono};
    result.batch = std::move(batch);
    return result;
}

void PackCatalog::add(SurveyPack pack, std::string source) {
    auto key = std::make_pair(pack.id, pack.version);
    sources_.insert_or_assign(key, std::move(source));
    packs_.insert_or_assign(std::move(key), std::move(pack));
}

const SurveyPack* PackCatalog::newest(std::string_view pack_id) const {
    const SurveyPack* best = nullptr;
    for (const auto& [key, pack] : packs_) {
        if (key.first == pack_id && (best == nullptr || pack.version > best->version)) {
            best = &pack;
        }
    }
    return best;
}

const std::string& PackCatalog::source_of(const SurveyPack& pack) const {
    static const std::string kNone;
    const auto it = sources_.find(std::make_pair(pack.id, pack.version));
    return it == sources_.end() ? kNone : it->second;
}

const SurveyPack* PackCatalog::find(std::string_view pack_id, int version) const {
    const auto it = packs_.find(std::make_pair(std::string(pack_id), version));
    return it == packs_.end() ? nullptr : &it->second;
}

Issues validate_batch(const Batch& batch, const PackCatalog& catalog) {
    Issues issues;
    JsonReader r(issues);
    for (std::size_t i = 0; i < batch.responses.size(); ++i) {
        const Response& resp = batch.responses[i];
        const std::string path = path_index("$.responses", i);
        const SurveyPack* pack = catalog.find(resp.pack_id, resp.pack_version);
        if (pack == nullptr) {
            r.error(path_key(path, "pack_id"), "survey pack '" + resp.pack_id + "' version " +
                                                   std::to_string(resp.pack_version) +
                                                   " is not known to this hub");
            continue;
        }
        const Survey* survey = pack->find_survey(resp.survey_id);
        if (survey == nullptr) {
            r.error(path_key(path, "survey_id"),
                    "survey '" + resp.survey_id + "' is not in pack '" + pack->id + "'");
            continue;
        }
        if (!is_known_stage(resp.stage)) {
            r.error(path_key(path, "stage"), "unknown journey stage '" + resp.stage + "'");
        }
        if (!pack->declares_language(resp.language)) {
            r.error(path_key(path, "language"),
                    "language '" + resp.language + "' is not offered by pack '" + pack->id + "'");
        }
        for (std::size_t k = 0; k < resp.answers.size(); ++k) {
            const Answer& a = resp.answers[k];
            const std::string apath = path_index(path_key(path, "answers"), k);
            const Question* q = survey->find_question(a.question);
            if (q == nullptr) {
                r.error(path_key(apath, "question"),
                        "unknown question '" + a.question + "' in survey '" + survey->id + "'");
                continue;
            }
            validate_answer(r, a, *q, apath);
        }
    }
    return issues;
}

std::string serialize(const BatchAck& ack) {
    json results = json::array();
    for (const Receipt& rc : ack.receipts) {
        results.push_back(
            {{"id", rc.id},
             {"status", rc.status == ReceiptStatus::Stored ? "stored" : "duplicate"}});
    }
    return json{{"results", std::move(results)}}.dump();
}

AckParse parse_ack(std::string_view body) {
    AckParse result;
    const auto root = parse_json_object(body, result.issues);
    if (!root) {
        return result;
    }
    JsonReader r(result.issues);
    const json* results = r.array(*root, "results", "$");
    if (results == nullptr) {
        return result;
    }
    BatchAck ack;
    for (std::size_t i = 0; i < results->size(); ++i) {
        const std::string path = path_index("$.results", i);
        const json& node = (*results)[i];
        if (!r.expect_object(node, path)) {
            continue;
        }
        const auto id = r.string(node, "id", path);
        const auto status = r.string(node, "status", path);
        if (!id || !status) {
            continue;
        }
        if (*status != "stored" && *status != "duplicate") {
            r.error(path_key(path, "status"), "'" + *status + "' is not a receipt status");
            continue;
        }
        ack.receipts.push_back(
            {*id, *status == "stored" ? ReceiptStatus::Stored : ReceiptStatus::Duplicate});
    }
    if (result.issues.empty()) {
        result.ack = std::move(ack);
    }
    return result;
}

}  // namespace fbk::sync::protocol
