#include "sync/hub/hub_cli.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>

#include "platform/install_layout.h"
#include "platform/service_notify.h"
#include "sync/hub/csv.h"
#include "sync/hub/export_command.h"
#include "sync/hub/http/self_check.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/kiosk_provision.h"
#include "sync/hub/response_export.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

namespace {

constexpr std::string_view kUsage = R"(usage:
  feedback-hub serve --data-dir DIR | --db postgresql://... --listen HOST:PORT [--packs DIR]
                     [--tls-cert FILE --tls-key FILE] [--max-batch N]
                     [--rate-limit PER_SECOND] [--client-timeout SECONDS]
                     [--body-timeout SECONDS] [--max-connections N]
                     [--max-connections-per-client N]
                     [--silent-after MINUTES] [--opening-hours HH:MM-HH:MM]
                     [--db-connections N]
  feedback-hub token create --kiosk KIOSK_ID --data-dir DIR
  feedback-hub token create --admin NAME [--role viewer|analyst|admin] --data-dir DIR
  feedback-hub token revoke --kiosk KIOSK_ID | --admin NAME --data-dir DIR
  feedback-hub kiosk provision --csv FILE --out DIR [--hub-url URL] --data-dir DIR
  feedback-hub export --data-dir DIR --out FILE [--format csv|csv-long|ndjson|json] [--bom]
                      [--packs DIR] [--kiosk ID] [--stage CODE] [--site ID] [--survey ID]
                      [--language CODE] [--from DATE] [--to DATE] [--include-flagged false]

Every command takes --data-dir DIR (SQLite in DIR) or --db postgresql://USER@HOST/DB (any
number of hubs may share one PostgreSQL database).

serve        run the HTTP API; PORT 0 picks a free port. Prints "listening on URL" when ready.
             --packs  directory of survey pack JSON files (default: the installed packs)
             --tls-cert, --tls-key  serve HTTPS with this PEM certificate (chain) and key
             --max-batch  most responses per batch, advertised to kiosks (default 1000)
             --db-connections  most PostgreSQL connections this hub opens (default 16)
             --rate-limit  requests per second per token, bursts of 3 s allowed (default 20;
                           0 turns limiting off)
             --client-timeout  a request's head must arrive within this many seconds, and
                           each piece of a reply be taken as fast (default 10)
             --body-timeout  a request's body must arrive within this many seconds (default 60)
             --max-connections  connections held at once (default 4096; 0: no limit)
             --max-connections-per-client  connections from one address (default 256; 0: no
                           limit, as behind a reverse proxy that limits its own clients)
             --silent-after, --opening-hours  a kiosk without a heartbeat for this long while
                           the site is open (hub's local time) is shown as silent (default 30,
                           00:00-24:00)
token create print a new token once; only its hash is stored. Admin roles: viewer sees
             aggregates, analyst also exports responses, admin also manages (default admin).
token revoke revoke every token of that kiosk or admin, from the next request on.
kiosk provision
             a token and a provisioning file, OUT/<kiosk_id>/feedback-kiosk.provision, for each
             row of the CSV, to copy onto that kiosk's boot partition. Header row with the
             columns kiosk_id, stage (both required), site, wifi_ssid, wifi_psk, wifi_country
             (required with wifi_ssid, e.g. FI), in any order. Every row is checked first: on
             any problem nothing is created (exit 2). Kiosks with a provisioning file in OUT
             already are refused. Tokens are written only to the files, never shown.
             --hub-url  the hub's https:// URL for the files' [hub] url
export       write responses to FILE as GET /api/v1/responses would (same formats and filters;
             flagged responses included unless --include-flagged false), with a progress bar.
             Recorded in the audit log as an export by "cli".
)";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

using Options = std::map<std::string, std::string, std::less<>>;

// --name value pairs and bare --flags (stored with an empty value); anything else is a usage
// error.
std::optional<Options> parse_options(std::span<const std::string_view> args,
                                     std::initializer_list<std::string_view> allowed,
                                     std::initializer_list<std::string_view> flags = {}) {
    Options out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto name = args[i];
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            out.emplace(std::string(name), std::string());
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end() ||
            i + 1 >= args.size()) {
            std::cerr << "feedback-hub: unexpected argument '" << name << "'\n";
            return std::nullopt;
        }
        out.emplace(std::string(name), std::string(args[++i]));
    }
    return out;
}

// Exactly one of --data-dir DIR (SQLite) and --db postgresql://... must be given.
bool has_store(const Options& opts) {
    if (opts.contains("--data-dir") == opts.contains("--db")) {
        std::cerr << "feedback-hub: give either --data-dir DIR or --db postgresql://...\n";
        return false;
    }
    if (opts.contains("--db") && !opts.at("--db").starts_with("postgresql://") &&
        !opts.at("--db").starts_with("postgres://")) {
        std::cerr << "feedback-hub: --db takes a postgresql:// URL (without --db the hub keeps "
                     "SQLite in --data-dir)\n";
        return false;
    }
    return true;
}

StoreLocation store_location(const Options& opts) {
    return opts.contains("--db") ? StoreLocation{{}, opts.at("--db")}
                                 : StoreLocation{opts.at("--data-dir"), {}};
}

// The arguments for the audit log; a --db URL may hold a password and is left out.
std::string join_args(std::span<const std::string_view> args) {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        out += (out.empty() ? "" : " ") + std::string(args[i]);
        if (args[i] == "--db" && i + 1 < args.size()) {
            out += " (database)";
            ++i;
        }
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

// A whole number in [low, high] from option `name`, or nullopt after saying what is wrong.
std::optional<std::int64_t> number_option(const Options& opts, std::string_view name,
                                          std::int64_t low, std::int64_t high) {
    const auto& text = opts.find(name)->second;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < low || n > high) {
        std::cerr << "feedback-hub: " << name << " '" << text << "' is not a whole number from "
                  << low << " to " << high << "\n";
        return std::nullopt;
    }
    return n;
}

// The serve options that tune HubServerOptions; false after saying which one is wrong.
bool read_server_options(const Options& opts, HubServerOptions& options) {
    if (opts.contains("--max-batch")) {
        const auto n = number_option(opts, "--max-batch", 1, 100'000);
        if (!n) {
            return false;
        }
        options.batch_limits.max_responses = static_cast<std::size_t>(*n);
    }
    if (opts.contains("--rate-limit")) {
        const auto n = number_option(opts, "--rate-limit", 0, 1'000'000);
        if (!n) {
            return false;
        }
        options.rate_per_second = static_cast<double>(*n);
        options.rate_burst = static_cast<double>(*n) * 3;
    }
    if (opts.contains("--client-timeout")) {
        const auto n = number_option(opts, "--client-timeout", 1, 3600);
        if (!n) {
            return false;
        }
        options.client_timeout_s = static_cast<int>(*n);
    }
    for (const auto& [name, target, low, high] :
         {std::tuple{"--body-timeout", &options.body_timeout_s, 1, 3600}}) {
        if (opts.contains(name)) {
            const auto n = number_option(opts, name, low, high);
            if (!n) {
                return false;
            }
            *target = static_cast<int>(*n);
        }
    }
    for (const auto& [name, target] :
         {std::pair{"--max-connections", &options.max_connections},
          std::pair{"--max-connections-per-client", &options.max_connections_per_client}}) {
        if (opts.contains(name)) {
            const auto n = number_option(opts, name, 0, 1'000'000);
            if (!n) {
                return false;
            }
            *target = static_cast<std::size_t>(*n);
        }
    }
    if (opts.contains("--silent-after")) {
        const auto n = number_option(opts, "--silent-after", 1, 7 * 24 * 60);
        if (!n) {
            return false;
        }
        options.silence.silent_after_ms = *n * 60'000;
    }
    if (opts.contains("--opening-hours")) {
        const auto hours = parse_opening_hours(opts.at("--opening-hours"));
        if (!hours) {
            std::cerr << "feedback-hub: --opening-hours '" << opts.at("--opening-hours")
                      << "' is not HH:MM-HH:MM (e.g. 07:00-20:00)\n";
            return false;
        }
        options.silence.hours = *hours;
    }
    if (opts.contains("--tls-cert")) {
        options.tls_cert = opts.at("--tls-cert");
        options.tls_key = opts.at("--tls-key");
    }
    return true;
}

// The hub's own address, from this machine: 0.0.0.0 and :: are reached on loopback.
std::string self_check_host(const std::string& host) {
    if (host.empty() || host == "0.0.0.0") {
        return "127.0.0.1";
    }
    return host == "::" ? "::1" : host;
}

// systemd's side of the hub: READY=1 once it answers, then WATCHDOG=1 only while its own
// /healthz answers within the interval, so a hub whose HTTP threads hang is restarted.
class ServiceWatchdog {
  public:
    ServiceWatchdog(std::string host, int port, bool tls)
        : host_(std::move(host)), port_(port), tls_(tls) {
        notifier_.ready();
        if (const auto interval = notifier_.watchdog_interval_ms()) {
            thread_ = std::thread([this, every = *interval / 2] { run(every); });
        }
    }
    ~ServiceWatchdog() { stop(); }
    ServiceWatchdog(const ServiceWatchdog&) = delete;
    ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;

    void stop() {
        {
            const std::lock_guard lock(mutex_);
            if (stopping_) {
                return;
            }
            stopping_ = true;
        }
        notifier_.stopping();
        wake_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

  private:
    void run(std::int64_t every_ms) {
        const auto timeout = std::chrono::milliseconds(std::max<std::int64_t>(every_ms / 2, 50));
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            const bool answers = http::healthz_answers(host_, port_, tls_, timeout);
            lock.lock();
            if (answers && !stopping_) {
                notifier_.ping();
            }
            wake_.wait_for(lock, std::chrono::milliseconds(every_ms), [this] { return stopping_; });
        }
    }

    std::string host_;
    int port_;
    bool tls_;
    fbk::platform::ServiceNotifier notifier_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

int serve(std::span<const std::string_view> args) {
    const auto opts =
        parse_options(args, {"--data-dir", "--db", "--db-connections", "--listen", "--packs",
                             "--tls-cert", "--tls-key", "--max-batch", "--rate-limit",
                             "--client-timeout", "--body-timeout", "--max-connections",
                             "--max-connections-per-client", "--silent-after", "--opening-hours"});
    if (!opts || !has_store(*opts) || !opts->contains("--listen")) {
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
                                                : platform::assets_dir("feedback-hub") / "packs";

    // Signals are taken by one thread with sigwait, so no handler runs inside a server thread.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    HubServerOptions options;
    if (!read_server_options(*opts, options)) {
        return 2;
    }
    auto location = store_location(*opts);
    if (opts->contains("--db-connections")) {
        const auto n = number_option(*opts, "--db-connections", 1, 1000);
        if (!n) {
            return 2;
        }
        location.max_connections = static_cast<std::size_t>(*n);
    }
    HubStore store(location);
    std::cerr << "feedback-hub: storing in "
              << (location.postgres_url.empty()
                      ? "SQLite " + (location.data_dir / "hub.sqlite3").string()
                      : "PostgreSQL " + sql::redacted_url(location.postgres_url))
              << "\n";
    std::mutex log_mutex;
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
    ServiceWatchdog watchdog(self_check_host(listen->first), port, scheme == "https");
    server.run();
    watchdog.stop();
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
    if (!opts || !has_store(*opts) || opts->contains("--kiosk") == opts->contains("--admin")) {
        std::cerr << kUsage;
        return std::nullopt;
    }
    const bool kiosk = opts->contains("--kiosk");
    return TokenOwner{kiosk ? TokenKind::Kiosk : TokenKind::Admin,
                      kiosk ? opts->at("--kiosk") : opts->at("--admin")};
}

int token_create(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--kiosk", "--admin", "--role", "--data-dir", "--db"});
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
    HubStore store(store_location(*opts));
    std::cout << store.create_token(owner->kind, owner->subject, now_ms(), role) << std::endl;
    store.audit("cli", "token.create", who, now_ms());
    std::cerr << "feedback-hub: token for " << who << " created; it is shown only this once\n";
    return 0;
}

int token_revoke(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--kiosk", "--admin", "--data-dir", "--db"});
    const auto owner = token_owner(opts);
    if (!owner) {
        return 2;
    }
    HubStore store(store_location(*opts));
    const auto revoked = store.revoke_tokens(owner->kind, owner->subject, now_ms());
    store.audit("cli", "token.revoke",
                owner->describe() + ": " + std::to_string(revoked) + " revoked", now_ms());
    std::cerr << "feedback-hub: revoked " << revoked << " token" << (revoked == 1 ? "" : "s")
              << " of " << owner->describe() << "\n";
    return revoked > 0 ? 0 : 1;
}

int kiosk_provision(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--csv", "--out", "--hub-url", "--data-dir", "--db"});
    if (!opts || !has_store(*opts) || !opts->contains("--csv") || !opts->contains("--out")) {
        std::cerr << kUsage;
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

int export_command(std::span<const std::string_view> args) {
    const auto opts =
        parse_options(args,
                      {"--data-dir", "--db", "--out", "--format", "--packs", "--kiosk", "--stage",
                       "--site", "--survey", "--language", "--from", "--to", "--include-flagged"},
                      {"--bom"});
    if (!opts || !has_store(*opts) || !opts->contains("--out")) {
        std::cerr << kUsage;
        return 2;
    }
    ExportRequest request;
    request.out = opts->at("--out");
    request.bom = opts->contains("--bom");
    if (opts->contains("--format")) {
        request.format = opts->at("--format");
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
    if (!make_response_writer(request.format, {})) {
        std::cerr << "feedback-hub: --format '" << request.format << "' is not " << kExportFormats
                  << "\n";
        return 2;
    }
    const std::filesystem::path packs_dir = opts->contains("--packs")
                                                ? std::filesystem::path(opts->at("--packs"))
                                                : platform::assets_dir("feedback-hub") / "packs";
    HubStore store(store_location(*opts));
    store.audit("cli", "export", "feedback-hub export " + join_args(args), now_ms());
    const auto written = export_to_file(store, load_packs(packs_dir), request, std::cerr,
                                        isatty(STDERR_FILENO) != 0);
    std::cerr << "feedback-hub: exported " << written << " response" << (written == 1 ? "" : "s")
              << " to " << request.out.string() << "\n";
    return 0;
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
        if (args.size() >= 2 && args[0] == "kiosk" && args[1] == "provision") {
            return kiosk_provision(args.subspan(2));
        }
        if (!args.empty() && args[0] == "export") {
            return export_command(args.subspan(1));
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
