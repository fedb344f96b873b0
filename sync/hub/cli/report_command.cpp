// `feedback-hub report --period 2026-11 [--site ID] --out report.pdf`: the monthly report of
// one site (or all) as a printable PDF (report/monthly_report.h), with every figure the
// journey view shows. Made from the hub's database directly, for a scheduled job that mails it
// or prints it; recorded in the audit log.
#include <fstream>
#include <iostream>

#include "sync/hub/cli/options.h"
#include "sync/hub/report/monthly_report.h"
#include "sync/hub/store/pack_registry.h"
#include "sync/service/install_layout.h"

namespace fbk::sync::hub::cli {

int report_command(std::span<const std::string_view> args) {
    const auto opts =
        parse_options(args, {"--data-dir", "--db", "--period", "--site", "--out", "--packs"});
    if (!opts || !has_store(*opts) || !opts->contains("--period") || !opts->contains("--out")) {
        print_usage(std::cerr);
        return 2;
    }
    std::string error;
    const auto site = opts->contains("--site") ? std::optional(opts->at("--site")) : std::nullopt;
    const auto request = report::month_request(opts->at("--period"), site, error);
    if (!request) {
        std::cerr << "feedback-hub: --" << error << "\n";
        return 2;
    }
    const std::filesystem::path packs_dir = opts->contains("--packs")
                                                ? std::filesystem::path(opts->at("--packs"))
                                                : service::assets_dir("feedback-hub") / "packs";
    HubStore store(store_location(*opts));
    PackRegistry packs(load_packs(packs_dir), store);
    const std::string pdf = report::render_monthly_report(store, *packs.catalog(), *request,
                                                          Disclosure::Full, now_ms());
    const std::filesystem::path out(opts->at("--out"));
    const std::filesystem::path partial = out.string() + ".partial";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        file.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
        if (!file.flush()) {
            std::cerr << "feedback-hub: cannot write " << partial.string() << "\n";
            return 1;
        }
    }
    std::filesystem::rename(partial, out);
    store.audit("cli", "report", "feedback-hub report " + join_args(args), now_ms());
    std::cout << "wrote " << out.string() << " (" << pdf.size() << " bytes)\n";
    return 0;
}

}  // namespace fbk::sync::hub::cli
