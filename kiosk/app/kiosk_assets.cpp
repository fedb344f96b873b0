#include "kiosk/app/kiosk_assets.h"

#ifndef FBK_ASSETS_DIR
#error "FBK_ASSETS_DIR must be defined by the build"
#endif

namespace fbk::kiosk::app {

namespace protocol = fbk::sync::protocol;

std::filesystem::path default_strings_file() {
    return std::filesystem::path(FBK_ASSETS_DIR) / "i18n" / "ui.json";
}

std::vector<std::string_view> KioskAssets::all_texts() const {
    std::vector<std::string_view> texts = strings.all_texts();
    for (const auto& survey_entry : pack.surveys) {
        for (const auto& q : survey_entry.questions) {
            for (const auto& [lang, text] : q.text) {
                texts.push_back(text);
            }
        }
    }
    return texts;
}

AssetsLoad load_assets(const core::KioskConfig& config) {
    AssetsLoad result;
    auto pack_load = protocol::load_survey_pack(config.pack_file);
    for (const auto& issue : pack_load.issues) {
        auto& list = issue.severity == protocol::Severity::Error ? result.errors : result.warnings;
        list.push_back(protocol::describe(issue, config.pack_file.string()));
    }
    const auto strings_file =
        config.strings_file.empty() ? default_strings_file() : config.strings_file;
    auto strings_load = core::load_ui_strings(strings_file);
    for (const auto& issue : strings_load.issues) {
        auto& list = issue.severity == protocol::Severity::Error ? result.errors : result.warnings;
        list.push_back(protocol::describe(issue, strings_file.string()));
    }
    if (!pack_load.pack || !strings_load.strings) {
        return result;
    }
    auto assets = std::make_unique<KioskAssets>();
    assets->pack = std::move(*pack_load.pack);
    assets->strings = std::move(*strings_load.strings);
    const protocol::Survey* survey = assets->pack.survey_for_stage(config.stage);
    if (survey == nullptr) {
        result.errors.push_back(config.pack_file.string() + ": pack '" + assets->pack.id +
                                "' has no survey for stage " + config.stage +
                                " (set [kiosk] stage to a stage the pack serves)");
    }
    for (const std::string& lang : config.languages) {
        if (!assets->pack.declares_language(lang)) {
            result.errors.push_back("[kiosk] languages: pack '" + assets->pack.id +
                                    "' has no text in '" + lang + "'");
        }
        if (!assets->strings.has_language(lang)) {
            result.warnings.push_back(strings_file.string() + ": no UI strings for '" + lang +
                                      "'; " + assets->strings.default_language() + " is shown");
        }
    }
    if (!result.errors.empty()) {
        return result;
    }
    assets->survey = core::SurveyContext{&assets->pack, survey, config.stage};
    assets->flow.languages = config.languages;
    assets->flow.default_language = config.default_language;
    assets->flow.idle_timeout_ms = config.idle_timeout_ms;
    assets->flow.thanks_ms = config.thanks_ms;
    result.assets = std::move(assets);
    return result;
}

}  // namespace fbk::kiosk::app
