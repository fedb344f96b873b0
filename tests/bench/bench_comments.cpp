// 9. Comment analysis: accuracy on the labelled corpus (tests/data/comments) per language and
// theme, and the time one comment costs.
//
// Accuracy is reported for the held-out "test" split (the lexicons were written without seeing
// the corpus, and tuned only on its "dev" split: tests/data/README.md) and for all comments.
// While tuning, FBK_BENCH_SPLIT=dev reports the dev split alone, so that the held-out split is
// not seen (not even inside "all") each time a lexicon changes.
// Speed: every corpus comment analysed once by a fresh analyser (each word's first analysis,
// Voikko included), then again and again as a hub's steady state (words seen before come from
// the normalisers' caches).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/bench/benches.h"
#include "tests/support/comment_corpus.h"

namespace fbk::bench {

namespace {

namespace text = sync::hub::text;

std::string fixed(double v, int digits = 2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// The splits to report: all three, or only "dev" under FBK_BENCH_SPLIT=dev.
std::vector<std::string> reported_splits() {
    const char* only = std::getenv("FBK_BENCH_SPLIT");
    if (only != nullptr && std::string_view(only) == "dev") {
        return {"dev"};
    }
    return {"test", "dev", ""};
}

void report_accuracy(BenchContext& ctx, const text::CommentAnalyser& analyser,
                     const std::vector<test::LabelledComment>& corpus) {
    for (const std::string& split : reported_splits()) {
        const std::string name = split.empty()    ? "all"
                                 : split == "dev" ? "dev split (tuned on)"
                                                  : "held-out test split";
        const auto scores = test::score_corpus(analyser, corpus, split);
        for (const auto& [language, s] : scores) {
            ctx.results.add("comment accuracy", language + ", " + name, "theme macro F1",
                            s.macro_f1(), std::to_string(s.comments) + " comments");
            ctx.results.add("comment accuracy", language + ", " + name, "sentiment accuracy",
                            s.sentiment_accuracy());
        }
        if (split != "test") {
            continue;
        }
        // Per language and theme, on the held-out comments: precision, recall, F1 (labelled n).
        std::cout << "\nHeld-out test split, per language and theme:\n\n| Language | Theme | n | "
                     "Precision | Recall | F1 |\n|---|---|---|---|---|---|\n";
        for (const auto& [language, s] : scores) {
            for (const text::Theme t : text::all_themes()) {
                const test::ThemeScore& ts = s.themes[static_cast<std::size_t>(t)];
                std::cout << "| " << language << " | " << text::to_string(t) << " | "
                          << ts.labelled() << " | " << fixed(ts.precision()) << " | "
                          << fixed(ts.recall()) << " | " << fixed(ts.f1()) << " |\n";
            }
        }
        std::cout << "\n";
    }
}

// FBK_BENCH_MISTAKES=dev lists what the analyser got wrong on the dev split, the one the
// lexicons may be tuned on (tests/data/README.md); the test split is never listed.
void list_dev_mistakes(const text::CommentAnalyser& analyser,
                       const std::vector<test::LabelledComment>& corpus) {
    const char* wanted = std::getenv("FBK_BENCH_MISTAKES");
    if (wanted == nullptr || std::string_view(wanted) != "dev") {
        return;
    }
    std::vector<test::Mistake> mistakes;
    test::score_corpus(analyser, corpus, "dev", &mistakes);
    const auto names = [](const std::vector<text::Theme>& themes) {
        std::string out;
        for (const text::Theme t : themes) {
            out += (out.empty() ? "" : " ") + std::string(text::to_string(t));
        }
        return out;
    };
    for (const test::Mistake& m : mistakes) {
        std::cerr << m.comment->id << " [" << names(m.comment->themes) << " / "
                  << text::to_string(m.comment->sentiment) << "] got [" << names(m.got.themes)
                  << " / " << (m.got.sentiment ? text::to_string(*m.got.sentiment) : "none") << "] "
                  << m.comment->text << "\n";
    }
}

void report_speed(BenchContext& ctx, const std::vector<test::LabelledComment>& corpus) {
    using Clock = std::chrono::steady_clock;
    const auto analyser = test::checkout_lexicons();
    std::size_t sink = 0;
    auto start = Clock::now();
    for (const auto& c : corpus) {
        sink += analyser->analyse(c.text, c.language).themes.size();
    }
    const double cold_us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() /
                           static_cast<double>(corpus.size());
    constexpr int kRounds = 50;
    start = Clock::now();
    for (int round = 0; round < kRounds; ++round) {
        for (const auto& c : corpus) {
            sink += analyser->analyse(c.text, c.language).themes.size();
        }
    }
    const double warm_us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() /
                           (static_cast<double>(corpus.size()) * kRounds);
    ctx.results.add("comment analysis", "first time each word is seen", "us/comment", cold_us,
                    std::to_string(corpus.size()) + " comments, 6 languages");
    ctx.results.add("comment analysis", "steady state (words seen before)", "us/comment", warm_us,
                    "themes found: " + std::to_string(sink));
}

}  // namespace

void comment_analysis(BenchContext& ctx) {
    const auto corpus = test::read_comment_corpus();
    const auto analyser = test::checkout_lexicons();
    list_dev_mistakes(*analyser, corpus);
    report_accuracy(ctx, *analyser, corpus);
    report_speed(ctx, corpus);
}

}  // namespace fbk::bench
