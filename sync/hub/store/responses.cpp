// Responses as exports read them: pages in ingest order, counts and cursors.
#include "sync/hub/store/filter.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"
#include "sync/protocol/join.h"

#include <map>

namespace fbk::sync::hub {

std::vector<StoredResponse> HubStore::responses_page(std::int64_t after_seq, std::int64_t up_to_seq,
                                                     std::size_t limit, const StatsFilter& filter) {
    std::vector<StoredResponse> out;
    auto db = lease();
    auto stmt = db->prepare(R"sql(
        SELECT seq, id, kiosk_id, pack_id, pack_version, survey_id, stage, language, status,
               started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms, clock_offset_ms,
               stage_source, abandoned_at, flags, corrected_finished_ms
        FROM responses r WHERE seq > ?1 AND seq <= ?2 AND )sql" +
                            filter_sql(4) + " ORDER BY seq LIMIT ?3");
    stmt.bind(1, after_seq).bind(2, up_to_seq).bind(3, static_cast<std::int64_t>(limit));
    bind_filter(stmt, filter, 4);
    std::map<std::int64_t, std::size_t> index;
    while (stmt.step()) {
        StoredResponse s;
        s.seq = stmt.int64(0);
        protocol::Response& r = s.response;
        r.id = stmt.text(1);
        r.kiosk_id = stmt.text(2);
        r.pack_id = stmt.text(3);
        r.pack_version = static_cast<int>(stmt.int64(4));
        r.survey_id = stmt.text(5);
        r.stage = stmt.text(6);
        r.language = stmt.text(7);
        r.status = stmt.text_view(8) == "abandoned" ? protocol::ResponseStatus::Abandoned
                                                    : protocol::ResponseStatus::Completed;
        r.started_at_ms = stmt.int64(9);
        r.finished_at_ms = stmt.int64(10);
        r.boot_id = stmt.text(11);
        r.monotonic_ms = stmt.int64(12);
        s.received_ms = stmt.int64(13);
        if (!stmt.is_null(14)) {
            s.clock_offset_ms = stmt.int64(14);
        }
        r.stage_source =
            protocol::stage_source_from_string(stmt.text_view(15)).value_or(r.stage_source);
        r.abandoned_at = stmt.text(16);
        r.flags = protocol::split(stmt.text_view(17));
        if (!stmt.is_null(18)) {
            s.corrected_finished_ms = stmt.int64(18);
        }
        index.emplace(s.seq, out.size());
        out.push_back(std::move(s));
    }
    if (out.empty()) {
        return out;
    }
    auto answers = db->prepare(
        "SELECT response_seq, question, value, choices, text, cant_say FROM answers "
        "WHERE response_seq BETWEEN ?1 AND ?2 ORDER BY response_seq");
    answers.bind(1, out.front().seq).bind(2, out.back().seq);
    while (answers.step()) {
        if (const auto it = index.find(answers.int64(0)); it != index.end()) {
            protocol::Answer a;
            a.question = answers.text(1);
            if (!answers.is_null(2)) {
                a.value = answers.int64(2);
            }
            if (!answers.is_null(3)) {
                a.choices = protocol::split(answers.text_view(3));
            }
            if (!answers.is_null(4)) {
                a.text = answers.text(4);
            }
            a.cant_say = answers.int64(5) != 0;
            out[it->second].response.answers.push_back(std::move(a));
        }
    }
    return out;
}

std::int64_t HubStore::max_seq() {
    auto db = lease();
    auto stmt = db->prepare("SELECT COALESCE(MAX(seq), 0) FROM responses");
    stmt.step();
    return stmt.int64(0);
}

std::int64_t HubStore::seq_after(std::int64_t after_seq, std::int64_t n,
                                 const StatsFilter& filter) {
    auto db = lease();
    auto stmt =
        db->prepare("SELECT MAX(seq) FROM (SELECT seq FROM responses r WHERE seq > ?1 AND " +
                    filter_sql(3) + " ORDER BY seq LIMIT ?2) AS page");
    stmt.bind(1, after_seq).bind(2, n);
    bind_filter(stmt, filter, 3);
    stmt.step();
    return stmt.is_null(0) ? after_seq : stmt.int64(0);
}

std::int64_t HubStore::count_responses(const StatsFilter& filter, std::int64_t up_to_seq) {
    auto db = lease();
    auto stmt =
        db->prepare("SELECT COUNT(*) FROM responses r WHERE seq <= ?1 AND " + filter_sql(2));
    stmt.bind(1, up_to_seq);
    bind_filter(stmt, filter, 2);
    stmt.step();
    return stmt.int64(0);
}

std::vector<std::string> HubStore::answered_questions() {
    auto db = lease();
    auto stmt = db->prepare("SELECT DISTINCT question FROM answers ORDER BY question");
    std::vector<std::string> out;
    while (stmt.step()) {
        out.push_back(stmt.text(0));
    }
    return out;
}

}  // namespace fbk::sync::hub
