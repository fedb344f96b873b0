#include "sync/hub/export/pump.h"

namespace fbk::sync::hub {

ExportPump::ExportPump(HubStore& store, std::shared_ptr<ResponseWriter> writer, ExportRange range,
                       bool bom, std::size_t page_rows)
    : store_(store),
      writer_(std::move(writer)),
      range_(std::move(range)),
      bom_(bom && writer_->content_type().starts_with("text/csv")),
      page_rows_(page_rows) {}

bool ExportPump::next(std::string& out) {
    if (!started_) {
        if (bom_) {
            out += "\xEF\xBB\xBF";
        }
        out += writer_->header();
        started_ = true;
    }
    const std::span<const StoredResponse> rows = next_page();
    for (const StoredResponse& row : rows) {
        writer_->append_row(out, row);
    }
    if (rows.empty()) {
        out += writer_->footer();
        return false;
    }
    rows_ += static_cast<std::int64_t>(rows.size());
    range_.after = rows.back().position();
    return true;
}

std::span<const StoredResponse> ExportPump::next_page() {
    if (read_ahead_) {
        return read_ahead_->next();
    }
    const std::size_t rows =
        store_.read_responses_page(range_.after, range_.up_to, page_rows_, range_.filter, page_);
    if (rows == page_rows_ && rows_ == 0) {
        // Maybe more pages: the ones after this are read while this one is written.
        ExportRange rest = range_;
        rest.after = page_[rows - 1].position();
        read_ahead_ = PageReadAhead::start(store_, rest, page_rows_);
    }
    return {page_.data(), rows};
}

}  // namespace fbk::sync::hub
