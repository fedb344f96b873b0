#include "sync/hub/hub_cli.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/survey_pack.h"

#ifndef FBK_ASSETS_DIR
#error "FBK_ASSETS_DIR must be defined by the build"
#endif

namespace fbk::sync::hub {

namespace {

constexpr std::string_view kUsage = R"(usage:
  feedback-hub serve --data-dir DIR --listen HOST:PORT [--packs DIR]
                     [--tls-cert FILE --tls-key FILE] [--max-batch N]
  feedback-hub token create --kiosk KIOSK_ID --data-dir DIR
  feedback-hub token create --admin NAME [--role viewer|analyst|admin] --data-dir DIR
  feedback-hub token revoke --kiosk KIOSK_ID | --admin NAME --data-dir DIR

serve        run the HTTP API; PORT 0 picks a free port. Prints "listening on URL" when ready.
             --packs  directory of survey pack JSON files (default: the installed packs)
             --tls-cert, --tls-key  serve HTTPS with this PEM certificate (chain) and key
             --max-batch  most responses per batch, advertised to kiosks (default 1000)
token create print a new token once; only its hash is stored. Admin roles: viewer sees
             aggregates, analyst also exports responses, admin also manages (default admin).
token revoke revoke every token of that kiosk or admin, from the next request on.
)";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

using Options = std::map<std::string, std::string, std::less<>>;

// --name value pairs; anything else is a usage error.
std::optional<Options> parse_options(std::span<const std::string_view> args,
                                     std::initializer_list<std::string_view> allowed) {
    Options out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto name = args[i];
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end() ||
            i + 1 >= args.size()) {
            std::cerr << "feedback-hub: unexpected argument '" << name << "'\n";
            return std::nullopt;
        }
        out.emplace(std::string(name), std::string(args[++i]));
    }
    return out;
}

std::optional<std::pair<std::string, int>> parse_listen(std::string_view text) {
    std::string host;
    std::string_view port_text;
    if (text.starts_with('[')) {
        const auto close = text.find("]:");
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        host = std::string(text.substr(1, close - 1));
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        host = std::string(text.substr(0, colon));
        port_text = text.substr(colon + 1);
    }
    int port = -1;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (host.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
        port < 0 || port > 65535) {
        return std::nullopt;
    }
    return std::make_pair(host, port);
}

protocol::PackCatalog load_packs(const std::filesystem::path& dir) {
    protocol::PackCatalog catalog;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        auto load = protocol::load_survey_pack(entry.path());
        for (const auto& issue : load.issues) {
            std::cerr << "feedback-hub: " << protocol::describe(issue, entry.path().string())
                      << "\n";
        }
        if (load.pack) {
            std::cerr << "feedback-hub: survey pack " << load.pack->id << " v" << load.pack->version
                      << " from " << entry.path().string() << "\n";
            catalog.add(std::move(*load.pack), std::move(load.source));
        } else {
            std::cerr << "feedback-hub: skipped " << entry.path().string()
                      << "; batches answering it get 503 until it is fixed\n";
        }
    }
    if (ec) {
        std::cerr << "feedback-hub: cannot read pack directory " << dir.string() << ": "
                  << ec.message() << "\n";
    }
    return catalog;
}

int serve(std::span<const std::string_view> args) {
    const auto opts = parse_options(
        args, {"--data-dir", "--listen", "--packs", "--tls-cert", "--tls-key", "--max-batch"});
    if (!opts || !opts->contains("--data-dir") || !opts->contains("--listen")) {
        std::cerr << kUsage;
        return 2;
    }
    if (opts->contains("--tls-cert") != opts->contains("--tls-key")) {
        std::cerr << "feedback-hub: --tls-cert and --tls-key go together\n";
        return 2;
    }
    const auto listen = parse_listen(opts->at("--listen"));
    if (!listen) {
        std::cerr << "feedback-hub: --listen '" << opts->at("--listen")
                  << "' is not HOST:PORT (e.g. 127.0.0.1:8080)\n";
        return 2;
    }
    const std::filesystem::path packs_dir = opts->contains("--packs")
                                                ? std::filesystem::path(opts->at("--packs"))
                                                : std::filesystem::path(FBK_ASSETS_DIR) / "packs";

    // Signals are taken by one thread with sigwait, so no handler runs inside a server thread.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    HubStore store(opts->at("--data-dir"));
    std::mutex log_mutex;
    HubServerOptions options;
    if (opts->contains("--max-batch")) {
        const auto& text = opts->at("--max-batch");
        int n = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > 100'000) {
            std::cerr << "feedback-hub: --max-batch '" << text << "' is not 1..100000\n";
            return 2;
        }
        options.batch_limits.max_responses = static_cast<std::size_t>(n);
    }
    if (opts->contains("--tls-cert")) {
        options.tls_cert = opts->at("--tls-cert");
        options.tls_key = opts->at("--tls-key");
    }
    options.log_line = [&log_mutex](std::string_view line) {
        const std::lock_guard lock(log_mutex);
        std::cerr << "feedback-hub: " << line << "\n";
    };
    const std::string scheme = options.tls_cert.empty() ? "http" : "https";
    HubServer server(store, load_packs(packs_dir), std::move(options));
    const int port = server.bind(listen->first, listen->second);
    const std::string host =
        listen->first.find(':') != std::string::npos ? "[" + listen->first + "]" : listen->first;
    std::cout << "feedback-hub: listening on " << scheme << "://" << host << ":" << port
              << std::endl;

    std::thread signal_watcher([&server, stop_signals] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        server.stop();
    });
    server.run();
    // If the server ended for another reason, wake the watcher so it can be joined.
    pthread_kill(signal_watcher.native_handle(), SIGTERM);
    signal_watcher.join();
    std::cerr << "feedback-hub: stopped\n";
    return 0;
}

// The token's owner from exactly one of --kiosk ID / --admin NAME; nullopt after printing usage.
struct TokenOwner {
    TokenKind kind;
    std::string subject;
    std::string describe() const { return std::string(to_string(kind)) + " " + subject; }
};

std::optional<TokenOwner> token_owner(const std::optional<Options>& opts) {
    if (!opts || !opts->contains("--data-dir") ||
        opts->contains("--kiosk") == opts->contains("--admin")) {
        std::cerr << kUsage;
        return std::nullopt;
    }
    const bool kiosk = opts->contains("--kiosk");
    return TokenOwner{kiosk ? TokenKind::Kiosk : TokenKind::Admin,
                      kiosk ? opts->at("--kiosk") : opts->at("--admin")};
}

int token_create(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--kiosk", "--admin", "--role", "--data-dir"});
    const auto owner = token_owner(opts);
    if (!owner) {
        return 2;
    }
    if (!protocol::is_plain_id(owner->subject)) {
        std::cerr << "feedback-hub: '" << owner->subject
                  << "' is not a valid id (1-64 characters of a-z, 0-9, '-', '_')\n";
        return 2;
    }
    Role role = Role::Admin;
    if (opts->contains("--role")) {
        const auto parsed = role_from_string(opts->at("--role"));
        if (owner->kind != TokenKind::Admin || !parsed) {
            std::cerr << "feedback-hub: --role is viewer, analyst or admin, for --admin tokens\n";
            return 2;
        }
        role = *parsed;
    }
    const std::string who =
        owner->describe() +
        (owner->kind == TokenKind::Admin ? " (" + std::string(to_string(role)) + ")" : "");
    HubStore store(opts->at("--data-dir"));
    std::cout << store.create_token(owner->kind, owner->subject, now_ms(), role) << std::endl;
    store.audit("cli", "token.create", who, now_ms());
    std::cerr << "feedback-hub: token for " << who << " created; it is shown only this once\n";
    return 0;
}

int token_revoke(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--kiosk", "--admin", "--data-dir"});
    const auto owner = token_owner(opts);
    if (!owner) {
        return 2;
    }
    HubStore store(opts->at("--data-dir"));
    const auto revoked = store.revoke_tokens(owner->kind, owner->subject, now_ms());
    store.audit("cli", "token.revoke",
                owner->describe() + ": " + std::to_string(revoked) + " revoked", now_ms());
    std::cerr << "feedback-hub: revoked " << revoked << " token" << (revoked == 1 ? "" : "s")
              << " of " << owner->describe() << "\n";
    return revoked > 0 ? 0 : 1;
}

}  // namespace

int run_hub_cli(std::span<const std::string_view> args) {
    try {
        if (!args.empty() && args[0] == "serve") {
            return serve(args.subspan(1));
        }
        if (args.size() >= 2 && args[0] == "token" && args[1] == "create") {
            return token_create(args.subspan(2));
        }
        if (args.size() >= 2 && args[0] == "token" && args[1] == "revoke") {
            return token_revoke(args.subspan(2));
        }
        if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
            std::cout << kUsage;
            return 0;
        }
        std::cerr << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "feedback-hub: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace fbk::sync::hub
