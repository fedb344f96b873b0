// Between comment analysis (analytics/text) and the store: the analyser a hub uses, every
// comment of a batch analysed before the batch is queued for storing (so the one writer thread
// does no text work), and an analysis in the form the store keeps.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "sync/hub/analytics/text/comment_analyser.h"
#include "sync/hub/store/hub_store.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

// The lexicons shipped with the hub (assets/lexicons, installed under share/feedback-hub).
std::filesystem::path shipped_lexicons_dir();
// The shipped lexicons, then each of `extra` (a hospital's own words), compiled. Throws
// std::runtime_error naming every problem.
std::shared_ptr<const text::CommentAnalyser> load_lexicons(
    std::span<const std::filesystem::path> extra = {});
// The shipped lexicons, compiled once per process.
std::shared_ptr<const text::CommentAnalyser> shipped_comment_analyser();

CommentAnalysisRow to_row(const text::CommentAnalysis& analysis, std::string_view lexicon);
std::vector<BatchComment> analyse_batch_comments(const text::CommentAnalyser& analyser,
                                                 const protocol::Batch& batch);

// Re-analyses every stored comment whose analysis is missing or was made with other lexicons,
// a page at a time; returns how many were analysed. `progress` gets the running count.
std::int64_t reanalyse_comments(HubStore& store, const text::CommentAnalyser& analyser,
                                const std::function<void(std::int64_t)>& progress = {});

}  // namespace fbk::sync::hub
