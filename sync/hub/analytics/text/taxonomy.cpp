#include "sync/hub/analytics/text/taxonomy.h"

#include <utility>

namespace fbk::sync::hub::text {

namespace {

constexpr std::pair<Theme, std::string_view> kThemeNames[] = {
    {Theme::Waiting, "waiting"},
    {Theme::Staff, "staff"},
    {Theme::Information, "information"},
    {Theme::Care, "care"},
    {Theme::Cleanliness, "cleanliness"},
    {Theme::Facilities, "facilities"},
    {Theme::Parking, "parking"},
    {Theme::Booking, "booking"},
    {Theme::Food, "food"},
};
static_assert(std::size(kThemeNames) == kThemeCount);

constexpr std::pair<Sentiment, std::string_view> kSentimentNames[] = {
    {Sentiment::Negative, "negative"},
    {Sentiment::Neutral, "neutral"},
    {Sentiment::Positive, "positive"},
    {Sentiment::Mixed, "mixed"},
};

}  // namespace

const std::array<Theme, kThemeCount>& all_themes() {
    static const std::array<Theme, kThemeCount> themes = [] {
        std::array<Theme, kThemeCount> out{};
        for (std::size_t i = 0; i < kThemeCount; ++i) {
            out[i] = kThemeNames[i].first;
        }
        return out;
    }();
    return themes;
}

std::string_view to_string(Theme theme) {
    return kThemeNames[static_cast<std::size_t>(theme)].second;
}

std::optional<Theme> theme_from_string(std::string_view name) {
    for (const auto& [theme, text] : kThemeNames) {
        if (text == name) {
            return theme;
        }
    }
    return std::nullopt;
}

std::string_view to_string(Sentiment sentiment) {
    return kSentimentNames[static_cast<std::size_t>(sentiment)].second;
}

std::optional<Sentiment> sentiment_from_string(std::string_view name) {
    for (const auto& [sentiment, text] : kSentimentNames) {
        if (text == name) {
            return sentiment;
        }
    }
    return std::nullopt;
}

}  // namespace fbk::sync::hub::text
