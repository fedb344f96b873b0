#include "sync/hub/analytics/comment_analysis.h"

#include <functional>
#include <mutex>

#include "sync/service/install_layout.h"

namespace fbk::sync::hub {

std::filesystem::path shipped_lexicons_dir() {
    return service::assets_dir("feedback-hub") / "lexicons";
}

std::shared_ptr<const text::CommentAnalyser> load_lexicons(
    std::span<const std::filesystem::path> extra) {
    std::vector<std::filesystem::path> dirs = {shipped_lexicons_dir()};
    dirs.insert(dirs.end(), extra.begin(), extra.end());
    return text::load_comment_analyser(dirs);
}

std::shared_ptr<const text::CommentAnalyser> shipped_comment_analyser() {
    static std::mutex mutex;
    static std::shared_ptr<const text::CommentAnalyser> analyser;
    const std::lock_guard lock(mutex);
    if (!analyser) {
        analyser = load_lexicons();
    }
    return analyser;
}

CommentAnalysisRow to_row(const text::CommentAnalysis& analysis, std::string_view lexicon) {
    CommentAnalysisRow row;
    for (const text::Theme t : analysis.themes) {
        row.themes += (row.themes.empty() ? "" : " ") + std::string(text::to_string(t));
    }
    if (analysis.sentiment) {
        row.sentiment = std::string(text::to_string(*analysis.sentiment));
    }
    // [[offset, length, "theme"], ...]: numbers and theme ids only, so no escaping is needed.
    row.matches = "[";
    for (const text::ThemeMatch& m : analysis.matches) {
        row.matches += (row.matches.size() == 1 ? "[" : ",[") + std::to_string(m.offset) + "," +
                       std::to_string(m.length) + ",\"" + std::string(text::to_string(m.theme)) +
                       "\"]";
    }
    row.matches += "]";
    row.lexicon = std::string(lexicon);
    return row;
}

std::vector<BatchComment> analyse_batch_comments(const text::CommentAnalyser& analyser,
                                                 const protocol::Batch& batch) {
    std::vector<BatchComment> out;
    std::vector<text::CommentAnalyser::CommentText> texts;
    for (std::size_t i = 0; i < batch.responses.size(); ++i) {
        const protocol::Response& r = batch.responses[i];
        for (const protocol::Answer& a : r.answers) {
            if (a.text && !a.text->empty()) {
                out.push_back({i, a.question, {}});
                texts.push_back({*a.text, r.language});
            }
        }
    }
    const auto analyses = analyser.analyse(texts);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].analysis = to_row(analyses[i], analyser.fingerprint());
    }
    return out;
}

std::int64_t reanalyse_comments(HubStore& store, const text::CommentAnalyser& analyser,
                                const std::function<void(std::int64_t)>& progress) {
    constexpr std::size_t kPage = 1'000;
    std::int64_t done = 0;
    std::int64_t after = 0;
    while (true) {
        const auto page = store.comments_to_analyse(analyser.fingerprint(), after, kPage);
        if (page.empty()) {
            return done;
        }
        std::vector<text::CommentAnalyser::CommentText> texts;
        for (const CommentToAnalyse& c : page) {
            texts.push_back({c.text, c.language});
        }
        const auto analyses = analyser.analyse(texts);
        std::vector<AnalysedComment> analysed;
        for (std::size_t i = 0; i < page.size(); ++i) {
            analysed.push_back({page[i].response_seq, page[i].question,
                                to_row(analyses[i], analyser.fingerprint())});
        }
        store.store_comment_analyses(analysed);
        done += static_cast<std::int64_t>(analysed.size());
        // A page may end inside a response's comments: the next one starts again at that
        // response, whose comments analysed now are no longer stale.
        after = page.back().response_seq - 1;
        if (progress) {
            progress(done);
        }
    }
}

}  // namespace fbk::sync::hub
