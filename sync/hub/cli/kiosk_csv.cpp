// The site CSV of `feedback-hub kiosk provision`, read and checked row by row: every problem
// of every row is collected before anything is created (kiosk_provision.h).
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <string>

#include "sync/hub/cli/csv_reader.h"
#include "sync/hub/cli/kiosk_provision.h"
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

namespace {

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

}  // namespace

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

}  // namespace fbk::sync::hub
