#include "sync/hub/export/formats.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <nlohmann/json.hpp>

#include "sync/hub/export/csv.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {
constexpr std::string_view kFixedColumns[] = {
    "response_id", "kiosk_id",          "stage",       "stage_source", "survey_id",
    "pack_id",     "pack_version",      "language",    "status",       "abandoned_at",
    "flags",       "started_at",        "finished_at", "received_at",  "clock_offset_ms",
    "time_source", "kiosk_finished_at",
};
constexpr std::string_view kCursorPrefix = "c1.";

// One cell per answer: the number, the chosen option ids separated by ";", the comment, or
// "cant_say".
void append_answer_cell(std::string& out, const protocol::Answer& a) {
    if (a.cant_say) {
        out += "cant_say";
    } else if (a.value) {
        append_csv_number(out, *a.value);
    } else if (a.text) {
        append_csv_text(out, *a.text);
    } else {
        append_csv_text(out, protocol::join(a.choices, ";"));
    }
}

}  // namespace

ResponseTimes best_times(const StoredResponse& row) {
    const protocol::Response& r = row.response;
    if (!row.corrected_finished_ms) {
        return {r.started_at_ms, r.finished_at_ms, "kiosk_clock"};
    }
    const std::int64_t shift = *row.corrected_finished_ms - r.finished_at_ms;
    return {r.started_at_ms + shift, *row.corrected_finished_ms, "corrected"};
}

CsvExport::CsvExport(std::vector<std::string> question_columns)
    : questions_(std::move(question_columns)) {}

std::string CsvExport::header() const {
    std::string out;
    for (const auto column : kFixedColumns) {
        out += out.empty() ? "" : ",";
        out += column;
    }
    for (const std::string& q : questions_) {
        out += ',';
        append_csv_text(out, q);
    }
    out += "\r\n";
    return out;
}

// The fixed columns of a response, each followed by a comma.
static void append_response_cells(std::string& out, const StoredResponse& row) {
    const protocol::Response& r = row.response;
    for (const std::string_view text :
         {std::string_view(r.id), std::string_view(r.kiosk_id), std::string_view(r.stage),
          protocol::to_string(r.stage_source), std::string_view(r.survey_id),
          std::string_view(r.pack_id)}) {
        append_csv_text(out, text);
        out += ',';
    }
    append_csv_number(out, r.pack_version);
    out += ',';
    append_csv_text(out, r.language);
    out += ',';
    append_csv_text(out, protocol::to_string(r.status));
    out += ',';
    append_csv_text(out, r.abandoned_at);
    out += ',';
    if (!r.flags.empty()) {
        append_csv_text(out, protocol::join(r.flags, ";"));
    }
    out += ',';
    const ResponseTimes times = best_times(row);
    append_utc_iso8601(out, times.started_ms);
    out += ',';
    append_utc_iso8601(out, times.finished_ms);
    out += ',';
    append_utc_iso8601(out, row.received_ms);
    out += ',';
    if (row.clock_offset_ms) {
        append_csv_number(out, *row.clock_offset_ms);
    }
    out += ',';
    out += times.source;
    out += ',';
    append_utc_iso8601(out, r.finished_at_ms);
    out += ',';
}

void CsvExport::append_row(std::string& out, const StoredResponse& row) {
    const protocol::Response& r = row.response;
    append_response_cells(out, row);
    out.pop_back();  // the fixed cells end with a separator; question cells bring their own
    for (const std::string& q : questions_) {
        out += ',';
        for (const protocol::Answer& a : r.answers) {
            if (a.question == q) {
                append_answer_cell(out, a);
                break;
            }
        }
    }
    out += "\r\n";
}

constexpr std::string_view kLongAnswerColumns = "question,value,choices,text,cant_say";

std::string LongCsvExport::header() const {
    std::string out;
    for (const auto column : kFixedColumns) {
        out += column;
        out += ',';
    }
    out += kLongAnswerColumns;
    out += "\r\n";
    return out;
}

void LongCsvExport::append_row(std::string& out, const StoredResponse& row) {
    const protocol::Response& r = row.response;
    if (r.answers.empty()) {
        append_response_cells(out, row);
        out += ",,,,\r\n";
        return;
    }
    for (const protocol::Answer& a : r.answers) {
        append_response_cells(out, row);
        append_csv_text(out, a.question);
        out += ',';
        if (a.value && !a.cant_say) {
            append_csv_number(out, *a.value);
        }
        out += ',';
        if (!a.cant_say && !a.choices.empty()) {
            append_csv_text(out, protocol::join(a.choices, ";"));
        }
        out += ',';
        if (a.text && !a.cant_say) {
            append_csv_text(out, *a.text);
        }
        out += ',';
        out += a.cant_say ? "1" : "0";
        out += "\r\n";
    }
}

void JsonExport::append_row(std::string& out, const StoredResponse& row) {
    if (!first_) {
        out += ',';
    }
    first_ = false;
    append_ndjson_row(out, row);
    out.pop_back();  // the line's newline
}

std::vector<std::string> ordered_question_columns(const protocol::PackCatalog& packs,
                                                  HubStore& store) {
    std::vector<std::string> columns;
    const auto add = [&](const std::string& q) {
        if (std::find(columns.begin(), columns.end(), q) == columns.end()) {
            columns.push_back(q);
        }
    };
    // A pack's questions, all of them and in its order, once any of them has an answer: a
    // pack in use gets its whole column set, a shipped pack nobody uses gets none.
    const std::vector<std::string> answered = store.answered_questions();
    const std::set<std::string, std::less<>> answered_set(answered.begin(), answered.end());
    const auto was_answered = [&](const std::string& q) { return answered_set.contains(q); };
    packs.for_each([&](const protocol::SurveyPack& pack) {
        bool in_use = false;
        for (const auto& survey : pack.surveys) {
            for (const auto& question : survey.questions) {
                in_use = in_use || was_answered(question.id);
            }
        }
        for (const auto& survey : pack.surveys) {
            for (const auto& question : survey.questions) {
                if (in_use) {
                    add(question.id);
                }
            }
        }
    });
    for (const std::string& q : answered) {
        add(q);
    }
    return columns;
}

std::unique_ptr<ResponseWriter> make_response_writer(std::string_view format,
                                                     std::vector<std::string> question_columns) {
    if (format == "csv") {
        return std::make_unique<CsvExport>(std::move(question_columns));
    }
    if (format == "csv-long") {
        return std::make_unique<LongCsvExport>();
    }
    if (format == "ndjson") {
        return std::make_unique<NdjsonExport>();
    }
    if (format == "json") {
        return std::make_unique<JsonExport>();
    }
    return nullptr;
}

void append_ndjson_row(std::string& out, const StoredResponse& row) {
    const protocol::Response& r = row.response;
    nlohmann::json answers = nlohmann::json::object();
    for (const protocol::Answer& a : r.answers) {
        auto cell = protocol::to_json(a);
        cell.erase("question");
        answers[a.question] = std::move(cell);
    }
    const ResponseTimes times = best_times(row);
    nlohmann::json doc = {
        {"response_id", r.id},
        {"kiosk_id", r.kiosk_id},
        {"stage", r.stage},
        {"stage_source", protocol::to_string(r.stage_source)},
        {"survey_id", r.survey_id},
        {"pack_id", r.pack_id},
        {"pack_version", r.pack_version},
        {"language", r.language},
        {"status", protocol::to_string(r.status)},
        {"abandoned_at", r.abandoned_at},
        {"flags", r.flags},
        {"started_at", format_utc_iso8601(times.started_ms)},
        {"finished_at", format_utc_iso8601(times.finished_ms)},
        {"received_at", format_utc_iso8601(row.received_ms)},
        {"clock_offset_ms", row.clock_offset_ms ? nlohmann::json(*row.clock_offset_ms) : nullptr},
        {"time_source", times.source},
        {"kiosk_finished_at", format_utc_iso8601(r.finished_at_ms)},
        {"answers", std::move(answers)},
    };
    out += doc.dump();
    out += '\n';
}

// "c1.SEQ" for writer 0 (every SQLite cursor, and PostgreSQL's rows stored before schema 15),
// "c1.WRITER.SEQ" otherwise: a cursor issued before positions had writers still means the same.
std::string encode_cursor(ExportPosition position) {
    std::string out(kCursorPrefix);
    if (position.writer != 0) {
        out += std::to_string(position.writer) + ".";
    }
    return out + std::to_string(position.seq);
}

namespace {

// A whole non-negative number, nothing else.
std::optional<std::int64_t> cursor_number(std::string_view text) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0) {
        return std::nullopt;
    }
    return n;
}

}  // namespace

std::optional<ExportPosition> decode_cursor(std::string_view cursor) {
    if (!cursor.starts_with(kCursorPrefix)) {
        return std::nullopt;
    }
    cursor.remove_prefix(kCursorPrefix.size());
    const auto dot = cursor.find('.');
    const auto seq = cursor_number(dot == std::string_view::npos ? cursor : cursor.substr(dot + 1));
    const auto writer = dot == std::string_view::npos ? std::optional<std::int64_t>(0)
                                                      : cursor_number(cursor.substr(0, dot));
    if (!seq || !writer || (dot != std::string_view::npos && *writer == 0)) {
        return std::nullopt;
    }
    return ExportPosition{*writer, *seq};
}

}  // namespace fbk::sync::hub
