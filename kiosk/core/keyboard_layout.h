// On-screen keyboard layouts per language (assets/i18n/keyboards.json): rows of keys, each key
// one code point, with a shifted twin of the same shape. The patient never needs a physical
// keyboard, and each language gets its own letters (å ä ö, æ ø å, é ë, Cyrillic).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/issue.h"

namespace fbk::kiosk::core {

struct KeyboardLayout {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<std::string>> shifted;
};

struct KeyboardLayouts {
    std::string default_layout;
    std::map<std::string, KeyboardLayout, std::less<>> layouts;

    // The language's own layout, else the default one.
    const KeyboardLayout& for_language(std::string_view language) const;
};

struct KeyboardLoad {
    std::optional<KeyboardLayouts> layouts;
    sync::protocol::Issues issues;
};

KeyboardLoad parse_keyboard_layouts(std::string_view json_text);
KeyboardLoad load_keyboard_layouts(const std::filesystem::path& file);

}  // namespace fbk::kiosk::core
