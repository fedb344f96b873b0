#include "kiosk/cli/kiosk_cli.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/kiosk_runner.h"
#include "kiosk/cli/check_pack_command.h"
#include "kiosk/cli/provision_command.h"
#include "kiosk/cli/sync_command.h"
#include "kiosk/core/kiosk_config.h"
#include "sync/protocol/duration.h"
#include "sync/uploader/url_host.h"

namespace fbk::kiosk::cli {

namespace {

constexpr std::string_view kUsage = R"(usage:
  feedback-kiosk run --config FILE [--headless] [--windowed] [--replay FILE] [--screenshots DIR]
                         [--speech-out DIR] [--debug-hang-after DURATION]
  feedback-kiosk check-pack FILE [--display WxH [--dpi N]]
  feedback-kiosk sync --once --config FILE
  feedback-kiosk provision --from FILE --config FILE [--wifi-out FILE] [--group NAME]

run          show the survey. --headless renders offscreen (no display needed); --replay runs a
             script of taps (README "Headless harness"); --screenshots is where it saves PNGs;
             --speech-out records speech mode's utterances as WAV files and speech.log;
             --debug-hang-after makes the main loop hang, to test systemd's watchdog.
check-pack   validate a survey pack; exit 0 if usable, 1 with every problem listed. With
             --display (and the panel's --dpi, default 150) it also draws every patient screen
             and answer page in every language, normal and large text, and lists each that
             breaks the layout rules there (text outside its box, answers under 20 mm).
sync --once  upload everything waiting in the outbox now, with progress.
provision    first boot: take the kiosk's id, stage, site and hub token from the hub's
             provisioning file (--from, on the boot partition) into --config (mode 0640, group
             --group, default feedback-kiosk), its [wifi] network into --wifi-out (a
             wpa_supplicant file, mode 0600, with the derived key, not the passphrase), then
             erase the provisioning file. Exit 2 if it is refused: then nothing is changed.
)";

std::optional<core::KioskConfig> read_config(const std::string& file) {
    auto load = core::load_kiosk_config(file, sync::uploader::hub_url_host);
    for (const auto& e : load.errors) {
        std::cerr << "feedback-kiosk: " << e << "\n";
    }
    return std::move(load.config);
}

int usage_error(std::string_view what) {
    std::cerr << "feedback-kiosk: " << what << "\n" << kUsage;
    return 2;
}

int run_command(std::span<const std::string_view> args) {
    std::string config_file;
    app::RunOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--headless") {
            options.headless = true;
        } else if (a == "--windowed") {
            options.windowed = true;
        } else if (a == "--config" && has_value) {
            config_file = args[++i];
        } else if (a == "--replay" && has_value) {
            options.replay = args[++i];
        } else if (a == "--screenshots" && has_value) {
            options.screenshots = args[++i];
        } else if (a == "--speech-out" && has_value) {
            options.speech_out = args[++i];
        } else if (a == "--debug-hang-after" && has_value) {
            const auto ms = sync::protocol::parse_duration_ms(args[++i]);
            if (!ms) {
                return usage_error("--debug-hang-after needs a duration such as 5s");
            }
            options.debug_hang_after_ms = *ms;
        } else {
            return usage_error("unexpected argument '" + std::string(a) + "'");
        }
    }
    if (config_file.empty()) {
        return usage_error("run needs --config FILE");
    }
    const auto config = read_config(config_file);
    if (!config) {
        return 1;
    }
    const int status = app::run_kiosk(*config, options);
    if (status == app::kExitRestart) {
        // Same process, same arguments: systemd's watchdog and the display stay with us.
        std::vector<std::string> words{"feedback-kiosk", "run"};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& w : words) {
            argv.push_back(w.data());
        }
        argv.push_back(nullptr);
        execv("/proc/self/exe", argv.data());
        std::cerr << "feedback-kiosk: could not start again: " << std::strerror(errno) << "\n";
        return 1;
    }
    return status;
}

int sync_command(std::span<const std::string_view> args) {
    std::string config_file;
    bool once = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--once") {
            once = true;
        } else if (args[i] == "--config" && i + 1 < args.size()) {
            config_file = args[++i];
        } else {
            return usage_error("unexpected argument '" + std::string(args[i]) + "'");
        }
    }
    if (!once || config_file.empty()) {
        return usage_error("sync needs --once and --config FILE");
    }
    const auto config = read_config(config_file);
    return config ? sync_once(*config) : 1;
}

int provision_command(std::span<const std::string_view> args) {
    ProvisionOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--from" && has_value) {
            options.from = args[++i];
        } else if (a == "--config" && has_value) {
            options.config = args[++i];
        } else if (a == "--wifi-out" && has_value) {
            options.wifi_out = args[++i];
        } else if (a == "--group" && has_value) {
            options.group = args[++i];
        } else {
            return usage_error("unexpected argument '" + std::string(a) + "'");
        }
    }
    if (options.from.empty() || options.config.empty()) {
        return usage_error("provision needs --from FILE and --config FILE");
    }
    return provision(options, std::cout, std::cerr);
}

}  // namespace

int run_kiosk_cli(std::span<const std::string_view> args) {
    if (args.empty()) {
        return usage_error("no command given");
    }
    const auto command = args[0];
    const auto rest = args.subspan(1);
    if (command == "run") {
        return run_command(rest);
    }
    if (command == "check-pack") {
        std::string error;
        const auto options = parse_check_pack_args(rest, error);
        if (!options) {
            return usage_error(error);
        }
        return check_pack(*options, std::cout, std::cerr);
    }
    if (command == "sync") {
        return sync_command(rest);
    }
    if (command == "provision") {
        return provision_command(rest);
    }
    if (command == "--help" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    return usage_error("unknown command '" + std::string(command) + "'");
}

}  // namespace fbk::kiosk::cli
