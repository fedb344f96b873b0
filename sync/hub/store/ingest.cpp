// Ingest: a batch's responses and answers, each response id stored at most once (the UNIQUE
// constraint decides, in the database), with the kiosk's times put on the hub's clock
// (clock_correction.h). Receipts are returned only after COMMIT succeeded.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

#include <algorithm>
#include <map>

#include "sync/hub/store/boots.h"
#include "sync/hub/store/clock_correction.h"
#include "sync/hub/store/ingest_rows.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {

constexpr int kResponseColumns = 18;
constexpr int kAnswerColumns = 6;
// "INSERT INTO table(columns) VALUES (?1, ...), (...), ..." for `rows` rows.
std::string multi_row_insert(std::string_view head, int columns, std::size_t rows,
                             std::string_view tail) {
    std::string sql(head);
    int p = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r == 0 ? " VALUES (" : ", (";
        for (int c = 0; c < columns; ++c) {
            sql += (c == 0 ? "?" : ", ?") + std::to_string(p++);
        }
        sql += ')';
    }
    sql += tail;
    return sql;
}

// Statements of one shape per row count, prepared once per batch and reused.
class InsertStatements {
  public:
    InsertStatements(sql::Connection& db, std::string_view head, int columns, std::string_view tail)
        : db_(db), head_(head), columns_(columns), tail_(tail) {}
    sql::Statement& rows(std::size_t n) {
        auto it = statements_.find(n);
        if (it == statements_.end()) {
            it = statements_.emplace(n, db_.prepare(multi_row_insert(head_, columns_, n, tail_)))
                     .first;
        }
        return it->second;
    }

  private:
    sql::Connection& db_;
    std::string_view head_;
    int columns_;
    std::string_view tail_;
    std::map<std::size_t, sql::Statement> statements_;
};

constexpr std::string_view kInsertResponses =
    "INSERT INTO responses(id, kiosk_id, pack_id, pack_version, survey_id, stage, language, "
    "status, started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms, clock_offset_ms, "
    "stage_source, abandoned_at, flags, corrected_finished_ms)";
constexpr std::string_view kInsertAnswers =
    "INSERT INTO answers(response_seq, question, value, choices, text, cant_say)";
constexpr int kAnalysisColumns = 6;
constexpr std::string_view kInsertAnalyses =
    "INSERT INTO comment_analyses(response_seq, question, themes, sentiment, matches, lexicon)";

using SeqById = std::map<std::string, std::int64_t, std::less<>>;

// The batch's responses, many rows per statement; rows come back only for ids not stored
// before, and those are returned with their new seq.
SeqById insert_responses(sql::Connection& db, const protocol::Batch& batch,
                         std::int64_t received_ms) {
    const BatchClock clock{batch.header.boot_id, batch.header.sent_at_ms, batch.header.monotonic_ms,
                           received_ms};
    BootEpochs epochs(db);
    SeqById inserted;
    const auto& responses = batch.responses;
    InsertStatements response_inserts(db, kInsertResponses, kResponseColumns,
                                      " ON CONFLICT(id) DO NOTHING RETURNING id, seq");
    for (std::size_t first = 0, rows = 0; first < responses.size(); first += rows) {
        rows = db.rows_per_insert(responses.size() - first);
        auto& insert = response_inserts.rows(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            const protocol::Response& r = responses[first + i];
            const int p = static_cast<int>(i) * kResponseColumns;
            const auto epoch =
                monotonic_plausible(r, clock) ? epochs.of(r.kiosk_id, r.boot_id) : std::nullopt;
            const CorrectedTimes times = correct_times(r, clock, epoch);
            insert.bind(p + 1, r.id)
                .bind(p + 2, r.kiosk_id)
                .bind(p + 3, r.pack_id)
                .bind(p + 4, r.pack_version)
                .bind(p + 5, r.survey_id)
                .bind(p + 6, r.stage)
                .bind(p + 7, r.language)
                .bind(p + 8, protocol::to_string(r.status))
                .bind(p + 9, r.started_at_ms)
                .bind(p + 10, r.finished_at_ms)
                .bind(p + 11, r.boot_id)
                .bind(p + 12, r.monotonic_ms)
                .bind(p + 13, received_ms)
                .bind(p + 14, times.clock_offset_ms)
                .bind(p + 15, protocol::to_string(r.stage_source))
                .bind(p + 16, r.abandoned_at)
                .bind(p + 17, protocol::join(r.flags, " "))
                .bind(p + 18, times.corrected_finished_ms);
        }
        while (insert.step()) {
            inserted.emplace(insert.text(0), insert.int64(1));
        }
        insert.reset();
    }
    return inserted;
}

// The answers of the responses stored now.
void insert_answers(sql::Connection& db, const std::vector<protocol::Response>& responses,
                    const SeqById& inserted) {
    struct AnswerRow {
        std::int64_t seq;
        const protocol::Answer* answer;
    };
    std::vector<AnswerRow> answers;
    for (const protocol::Response& r : responses) {
        if (const auto it = inserted.find(r.id); it != inserted.end()) {
            for (const protocol::Answer& a : r.answers) {
                answers.push_back({it->second, &a});
            }
        }
    }
    InsertStatements answer_inserts(db, kInsertAnswers, kAnswerColumns, "");
    for (std::size_t first = 0, rows = 0; first < answers.size(); first += rows) {
        rows = db.rows_per_insert(answers.size() - first);
        auto& insert = answer_inserts.rows(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            const protocol::Answer& a = *answers[first + i].answer;
            const int p = static_cast<int>(i) * kAnswerColumns;
            insert.bind(p + 1, answers[first + i].seq)
                .bind(p + 2, a.question)
                .bind(p + 3, a.value)
                .bind(p + 4, a.choices.empty() ? std::nullopt
                                               : std::optional(protocol::join(a.choices, " ")))
                .bind(p + 5, a.text)
                .bind(p + 6, a.cant_say ? 1 : 0);
        }
        insert.run();
    }
}

// The analyses of the comments of the responses stored now (a duplicate keeps its first ones).
void insert_comment_analyses(sql::Connection& db, const std::vector<protocol::Response>& responses,
                             const SeqById& inserted, std::span<const BatchComment> comments) {
    struct AnalysisRow {
        std::int64_t seq;
        const BatchComment* comment;
    };
    std::vector<AnalysisRow> rows;
    for (const BatchComment& c : comments) {
        if (c.response >= responses.size()) {
            continue;
        }
        if (const auto it = inserted.find(responses[c.response].id); it != inserted.end()) {
            rows.push_back({it->second, &c});
        }
    }
    InsertStatements inserts(db, kInsertAnalyses, kAnalysisColumns, "");
    for (std::size_t first = 0, n = 0; first < rows.size(); first += n) {
        n = db.rows_per_insert(rows.size() - first);
        auto& insert = inserts.rows(n);
        for (std::size_t i = 0; i < n; ++i) {
            const BatchComment& c = *rows[first + i].comment;
            const int p = static_cast<int>(i) * kAnalysisColumns;
            insert.bind(p + 1, rows[first + i].seq)
                .bind(p + 2, c.question)
                .bind(p + 3, c.analysis.themes)
                .bind(p + 4, c.analysis.sentiment)
                .bind(p + 5, c.analysis.matches)
                .bind(p + 6, c.analysis.lexicon);
        }
        insert.run();
    }
}

std::vector<protocol::Receipt> insert_batch(sql::Connection& db, const protocol::Batch& batch,
                                            std::int64_t received_ms,
                                            std::span<const BatchComment> comments) {
    learn_boot_epoch(db, batch.header.kiosk_id, batch.header.boot_id, batch.header.monotonic_ms,
                     received_ms);
    const SeqById inserted = insert_responses(db, batch, received_ms);
    const auto& responses = batch.responses;
    insert_answers(db, responses, inserted);
    insert_comment_analyses(db, responses, inserted, comments);
    std::vector<protocol::Receipt> receipts;
    receipts.reserve(responses.size());
    for (const protocol::Response& r : responses) {
        receipts.push_back({r.id, inserted.contains(r.id) ? protocol::ReceiptStatus::Stored
                                                          : protocol::ReceiptStatus::Duplicate});
    }
    return receipts;
}

// SQLite: a batch at a time, with the reused single-row statements above.
std::vector<std::vector<protocol::Receipt>> insert_group(
    sql::Connection& db, std::span<const HubStore::BatchToStore> batches) {
    if (db.dialect() == sql::Dialect::Postgres) {
        return insert_group_arrays(db, batches);
    }
    std::vector<std::vector<protocol::Receipt>> out;
    out.reserve(batches.size());
    for (const HubStore::BatchToStore& b : batches) {
        out.push_back(insert_batch(db, *b.batch, b.received_ms, b.comments));
    }
    return out;
}

// A question is recorded once; another hub (PostgreSQL) may have recorded it already.
void record_answered_questions(sql::Connection& db, const std::vector<std::string>& questions) {
    if (questions.empty()) {
        return;  // nearly every batch: nothing new, nothing to prepare
    }
    auto insert =
        db.prepare("INSERT INTO answered_questions(question) VALUES (?1) ON CONFLICT DO NOTHING");
    for (const std::string& q : questions) {  // sorted: hubs recording the same ones queue
        insert.bind(1, q).run();
        insert.reset();
    }
}

// Tries before an ingest that PostgreSQL aborted to break a deadlock is given up. Writers take
// rows in one order (ingest_arrays.cpp), so this is a safety net, not a path taken.
constexpr int kIngestAttempts = 3;

}  // namespace

std::vector<protocol::Receipt> HubStore::ingest(const protocol::Batch& batch,
                                                std::int64_t received_ms,
                                                std::span<const BatchComment> comments) {
    const BatchToStore one[] = {{&batch, received_ms, comments}};
    return std::move(ingest_group(one).front());
}

std::vector<std::string> HubStore::unrecorded_questions(
    std::span<const BatchToStore> batches,
    const std::vector<std::vector<protocol::Receipt>>& receipts) {
    std::vector<std::string_view> answered;  // a handful: a pack asks a few questions
    for (std::size_t b = 0; b < batches.size(); ++b) {
        const auto& responses = batches[b].batch->responses;
        for (std::size_t i = 0; i < responses.size(); ++i) {
            if (receipts[b][i].status != protocol::ReceiptStatus::Stored) {
                continue;
            }
            for (const protocol::Answer& a : responses[i].answers) {
                if (std::find(answered.begin(), answered.end(), a.question) == answered.end()) {
                    answered.push_back(a.question);
                }
            }
        }
    }
    std::vector<std::string> unrecorded;
    {
        const std::lock_guard lock(questions_mutex_);
        for (const std::string_view q : answered) {
            if (!recorded_questions_.contains(q)) {
                unrecorded.emplace_back(q);
            }
        }
    }
    std::sort(unrecorded.begin(), unrecorded.end());
    return unrecorded;
}

std::vector<std::vector<protocol::Receipt>> HubStore::ingest_group(
    std::span<const BatchToStore> batches) {
    for (int attempt = 1;; ++attempt) {
        try {
            auto db = lease();
            sql::Transaction tx(*db);
            auto out = insert_group(*db, batches);
            const std::vector<std::string> questions = unrecorded_questions(batches, out);
            record_answered_questions(*db, questions);
            tx.commit();
            if (!questions.empty()) {
                const std::lock_guard lock(questions_mutex_);
                recorded_questions_.insert(questions.begin(), questions.end());
            }
            return out;
        } catch (const sql::Error& e) {
            if (!e.is_transient() || attempt == kIngestAttempts) {
                throw;
            }
        }
    }
}

}  // namespace fbk::sync::hub
