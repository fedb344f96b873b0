// `feedback-hub analyse-comments`: after the lexicons change (a new release, or a hospital's
// own words under --lexicons), re-analyses every stored comment whose themes were found with
// other lexicons, so that statistics never re-analyse text when they are read. The answers
// themselves are not touched. Recorded in the audit log.
#include <iostream>

#include "sync/hub/analytics/comment_analysis.h"
#include "sync/hub/cli/options.h"

namespace fbk::sync::hub::cli {

std::shared_ptr<const text::CommentAnalyser> load_lexicons_option(const Options& opts) {
    std::vector<std::filesystem::path> extra;
    if (const auto it = opts.find("--lexicons"); it != opts.end()) {
        extra.emplace_back(it->second);
    }
    return load_lexicons(extra);
}

void report_comment_analysis(HubStore& store, const text::CommentAnalyser& analyser) {
    std::string languages;
    for (const std::string& code : analyser.languages()) {
        languages += (languages.empty() ? "" : ", ") + code;
    }
    std::cerr << "feedback-hub: comment themes in " << languages << " (lexicons "
              << analyser.fingerprint() << ")\n";
    if (const std::int64_t stale = store.count_stale_comments(analyser.fingerprint())) {
        std::cerr << "feedback-hub: " << stale
                  << " stored comments were analysed with other lexicons or not at all; "
                     "`feedback-hub analyse-comments` brings them up to date\n";
    }
}

int analyse_comments(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--data-dir", "--db", "--lexicons"});
    if (!opts || !has_store(*opts)) {
        print_usage(std::cerr);
        return 2;
    }
    const auto analyser = load_lexicons_option(*opts);
    HubStore store(store_location(*opts));
    const std::int64_t stale = store.count_stale_comments(analyser->fingerprint());
    std::cerr << "feedback-hub: " << stale << " comments to analyse with lexicons "
              << analyser->fingerprint() << "\n";
    const std::int64_t done = reanalyse_comments(store, *analyser, [stale](std::int64_t n) {
        std::cerr << "\ranalysed " << n << " of " << stale << std::flush;
    });
    if (done > 0) {
        std::cerr << "\n";
    }
    store.audit(
        "cli", "comments.analyse",
        "analysed " + std::to_string(done) + " comments with lexicons " + analyser->fingerprint(),
        now_ms());
    std::cout << "analysed " << done << " comments\n";
    return 0;
}

}  // namespace fbk::sync::hub::cli
