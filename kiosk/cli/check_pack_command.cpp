#include "kiosk/cli/check_pack_command.h"

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

int check_pack(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
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
    // As the kiosk will show it: UI strings for each of its languages, a glyph for each character.
    const auto strings_file = app::default_strings_file();
    const auto strings = core::load_ui_strings(strings_file);
    if (strings.strings) {
        const auto problems =
            app::pack_screen_problems(pack, file, pack.languages, *strings.strings, strings_file,
                                      platform::FontCoverage::of_ui_fonts());
        for (const std::string& problem : problems) {
            err << problem << "\n";
        }
        if (!problems.empty()) {
            err << file.string() << ": " << problems.size()
                << (problems.size() == 1 ? " error" : " errors") << "; the pack was refused\n";
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
