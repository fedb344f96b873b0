// `feedback-hub export`: what GET /api/v1/responses gives, into a file (export/export_file.h).
#include <unistd.h>

#include <iostream>

#include "sync/hub/cli/options.h"
#include "sync/hub/export/export_file.h"
#include "sync/hub/export/formats.h"
#include "sync/hub/store/utc_time.h"
#include "sync/service/install_layout.h"

namespace fbk::sync::hub::cli {

int export_command(std::span<const std::string_view> args) {
    const auto opts = parse_options(
        args,
        {"--data-dir", "--db", "--out", "--format", "--packs", "--kiosk", "--stage", "--site",
         "--survey", "--language", "--from", "--to", "--include-flagged", "--labels"},
        {"--bom"});
    if (!opts || !has_store(*opts) || !opts->contains("--out")) {
        print_usage(std::cerr);
        return 2;
    }
    ExportRequest request;
    request.out = opts->at("--out");
    request.bom = opts->contains("--bom");
    if (opts->contains("--format")) {
        request.format = opts->at("--format");
    }
    if (opts->contains("--labels")) {
        request.labels = opts->at("--labels");
    }
    const auto text = [&](std::string_view name) -> std::optional<std::string> {
        const auto it = opts->find(name);
        return it == opts->end() ? std::nullopt : std::optional(it->second);
    };
    request.filter.kiosk = text("--kiosk");
    request.filter.stage = text("--stage");
    request.filter.survey = text("--survey");
    request.filter.language = text("--language");
    request.filter.site = text("--site");
    for (const auto& [name, target] :
         {std::pair{"--from", &request.filter.from_ms}, std::pair{"--to", &request.filter.to_ms}}) {
        if (const auto value = text(name)) {
            *target = parse_utc_time(*value);
            if (!*target) {
                std::cerr << "feedback-hub: " << name << " '" << *value
                          << "' is not a UTC date (2026-11-01 or 2026-11-01T08:00:00Z)\n";
                return 2;
            }
        }
    }
    if (const auto flagged = text("--include-flagged")) {
        if (*flagged != "true" && *flagged != "false") {
            std::cerr << "feedback-hub: --include-flagged is true or false\n";
            return 2;
        }
        request.filter.include_flagged = *flagged == "true";
    }
    if (!make_response_writer(request.format, {}) && request.format != "xlsx") {
        std::cerr << "feedback-hub: --format '" << request.format << "' is not " << kExportFormats
                  << "\n";
        return 2;
    }
    const std::filesystem::path packs_dir = opts->contains("--packs")
                                                ? std::filesystem::path(opts->at("--packs"))
                                                : service::assets_dir("feedback-hub") / "packs";
    HubStore store(store_location(*opts));
    store.audit("cli", "export", "feedback-hub export " + join_args(args), now_ms());
    const auto written = export_to_file(store, load_packs(packs_dir), request, std::cerr,
                                        isatty(STDERR_FILENO) != 0);
    std::cerr << "feedback-hub: exported " << written << " response" << (written == 1 ? "" : "s")
              << " to " << request.out.string() << "\n";
    return 0;
}

}  // namespace fbk::sync::hub::cli
