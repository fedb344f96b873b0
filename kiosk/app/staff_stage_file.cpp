#include "kiosk/app/staff_stage_file.h"

#include <fstream>
#include <stdexcept>

#include "kiosk/core/utf8.h"
#include "sync/protocol/stages.h"

namespace fbk::kiosk::app {

std::string read_staff_stage(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) {
        return "";
    }
    std::string stage(core::trim(line));
    return sync::protocol::is_known_stage(stage) ? stage : "";
}

void write_staff_stage(const std::filesystem::path& file, const std::string& stage) {
    if (stage.empty()) {
        std::error_code ec;
        std::filesystem::remove(file, ec);
        if (ec) {
            throw std::runtime_error("cannot remove " + file.string() + ": " + ec.message());
        }
        return;
    }
    const auto temp = file.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        out << stage << "\n";
        if (!out.flush()) {
            throw std::runtime_error("cannot write " + temp);
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        throw std::runtime_error("cannot replace " + file.string() + ": " + ec.message());
    }
}

}  // namespace fbk::kiosk::app
