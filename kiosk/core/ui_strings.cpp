#include "kiosk/core/ui_strings.h"

#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;
using nlohmann::json;

namespace {
constexpr std::size_t kMaxAssetBytes = 1024 * 1024;
}  // namespace

std::string_view UiStrings::get(std::string_view language, std::string_view key) const {
    for (const std::string_view lang : {language, std::string_view(default_language_)}) {
        if (const auto table = tables_.find(lang); table != tables_.end()) {
            if (const auto it = table->second.find(key); it != table->second.end()) {
                return it->second;
            }
        }
    }
    return key;
}

std::vector<std::string_view> UiStrings::all_texts() const {
    std::vector<std::string_view> out;
    for (const auto& [lang, table] : tables_) {
        for (const auto& [key, text] : table) {
            out.push_back(text);
        }
    }
    return out;
}

UiStringsLoad parse_ui_strings(std::string_view json_text) {
    UiStringsLoad result;
    const auto root = protocol::parse_json_object(json_text, result.issues);
    if (!root) {
        return result;
    }
    protocol::JsonReader r(result.issues);
    r.reject_unknown_keys(*root, {"default_language", "languages"}, "$");
    UiStrings strings;
    const auto def = r.string(*root, "default_language", "$");
    const json* languages = r.object(*root, "languages", "$");
    if (!def || languages == nullptr) {
        return result;
    }
    strings.default_language_ = *def;
    for (const auto& [lang, table] : languages->items()) {
        const std::string path = protocol::path_key("$.languages", lang);
        if (!protocol::is_language_code(lang)) {
            r.error(path, "'" + lang + "' is not a language code");
            continue;
        }
        if (!r.expect_object(table, path)) {
            continue;
        }
        UiStrings::Table out;
        for (const auto& [key, text] : table.items()) {
            if (!text.is_string()) {
                r.error(protocol::path_key(path, key), "must be a string");
                continue;
            }
            out.emplace(key, text.get<std::string>());
        }
        strings.tables_.emplace(lang, std::move(out));
    }
    const auto reference = strings.tables_.find(strings.default_language_);
    if (reference == strings.tables_.end()) {
        r.error("$.default_language", "'" + *def + "' has no table in $.languages");
        return result;
    }
    for (const auto& [lang, table] : strings.tables_) {
        for (const auto& [key, text] : reference->second) {
            if (!table.contains(key)) {
                r.warning(protocol::path_key(protocol::path_key("$.languages", lang), key),
                          "missing; the " + *def + " text is shown instead");
            }
        }
    }
    if (!protocol::has_errors(result.issues)) {
        result.strings = std::move(strings);
    }
    return result;
}

UiStringsLoad load_ui_strings(const std::filesystem::path& file) {
    UiStringsLoad result;
    const auto text = protocol::read_json_file(file, kMaxAssetBytes, result.issues);
    return text ? parse_ui_strings(*text) : result;
}

std::string format(std::string_view pattern,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const auto close = pattern.find('}', i);
            if (close != std::string_view::npos) {
                const auto name = pattern.substr(i + 1, close - i - 1);
                bool replaced = false;
                for (const auto& [k, v] : args) {
                    if (k == name) {
                        out += v;
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += pattern[i++];
    }
    return out;
}

}  // namespace fbk::kiosk::core
