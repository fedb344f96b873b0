#include "tests/support/fixtures.h"

#include <signal.h>

#include <sstream>
#include <stdexcept>

#include <httplib.h>

#include "sync/uploader/gzip.h"

namespace fbk::test {

std::string hub_exe() {
    return FBK_HUB_EXE;
}
std::string kiosk_exe() {
    return FBK_KIOSK_EXE;
}
Hub::Hub(const std::filesystem::path& work_dir, int port,
         const std::vector<std::string>& extra_args)
    : dir_(work_dir) {
    std::filesystem::create_directories(dir_);
    std::vector<std::string> argv{hub_exe(),    "serve",
                                  "--data-dir", (dir_ / "hub-data").string(),
                                  "--listen",   "127.0.0.1:" + std::to_string(port)};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<Process>(argv, dir_ / "hub.log");
    const std::string line = process_->wait_for_line("listening on", 20s);
    url_ = line.substr(line.find("http"));
    port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
}

Hub::~Hub() {
    stop();
}

void Hub::stop() {
    if (process_) {
        process_->signal(SIGTERM);
        process_->wait(20s);
    }
}

void Hub::kill() {
    if (process_) {
        process_->signal(SIGKILL);
        process_->wait(20s);
    }
}

std::string Hub::create_token(const std::string& kind, const std::string& subject) {
    const auto [status, out] = run_command({hub_exe(), "token", "create", "--" + kind, subject,
                                            "--data-dir", (dir_ / "hub-data").string()},
                                           dir_ / "token.log");
    if (status != 0) {
        throw std::runtime_error("token create failed: " + read_file(dir_ / "token.log"));
    }
    return out.substr(0, out.find('\n'));
}

std::pair<int, std::string> Hub::get(const std::string& path, const std::string& token) const {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    const auto res = client.Get(path.c_str(), headers);
    if (!res) {
        throw std::runtime_error("GET " + path + " failed: " + httplib::to_string(res.error()));
    }
    return {res->status, res->body};
}

std::pair<int, std::string> Hub::post_batch(const std::string& body, const std::string& token,
                                            bool compress) const {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    if (compress) {
        headers.emplace("Content-Encoding", "gzip");
    }
    const auto res =
        client.Post("/api/v1/batches", headers, compress ? gzip(body) : body, "application/json");
    if (!res) {
        throw std::runtime_error("POST failed: " + httplib::to_string(res.error()));
    }
    return {res->status, res->body};
}

KioskSetup kiosk_setup(std::string hub_url, std::string token) {
    KioskSetup s;
    s.hub_url = std::move(hub_url);
    s.token = std::move(token);
    return s;
}

std::filesystem::path write_kiosk_config(const std::filesystem::path& dir, const KioskSetup& s) {
    const auto file = dir / "kiosk.conf";
    std::ostringstream c;
    c << "[kiosk]\n"
      << "id = " << s.kiosk_id << "\n"
      << "stage = " << s.stage << "\n"
      << "pack = " << (source_dir() / "assets/packs/default-healthcare.json").string() << "\n"
      << "languages = " << s.languages << "\n"
      << "data_dir = " << (s.data_dir.empty() ? (dir / "kiosk-data") : s.data_dir).string() << "\n"
      << (s.staff_pin.empty() ? "" : "staff_pin = " + s.staff_pin + "\n") << "[hub]\n"
      << "url = " << s.hub_url << "\n"
      << "token = " << s.token << "\n"
      << "[sync]\n"
      << "retry_initial = " << s.retry_initial << "\n"
      << "retry_max = " << s.retry_max << "\n"
      << s.extra_config;
    write_file(file, c.str());
    return file;
}

std::vector<std::map<std::string, std::string>> parse_simple_csv(const std::string& csv) {
    std::vector<std::map<std::string, std::string>> rows;
    std::istringstream in(csv);
    std::string line;
    std::vector<std::string> header;
    const auto split = [](std::string l) {
        if (!l.empty() && l.back() == '\r') {
            l.pop_back();
        }
        std::vector<std::string> cells;
        std::stringstream ls(l);
        std::string cell;
        while (std::getline(ls, cell, ',')) {
            cells.push_back(cell);
        }
        if (!l.empty() && l.back() == ',') {
            cells.emplace_back();
        }
        return cells;
    };
    while (std::getline(in, line)) {
        const auto cells = split(line);
        if (header.empty()) {
            header = cells;
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) {
            row[header[i]] = i < cells.size() ? cells[i] : "";
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string gzip(const std::string& data) {
    return sync::uploader::gzip_compress(data);
}

}  // namespace fbk::test
