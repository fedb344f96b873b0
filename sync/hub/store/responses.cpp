// Responses as exports read them: pages in ingest order, counts and cursors.
#include "sync/hub/store/filter.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {

// The row at `n` of a reused page: its strings and vectors keep their storage.
StoredResponse& reuse_row(std::vector<StoredResponse>& page, std::size_t n) {
    return n < page.size() ? page[n] : page.emplace_back();
}

// One row of the responses query into `s`, every field assigned (the row may hold another
// response's values from an earlier page).
void read_response(sql::Statement& stmt, StoredResponse& s) {
    s.seq = stmt.int64(0);
    protocol::Response& r = s.response;
    r.id.assign(stmt.text_view(1));
    r.kiosk_id.assign(stmt.text_view(2));
    r.pack_id.assign(stmt.text_view(3));
    r.pack_version = static_cast<int>(stmt.int64(4));
    r.survey_id.assign(stmt.text_view(5));
    r.stage.assign(stmt.text_view(6));
    r.language.assign(stmt.text_view(7));
    r.status = stmt.text_view(8) == "abandoned" ? protocol::ResponseStatus::Abandoned
                                                : protocol::ResponseStatus::Completed;
    r.started_at_ms = stmt.int64(9);
    r.finished_at_ms = stmt.int64(10);
    r.boot_id.assign(stmt.text_view(11));
    r.monotonic_ms = stmt.int64(12);
    s.received_ms = stmt.int64(13);
    s.clock_offset_ms.reset();
    if (!stmt.is_null(14)) {
        s.clock_offset_ms = stmt.int64(14);
    }
    r.stage_source = protocol::stage_source_from_string(stmt.text_view(15))
                         .value_or(protocol::StageSource::Config);
    r.abandoned_at.assign(stmt.text_view(16));
    r.flags.clear();
    if (const auto flags = stmt.text_view(17); !flags.empty()) {
        r.flags = protocol::split(flags);
    }
    s.corrected_finished_ms.reset();
    if (!stmt.is_null(18)) {
        s.corrected_finished_ms = stmt.int64(18);
    }
    r.answers.clear();
}

void read_answer(sql::Statement& answers, protocol::Answer& a) {
    a.question.assign(answers.text_view(1));
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
}

}  // namespace

std::size_t HubStore::read_responses_page(std::int64_t after_seq, std::int64_t up_to_seq,
                                          std::size_t limit, const StatsFilter& filter,
                                          std::vector<StoredResponse>& page) {
    auto db = lease();
    auto stmt = db->prepare(R"sql(
        SELECT seq, id, kiosk_id, pack_id, pack_version, survey_id, stage, language, status,
               started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms, clock_offset_ms,
               stage_source, abandoned_at, flags, corrected_finished_ms
        FROM responses r WHERE seq > ?1 AND seq <= ?2 AND )sql" +
                            filter_sql(4) + " ORDER BY seq LIMIT ?3");
    stmt.bind(1, after_seq).bind(2, up_to_seq).bind(3, static_cast<std::int64_t>(limit));
    bind_filter(stmt, filter, 4);
    std::size_t rows = 0;
    while (stmt.step()) {
        read_response(stmt, reuse_row(page, rows++));
    }
    if (rows == 0) {
        return 0;
    }
    auto answers = db->prepare(
        "SELECT response_seq, question, value, choices, text, cant_say FROM answers "
        "WHERE response_seq BETWEEN ?1 AND ?2 ORDER BY response_seq");
    answers.bind(1, page.front().seq).bind(2, page[rows - 1].seq);
    // Both in seq order: a merge instead of a map lookup per answer. Answers of responses the
    // filter left out fall between the page's rows and are skipped.
    std::size_t at = 0;
    while (answers.step()) {
        const std::int64_t seq = answers.int64(0);
        while (at < rows && page[at].seq < seq) {
            ++at;
        }
        if (at < rows && page[at].seq == seq) {
            read_answer(answers, page[at].response.answers.emplace_back());
        }
    }
    return rows;
}

std::vector<StoredResponse> HubStore::responses_page(std::int64_t after_seq, std::int64_t up_to_seq,
                                                     std::size_t limit, const StatsFilter& filter) {
    std::vector<StoredResponse> page;
    page.resize(read_responses_page(after_seq, up_to_seq, limit, filter, page));
    return page;
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
