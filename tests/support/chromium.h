// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe):
// a real browser running the hub's dashboard, with no driver binary or npm module in between.
// Messages are NUL-terminated JSON on fds 3 (to the browser) and 4 (from it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fbk::test {

class HeadlessChromium {
  public:
    // Starts /usr/bin/chromium with a fresh profile in `profile_dir`; its stderr goes to
    // `log_file`. Throws when it cannot start or does not answer.
    HeadlessChromium(const std::filesystem::path& profile_dir,
                     const std::filesystem::path& log_file, int width, int height);
    ~HeadlessChromium();
    HeadlessChromium(const HeadlessChromium&) = delete;
    HeadlessChromium& operator=(const HeadlessChromium&) = delete;

    // Loads `url` and returns when the page's load event fired.
    void navigate(const std::string& url);
    // Runs `script`, which starts a navigation (a click on a link or button), and returns when
    // the page it ends on (after any redirects) fired its load event.
    void load_by(const std::string& script);
    // The value of a JavaScript expression (promises are awaited); throws on a page exception.
    nlohmann::json evaluate(const std::string& expression);
    // True once `condition` (a JavaScript expression) holds, checked by the page itself every
    // 20 ms; false after `timeout`.
    bool wait_until(const std::string& condition, std::chrono::milliseconds timeout);
    // The cookies the browser would send to `url`, as DevTools describes them (name, value,
    // httpOnly, secure, sameSite...): what a test checks of cookies a page may not read.
    nlohmann::json cookies(const std::string& url);
    // A PNG of the whole page, not only the viewport.
    void screenshot(const std::filesystem::path& png);
    // Console errors, uncaught exceptions and browser log errors (CSP violations among them).
    const std::vector<std::string>& problems() const { return problems_; }

  private:
    nlohmann::json call(const std::string& method, nlohmann::json params,
                        std::chrono::milliseconds timeout = std::chrono::seconds(30));
    void await_load(const std::string& failure);
    // Reads one message, or returns null on timeout.
    nlohmann::json read_message(std::chrono::steady_clock::time_point deadline);
    void note_event(const nlohmann::json& message);

    pid_t pid_ = -1;
    int to_browser_ = -1;
    int from_browser_ = -1;
    int next_id_ = 1;
    std::string session_;
    std::string buffer_;
    std::vector<nlohmann::json> events_;
    std::vector<std::string> problems_;
};

}  // namespace fbk::test
