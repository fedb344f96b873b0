#include "kiosk/app/check_pack_command.h"

#include <ostream>

#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::app {

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
    std::string stages;
    for (const auto& survey : pack.surveys) {
        questions += survey.questions.size();
        for (const auto& stage : survey.stages) {
            stages += stages.empty() ? "" : ", ";
            stages += stage;
        }
    }
    std::string languages;
    for (const auto& l : pack.languages) {
        languages += languages.empty() ? "" : ", ";
        languages += l;
    }
    out << file.string() << ": ok: pack " << pack.id << " version " << pack.version << ", "
        << pack.surveys.size() << " surveys, " << questions << " questions, languages " << languages
        << "; stages " << stages << "\n";
    return 0;
}

}  // namespace fbk::kiosk::app
