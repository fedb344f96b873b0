// The XLSX export opened by a real spreadsheet: Debian's LibreOffice, headless, converts what
// the hub sends to CSV (values) and to flat OpenDocument XML (each cell's type), and both are
// compared with the hub's own CSV export of the same responses.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <fstream>

#include <httplib.h>

#include "sync/hub/store/utc_time.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using namespace std::chrono_literals;

namespace {

// LibreOffice's conversion of `file` to `format` ("csv:..." or "fods") in `dir`.
std::filesystem::path convert(const TempDir& dir, const std::filesystem::path& file,
                              const std::string& format, const std::string& extension) {
    const auto [status, out] = run_command(
        {"/usr/bin/soffice", "-env:UserInstallation=file://" + (dir / "lo-profile").string(),
         "--headless", "--convert-to", format, "--outdir", dir.path().string(), file.string()},
        dir / "soffice.log", 120s);
    REQUIRE_MESSAGE(status == 0, read_file(dir / "soffice.log"));
    auto converted = dir / (file.stem().string() + "." + extension);
    REQUIRE_MESSAGE(std::filesystem::exists(converted), out);
    return converted;
}

// A UTC instant as local time in Helsinki, as the sheet shows it (seconds, rounded as a
// spreadsheet rounds a date's fraction).
std::int64_t helsinki_wall_seconds(std::int64_t unix_ms) {
    const char* old = std::getenv("TZ");
    const std::string saved = old != nullptr ? old : "";
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    old != nullptr ? setenv("TZ", saved.c_str(), 1) : unsetenv("TZ");
    tzset();
    return static_cast<std::int64_t>(t) + tm.tm_gmtoff;
}

// "2026-11-03 10:15:07" read as if it were UTC: the wall-clock seconds it shows.
std::int64_t shown_seconds(const std::string& text) {
    std::string iso = text;
    iso[10] = 'T';
    const auto ms = fbk::sync::hub::parse_utc_time(iso + "Z");
    REQUIRE_MESSAGE(ms, text);
    return *ms / 1000;
}

}  // namespace

TEST_CASE("xlsx export: LibreOffice reads typed cells, Helsinki times and Finnish headers") {
    TempDir dir("fbk-xlsx");
    Hub hub(dir / "hub", 0, {}, {}, {"/usr/bin/env", "TZ=Europe/Helsinki"});
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    std::vector<fbk::sync::protocol::Response> answers;
    for (int i = 0; i < 12; ++i) {
        answers.push_back(sample_response(i));
    }
    REQUIRE(hub.post_batch(sample_batch_body(answers), kiosk).first == 200);

    httplib::Client client("127.0.0.1", hub.port());
    const auto xlsx = client.Get("/api/v1/responses?format=xlsx&labels=fi",
                                 {{"Authorization", "Bearer " + analyst}});
    REQUIRE(xlsx);
    REQUIRE(xlsx->status == 200);
    CHECK(xlsx->get_header_value("Content-Type") ==
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(xlsx->body.starts_with("PK"));  // a zip
    write_file(dir / "responses.xlsx", xlsx->body);
    const auto csv = parse_simple_csv(hub.get("/api/v1/responses?format=csv", analyst).second);
    REQUIRE(csv.size() == 12);

    // Values: the first sheet as CSV (UTF-8), row by row against the hub's CSV.
    const auto sheet = parse_simple_csv(read_file(
        convert(dir, dir / "responses.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", "csv")));
    REQUIRE(sheet.size() == 12);
    const std::string satisfaction = "Miten tyytyväinen olet tähänastiseen käyntiisi?";
    for (std::size_t i = 0; i < csv.size(); ++i) {
        CAPTURE(i);
        CHECK(sheet[i].at("response_id") == csv[i].at("response_id"));
        CHECK(sheet[i].at("stage") == csv[i].at("stage"));
        CHECK(sheet[i].at("pack_version") == "2");
        CHECK(sheet[i].at("language") == csv[i].at("language"));
        REQUIRE(sheet[i].contains(satisfaction));
        CHECK(sheet[i].at(satisfaction) == csv[i].at("satisfaction"));
        // "2026-11-24T08:15:30.123Z": whole seconds, then the milliseconds.
        const std::string finished = csv[i].at("finished_at");
        const auto finished_ms =
            fbk::sync::hub::parse_utc_time(finished.substr(0, 19) + "Z").value_or(-1) +
            std::stoll(finished.substr(20, 3));
        REQUIRE(finished_ms > 0);
        CHECK(std::abs(shown_seconds(sheet[i].at("finished_at")) -
                       helsinki_wall_seconds(finished_ms)) <= 1);
    }

    // Types, from the flat OpenDocument XML: dates are dates and numbers are numbers, and the
    // sheets are there.
    const std::string fods = read_file(convert(dir, dir / "responses.xlsx", "fods", "fods"));
    CHECK(fods.find("table:name=\"Responses\"") != std::string::npos);
    CHECK(fods.find("table:name=\"Q1 ") != std::string::npos);
    CHECK(fods.find("table:name=\"Columns\"") != std::string::npos);
    std::size_t dates = 0;
    for (std::size_t at = 0;
         (at = fods.find("office:value-type=\"date\"", at)) != std::string::npos; ++at) {
        ++dates;
    }
    CHECK(dates == 12 * 4);  // started, finished, received, kiosk_finished per response
    CHECK(fods.find("office:value-type=\"float\" office:value=\"2\"") != std::string::npos);

    // The analyst's export is audited with its format; the CLI writes the same, owner-only.
    CHECK(hub.get("/api/v1/audit", hub.create_token("admin", "auditor"))
              .second.find(R"("detail":"/api/v1/responses?format=xlsx&labels=fi")") !=
          std::string::npos);
    const auto [cli_status, cli_out] =
        run_command(hub.cli({"export", "--format", "xlsx", "--labels", "sv", "--out",
                             (dir / "cli.xlsx").string()}),
                    dir / "cli.log");
    CHECK(cli_status == 0);
    struct stat st {};
    REQUIRE(::stat((dir / "cli.xlsx").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(parse_simple_csv(read_file(convert(dir, dir / "cli.xlsx",
                                             "csv:Text - txt - csv (StarCalc):44,34,76", "csv")))
              .size() == 12);
    // A format that is not one gets a 400 that names them all.
    const auto bad =
        client.Get("/api/v1/responses?format=xls", {{"Authorization", "Bearer " + analyst}});
    CHECK(bad->status == 400);
    CHECK(bad->body.find("ndjson, json or xlsx") != std::string::npos);
}
