#include "tests/support/chromium.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <openssl/evp.h>

extern char** environ;

namespace fbk::test {

using nlohmann::json;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::string base64_decode(const std::string& text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) {
        throw std::runtime_error("screenshot: the browser sent invalid base64");
    }
    // EVP_DecodeBlock counts the '=' padding as zero bytes.
    std::size_t size = static_cast<std::size_t>(n);
    for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) {
        --size;
    }
    out.resize(size);
    return out;
}

}  // namespace

HeadlessChromium::HeadlessChromium(const std::filesystem::path& profile_dir,
                                   const std::filesystem::path& log_file, int width, int height) {
    int to[2];
    int from[2];
    if (pipe2(to, O_CLOEXEC) != 0 || pipe2(from, O_CLOEXEC) != 0) {
        throw std::runtime_error("cannot create pipes for chromium");
    }
    const std::string profile = "--user-data-dir=" + profile_dir.string();
    const std::string size =
        "--window-size=" + std::to_string(width) + "," + std::to_string(height);
    std::vector<std::string> argv = {kChromium,
                                     "--headless",
                                     "--remote-debugging-pipe",
                                     "--no-sandbox",  // tests may run as root
                                     "--disable-gpu",
                                     "--disable-dev-shm-usage",
                                     "--no-first-run",
                                     "--no-default-browser-check",
                                     "--hide-scrollbars",
                                     "--force-device-scale-factor=1",
                                     profile,
                                     size,
                                     "about:blank"};
    std::vector<char*> args;
    for (auto& a : argv) {
        args.push_back(a.data());
    }
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to[0], 3);
    posix_spawn_file_actions_adddup2(&actions, from[1], 4);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    const int rc = posix_spawn(&pid_, kChromium, &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to[0]);
    close(from[1]);
    to_browser_ = to[1];
    from_browser_ = from[0];
    if (rc != 0) {
        close(to_browser_);
        close(from_browser_);
        throw std::runtime_error(std::string("cannot start ") + kChromium +
                                 " (Debian package chromium): " + std::strerror(rc));
    }
    const auto target = call("Target.createTarget", {{"url", "about:blank"}});
    const auto attached =
        call("Target.attachToTarget", {{"targetId", target.at("targetId")}, {"flatten", true}});
    session_ = attached.at("sessionId").get<std::string>();
    for (const char* domain : {"Page.enable", "Runtime.enable", "Log.enable"}) {
        call(domain, json::object());
    }
    call("Emulation.setDeviceMetricsOverride",
         {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
}

HeadlessChromium::~HeadlessChromium() {
    if (pid_ > 0) {
        const std::string close_message = R"({"id":999999,"method":"Browser.close"})";
        [[maybe_unused]] const auto written =
            write(to_browser_, close_message.c_str(), close_message.size() + 1);
        close(to_browser_);
        // Give it a moment to close cleanly, then make sure.
        for (int i = 0; i < 50; ++i) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            pollfd none{-1, 0, 0};
            poll(&none, 0, 20);
        }
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    close(from_browser_);
}

json HeadlessChromium::read_message(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const auto end = buffer_.find('\0');
        if (end != std::string::npos) {
            auto message = json::parse(buffer_.substr(0, end));
            buffer_.erase(0, end + 1);
            return message;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return nullptr;
        }
        pollfd p{from_browser_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        char chunk[65536];
        const auto n = read(from_browser_, chunk, sizeof chunk);
        if (n <= 0) {
            throw std::runtime_error("chromium closed its DevTools pipe (see its log)");
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

void HeadlessChromium::note_event(const json& message) {
    const std::string method = message.value("method", "");
    const json& params = message.contains("params") ? message["params"] : json::object();
    if (method == "Runtime.exceptionThrown") {
        problems_.push_back("exception: " + params.at("exceptionDetails").value("text", "") + " " +
                            params.at("exceptionDetails")
                                .value("exception", json::object())
                                .value("description", ""));
    } else if (method == "Runtime.consoleAPICalled" && params.value("type", "") == "error") {
        std::string text = "console.error:";
        for (const auto& arg : params.at("args")) {
            text +=
                " " + (arg.contains("value") ? arg["value"].dump() : arg.value("description", ""));
        }
        problems_.push_back(text);
    } else if (method == "Log.entryAdded" && params.at("entry").value("level", "") == "error") {
        problems_.push_back("log: " + params.at("entry").value("text", ""));
    }
    events_.push_back(message);
}

json HeadlessChromium::call(const std::string& method, json params,
                            std::chrono::milliseconds timeout) {
    const int id = next_id_++;
    json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (!session_.empty()) {
        message["sessionId"] = session_;
    }
    const std::string text = message.dump();
    if (write(to_browser_, text.c_str(), text.size() + 1) !=
        static_cast<ssize_t>(text.size() + 1)) {
        throw std::runtime_error("cannot write to chromium's DevTools pipe");
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto reply = read_message(deadline);
        if (reply.is_null()) {
            throw std::runtime_error("chromium did not answer " + method);
        }
        if (reply.contains("id") && reply["id"] == id) {
            if (reply.contains("error")) {
                throw std::runtime_error(method + " failed: " + reply["error"].dump());
            }
            return reply.value("result", json::object());
        }
        note_event(reply);
    }
}

void HeadlessChromium::navigate(const std::string& url) {
    events_.clear();
    call("Page.navigate", {{"url", url}});
    await_load("the page did not load: " + url);
}

void HeadlessChromium::load_by(const std::string& script) {
    events_.clear();
    evaluate(script);
    await_load("no page loaded after `" + script + "`");
}

void HeadlessChromium::await_load(const std::string& failure) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (const auto& e : events_) {
        if (e.value("method", "") == "Page.loadEventFired") {
            return;
        }
    }
    for (;;) {
        auto message = read_message(deadline);
        if (message.is_null()) {
            throw std::runtime_error(failure);
        }
        note_event(message);
        if (message.value("method", "") == "Page.loadEventFired") {
            return;
        }
    }
}

json HeadlessChromium::evaluate(const std::string& expression) {
    const auto result =
        call("Runtime.evaluate",
             {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}});
    if (result.contains("exceptionDetails")) {
        throw std::runtime_error("page exception in `" + expression +
                                 "`: " + result["exceptionDetails"].dump());
    }
    return result.at("result").value("value", json());
}

bool HeadlessChromium::wait_until(const std::string& condition, std::chrono::milliseconds timeout) {
    const std::string script = "new Promise((resolve) => { const end = performance.now() + " +
                               std::to_string(timeout.count()) + "; const check = () => { if (" +
                               condition +
                               ") resolve(true); else if (performance.now() > end) "
                               "resolve(false); else setTimeout(check, 20); }; check(); })";
    return evaluate(script).get<bool>();
}

json HeadlessChromium::cookies(const std::string& url) {
    return call("Network.getCookies", {{"urls", {url}}}).value("cookies", json::array());
}

void HeadlessChromium::screenshot(const std::filesystem::path& png) {
    // The viewport grows to the page's height for the shot, then returns to its size.
    const auto size = evaluate(
        "[window.innerWidth, window.innerHeight, "
        "document.documentElement.scrollHeight]");
    const auto metrics = [&](const json& height) {
        call("Emulation.setDeviceMetricsOverride",
             {{"width", size[0]}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
    };
    metrics(std::max(size[1].get<int>(), size[2].get<int>()));
    const auto shot = call("Page.captureScreenshot", {{"format", "png"}});
    metrics(size[1]);
    std::ofstream out(png, std::ios::binary);
    out << base64_decode(shot.at("data").get<std::string>());
    if (!out) {
        throw std::runtime_error("cannot write " + png.string());
    }
}

}  // namespace fbk::test
