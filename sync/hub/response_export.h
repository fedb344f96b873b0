// Export formats of GET /api/v1/responses. CSV is wide: one row per response, one column per
// question, so a spreadsheet shows a patient's answers side by side.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/hub_store.h"

namespace fbk::sync::hub {

class CsvExport {
  public:
    explicit CsvExport(std::vector<std::string> question_columns);
    std::string header() const;
    void append_row(std::string& out, const StoredResponse& row) const;

  private:
    std::vector<std::string> questions_;
};

// NDJSON: one response object per line, answers as {"question": value}.
void append_ndjson_row(std::string& out, const StoredResponse& row);

// Cursors are opaque to clients ("c1." + ingest sequence) so the paging key can change later
// without breaking them.
std::string encode_cursor(std::int64_t seq);
std::optional<std::int64_t> decode_cursor(std::string_view cursor);

}  // namespace fbk::sync::hub
