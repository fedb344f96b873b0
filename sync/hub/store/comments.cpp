// Comments and their analyses: the dashboard's list (with theme and sentiment filters), and the
// pages `feedback-hub analyse-comments` works through when the lexicons change. The analyses
// are derived data in their own table: redoing them never touches an answer.
#include "sync/hub/store/filter.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

namespace {

constexpr std::string_view kStale =
    "a.text IS NOT NULL AND a.text <> '' AND (c.lexicon IS NULL OR c.lexicon <> ?1)";
constexpr std::string_view kAnalysisOfAnswer =
    "LEFT JOIN comment_analyses c ON c.response_seq = a.response_seq AND c.question = a.question";
constexpr std::string_view kStateOfAnswer =
    "LEFT JOIN comment_states s ON s.response_seq = a.response_seq AND s.question = a.question";

}  // namespace

// By when the patient wrote them, not when they arrived: a kiosk that was offline for a week
// must not push old comments above today's.
std::vector<Comment> HubStore::comments(const CommentQuery& query) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT COALESCE(r.corrected_finished_ms, r.finished_at_ms), r.stage, r.language, "
        "a.question, a.text, c.themes, c.sentiment, c.matches, c.lexicon, r.id, "
        "COALESCE(s.state, 'new'), COALESCE(s.owner_unit, ''), COALESCE(s.note, ''), "
        "s.updated_ms, COALESCE(s.updated_by, '') "
        "FROM responses r JOIN answers a ON a.response_seq = r.seq " +
        std::string(kAnalysisOfAnswer) + " " + std::string(kStateOfAnswer) +
        " WHERE a.text IS NOT NULL AND a.text <> '' "
        "AND (?2 IS NULL OR ' ' || c.themes || ' ' LIKE ?2) AND (?3 IS NULL OR c.sentiment = ?3) "
        "AND (?4 IS NULL OR COALESCE(s.state, 'new') = ?4) AND " +
        filter_sql(5) + " ORDER BY 1 DESC, r.seq DESC, a.question LIMIT ?1");
    stmt.bind(1, static_cast<std::int64_t>(query.limit));
    // Theme ids are plain words; the spaces around them make '% care %' miss "healthcare".
    stmt.bind(2, query.theme ? std::optional("% " + *query.theme + " %") : std::nullopt);
    stmt.bind(3, query.sentiment);
    stmt.bind(4, query.state);
    bind_filter(stmt, query.filter, 5);
    std::vector<Comment> out;
    while (stmt.step()) {
        Comment c{stmt.text(9), stmt.int64(0), stmt.text(1), stmt.text(2),
                  stmt.text(3), stmt.text(4),  {},           {}};
        c.handling = {stmt.text(10), stmt.text(11), stmt.text(12), std::nullopt, stmt.text(14)};
        if (!stmt.is_null(13)) {
            c.handling.updated_ms = stmt.int64(13);
        }
        if (!stmt.is_null(8)) {
            CommentAnalysisRow a{stmt.text(5), std::nullopt, stmt.text(7), stmt.text(8)};
            if (!stmt.is_null(6)) {
                a.sentiment = stmt.text(6);
            }
            c.analysis = std::move(a);
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<CommentToAnalyse> HubStore::comments_to_analyse(std::string_view lexicon,
                                                            std::int64_t after_seq,
                                                            std::size_t limit) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT a.response_seq, a.question, r.language, a.text FROM answers a "
        "JOIN responses r ON r.seq = a.response_seq " +
        std::string(kAnalysisOfAnswer) + " WHERE " + std::string(kStale) +
        " AND a.response_seq > ?2 ORDER BY a.response_seq, a.question "
        "LIMIT ?3");
    stmt.bind(1, lexicon).bind(2, after_seq).bind(3, static_cast<std::int64_t>(limit));
    std::vector<CommentToAnalyse> out;
    while (stmt.step()) {
        out.push_back({stmt.int64(0), stmt.text(1), stmt.text(2), stmt.text(3)});
    }
    return out;
}

std::int64_t HubStore::count_stale_comments(std::string_view lexicon) {
    auto db = lease();
    auto stmt = db->prepare("SELECT COUNT(*) FROM answers a " + std::string(kAnalysisOfAnswer) +
                            " WHERE " + std::string(kStale));
    stmt.bind(1, lexicon);
    stmt.step();
    return stmt.int64(0);
}

void HubStore::store_comment_analyses(std::span<const AnalysedComment> analysed) {
    auto db = lease();
    sql::Transaction tx(*db);
    auto upsert = db->prepare(
        "INSERT INTO comment_analyses(response_seq, question, themes, sentiment, matches, lexicon) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (response_seq, question) DO UPDATE SET "
        "themes = excluded.themes, sentiment = excluded.sentiment, matches = excluded.matches, "
        "lexicon = excluded.lexicon");
    for (const AnalysedComment& c : analysed) {
        upsert.bind(1, c.response_seq)
            .bind(2, c.question)
            .bind(3, c.analysis.themes)
            .bind(4, c.analysis.sentiment)
            .bind(5, c.analysis.matches)
            .bind(6, c.analysis.lexicon);
        upsert.run();
    }
    tx.commit();
}

}  // namespace fbk::sync::hub
