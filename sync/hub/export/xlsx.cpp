#include "sync/hub/export/xlsx.h"

#include <xlsxwriter.h>

#include <array>
#include <ctime>
#include <map>
#include <stdexcept>

#include "sync/hub/export/formats.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {

// Excel's own limit, header row included.
constexpr std::int64_t kMaxRows = 1'048'576;
constexpr std::size_t kPageRows = 2'000;

enum class Cell { Text, Number, Time };

struct FixedColumn {
    std::string_view name;
    Cell type;
    std::string_view meaning;
};

constexpr std::array<FixedColumn, 17> kFixed = {{
    {"response_id", Cell::Text, "the response's UUIDv7, made on the kiosk"},
    {"kiosk_id", Cell::Text, "the kiosk"},
    {"stage", Cell::Text, "the step of the care pathway (ARRIVAL ... OVERALL)"},
    {"stage_source", Cell::Text, "how the kiosk knew the stage: config, schedule, staff, patient"},
    {"survey_id", Cell::Text, "the survey of the pack"},
    {"pack_id", Cell::Text, "the survey pack"},
    {"pack_version", Cell::Number, "its version"},
    {"language", Cell::Text, "the patient's language"},
    {"status", Cell::Text, "completed or abandoned"},
    {"abandoned_at", Cell::Text, "where an abandoned response stopped"},
    {"flags", Cell::Text, "misuse suspicions, separated by ;"},
    {"started_at", Cell::Time, "when the patient started (hub's time zone)"},
    {"finished_at", Cell::Time, "when the patient finished (hub's time zone)"},
    {"received_at", Cell::Time, "when the hub stored it (hub's time zone)"},
    {"clock_offset_ms", Cell::Number, "the kiosk's clock minus the hub's, when measured"},
    {"time_source", Cell::Text, "corrected (hub's clock) or kiosk_clock"},
    {"kiosk_finished_at", Cell::Time, "finished_at on the kiosk's own clock"},
}};

// Closes the workbook exactly once; a workbook abandoned after a failure is closed too (that
// is the only way libxlsxwriter frees it) and its file removed by the caller.
struct Workbook {
    lxw_workbook* book = nullptr;
    bool closed = false;
    ~Workbook() {
        if (book != nullptr && !closed) {
            workbook_close(book);
        }
    }
    lxw_error close() {
        closed = true;
        return workbook_close(book);
    }
};

void check(lxw_error error, const std::filesystem::path& file) {
    if (error != LXW_NO_ERROR) {
        throw std::runtime_error(file.string() + ": " + lxw_strerror(error));
    }
}

// A time in the hub's zone as Excel's date; nullopt before 1900 (Excel has no such dates).
std::optional<lxw_datetime> local_time(std::int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    if (ms < 0 || localtime_r(&seconds, &tm) == nullptr || tm.tm_year < 0) {
        return std::nullopt;
    }
    return lxw_datetime{tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday,        tm.tm_hour,
                        tm.tm_min,         tm.tm_sec + static_cast<double>(ms % 1000) / 1000.0};
}

std::string zone_name() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    std::array<char, 64> text{};
    std::strftime(text.data(), text.size(), "%Z (UTC%z)", &tm);
    return text.data();
}

// Each question column's header: its text in `language`, else the pack's default language,
// from the first pack that asks it; the id when no pack does.
std::vector<std::string> question_headers(const protocol::PackCatalog& packs,
                                          const std::vector<std::string>& questions,
                                          const std::string& language) {
    std::map<std::string, std::string, std::less<>> text;
    packs.for_each([&](const protocol::SurveyPack& pack) {
        for (const auto& survey : pack.surveys) {
            for (const auto& q : survey.questions) {
                const auto it = q.text.find(language);
                const auto fallback = q.text.find(pack.default_language);
                if (!text.contains(q.id) && (it != q.text.end() || fallback != q.text.end())) {
                    text[q.id] = (it != q.text.end() ? it : fallback)->second;
                }
            }
        }
    });
    std::vector<std::string> out;
    for (const std::string& q : questions) {
        const auto it = text.find(q);
        out.push_back(it == text.end() ? q : it->second);
    }
    return out;
}

class XlsxWriter {
  public:
    XlsxWriter(const protocol::PackCatalog& packs, const XlsxRequest& request,
               const std::filesystem::path& part)
        : request_(request), part_(part) {
        temp_dir_ = request.temp_dir.string();
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        options.tmpdir = temp_dir_.empty() ? nullptr : temp_dir_.data();
        options.use_zip64 = LXW_TRUE;
        book_.book = workbook_new_opt(part_.c_str(), &options);
        if (book_.book == nullptr) {
            throw std::runtime_error(part_.string() + ": libxlsxwriter could not start a workbook");
        }
        responses_ = workbook_add_worksheet(book_.book, "Responses");
        time_format_ = workbook_add_format(book_.book);
        format_set_num_format(time_format_, "yyyy-mm-dd hh:mm:ss");
        bold_ = workbook_add_format(book_.book);
        format_set_bold(bold_);
        headers_ = question_headers(packs, request.questions, request.label_language);
        counts_.resize(request.questions.size());
        write_header();
    }

    void add(const StoredResponse& row) {
        const auto r = static_cast<lxw_row_t>(++row_);
        const protocol::Response& res = row.response;
        const ResponseTimes times = best_times(row);
        lxw_col_t c = 0;
        for (const std::string_view text :
             {std::string_view(res.id), std::string_view(res.kiosk_id), std::string_view(res.stage),
              protocol::to_string(res.stage_source), std::string_view(res.survey_id),
              std::string_view(res.pack_id)}) {
            text_cell(r, c++, text);
        }
        number_cell(r, c++, res.pack_version);
        for (const std::string_view text :
             {std::string_view(res.language), protocol::to_string(res.status),
              std::string_view(res.abandoned_at)}) {
            text_cell(r, c++, text);
        }
        text_cell(r, c++, protocol::join(res.flags, ";"));
        time_cell(r, c++, times.started_ms);
        time_cell(r, c++, times.finished_ms);
        time_cell(r, c++, row.received_ms);
        if (row.clock_offset_ms) {
            number_cell(r, c, static_cast<double>(*row.clock_offset_ms));
        }
        ++c;
        text_cell(r, c++, times.source);
        time_cell(r, c++, res.finished_at_ms);
        for (std::size_t q = 0; q < request_.questions.size(); ++q, ++c) {
            for (const protocol::Answer& a : res.answers) {
                if (a.question == request_.questions[q]) {
                    answer_cell(r, c, a, counts_[q]);
                    break;
                }
            }
        }
    }

    void finish() {
        write_count_sheets();
        write_column_sheet();
        check(book_.close(), part_);
    }

    std::int64_t rows() const { return row_; }

  private:
    void write_header() {
        lxw_col_t c = 0;
        for (const FixedColumn& f : kFixed) {
            worksheet_write_string(responses_, 0, c++, std::string(f.name).c_str(), bold_);
        }
        for (const std::string& h : headers_) {
            worksheet_write_string(responses_, 0, c++, h.c_str(), bold_);
        }
        worksheet_freeze_panes(responses_, 1, 1);
    }

    void text_cell(lxw_row_t r, lxw_col_t c, std::string_view text) {
        if (!text.empty()) {
            check(worksheet_write_string(responses_, r, c, std::string(text).c_str(), nullptr),
                  part_);
        }
    }
    void number_cell(lxw_row_t r, lxw_col_t c, double value) {
        check(worksheet_write_number(responses_, r, c, value, nullptr), part_);
    }
    void time_cell(lxw_row_t r, lxw_col_t c, std::int64_t ms) {
        if (auto t = local_time(ms)) {
            check(worksheet_write_datetime(responses_, r, c, &*t, time_format_), part_);
        }
    }

    // A number for a rating, the option ids for choices, the comment, or "cant_say"; counted
    // for the question's sheet (a comment counts as "(comment)", never by its words).
    void answer_cell(lxw_row_t r, lxw_col_t c, const protocol::Answer& a,
                     std::map<std::string, std::int64_t>& counts) {
        if (a.cant_say) {
            text_cell(r, c, "cant_say");
            ++counts["cant_say"];
        } else if (a.value) {
            number_cell(r, c, static_cast<double>(*a.value));
            ++counts[std::to_string(*a.value)];
        } else if (a.text) {
            text_cell(r, c, *a.text);
            ++counts["(comment)"];
        } else {
            text_cell(r, c, protocol::join(a.choices, ";"));
            for (const std::string& choice : a.choices) {
                ++counts[choice];
            }
        }
    }

    void write_count_sheets() {
        for (std::size_t q = 0; q < request_.questions.size(); ++q) {
            std::string name = "Q" + std::to_string(q + 1) + " " + request_.questions[q];
            name.resize(std::min<std::size_t>(name.size(), 31));  // Excel's limit; ids are ASCII
            lxw_worksheet* sheet = workbook_add_worksheet(book_.book, name.c_str());
            worksheet_write_string(sheet, 0, 0, headers_[q].c_str(), bold_);
            worksheet_write_string(sheet, 1, 0, "answer", bold_);
            worksheet_write_string(sheet, 1, 1, "count", bold_);
            lxw_row_t r = 2;
            for (const auto& [answer, count] : ordered(counts_[q])) {
                const bool numeric = answer.find_first_not_of("-0123456789") == std::string::npos;
                numeric ? worksheet_write_number(sheet, r, 0, std::stod(answer), nullptr)
                        : worksheet_write_string(sheet, r, 0, answer.c_str(), nullptr);
                worksheet_write_number(sheet, r++, 1, static_cast<double>(count), nullptr);
            }
        }
    }

    // Ratings in numeric order, then options and the rest by name.
    static std::vector<std::pair<std::string, std::int64_t>> ordered(
        const std::map<std::string, std::int64_t>& counts) {
        std::vector<std::pair<std::string, std::int64_t>> out(counts.begin(), counts.end());
        const auto key = [](const std::string& s) {
            const bool numeric =
                !s.empty() && s.find_first_not_of("-0123456789") == std::string::npos;
            return std::make_pair(numeric ? 0 : 1, numeric ? std::stod(s) : 0.0);
        };
        std::stable_sort(out.begin(), out.end(),
                         [&](const auto& a, const auto& b) { return key(a.first) < key(b.first); });
        return out;
    }

    void write_column_sheet() {
        lxw_worksheet* sheet = workbook_add_worksheet(book_.book, "Columns");
        const char* heads[] = {"column", "header", "type", "meaning"};
        for (lxw_col_t c = 0; c < 4; ++c) {
            worksheet_write_string(sheet, 0, c, heads[c], bold_);
        }
        lxw_row_t r = 1;
        const auto row = [&](const std::string& header, const char* type, const std::string& what) {
            worksheet_write_number(sheet, r, 0, static_cast<double>(r), nullptr);
            worksheet_write_string(sheet, r, 1, header.c_str(), nullptr);
            worksheet_write_string(sheet, r, 2, type, nullptr);
            worksheet_write_string(sheet, r++, 3, what.c_str(), nullptr);
        };
        const std::string zone = zone_name();
        for (const FixedColumn& f : kFixed) {
            const char* type = f.type == Cell::Number ? "number"
                               : f.type == Cell::Time ? "date and time"
                                                      : "text";
            row(std::string(f.name), type,
                std::string(f.meaning) + (f.type == Cell::Time ? ", " + zone : ""));
        }
        for (std::size_t q = 0; q < request_.questions.size(); ++q) {
            row(headers_[q], "number or text",
                "question " + request_.questions[q] +
                    ": a rating as a number, chosen option ids separated by ;, the comment, or "
                    "cant_say; its counts on sheet Q" +
                    std::to_string(q + 1));
        }
    }

    const XlsxRequest& request_;
    std::filesystem::path part_;
    std::string temp_dir_;
    Workbook book_;
    lxw_worksheet* responses_ = nullptr;
    lxw_format* time_format_ = nullptr;
    lxw_format* bold_ = nullptr;
    std::vector<std::string> headers_;
    std::vector<std::map<std::string, std::int64_t>> counts_;
    std::int64_t row_ = 0;
};

}  // namespace

std::int64_t write_xlsx(HubStore& store, const protocol::PackCatalog& packs,
                        const ExportRange& range, const XlsxRequest& request) {
    if (store.count_responses(range.filter, range.up_to) >= kMaxRows) {
        throw std::length_error("more than " + std::to_string(kMaxRows - 1) +
                                " responses: an Excel sheet holds no more; filter to fewer or "
                                "export CSV");
    }
    const std::filesystem::path part = request.file.string() + ".part";
    std::int64_t rows = 0;
    try {
        XlsxWriter writer(packs, request, part);
        for (ExportPosition after = range.after;;) {
            const auto page = store.responses_page(after, range.up_to, kPageRows, range.filter);
            for (const StoredResponse& row : page) {
                writer.add(row);
            }
            if (page.size() < kPageRows) {
                break;
            }
            after = page.back().position();
        }
        writer.finish();
        rows = writer.rows();
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(part, ignored);
        throw;
    }
    std::filesystem::rename(part, request.file);
    return rows;
}

}  // namespace fbk::sync::hub
