// Export formats of GET /api/v1/responses and `feedback-hub export`. Wide CSV has one row per
// response and one column per question, so a spreadsheet shows a patient's answers side by
// side; long CSV has one row per answer, for pivot tables and statistics packages.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/store/hub_store.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

// Writes a stream of responses in one format: the header, each row, then the end.
class ResponseWriter {
  public:
    virtual ~ResponseWriter() = default;
    virtual std::string_view content_type() const = 0;
    virtual std::string header() const = 0;
    virtual void append_row(std::string& out, const StoredResponse& row) = 0;
    virtual std::string footer() const { return {}; }
};

class CsvExport : public ResponseWriter {
  public:
    explicit CsvExport(std::vector<std::string> question_columns);
    std::string_view content_type() const override { return "text/csv; charset=utf-8"; }
    std::string header() const override;
    void append_row(std::string& out, const StoredResponse& row) override;

  private:
    std::vector<std::string> questions_;
};

// Long CSV: the response's columns, then question, value, choices, text, cant_say. A response
// without answers still gets one row (question empty), so every response is counted.
class LongCsvExport : public ResponseWriter {
  public:
    std::string_view content_type() const override { return "text/csv; charset=utf-8"; }
    std::string header() const override;
    void append_row(std::string& out, const StoredResponse& row) override;
};

// NDJSON: one response object per line, answers as {"question": value}.
void append_ndjson_row(std::string& out, const StoredResponse& row);

class NdjsonExport : public ResponseWriter {
  public:
    std::string_view content_type() const override { return "application/x-ndjson"; }
    std::string header() const override { return {}; }
    void append_row(std::string& out, const StoredResponse& row) override {
        append_ndjson_row(out, row);
    }
};

// JSON: {"responses": [the NDJSON objects]}.
class JsonExport : public ResponseWriter {
  public:
    std::string_view content_type() const override { return "application/json"; }
    std::string header() const override { return R"({"responses":[)"; }
    void append_row(std::string& out, const StoredResponse& row) override;
    std::string footer() const override { return "]}\n"; }

  private:
    bool first_ = true;
};

// The best known times of a response: on the hub's clock when the kiosk's boot was measured
// (a Pi without a real-time clock may think it is 1970), else the kiosk's own.
struct ResponseTimes {
    std::int64_t started_ms;
    std::int64_t finished_ms;
    std::string_view source;  // "corrected" or "kiosk_clock"
};
ResponseTimes best_times(const StoredResponse& row);

// Wide CSV's question columns: every question of each pack that has answers, in the order the
// pack asks them, then any other answered one.
std::vector<std::string> ordered_question_columns(const protocol::PackCatalog& packs,
                                                  HubStore& store);

// "csv" (wide), "csv-long", "ndjson" or "json"; nullptr for anything else.
std::unique_ptr<ResponseWriter> make_response_writer(std::string_view format,
                                                     std::vector<std::string> question_columns);
inline constexpr std::string_view kExportFormats = "csv, csv-long, ndjson, json or xlsx";

// Cursors are opaque to clients ("c1." + a place in the export order, export_position.h), so
// the paging key can change without breaking them; it did once, when places gained a writer.
std::string encode_cursor(ExportPosition position);
std::optional<ExportPosition> decode_cursor(std::string_view cursor);

}  // namespace fbk::sync::hub
