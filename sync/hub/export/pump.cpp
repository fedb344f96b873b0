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
    const std::size_t rows = store_.read_responses_page(range_.after, range_.up_to,
                                                        page_rows_, range_.filter, page_);
    for (std::size_t i = 0; i < rows; ++i) {
        writer_->append_row(out, page_[i]);
    }
    if (rows == 0) {
        out += writer_->footer();
        return false;
    }
    rows_ += static_cast<std::int64_t>(rows);
    range_.after = page_[rows - 1].position();
    return true;
}

}  // namespace fbk::sync::hub
