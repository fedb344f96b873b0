// `feedback-hub kiosk provision`: tokens and provisioning files for a site, from a CSV.
#include <fstream>
#include <iostream>

#include "sync/hub/cli/kiosk_provision.h"
#include "sync/hub/cli/options.h"

namespace fbk::sync::hub::cli {

int kiosk_provision(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--csv", "--out", "--hub-url", "--data-dir", "--db"});
    if (!opts || !has_store(*opts) || !opts->contains("--csv") || !opts->contains("--out")) {
        print_usage(std::cerr);
        return 2;
    }
    const std::string& csv = opts->at("--csv");
    const std::filesystem::path out = opts->at("--out");
    const std::string hub_url = opts->contains("--hub-url") ? opts->at("--hub-url") : "";
    if (opts->contains("--hub-url")) {
        const auto problem = ini_value_problem(hub_url);
        if (!problem.empty() || !hub_url.starts_with("https://") ||
            hub_url.find(' ') != std::string::npos) {
            // Kiosks are elsewhere on the network: plain http would carry their tokens and
            // patients' answers unencrypted (a kiosk refuses it without allow_plain_http).
            std::cerr << "feedback-hub: --hub-url '" << hub_url
                      << "' is not an https:// URL that a provisioning file can hold"
                      << (problem.empty() ? "" : " (" + problem + ")") << "\n";
            return 2;
        }
    }
    errno = 0;
    std::ifstream in(csv, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.is_open() || in.bad()) {
        std::cerr << "feedback-hub: cannot read " << csv
                  << (errno != 0 ? std::string(": ") + std::strerror(errno) : "") << "\n";
        return 2;
    }
    // Every row and every target is checked before a token or a file is made.
    auto plan = read_kiosk_csv(text, csv);
    if (plan.problems.empty()) {
        plan.problems = output_problems(plan.kiosks, out, csv);
    }
    if (!plan.problems.empty()) {
        for (const auto& problem : plan.problems) {
            std::cerr << "feedback-hub: " << problem << "\n";
        }
        std::cerr << "feedback-hub: nothing provisioned: no token created, no file written\n";
        return 2;
    }

    HubStore store(store_location(*opts));
    const auto files = provision_kiosks(store, plan.kiosks, out, hub_url, now_ms());
    for (const auto& kiosk : plan.kiosks) {
        store.audit("cli", "token.create", "kiosk " + kiosk.kiosk_id + " (kiosk provision)",
                    now_ms());
    }
    // One line per kiosk, aligned; the tokens and Wi-Fi keys are in the files only.
    std::size_t id_width = 0;
    std::size_t stage_width = 0;
    std::size_t site_width = 1;
    for (const auto& kiosk : plan.kiosks) {
        id_width = std::max(id_width, kiosk.kiosk_id.size());
        stage_width = std::max(stage_width, kiosk.stage.size());
        site_width = std::max(site_width, kiosk.site.size());
    }
    const auto padded = [](const std::string& cell, std::size_t width) {
        return cell + std::string(width - cell.size() + 2, ' ');
    };
    for (std::size_t i = 0; i < plan.kiosks.size(); ++i) {
        const auto& kiosk = plan.kiosks[i];
        std::cout << padded(kiosk.kiosk_id, id_width) << padded(kiosk.stage, stage_width)
                  << padded(kiosk.site.empty() ? "-" : kiosk.site, site_width) << "-> "
                  << files[i].string() << "\n";
    }
    std::cout << "provisioned " << plan.kiosks.size() << " kiosk"
              << (plan.kiosks.size() == 1 ? "" : "s") << " (one new token each) in " << out.string()
              << "; copy each file to its kiosk's boot partition" << std::endl;
    return 0;
}

}  // namespace fbk::sync::hub::cli
