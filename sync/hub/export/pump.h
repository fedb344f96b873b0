// One export, a chunk at a time, for GET /api/v1/responses and `feedback-hub export` alike:
// a byte order mark when asked (CSV only: Excel opens a CSV as UTF-8 only when it starts with
// one), the format's header, the rows page by page in export order up to the export horizon
// fixed when the export began (a consistent snapshot, whose cursor resumes exactly after it;
// store/export_position.h), then the footer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sync/hub/export/formats.h"
#include "sync/hub/export/read_ahead.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

struct ExportRange {
    ExportPosition after;  // exclusive
    ExportPosition up_to;  // inclusive: the export horizon when the export began
    StatsFilter filter = kEverything;
};

class ExportPump {
  public:
    // `bom` is ignored for formats other than CSV.
    ExportPump(HubStore& store, std::shared_ptr<ResponseWriter> writer, ExportRange range, bool bom,
               std::size_t page_rows);
    // Appends the next piece to `out`: the first call the head and a page, later calls one
    // page each; the call that finds no more rows appends the footer and returns false.
    // Storage failures throw sql::Error: the caller decides (cut the stream, fail the file).
    // After a full first page the rest is read ahead on other threads (read_ahead.h) when
    // the hub has them to spare; an export of one page never starts them.
    bool next(std::string& out);
    std::int64_t rows_written() const { return rows_; }

  private:
    std::span<const StoredResponse> next_page();

    HubStore& store_;
    std::shared_ptr<ResponseWriter> writer_;
    ExportRange range_;
    bool bom_;
    std::size_t page_rows_;
    bool started_ = false;
    std::int64_t rows_ = 0;
    std::vector<StoredResponse> page_;  // reused from page to page
    std::unique_ptr<PageReadAhead> read_ahead_;
};

}  // namespace fbk::sync::hub
