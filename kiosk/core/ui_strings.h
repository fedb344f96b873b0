// Translations of the kiosk's own words (buttons, prompts, thank-you), separate from survey text
// which lives in the pack. Lookups fall back to the default language, then to the key itself, so
// a missing translation shows English rather than nothing.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/protocol/issue.h"

namespace fbk::kiosk::core {

struct UiStringsLoad;

class UiStrings {
  public:
    using Table = std::map<std::string, std::string, std::less<>>;

    std::string_view get(std::string_view language, std::string_view key) const;
    bool has_language(std::string_view language) const { return tables_.contains(language); }
    const std::string& default_language() const { return default_language_; }
    // Every string in every language: the font atlas is built from these.
    std::vector<std::string_view> all_texts() const;

    friend UiStringsLoad parse_ui_strings(std::string_view json_text);

  private:
    std::string default_language_;
    std::map<std::string, Table, std::less<>> tables_;
};

struct UiStringsLoad {
    std::optional<UiStrings> strings;
    sync::protocol::Issues issues;  // warnings name each key missing from a language
};

UiStringsLoad parse_ui_strings(std::string_view json_text);
UiStringsLoad load_ui_strings(const std::filesystem::path& file);

// Replaces "{name}" placeholders: format("{n} / {total}", {{"n", "1"}, {"total", "2"}}).
std::string format(std::string_view pattern,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> args);

}  // namespace fbk::kiosk::core
