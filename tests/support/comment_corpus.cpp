#include "tests/support/comment_corpus.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "tests/support/paths.h"

namespace fbk::test {

namespace {

LabelledComment parse_line(const std::string& line, const std::string& language) {
    const auto j = nlohmann::json::parse(line);
    LabelledComment c;
    c.id = j.at("id").get<std::string>();
    c.language = language;
    c.split = j.at("split").get<std::string>();
    c.text = j.at("text").get<std::string>();
    for (const auto& t : j.at("themes")) {
        const auto theme = text::theme_from_string(t.get<std::string>());
        if (!theme) {
            throw std::runtime_error("unknown theme " + t.dump());
        }
        c.themes.push_back(*theme);
    }
    const auto sentiment = text::sentiment_from_string(j.at("sentiment").get<std::string>());
    if (!sentiment || (c.split != "dev" && c.split != "test")) {
        throw std::runtime_error("bad sentiment or split");
    }
    c.sentiment = *sentiment;
    return c;
}

}  // namespace

std::shared_ptr<const text::CommentAnalyser> checkout_lexicons() {
    const std::vector<std::filesystem::path> dirs = {source_dir() / "assets/lexicons"};
    return text::load_comment_analyser(dirs);
}

std::vector<LabelledComment> read_comment_corpus() {
    std::vector<LabelledComment> out;
    for (const char* language : {"fi", "sv", "da", "nl", "en", "uk"}) {
        const auto file = source_dir() / "tests/data/comments" / (std::string(language) + ".jsonl");
        std::ifstream in(file);
        if (!in) {
            throw std::runtime_error("cannot read " + file.string());
        }
        int number = 0;
        for (std::string line; std::getline(in, line);) {
            ++number;
            try {
                out.push_back(parse_line(line, language));
            } catch (const std::exception& e) {
                throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": " +
                                         e.what());
            }
        }
    }
    return out;
}

double ThemeScore::precision() const {
    const int claimed = true_positives + false_positives;
    return claimed == 0 ? 1.0 : static_cast<double>(true_positives) / claimed;
}

double ThemeScore::recall() const {
    const int labelled_here = true_positives + false_negatives;
    return labelled_here == 0 ? 1.0 : static_cast<double>(true_positives) / labelled_here;
}

double ThemeScore::f1() const {
    const double p = precision();
    const double r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

double LanguageScore::macro_f1() const {
    double sum = 0;
    int counted = 0;
    for (const ThemeScore& t : themes) {
        if (t.labelled() > 0) {
            sum += t.f1();
            ++counted;
        }
    }
    return counted == 0 ? 0.0 : sum / counted;
}

double LanguageScore::sentiment_accuracy() const {
    return comments == 0 ? 0.0 : static_cast<double>(sentiment_correct) / comments;
}

std::map<std::string, LanguageScore> score_corpus(const text::CommentAnalyser& analyser,
                                                  const std::vector<LabelledComment>& corpus,
                                                  const std::string& split,
                                                  std::vector<Mistake>* mistakes) {
    std::map<std::string, LanguageScore> out;
    for (const LabelledComment& c : corpus) {
        if (!split.empty() && c.split != split) {
            continue;
        }
        const text::CommentAnalysis got = analyser.analyse(c.text, c.language);
        LanguageScore& score = out[c.language];
        ++score.comments;
        const bool sentiment_right = got.sentiment == c.sentiment;
        score.sentiment_correct += sentiment_right ? 1 : 0;
        bool themes_right = true;
        for (const text::Theme t : text::all_themes()) {
            const bool predicted =
                std::find(got.themes.begin(), got.themes.end(), t) != got.themes.end();
            const bool labelled = std::find(c.themes.begin(), c.themes.end(), t) != c.themes.end();
            ThemeScore& ts = score.themes[static_cast<std::size_t>(t)];
            ts.true_positives += predicted && labelled ? 1 : 0;
            ts.false_positives += predicted && !labelled ? 1 : 0;
            ts.false_negatives += !predicted && labelled ? 1 : 0;
            themes_right = themes_right && predicted == labelled;
        }
        if (mistakes != nullptr && (!sentiment_right || !themes_right)) {
            mistakes->push_back({&c, got});
        }
    }
    return out;
}

}  // namespace fbk::test
