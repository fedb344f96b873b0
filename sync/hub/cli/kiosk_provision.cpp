#include "sync/hub/cli/kiosk_provision.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

#include "sync/hub/cli/csv_reader.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/printable.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::hub {

namespace {

constexpr std::array<std::string_view, 6> kColumns = {"kiosk_id",  "stage",    "site",
                                                      "wifi_ssid", "wifi_psk", "wifi_country"};
// The kiosk's own `stage` setting also takes this: the survey asks the patient.
constexpr std::string_view kAskPatient = "ask";

std::string column_list() {
    std::string out;
    for (const auto c : kColumns) {
        out += (out.empty() ? "" : ", ") + std::string(c);
    }
    return out;
}

std::string stage_list() {
    std::string out;
    for (const auto s : protocol::known_stages()) {
        out += (out.empty() ? "" : ", ") + std::string(s);
    }
    return out;
}

// "errno text" for a failed system call on `path`.
[[noreturn]] void throw_errno(std::string_view what, const std::filesystem::path& path) {
    throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

// Makes `dir` with mode 0700 (whatever the umask); false when it existed already.
bool make_private_dir(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0) {
        if (errno == EEXIST && std::filesystem::is_directory(dir)) {
            return false;
        }
        throw_errno("cannot create directory", dir);
    }
    if (::chmod(dir.c_str(), 0700) != 0) {
        throw_errno("cannot set the mode of", dir);
    }
    return true;
}

void sync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot open directory", dir);
    }
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) {
        throw_errno("cannot sync directory", dir);
    }
}

// `text` in `file` with mode 0600, on disk when this returns.
void write_private_file(const std::filesystem::path& file, std::string_view text) {
    const int fd =
        ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw_errno("cannot create", file);
    }
    bool ok = ::fchmod(fd, 0600) == 0;
    for (std::size_t done = 0; ok && done < text.size();) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        errno = saved;
        throw_errno("cannot write", file);
    }
}

// Everything provision_kiosks made so far, removed again unless it all worked.
class Undo {
  public:
    Undo() = default;
    Undo(const Undo&) = delete;
    Undo& operator=(const Undo&) = delete;
    ~Undo() {
        if (done_) {
            return;
        }
        for (auto it = made_.rbegin(); it != made_.rend(); ++it) {
            std::error_code ec;
            std::filesystem::remove(*it, ec);  // a directory only if it is empty
        }
    }
    void made(const std::filesystem::path& path) { made_.push_back(path); }
    void keep() { done_ = true; }

  private:
    std::vector<std::filesystem::path> made_;
    bool done_ = false;
};

}  // namespace

std::string ini_value_problem(std::string_view value) {
    if (std::any_of(value.begin(), value.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u < 0x20 || u == 0x7F;
        })) {
        return "a line break or other control character cannot go in a provisioning file";
    }
    if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) {
        return "leading or trailing spaces cannot go in a provisioning file";
    }
    if (value.find_first_of("#;") != std::string_view::npos) {
        return "'#' and ';' cannot go in a provisioning file";
    }
    return {};
}

using ColumnIndex = std::map<std::string, std::size_t, std::less<>>;
// Records one problem of a row: the column, the value when it may be shown, and why.
using RowProblem =
    std::function<void(std::string_view column, std::string_view value, std::string_view why)>;

// The header: which column holds what. Unknown, repeated and missing required columns are
// problems at `at` (the header's line).
ColumnIndex read_header(const CsvRecord& header, const std::string& at,
                        std::vector<std::string>& problems) {
    ColumnIndex column;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const auto& name = header.fields[i];
        if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
            problems.push_back(at + "column '" + protocol::printable(name) +
                               "': unknown; the columns are " + column_list() +
                               " (names exactly so, in any order)");
        } else if (!column.emplace(name, i).second) {
            problems.push_back(at + "column '" + name + "': appears twice");
        }
    }
    for (const std::string_view required : {"kiosk_id", "stage"}) {
        if (!column.contains(required)) {
            problems.push_back(at + "column '" + std::string(required) +
                               "': missing, and it is required");
        }
    }
    return column;
}

// kiosk_id (unique in the file), stage and site.
void check_identity(const KioskRow& row,
                    std::map<std::string, std::size_t, std::less<>>& first_line_of,
                    const RowProblem& problem) {
    if (row.kiosk_id.empty()) {
        problem("kiosk_id", {}, "required");
    } else if (!protocol::is_plain_id(row.kiosk_id)) {
        problem("kiosk_id", row.kiosk_id, "must be 1-64 characters of a-z, 0-9, '-', '_'");
    } else if (const auto [it, added] = first_line_of.emplace(row.kiosk_id, row.line); !added) {
        problem("kiosk_id", row.kiosk_id,
                "also on line " + std::to_string(it->second) +
                    "; each kiosk needs its own row (and its own token)");
    }
    if (row.stage.empty()) {
        problem("stage", {}, "required");
    } else if (!protocol::is_known_stage(row.stage) && row.stage != kAskPatient) {
        problem("stage", row.stage, "must be a journey stage code (" + stage_list() + ") or 'ask'");
    }
    if (!row.site.empty() && !protocol::is_plain_id(row.site)) {
        problem("site", row.site, "must be 1-64 characters of a-z, 0-9, '-', '_'");
    }
}

// The Wi-Fi columns. The key is a secret: its problems never show it.
void check_wifi(const KioskRow& row, const RowProblem& problem) {
    if (!row.wifi_ssid.empty()) {
        if (const auto why = ini_value_problem(row.wifi_ssid); !why.empty()) {
            problem("wifi_ssid", row.wifi_ssid, why);
        } else if (row.wifi_ssid.size() > 32) {
            problem("wifi_ssid", row.wifi_ssid, "longer than a Wi-Fi name can be (32 bytes)");
        }
    }
    if (!row.wifi_psk.empty()) {
        const bool printable = std::all_of(row.wifi_psk.begin(), row.wifi_psk.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x20 && u < 0x7F;
        });
        if (row.wifi_ssid.empty()) {
            problem("wifi_psk", {}, "given without wifi_ssid");
        } else if (row.wifi_psk.size() < 8 || row.wifi_psk.size() > 63) {
            problem("wifi_psk", {},
                    "must be 8 to 63 characters (this one has " +
                        std::to_string(row.wifi_psk.size()) + ")");
        } else if (!printable) {
            problem("wifi_psk", {}, "must be printable ASCII characters");
        } else if (const auto why = ini_value_problem(row.wifi_psk); !why.empty()) {
            problem("wifi_psk", {}, why);
        }
    }
    const bool country_ok = row.wifi_country.size() == 2 &&
                            std::all_of(row.wifi_country.begin(), row.wifi_country.end(),
                                        [](char c) { return c >= 'A' && c <= 'Z'; });
    if (row.wifi_ssid.empty() && !row.wifi_country.empty()) {
        problem("wifi_country", row.wifi_country, "given without wifi_ssid");
    } else if (!row.wifi_ssid.empty() && row.wifi_country.empty()) {
        problem("wifi_country", {},
                "required with wifi_ssid: the two-letter country code (e.g. FI) that sets "
                "the allowed Wi-Fi channels");
    } else if (!row.wifi_country.empty() && !country_ok) {
        problem("wifi_country", row.wifi_country,
                "must be a two-letter country code in capitals, e.g. FI");
    }
}

KioskCsv read_kiosk_csv(std::string_view text, std::string_view file) {
    KioskCsv out;
    const auto where = [&](std::size_t line) {
        return std::string(file) + ":" + std::to_string(line) + ": ";
    };
    const auto table = parse_csv(text);
    if (table.problem) {
        out.problems.push_back(where(table.problem->line) + table.problem->message);
        return out;
    }
    if (table.records.empty()) {
        out.problems.push_back(where(1) + "no header row: the first line names the columns (" +
                               column_list() + ")");
        return out;
    }

    // The header: which column holds what.
    const auto& header = table.records.front();
    const ColumnIndex column = read_header(header, where(header.line), out.problems);
    if (!out.problems.empty()) {
        return out;
    }

    std::map<std::string, std::size_t, std::less<>> first_line_of;
    for (std::size_t r = 1; r < table.records.size(); ++r) {
        const auto& record = table.records[r];
        const std::string at = where(record.line);
        // A spreadsheet may save an emptied row as ",,,": not a kiosk, and not a mistake.
        if (std::all_of(record.fields.begin(), record.fields.end(),
                        [](const std::string& f) { return f.empty(); })) {
            continue;
        }
        if (record.fields.size() != header.fields.size()) {
            out.problems.push_back(at + std::to_string(record.fields.size()) +
                                   " fields, but the header has " +
                                   std::to_string(header.fields.size()));
            continue;
        }
        const auto value = [&](std::string_view name) -> std::string {
            const auto it = column.find(name);
            return it == column.end() ? std::string() : record.fields[it->second];
        };
        const std::size_t before = out.problems.size();
        const auto problem = [&](std::string_view name, std::string_view val,
                                 std::string_view why) {
            out.problems.push_back(at + std::string(name) +
                                   (val.empty() ? "" : " '" + protocol::printable(val) + "'") +
                                   ": " + std::string(why));
        };
        const KioskRow row{record.line,          value("kiosk_id"),  value("stage"),
                           value("site"),        value("wifi_ssid"), value("wifi_psk"),
                           value("wifi_country")};

        check_identity(row, first_line_of, problem);
        check_wifi(row, problem);
        if (out.problems.size() == before) {
            out.kiosks.push_back(row);
        }
    }
    if (out.problems.empty() && out.kiosks.empty()) {
        out.problems.push_back(where(header.line) + "no kiosks: there is no row after the header");
    }
    return out;
}

std::vector<std::string> output_problems(std::span<const KioskRow> kiosks,
                                         const std::filesystem::path& out, std::string_view file) {
    std::vector<std::string> problems;
    std::error_code ec;
    if (std::filesystem::exists(out, ec) && !std::filesystem::is_directory(out, ec)) {
        problems.push_back("--out " + out.string() + ": exists and is not a directory");
        return problems;
    }
    for (const auto& kiosk : kiosks) {
        const auto dir = out / kiosk.kiosk_id;
        const auto target = dir / kProvisionFileName;
        const std::string at = std::string(file) + ":" + std::to_string(kiosk.line) +
                               ": kiosk_id '" + kiosk.kiosk_id + "': ";
        if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
            problems.push_back(at + dir.string() + " exists and is not a directory");
            continue;
        }
        const auto status = std::filesystem::symlink_status(target, ec);
        if (status.type() == std::filesystem::file_type::not_found) {
            continue;
        }
        if (ec) {
            problems.push_back(at + "cannot check " + target.string() + ": " + ec.message());
        } else {
            problems.push_back(at + target.string() +
                               " exists already: this kiosk was provisioned before. To provision "
                               "it again, revoke its token (feedback-hub token revoke --kiosk " +
                               kiosk.kiosk_id + ") and remove that file");
        }
    }
    return problems;
}

std::string provision_file_text(const KioskRow& kiosk, std::string_view token,
                                std::string_view hub_url) {
    std::string out = "# Feedback Kiosk provisioning file for kiosk " + kiosk.kiosk_id +
                      ". Copy it to the boot partition of that\n"
                      "# kiosk as " +
                      std::string(kProvisionFileName) +
                      "; it is read on first boot and then erased.\n"
                      "[kiosk]\n"
                      "id = " +
                      kiosk.kiosk_id + "\nstage = " + kiosk.stage + "\n";
    if (!kiosk.site.empty()) {
        out += "site = " + kiosk.site + "\n";
    }
    out += "\n[hub]\ntoken = " + std::string(token) + "\n";
    if (!hub_url.empty()) {
        out += "url = " + std::string(hub_url) + "\n";
    }
    if (!kiosk.wifi_ssid.empty()) {
        out += "\n[wifi]\nssid = " + kiosk.wifi_ssid + "\n";
        if (!kiosk.wifi_psk.empty()) {
            out += "psk = " + kiosk.wifi_psk + "\n";
        }
        out += "country = " + kiosk.wifi_country + "\n";
    }
    return out;
}

std::vector<std::filesystem::path> provision_kiosks(HubStore& store,
                                                    std::span<const KioskRow> kiosks,
                                                    const std::filesystem::path& out,
                                                    std::string_view hub_url, std::int64_t now_ms) {
    std::vector<std::string> ids;
    std::vector<std::filesystem::path> files;
    for (const auto& kiosk : kiosks) {
        ids.push_back(kiosk.kiosk_id);
        files.push_back(out / kiosk.kiosk_id / kProvisionFileName);
    }
    Undo undo;
    // Inside the tokens' transaction: if anything here fails, no token is stored.
    const auto publish = [&](std::span<const std::string> tokens) {
        // Missing parents of `out` are made too (as mkdir -p would), and removed on failure.
        std::vector<std::filesystem::path> missing;
        for (auto dir = out.parent_path(); !dir.empty() && !std::filesystem::exists(dir);
             dir = dir.parent_path()) {
            missing.insert(missing.begin(), dir);
        }
        for (const auto& dir : missing) {
            if (std::filesystem::create_directory(dir)) {
                undo.made(dir);
            }
        }
        if (make_private_dir(out)) {
            undo.made(out);
        }
        std::vector<std::filesystem::path> parts;
        for (std::size_t i = 0; i < kiosks.size(); ++i) {
            if (make_private_dir(files[i].parent_path())) {
                undo.made(files[i].parent_path());
            }
            parts.push_back(files[i].string() + ".part");
            undo.made(parts.back());
            write_private_file(parts.back(), provision_file_text(kiosks[i], tokens[i], hub_url));
        }
        // A file with the final name is always complete; refuse to replace one that appeared
        // meanwhile.
        for (std::size_t i = 0; i < kiosks.size(); ++i) {
            if (std::filesystem::exists(files[i])) {
                throw std::runtime_error(files[i].string() + " appeared while provisioning");
            }
            if (::rename(parts[i].c_str(), files[i].c_str()) != 0) {
                throw_errno("cannot rename to", files[i]);
            }
            undo.made(files[i]);
            sync_dir(files[i].parent_path());
        }
        sync_dir(out);
    };
    store.create_kiosk_tokens(ids, now_ms, publish);
    undo.keep();
    return files;
}

}  // namespace fbk::sync::hub
