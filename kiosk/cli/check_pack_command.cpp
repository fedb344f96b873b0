#include "kiosk/cli/check_pack_command.h"

#include <ostream>
#include <vector>

#include "sync/protocol/join.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::cli {

namespace protocol = fbk::sync::protocol;

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
