#include "kiosk/app/kiosk_assets.h"

#include "kiosk/app/hyphenation.h"
#include "kiosk/app/pack_screens_check.h"
#include "sync/service/install_layout.h"
#include "sync/service/pin_hash.h"

namespace fbk::kiosk::app {

namespace protocol = fbk::sync::protocol;

std::filesystem::path default_strings_file() {
    return sync::service::assets_dir("feedback-kiosk") / "i18n" / "ui.json";
}

std::filesystem::path default_keyboards_file() {
    return sync::service::assets_dir("feedback-kiosk") / "i18n" / "keyboards.json";
}

std::filesystem::path glyph_plan_file(const core::KioskConfig& config) {
    return config.data_dir / "glyph-plan";
}

std::vector<std::string_view> KioskAssets::all_texts() const {
    std::vector<std::string_view> texts = strings.all_texts();
    const auto add = [&texts](const protocol::LocalizedText& localized) {
        for (const auto& [lang, text] : localized) {
            texts.push_back(text);
        }
    };
    for (const auto& survey_entry : pack.surveys) {
        for (const auto& q : survey_entry.questions) {
            add(q.text);
            for (const auto& option : q.options) {
                add(option.text);
            }
        }
    }
    if (pack.stage_question) {
        add(pack.stage_question->text);
    }
    for (const auto& [lang, layout] : keyboards.layouts) {
        for (const auto* rows : {&layout.rows, &layout.shifted}) {
            for (const auto& row : *rows) {
                texts.insert(texts.end(), row.begin(), row.end());
            }
        }
    }
    return texts;
}

AssetsLoad load_assets(const core::KioskConfig& config) {
    AssetsLoad result;
    const auto report = [&result](const protocol::Issues& issues,
                                  const std::filesystem::path& file) {
        for (const auto& issue : issues) {
            auto& list =
                issue.severity == protocol::Severity::Error ? result.errors : result.warnings;
            list.push_back(protocol::describe(issue, file.string()));
        }
    };
    auto pack_load = protocol::load_survey_pack(config.pack_file);
    report(pack_load.issues, config.pack_file);
    const auto strings_file =
        config.strings_file.empty() ? default_strings_file() : config.strings_file;
    auto strings_load = core::load_ui_strings(strings_file);
    report(strings_load.issues, strings_file);
    const auto keyboards_file =
        config.keyboards_file.empty() ? default_keyboards_file() : config.keyboards_file;
    auto keyboards_load = core::load_keyboard_layouts(keyboards_file);
    report(keyboards_load.issues, keyboards_file);
    if (!pack_load.pack || !strings_load.strings || !keyboards_load.layouts) {
        return result;
    }
    auto assets = std::make_unique<KioskAssets>();
    assets->pack = std::move(*pack_load.pack);
    hyphenate_finnish(assets->pack, FinnishHyphenator());
    assets->strings = std::move(*strings_load.strings);
    assets->keyboards = std::move(*keyboards_load.layouts);
    if (config.stage == core::kAskPatient) {
        if (!assets->pack.stage_question) {
            result.errors.push_back(config.pack_file.string() + ": pack '" + assets->pack.id +
                                    "' has no stage_question, so [kiosk] stage cannot be 'ask'");
        }
    } else if (assets->pack.survey_for_stage(config.stage) == nullptr) {
        result.errors.push_back(config.pack_file.string() + ": pack '" + assets->pack.id +
                                "' has no survey for stage " + config.stage +
                                " (set [kiosk] stage to a stage the pack serves)");
    }
    for (const protocol::ScheduleSlot& slot : config.schedule) {
        if (assets->pack.survey_for_stage(slot.stage) == nullptr) {
            result.errors.push_back("[kiosk] schedule: pack '" + assets->pack.id +
                                    "' has no survey for stage " + slot.stage);
        }
    }
    for (const std::string& lang : config.languages) {
        if (!assets->pack.declares_language(lang)) {
            result.errors.push_back("[kiosk] languages: pack '" + assets->pack.id +
                                    "' has no text in '" + lang + "'");
        }
    }
    const LanguageSupport support{assets->strings, strings_file, assets->keyboards, keyboards_file,
                                  platform::FontCoverage::of_ui_fonts()};
    for (std::string& problem :
         pack_screen_problems(assets->pack, config.pack_file, config.languages, support)) {
        result.errors.push_back(std::move(problem));
    }
    if (!result.errors.empty()) {
        return result;
    }
    add_pack_keyboards(assets->keyboards, assets->pack);
    configure_flow(assets->flow, config);
    result.assets = std::move(assets);
    return result;
}

void configure_flow(core::FlowSettings& flow, const core::KioskConfig& config) {
    flow.languages = config.languages;
    flow.default_language = config.default_language;
    flow.idle_timeout_ms = config.idle_timeout_ms;
    flow.still_there_ms = config.still_there_ms;
    flow.thanks_ms = config.thanks_ms;
    flow.misuse = config.misuse;
    if (!config.staff_pin_hash.empty()) {
        flow.staff_pin_matches = [hash = config.staff_pin_hash](std::string_view pin) {
            return sync::service::staff_pin_matches(pin, hash);
        };
    } else if (!config.staff_pin.empty()) {
        flow.staff_pin_matches = [pin = config.staff_pin](std::string_view entry) {
            return entry == pin;
        };
    } else {
        flow.staff_pin_matches = nullptr;
    }
}

}  // namespace fbk::kiosk::app
