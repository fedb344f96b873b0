#include "sync/hub/analytics/themes.h"

#include <array>
#include <map>

#include "sync/hub/analytics/figures.h"
#include "sync/hub/analytics/question_figures.h"
#include "sync/hub/analytics/text/taxonomy.h"
#include "sync/hub/analytics/viewer_cells.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kThemes = text::kThemeCount;
constexpr std::array<std::string_view, 4> kSentiments = {"negative", "neutral", "positive",
                                                         "mixed"};

// One group's comments: how many, by sentiment, and per theme (with how many negative).
struct ThemeCounts {
    std::int64_t comments = 0;
    std::array<std::int64_t, kSentiments.size()> sentiments{};
    std::int64_t with_sentiment = 0;
    std::array<std::int64_t, kThemes> themes{};
    std::array<std::int64_t, kThemes> negative{};

    void add(std::string_view themes_text, const std::optional<std::string>& sentiment,
             std::int64_t n) {
        comments += n;
        const bool is_negative = sentiment && *sentiment == "negative";
        if (sentiment) {
            for (std::size_t i = 0; i < kSentiments.size(); ++i) {
                if (*sentiment == kSentiments[i]) {
                    sentiments[i] += n;
                    with_sentiment += n;
                }
            }
        }
        for (const std::string& id : protocol::split(themes_text)) {
            if (const auto t = text::theme_from_string(id)) {
                themes[static_cast<std::size_t>(*t)] += n;
                negative[static_cast<std::size_t>(*t)] += is_negative ? n : 0;
            }
        }
    }
    void merge(const ThemeCounts& o) {
        comments += o.comments;
        with_sentiment += o.with_sentiment;
        for (std::size_t i = 0; i < kSentiments.size(); ++i) {
            sentiments[i] += o.sentiments[i];
        }
        for (std::size_t i = 0; i < kThemes; ++i) {
            themes[i] += o.themes[i];
            negative[i] += o.negative[i];
        }
    }
};

json counts_json(const ThemeCounts& c) {
    const Reliability r = reliability(c.comments);
    json out = {{"comments", c.comments}, {"reliability", to_string(r)}};
    if (r == Reliability::Suppressed) {
        return out;
    }
    json sentiment = json::object();
    for (std::size_t i = 0; i < kSentiments.size(); ++i) {
        sentiment[std::string(kSentiments[i])] =
            share_json(wilson_share(c.sentiments[i], c.with_sentiment));
    }
    out["sentiment"] = std::move(sentiment);
    json themes = json::array();
    for (const text::Theme t : text::all_themes()) {
        const auto i = static_cast<std::size_t>(t);
        json theme = {{"theme", text::to_string(t)},
                      {"comments", c.themes[i]},
                      {"share", share_json(wilson_share(c.themes[i], c.comments))}};
        if (c.themes[i] >= kSuppressBelow) {
            theme["negative"] = share_json(wilson_share(c.negative[i], c.themes[i]));
        }
        themes.push_back(std::move(theme));
    }
    out["themes"] = std::move(themes);
    return out;
}

json build_themes(StatsGroup group, const std::map<std::string, ThemeCounts>& by_group) {
    json groups = json::array();
    ThemeCounts all;
    for (const auto& [name, counts] : by_group) {
        json g = counts_json(counts);
        g["group"] = name;
        groups.push_back(std::move(g));
        all.merge(counts);
    }
    json theme_ids = json::array();
    for (const text::Theme t : text::all_themes()) {
        theme_ids.push_back(text::to_string(t));
    }
    return {{"group_by", to_string(group)},
            {"themes", std::move(theme_ids)},
            {"groups", std::move(groups)},
            {"all", counts_json(all)}};
}

json viewer_themes(HubStore& store, StatsGroup group, StatsFilter requested, std::int64_t now_ms) {
    const ViewerWindow window = viewer_window(std::move(requested), now_ms);
    const auto sites = store.kiosk_sites();
    std::map<std::string, ThemeCounts> by_cell;
    std::map<std::string, std::string> group_of;
    for (const CellThemeTally& t :
         store.cell_theme_tallies(window.filter, window.published_until)) {
        const std::string code = cell_code(t.cell);
        by_cell[code].add(t.themes, t.sentiment, t.count);
        group_of.emplace(code, group_of_cell(t.cell, group, sites));
    }
    std::map<std::string, ThemeCounts> by_group;
    std::int64_t left_out = 0;
    for (const auto& [code, counts] : by_cell) {
        if (counts.comments < kSuppressBelow) {
            left_out += counts.comments;
            continue;
        }
        by_group[group_of.at(code)].merge(counts);
    }
    json out = build_themes(group, by_group);
    out["disclosure"] = viewer_disclosure(window, "comments", left_out);
    return out;
}

}  // namespace

json compute_themes(HubStore& store, StatsGroup group, const StatsFilter& filter,
                    Disclosure disclosure, std::int64_t now_ms) {
    if (disclosure == Disclosure::Viewer) {
        return viewer_themes(store, group, filter, now_ms);
    }
    std::map<std::string, ThemeCounts> by_group;
    for (const ThemeTally& t : store.theme_tallies(group, filter)) {
        by_group[t.group].add(t.themes, t.sentiment, t.count);
    }
    json out = build_themes(group, by_group);
    out["disclosure"] = {{"level", "full"}};
    return out;
}

}  // namespace fbk::sync::hub
