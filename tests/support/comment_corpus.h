// The labelled comment corpus (tests/data/comments/<language>.jsonl, tests/data/README.md) and
// how the analyser is scored against it: per language and theme precision, recall and F1, the
// macro F1 over themes and the sentiment accuracy. Used by the accuracy benchmark (prints the
// table) and by the unit test that keeps the shipped lexicons at the goal.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sync/hub/analytics/text/comment_analyser.h"

namespace fbk::test {

namespace text = fbk::sync::hub::text;

struct LabelledComment {
    std::string id;
    std::string language;
    std::string split;  // "dev" (lexicons may be tuned on it) or "test" (held out)
    std::string text;
    std::vector<text::Theme> themes;
    text::Sentiment sentiment = text::Sentiment::Neutral;
};

// The lexicons of this checkout (assets/lexicons), compiled.
std::shared_ptr<const text::CommentAnalyser> checkout_lexicons();

// Every line of every file; throws std::runtime_error naming the file and line of a bad one.
std::vector<LabelledComment> read_comment_corpus();

struct ThemeScore {
    int true_positives = 0;
    int false_positives = 0;
    int false_negatives = 0;
    // P = TP / (TP + FP), R = TP / (TP + FN), F1 = 2PR / (P + R); 0/0 counts as 1 (nothing
    // claimed wrongly, nothing missed), and F1 is 0 when P + R is 0.
    double precision() const;
    double recall() const;
    double f1() const;
    int labelled() const { return true_positives + false_negatives; }
};

struct LanguageScore {
    int comments = 0;
    int sentiment_correct = 0;
    std::array<ThemeScore, text::kThemeCount> themes{};
    // The unweighted mean of F1 over the themes labelled at least once in these comments.
    double macro_f1() const;
    double sentiment_accuracy() const;
};

struct Mistake {
    const LabelledComment* comment = nullptr;
    text::CommentAnalysis got;
};

// language -> score over the comments of `split` ("" for all); mistakes listed if asked.
std::map<std::string, LanguageScore> score_corpus(const text::CommentAnalyser& analyser,
                                                  const std::vector<LabelledComment>& corpus,
                                                  const std::string& split,
                                                  std::vector<Mistake>* mistakes = nullptr);

}  // namespace fbk::test
