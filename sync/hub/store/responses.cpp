// Responses as exports read them: pages in export order (export_position.h), counts and
// cursors.
#include <algorithm>
#include <numeric>

#include "sync/hub/store/export_order.h"
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
    s.writer = stmt.int64(19);
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

std::size_t HubStore::read_responses_page(ExportPosition after, ExportPosition up_to,
                                          std::size_t limit, const StatsFilter& filter,
                                          std::vector<StoredResponse>& page) {
    const std::size_t rows = read_response_rows(after, up_to, limit, filter, page);
    read_answers_of({page.data(), rows});
    return rows;
}

std::size_t HubStore::read_response_rows(ExportPosition after, ExportPosition up_to,
                                         std::size_t limit, const StatsFilter& filter,
                                         std::vector<StoredResponse>& page) {
    auto db = lease();
    const ExportOrderSql order(*db);
    auto stmt = db->prepare(R"sql(
        SELECT seq, id, kiosk_id, pack_id, pack_version, survey_id, stage, language, status,
               started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms, clock_offset_ms,
               stage_source, abandoned_at, flags, corrected_finished_ms, writer_xid
        FROM responses r WHERE )sql" +
                            order.after(1) + " AND " + order.up_to(3) + " AND " + filter_sql(6) +
                            " ORDER BY " + order.columns() + " LIMIT ?5");
    bind_position(stmt, 1, after);
    bind_position(stmt, 3, up_to);
    stmt.bind(5, static_cast<std::int64_t>(limit));
    bind_filter(stmt, filter, 6);
    std::size_t rows = 0;
    while (stmt.step()) {
        read_response(stmt, reuse_row(page, rows++));
    }
    return rows;
}

void HubStore::read_answers_of(std::span<StoredResponse> page) {
    const std::size_t rows = page.size();
    if (rows == 0) {
        return;
    }
    auto db = lease();
    // The page's rows by seq (on SQLite they already are), to merge the answers into.
    std::vector<std::size_t> by_seq(rows);
    std::iota(by_seq.begin(), by_seq.end(), std::size_t{0});
    const auto seq_less = [&](std::size_t a, std::size_t b) { return page[a].seq < page[b].seq; };
    if (!std::is_sorted(by_seq.begin(), by_seq.end(), seq_less)) {
        std::sort(by_seq.begin(), by_seq.end(), seq_less);
    }
    auto answers = db->prepare(
        "SELECT response_seq, question, value, choices, text, cant_say FROM answers "
        "WHERE response_seq BETWEEN ?1 AND ?2 ORDER BY response_seq");
    answers.bind(1, page[by_seq.front()].seq).bind(2, page[by_seq.back()].seq);
    // Both in seq order: a merge instead of a map lookup per answer. Answers of responses not
    // on this page (left out by the filter, or placed elsewhere in the export order) fall
    // between the page's rows and are skipped.
    std::size_t at = 0;
    while (answers.step()) {
        const std::int64_t seq = answers.int64(0);
        while (at < rows && page[by_seq[at]].seq < seq) {
            ++at;
        }
        if (at < rows && page[by_seq[at]].seq == seq) {
            read_answer(answers, page[by_seq[at]].response.answers.emplace_back());
        }
    }
}

std::vector<StoredResponse> HubStore::responses_page(ExportPosition after, ExportPosition up_to,
                                                     std::size_t limit, const StatsFilter& filter) {
    std::vector<StoredResponse> page;
    page.resize(read_responses_page(after, up_to, limit, filter, page));
    return page;
}

ExportPosition HubStore::export_horizon() {
    auto db = lease();
    const ExportOrderSql order(*db);
    auto stmt =
        db->prepare("SELECT r.writer_xid, r.seq FROM responses r WHERE " + order.final_writer() +
                    " ORDER BY " + order.columns_descending() + " LIMIT 1");
    return stmt.step() ? ExportPosition{stmt.int64(0), stmt.int64(1)} : ExportPosition{};
}

ExportPosition HubStore::position_after(ExportPosition after, std::int64_t n, ExportPosition up_to,
                                        const StatsFilter& filter) {
    auto db = lease();
    const ExportOrderSql order(*db);
    auto stmt = db->prepare(
        "SELECT writer_xid, seq FROM (SELECT r.writer_xid, r.seq FROM "
        "responses r WHERE " +
        order.after(1) + " AND " + order.up_to(3) + " AND " + filter_sql(6) + " ORDER BY " +
        order.columns() + " LIMIT ?5) AS page ORDER BY " + "writer_xid DESC, seq DESC LIMIT 1");
    bind_position(stmt, 1, after);
    bind_position(stmt, 3, up_to);
    stmt.bind(5, n);
    bind_filter(stmt, filter, 6);
    return stmt.step() ? ExportPosition{stmt.int64(0), stmt.int64(1)} : after;
}

std::int64_t HubStore::count_responses(const StatsFilter& filter, ExportPosition up_to) {
    auto db = lease();
    const ExportOrderSql order(*db);
    auto stmt = db->prepare("SELECT COUNT(*) FROM responses r WHERE " + order.up_to(1) + " AND " +
                            filter_sql(3));
    bind_position(stmt, 1, up_to);
    bind_filter(stmt, filter, 3);
    stmt.step();
    return stmt.int64(0);
}

std::vector<std::string> HubStore::answered_questions() {
    auto db = lease();
    auto stmt = db->prepare("SELECT question FROM answered_questions ORDER BY question");
    std::vector<std::string> out;
    while (stmt.step()) {
        out.push_back(stmt.text(0));
    }
    return out;
}

}  // namespace fbk::sync::hub
