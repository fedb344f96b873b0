// PostgreSQL ingest: a batch in one statement. Every column of the batch's responses, answers
// and comment analyses is bound as one array and unnested, and data-modifying CTEs insert the
// responses (ON CONFLICT (id) DO NOTHING RETURNING id, seq: only ids new to the database come
// back, so receipts stay exact), then the answers and analyses of exactly those responses. One
// round trip and one plan per batch, where one multi-row INSERT per 250 rows per table needed
// three to four and a plan of up to 4 500 parameters each. Each response records the
// transaction that stored it (writer_xid), its place in the export order (export_position.h).
#include <set>

#include "sync/hub/sql/array_literal.h"
#include "sync/hub/store/boots.h"
#include "sync/hub/store/clock_correction.h"
#include "sync/hub/store/ingest_rows.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {

constexpr std::string_view kInsertBatch = R"sql(
    WITH stored AS (
        INSERT INTO responses(id, kiosk_id, pack_id, pack_version, survey_id, stage, language,
            status, started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms,
            clock_offset_ms, stage_source, abandoned_at, flags, corrected_finished_ms, writer_xid)
        SELECT *, pg_current_xact_id()::text::bigint FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::bigint[], ?5::text[],
            ?6::text[], ?7::text[], ?8::text[], ?9::bigint[], ?10::bigint[], ?11::text[],
            ?12::bigint[], ?13::bigint[], ?14::bigint[], ?15::text[], ?16::text[], ?17::text[],
            ?18::bigint[])
        ON CONFLICT (id) DO NOTHING
        RETURNING id, seq
    ), stored_answers AS (
        INSERT INTO answers(response_seq, question, value, choices, text, cant_say)
        SELECT stored.seq, a.question, a.value, a.choices, a.text, a.cant_say
        FROM unnest(?19::text[], ?20::text[], ?21::bigint[], ?22::text[], ?23::text[],
            ?24::bigint[]) AS a(response_id, question, value, choices, text, cant_say)
        JOIN stored ON stored.id = a.response_id
    ), stored_analyses AS (
        INSERT INTO comment_analyses(response_seq, question, themes, sentiment, matches, lexicon)
        SELECT stored.seq, c.question, c.themes, c.sentiment, c.matches, c.lexicon
        FROM unnest(?25::text[], ?26::text[], ?27::text[], ?28::text[], ?29::text[],
            ?30::text[]) AS c(response_id, question, themes, sentiment, matches, lexicon)
        JOIN stored ON stored.id = c.response_id
    )
    SELECT id FROM stored)sql";

constexpr int kResponseColumns = 18;
constexpr int kAnswerColumns = 6;
constexpr int kAnalysisColumns = 6;

using Columns = std::vector<sql::ArrayLiteral>;

void add_response(Columns& c, const protocol::Response& r, std::int64_t received_ms,
                  const CorrectedTimes& times) {
    c[0].add(r.id);
    c[1].add(r.kiosk_id);
    c[2].add(r.pack_id);
    c[3].add(std::int64_t{r.pack_version});
    c[4].add(r.survey_id);
    c[5].add(r.stage);
    c[6].add(r.language);
    c[7].add(protocol::to_string(r.status));
    c[8].add(r.started_at_ms);
    c[9].add(r.finished_at_ms);
    c[10].add(r.boot_id);
    c[11].add(r.monotonic_ms);
    c[12].add(received_ms);
    c[13].add(times.clock_offset_ms);
    c[14].add(protocol::to_string(r.stage_source));
    c[15].add(r.abandoned_at);
    c[16].add(protocol::join(r.flags, " "));
    c[17].add(times.corrected_finished_ms);
}

void add_answer(Columns& c, const std::string& response_id, const protocol::Answer& a) {
    c[0].add(response_id);
    c[1].add(a.question);
    c[2].add(a.value);
    c[3].add(a.choices.empty() ? std::nullopt : std::optional(protocol::join(a.choices, " ")));
    c[4].add(a.text);
    c[5].add(std::int64_t{a.cant_say ? 1 : 0});
}

void add_analysis(Columns& c, const std::string& response_id, const BatchComment& comment) {
    c[0].add(response_id);
    c[1].add(comment.question);
    c[2].add(comment.analysis.themes);
    c[3].add(comment.analysis.sentiment);
    c[4].add(comment.analysis.matches);
    c[5].add(comment.analysis.lexicon);
}

}  // namespace

std::vector<protocol::Receipt> insert_batch_arrays(sql::Connection& db,
                                                   const protocol::Batch& batch,
                                                   std::int64_t received_ms,
                                                   std::span<const BatchComment> comments) {
    const BatchClock clock{batch.header.boot_id, batch.header.sent_at_ms, batch.header.monotonic_ms,
                           received_ms};
    BootEpochs epochs(db);
    Columns responses(kResponseColumns);
    Columns answers(kAnswerColumns);
    Columns analyses(kAnalysisColumns);
    // Ids are unique within a batch (protocol validation refuses a repeat), so an answer is
    // joined to its response by id.
    for (const protocol::Response& r : batch.responses) {
        const auto epoch =
            monotonic_plausible(r, clock) ? epochs.of(r.kiosk_id, r.boot_id) : std::nullopt;
        add_response(responses, r, received_ms, correct_times(r, clock, epoch));
        for (const protocol::Answer& a : r.answers) {
            add_answer(answers, r.id, a);
        }
    }
    for (const BatchComment& c : comments) {
        if (c.response < batch.responses.size()) {
            add_analysis(analyses, batch.responses[c.response].id, c);
        }
    }
    auto insert = db.prepare(kInsertBatch);
    int p = 1;
    for (Columns* columns : {&responses, &answers, &analyses}) {
        for (auto& column : *columns) {
            insert.bind(p++, column.take());
        }
    }
    std::set<std::string, std::less<>> stored;
    while (insert.step()) {
        stored.insert(insert.text(0));
    }
    insert.reset();
    std::vector<protocol::Receipt> receipts;
    receipts.reserve(batch.responses.size());
    for (const protocol::Response& r : batch.responses) {
        receipts.push_back({r.id, stored.contains(r.id) ? protocol::ReceiptStatus::Stored
                                                        : protocol::ReceiptStatus::Duplicate});
    }
    return receipts;
}

}  // namespace fbk::sync::hub
