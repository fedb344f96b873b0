// `feedback-hub serve`: the HTTP API until SIGINT or SIGTERM, with systemd's readiness and a
// watchdog that is fed only while the hub's own /healthz answers.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>
#include <tuple>

#include "sync/hub/cli/options.h"
#include "sync/hub/http/hub_server.h"
#include "sync/hub/http/self_check.h"
#include "sync/protocol/clock_time.h"
#include "sync/service/install_layout.h"
#include "sync/service/service_notify.h"

namespace fbk::sync::hub::cli {

namespace {

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
// The SMTP relay for alert e-mail (alerts/email.h); false after saying what is wrong.
bool parse_smtp(const Options& opts, alerts::SmtpSettings& smtp) {
    for (const auto& [name, target] :
         {std::pair{"--smtp-url", &smtp.url}, std::pair{"--smtp-from", &smtp.from},
          std::pair{"--smtp-user", &smtp.user}}) {
        if (opts.contains(name)) {
            *target = opts.at(name);
        }
    }
    if (!smtp.url.empty() &&
        (!(smtp.url.starts_with("smtp://") || smtp.url.starts_with("smtps://")) ||
         smtp.from.find('@') == std::string::npos)) {
        std::cerr << "feedback-hub: --smtp-url must be smtp://HOST:PORT (STARTTLS) or "
                     "smtps://HOST:PORT, with --smtp-from ADDRESS\n";
        return false;
    }
    if (opts.contains("--smtp-ca")) {
        smtp.ca_file = opts.at("--smtp-ca");
    }
    if (opts.contains("--smtp-password-file")) {
        std::ifstream file(opts.at("--smtp-password-file"));
        if (!std::getline(file, smtp.password)) {
            std::cerr << "feedback-hub: --smtp-password-file: cannot read "
                      << opts.at("--smtp-password-file") << "\n";
            return false;
        }
    }
    return true;
}

// --alert-check, --alert-retry and the SMTP relay; false after saying which one is wrong.
bool read_alert_options(const Options& opts, HubServerOptions& options) {
    for (const auto& [name, target, low] :
         {std::tuple{"--alert-check", &options.alert_check_every, 0},
          std::tuple{"--alert-retry", &options.alert_first_retry, 1}}) {
        if (opts.contains(name)) {
            const auto n = number_option(opts, name, low, 24 * 3600);
            if (!n) {
                return false;
            }
            *target = std::chrono::seconds(*n);
        }
    }
    if (!parse_smtp(opts, options.smtp)) {
        return false;
    }
    return true;
}

// When a kiosk is silent: --silent-after, --opening-hours, --site-hours.
bool read_silence_options(const Options& opts, SilencePolicy& silence) {
    if (opts.contains("--silent-after")) {
        const auto n = number_option(opts, "--silent-after", 1, 7 * 24 * 60);
        if (!n) {
            return false;
        }
        silence.silent_after_ms = *n * 60'000;
    }
    if (opts.contains("--opening-hours")) {
        auto hours = protocol::parse_opening_hours(opts.at("--opening-hours"));
        if (hours.error) {
            std::cerr << "feedback-hub: --opening-hours: " << *hours.error << "\n";
            return false;
        }
        silence.hours = std::move(hours.hours);
    }
    if (opts.contains("--site-hours")) {
        std::string problem;
        auto sites = load_site_hours(opts.at("--site-hours"), problem);
        if (!sites) {
            std::cerr << "feedback-hub: --site-hours " << problem << "\n";
            return false;
        }
        silence.sites = std::move(*sites);
    }
    return true;
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
    if (opts.contains("--heartbeat-interval")) {
        // Kiosks never check in more often than every 10 s, whatever a hub advertises.
        const auto n = number_option(opts, "--heartbeat-interval", 10, 86'400);
        if (!n) {
            return false;
        }
        options.heartbeat_interval_ms = *n * 1000;
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
    if (!read_alert_options(opts, options) || !read_silence_options(opts, options.silence)) {
        return false;
    }
    if (opts.contains("--oidc-config")) {
        std::string problem;
        options.oidc = signin::read_oidc_config(opts.at("--oidc-config"), problem);
        if (!options.oidc) {
            std::cerr << "feedback-hub: --oidc-config " << opts.at("--oidc-config") << ": "
                      << problem << "\n";
            return false;
        }
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
    service::ServiceNotifier notifier_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace

namespace {

// clang-format off
const std::initializer_list<std::string_view> kServeOptions = {
    "--data-dir", "--db", "--db-connections", "--listen", "--packs", "--tls-cert", "--tls-key",
    "--max-batch", "--heartbeat-interval", "--rate-limit", "--client-timeout", "--body-timeout", "--max-connections",
    "--max-connections-per-client", "--silent-after", "--opening-hours", "--site-hours",
    "--lexicons", "--alert-check", "--alert-retry", "--smtp-url", "--smtp-from", "--smtp-ca", "--oidc-config",
    "--smtp-user", "--smtp-password-file"};
// clang-format on

}  // namespace

int serve(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, kServeOptions);
    if (!opts || !has_store(*opts) || !opts->contains("--listen")) {
        print_usage(std::cerr);
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
                                                : service::assets_dir("feedback-hub") / "packs";

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
    options.comment_analyser = load_lexicons_option(*opts);  // throws, naming every problem
    HubStore store(location);
    std::cerr << "feedback-hub: storing in "
              << (location.postgres_url.empty()
                      ? "SQLite " + (location.data_dir / "hub.sqlite3").string()
                      : "PostgreSQL " + sql::redacted_url(location.postgres_url))
              << "\n";
    report_comment_analysis(store, *options.comment_analyser);
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

}  // namespace fbk::sync::hub::cli
