#include "tests/support/nginx_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace fbk::test {

namespace {

using namespace std::chrono_literals;

// `pattern` replaced by `with` in `text`; throws if the shipped file no longer has it.
void replace_all(std::string& text, const std::string& pattern, const std::string& with) {
    const std::regex re(pattern);
    if (!std::regex_search(text, re)) {
        throw std::runtime_error("the shipped nginx site no longer has " + pattern);
    }
    text = std::regex_replace(text, re, with);
}

// The shipped site on test ports, inside a minimal nginx.conf that keeps every file in `dir`.
std::filesystem::path write_config(const std::filesystem::path& dir, int tls_port, int http_port,
                                   int hub_port, const std::string& cert, const std::string& key,
                                   const NginxOptions& options) {
    std::string site = read_file(source_dir() / "deploy/nginx/feedback-hub.conf");
    replace_all(site, R"(listen 443 ssl http2;)",
                "listen 127.0.0.1:" + std::to_string(tls_port) + " ssl http2;");
    replace_all(site, R"(\n\s*listen \[::\]:\d+[^;]*;)", "");  // no IPv6 in a test namespace
    replace_all(site, R"(listen 80;)", "listen 127.0.0.1:" + std::to_string(http_port) + ";");
    replace_all(site, R"(ssl_certificate\s+\S+;)", "ssl_certificate " + cert + ";");
    replace_all(site, R"(ssl_certificate_key\s+\S+;)", "ssl_certificate_key " + key + ";");
    replace_all(site, R"(127\.0\.0\.1:8080)", "127.0.0.1:" + std::to_string(hub_port));
    write_file(dir / "site.conf", site);
    const std::string d = dir.string();
    // As root (CI), workers would run as nobody and could not enter the test's private
    // directory: they run as the test's user instead.
    const std::string user = ::geteuid() == 0 ? "user root;\n" : "";
    const std::string workers = options.worker_processes == 0
                                    ? std::string("auto")
                                    : std::to_string(options.worker_processes);
    write_file(
        dir / "nginx.conf",
        user + "daemon off;\nworker_processes " + workers + ";\nworker_rlimit_nofile " +
            std::to_string(4 * options.worker_connections) + ";\npid " + d +
            "/nginx.pid;\nerror_log " + d + "/error.log info;\nevents { worker_connections " +
            std::to_string(options.worker_connections) + "; }\nhttp {\n" + "  access_log " + d +
            "/access.log;\n  client_body_temp_path " + d + "/body;\n  proxy_temp_path " + d +
            "/proxy;\n  fastcgi_temp_path " + d + "/fastcgi;\n  uwsgi_temp_path " + d +
            "/uwsgi;\n  scgi_temp_path " + d + "/scgi;\n  include " + d + "/site.conf;\n}\n");
    return dir / "nginx.conf";
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

NginxProxy::NginxProxy(const std::filesystem::path& dir, int hub_port, NginxOptions options)
    : dir_(dir), cert_((dir / "cert.pem").string()) {
    std::filesystem::create_directories(dir_);
    const auto key = (dir_ / "key.pem").string();
    make_loopback_certificate(dir_, cert_, key);
    tls_port_ = free_loopback_port();
    http_port_ = free_loopback_port();
    const auto conf =
        write_config(dir_, tls_port_, http_port_, hub_port, cert_, key, options).string();
    const std::vector<std::string> args = {"-p", dir_.string(), "-c",
                                           conf, "-e",          error_log().string()};
    std::vector<std::string> check = {"/usr/sbin/nginx", "-t"};
    check.insert(check.end(), args.begin(), args.end());
    if (run_command(check, dir_ / "nginx-t.log").first != 0) {
        throw std::runtime_error("nginx -t refused the site: " + read_file(dir_ / "nginx-t.log"));
    }
    std::vector<std::string> serve = {"/usr/sbin/nginx"};
    serve.insert(serve.end(), args.begin(), args.end());
    nginx_ = std::make_unique<Process>(serve, dir_ / "nginx.log");
    // nginx says nothing on stdout when ready: poll until it has bound its port.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!accepts(tls_port_)) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("nginx did not listen: " + nginx_->stderr_text());
        }
        std::this_thread::sleep_for(20ms);  // a poll interval, not synchronisation
    }
}

int NginxProxy::stop() {
    if (!nginx_) {
        return 0;
    }
    nginx_->signal(SIGQUIT);  // nginx's graceful stop
    const int status = nginx_->wait(10s);
    nginx_.reset();
    return status;
}

NginxProxy::~NginxProxy() {
    try {
        stop();
    } catch (...) {  // the Process destructor kills what did not stop
        nginx_.reset();
    }
}

}  // namespace fbk::test
