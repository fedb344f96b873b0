#include "kiosk/cli/check_pack_command.h"

#include <cstdio>
#include <ostream>
#include <vector>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/app/pack_screens_check.h"
#include "sync/protocol/join.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::cli {

namespace protocol = fbk::sync::protocol;
namespace app = fbk::kiosk::app;
namespace core = fbk::kiosk::core;

namespace {

// The pack's screens at `panel`, as a kiosk offering all its languages would draw them.
std::size_t report_layout(const protocol::SurveyPack& pack, const std::filesystem::path& file,
                          const app::PanelSize& panel, std::ostream& err) {
    core::KioskConfig config;
    config.pack_file = file;
    config.languages = pack.languages;
    config.default_language = pack.default_language;
    config.stage = pack.surveys.front().stages.front();
    config.dpi = panel.dpi;
    const std::string where = file.string() + ": " + std::to_string(panel.width) + "x" +
                              std::to_string(panel.height) + " at " + std::to_string(panel.dpi) +
                              " dpi: ";
    const auto problems = app::screen_rule_problems(config, panel);
    for (const std::string& problem : problems) {
        err << where << problem << "\n";
    }
    return problems.size();
}

}  // namespace

std::optional<CheckPackOptions> parse_check_pack_args(std::span<const std::string_view> args,
                                                      std::string& error) {
    CheckPackOptions options;
    std::optional<int> dpi;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool has_value = i + 1 < args.size();
        if (arg == "--display" && has_value) {
            int w = 0;
            int h = 0;
            char end = 0;
            if (std::sscanf(std::string(args[++i]).c_str(), "%dx%d%c", &w, &h, &end) != 2 ||
                w < 320 || h < 240 || w > 7680 || h > 4320) {
                error = "--display: '" + std::string(args[i]) +
                        "' is not WIDTHxHEIGHT in pixels (320x240 to 7680x4320)";
                return std::nullopt;
            }
            options.panel = app::PanelSize{w, h, 150};
        } else if (arg == "--dpi" && has_value) {
            int value = 0;
            char end = 0;
            if (std::sscanf(std::string(args[++i]).c_str(), "%d%c", &value, &end) != 1 ||
                value < 50 || value > 600) {
                error = "--dpi: '" + std::string(args[i]) + "' is not 50 to 600";
                return std::nullopt;
            }
            dpi = value;
        } else if (options.file.empty() && !arg.starts_with("--")) {
            options.file = std::string(arg);
        } else {
            error = "check-pack: unexpected '" + std::string(arg) + "'";
            return std::nullopt;
        }
    }
    if (options.file.empty()) {
        error = "check-pack needs a FILE";
        return std::nullopt;
    }
    if (dpi && !options.panel) {
        error = "--dpi needs --display WxH";
        return std::nullopt;
    }
    if (dpi) {
        options.panel->dpi = *dpi;
    }
    return options;
}

int check_pack(const CheckPackOptions& options, std::ostream& out, std::ostream& err) {
    const std::filesystem::path& file = options.file;
    const auto load = protocol::load_survey_pack(file);
    std::size_t errors = 0;
    for (const auto& issue : load.issues) {
        err << protocol::describe(issue, file.string()) << "\n";
        errors += issue.severity == protocol::Severity::Error ? 1 : 0;
    }
    if (!load.pack) {
        err << file.string() << ": " << errors << (errors == 1 ? " error" : " errors")
            << "; the pack was refused\n";
        return 1;
    }
    const auto& pack = *load.pack;
    // As the kiosk will show it: UI strings and a keyboard for each of its languages, a glyph for
    // each character.
    const auto strings_file = app::default_strings_file();
    const auto strings = core::load_ui_strings(strings_file);
    const auto keyboards_file = app::default_keyboards_file();
    const auto keyboards = core::load_keyboard_layouts(keyboards_file);
    if (strings.strings && keyboards.layouts) {
        const app::LanguageSupport support{*strings.strings, strings_file, *keyboards.layouts,
                                           keyboards_file, platform::FontCoverage::of_ui_fonts()};
        const auto problems = app::pack_screen_problems(pack, file, pack.languages, support);
        for (const std::string& problem : problems) {
            err << problem << "\n";
        }
        if (!problems.empty()) {
            err << file.string() << ": " << problems.size()
                << (problems.size() == 1 ? " error" : " errors") << "; the pack was refused\n";
            return 1;
        }
    }
    if (options.panel) {
        if (const std::size_t broken = report_layout(pack, file, *options.panel, err)) {
            err << file.string() << ": " << broken
                << (broken == 1 ? " layout problem" : " layout problems")
                << " at that display; the pack was refused\n";
            return 1;
        }
    }
    std::size_t questions = 0;
    std::vector<std::string> stages;
    for (const auto& survey : pack.surveys) {
        questions += survey.questions.size();
        stages.insert(stages.end(), survey.stages.begin(), survey.stages.end());
    }
    out << file.string() << ": ok: pack " << pack.id << " version " << pack.version << ", "
        << pack.surveys.size() << " surveys, " << questions << " questions, languages "
        << protocol::join(pack.languages) << "; stages " << protocol::join(stages) << "\n";
    return 0;
}

}  // namespace fbk::kiosk::cli
