// PostgreSQL ingest: a group of batches (group commit, ingest_queue.h) in one statement. Every
// column of the group's responses, answers and comment analyses is bound as one array and
// unnested, and data-modifying CTEs insert the responses (ON CONFLICT (id) DO NOTHING RETURNING
// id, seq: only ids new to the database come back, so receipts stay exact), then the answers and
// analyses of exactly those responses. One round trip and one plan per group, where one
// multi-row INSERT per 250 rows per table needed three to four per batch and a plan of up to
// 4 500 parameters each. Each response records the transaction that stored it (writer_xid), its
// place in the export order (export_position.h).
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

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
        SELECT *, pg_current_xact_id()::text::bigint
        FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::bigint[], ?5::text[], ?6::text[],
            ?7::text[], ?8::text[], ?9::bigint[], ?10::bigint[], ?11::text[], ?12::bigint[],
            ?13::bigint[], ?14::bigint[], ?15::text[], ?16::text[], ?17::text[], ?18::bigint[])
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

// The statement with every column bound; the ids it stored (new to the database).
std::set<std::string, std::less<>> run_insert(sql::Connection& db, Columns& responses,
                                              Columns& answers, Columns& analyses) {
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
    return stored;
}

}  // namespace

std::vector<std::vector<protocol::Receipt>> insert_group_arrays(
    sql::Connection& db, std::span<const HubStore::BatchToStore> group) {
    // Several hubs store at once without a lock (export_position.h). A transaction waits for
    // another only on a row both write: a kiosk's boot, or a response id sent to two hubs.
    // Taking those in one order everywhere (boots by kiosk and boot, then responses by id)
    // means no two transactions can wait for each other in a circle.
    std::vector<const HubStore::BatchToStore*> by_boot;
    for (const auto& b : group) {
        by_boot.push_back(&b);
    }
    std::stable_sort(by_boot.begin(), by_boot.end(), [](const auto* a, const auto* b) {
        return std::tie(a->batch->header.kiosk_id, a->batch->header.boot_id) <
               std::tie(b->batch->header.kiosk_id, b->batch->header.boot_id);
    });
    for (const auto* b : by_boot) {
        learn_boot_epoch(db, b->batch->header.kiosk_id, b->batch->header.boot_id,
                         b->batch->header.monotonic_ms, b->received_ms);
    }
    // Each id once, from the first batch of the group that carries it (a kiosk may resend a
    // batch before its first attempt was answered); later copies are duplicates.
    struct Row {
        const protocol::Response* response;
        std::size_t batch;
        std::size_t index;  // in its batch
    };
    std::map<std::string_view, Row> rows;
    for (std::size_t b = 0; b < group.size(); ++b) {
        const auto& responses = group[b].batch->responses;
        for (std::size_t i = 0; i < responses.size(); ++i) {
            rows.try_emplace(responses[i].id, Row{&responses[i], b, i});
        }
    }
    BootEpochs epochs(db);
    Columns responses(kResponseColumns);
    Columns answers(kAnswerColumns);
    for (const auto& [id, row] : rows) {  // in id order
        const auto& b = group[row.batch];
        const BatchClock clock{b.batch->header.boot_id, b.batch->header.sent_at_ms,
                               b.batch->header.monotonic_ms, b.received_ms};
        const protocol::Response& r = *row.response;
        const auto epoch =
            monotonic_plausible(r, clock) ? epochs.of(r.kiosk_id, r.boot_id) : std::nullopt;
        add_response(responses, r, b.received_ms, correct_times(r, clock, epoch));
        for (const protocol::Answer& a : r.answers) {
            add_answer(answers, r.id, a);
        }
    }
    Columns analyses(kAnalysisColumns);
    for (std::size_t b = 0; b < group.size(); ++b) {
        const auto& of_batch = group[b].batch->responses;
        for (const BatchComment& c : group[b].comments) {
            if (c.response < of_batch.size()) {
                const Row& row = rows.at(of_batch[c.response].id);
                if (row.batch == b && row.index == c.response) {  // the copy being stored
                    add_analysis(analyses, of_batch[c.response].id, c);
                }
            }
        }
    }
    const auto stored = run_insert(db, responses, answers, analyses);
    std::vector<std::vector<protocol::Receipt>> receipts(group.size());
    for (std::size_t b = 0; b < group.size(); ++b) {
        const auto& responses_of_batch = group[b].batch->responses;
        for (std::size_t i = 0; i < responses_of_batch.size(); ++i) {
            const Row& row = rows.at(responses_of_batch[i].id);
            const bool new_here =
                row.batch == b && row.index == i && stored.contains(responses_of_batch[i].id);
            receipts[b].push_back(
                {responses_of_batch[i].id,
                 new_here ? protocol::ReceiptStatus::Stored : protocol::ReceiptStatus::Duplicate});
        }
    }
    return receipts;
}

}  // namespace fbk::sync::hub
