#include "sync/hub/export/export_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "sync/hub/export/formats.h"
#include "sync/hub/export/pump.h"
#include "sync/hub/export/xlsx.h"

namespace fbk::sync::hub {

namespace {

constexpr std::size_t kPageRows = 2'000;

class ProgressBar {
  public:
    ProgressBar(std::ostream& out, bool terminal, std::int64_t total)
        : out_(out), terminal_(terminal), total_(total) {}

    void update(std::int64_t done, std::int64_t bytes, bool final = false) {
        const auto now = std::chrono::steady_clock::now();
        const int percent = total_ > 0 ? static_cast<int>(done * 100 / total_) : 100;
        // A terminal gets a redraw ten times a second; a log gets a line every 10%.
        if (!final && (terminal_ ? now - last_draw_ < std::chrono::milliseconds(100)
                                 : percent < next_line_percent_)) {
            return;
        }
        last_draw_ = now;
        next_line_percent_ = percent / 10 * 10 + 10;
        const double seconds = std::chrono::duration<double>(now - started_).count();
        constexpr int kWidth = 30;
        const int filled = percent * kWidth / 100;
        char line[160];
        std::snprintf(line, sizeof line, "[%s%s] %3d%% %lld/%lld responses, %.1f MiB, %.0f/s",
                      std::string(static_cast<std::size_t>(filled), '#').c_str(),
                      std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), percent,
                      static_cast<long long>(done), static_cast<long long>(total_),
                      static_cast<double>(bytes) / (1024.0 * 1024.0),
                      seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
        out_ << (terminal_ ? "\r" : "") << line << (terminal_ && !final ? "" : "\n") << std::flush;
    }

  private:
    std::ostream& out_;
    bool terminal_;
    std::int64_t total_;
    int next_line_percent_ = 0;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_draw_{};
};

// Owner-only from the first byte, whatever the umask: it holds individual answers.
void create_private(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::fchmod(fd, 0600) != 0 || ::close(fd) != 0) {
        throw std::runtime_error("cannot write " + file.string());
    }
}

std::int64_t export_xlsx_file(HubStore& store, const protocol::PackCatalog& packs,
                              const ExportRequest& request, std::ostream& progress) {
    const ExportPosition up_to = store.export_horizon();
    create_private(request.out.string() + ".part");
    XlsxRequest xlsx;
    xlsx.file = request.out;
    xlsx.temp_dir = request.out.parent_path().empty() ? "." : request.out.parent_path();
    xlsx.label_language = request.labels;
    xlsx.questions = ordered_question_columns(packs, store);
    progress << "writing " << request.out.string() << " (XLSX, one row in memory at a time)\n";
    return write_xlsx(store, packs, ExportRange{{}, up_to, request.filter}, xlsx);
}

}  // namespace

std::int64_t export_to_file(HubStore& store, const protocol::PackCatalog& packs,
                            const ExportRequest& request, std::ostream& progress,
                            bool progress_is_terminal) {
    if (request.format == "xlsx") {
        return export_xlsx_file(store, packs, request, progress);
    }
    auto writer = make_response_writer(request.format, ordered_question_columns(packs, store));
    if (!writer) {
        throw std::invalid_argument("--format '" + request.format + "' is not " +
                                    std::string(kExportFormats));
    }
    // A snapshot: responses arriving during the export wait for the next one.
    const ExportPosition up_to = store.export_horizon();
    const std::int64_t total = store.count_responses(request.filter, up_to);
    std::filesystem::path partial = request.out;
    partial += ".part";
    create_private(partial);
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
        throw std::runtime_error("cannot write " + partial.string());
    }
    ProgressBar bar(progress, progress_is_terminal, total);
    ExportPump pump(store, std::move(writer), ExportRange{{}, up_to, request.filter}, request.bom,
                    kPageRows);
    std::string chunk;
    std::int64_t bytes = 0;
    for (bool more = true; more;) {
        more = pump.next(chunk);
        file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        bytes += static_cast<std::int64_t>(chunk.size());
        chunk.clear();
        if (!file) {
            throw std::runtime_error("cannot write " + partial.string() + " (disk full?)");
        }
        bar.update(pump.rows_written(), bytes);
    }
    const std::int64_t done = pump.rows_written();
    file.close();
    if (!file) {
        throw std::runtime_error("cannot finish " + partial.string());
    }
    std::filesystem::rename(partial, request.out);
    bar.update(done, bytes, true);
    return done;
}

}  // namespace fbk::sync::hub
