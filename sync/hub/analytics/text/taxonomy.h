// The fixed vocabulary of comment analysis: nine themes and four sentiments. Their names are
// the API's words (GET /api/v1/comments, /api/v1/themes) and the keys of the lexicon files
// (assets/lexicons/); the dashboard localises the labels.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace fbk::sync::hub::text {

enum class Theme {
    Waiting,      // waiting time, queues, delays
    Staff,        // attitude, kindness, respect, rudeness
    Information,  // explanations, being told, instructions, language
    Care,         // treatment, pain, competence, examinations
    Cleanliness,  // clean, dirty, hygiene, toilets
    Facilities,   // rooms, temperature, noise, seats, signs, finding the way
    Parking,      // parking and getting there
    Booking,      // appointments, phone, reaching the unit, referrals, digital services
    Food,         // food, drink, café
};
inline constexpr std::size_t kThemeCount = 9;

enum class Sentiment { Negative, Neutral, Positive, Mixed };

// In the taxonomy's order, which is also the order themes are listed in.
const std::array<Theme, kThemeCount>& all_themes();
std::string_view to_string(Theme theme);
std::optional<Theme> theme_from_string(std::string_view name);

std::string_view to_string(Sentiment sentiment);
std::optional<Sentiment> sentiment_from_string(std::string_view name);

}  // namespace fbk::sync::hub::text
