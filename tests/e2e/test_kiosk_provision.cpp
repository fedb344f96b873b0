// `feedback-hub kiosk provision` as IT staff use it: a site's CSV in, one private provisioning
// file per kiosk out, each with a token that the running hub accepts for that kiosk only; and a
// CSV with any bad row creates nothing at all.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
namespace fs = std::filesystem;

namespace {

// Permission bits of `path` (without following a symlink), or -1.
int mode_of(const fs::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

// The value of the file's `token = ` line, or empty.
std::string token_in(const std::string& file_text) {
    const std::string key = "\ntoken = ";
    const auto at = file_text.find(key);
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + key.size();
    return file_text.substr(start, file_text.find('\n', start) - start);
}

struct Expected {
    std::string id;
    std::string body_after_token;  // what the file holds after its token line
    std::string head;              // what it holds before "[hub]"
};

const std::string kHubUrl = "https://feedback.example-hospital.fi";

std::string header_comment(const std::string& id) {
    return "# Feedback Kiosk provisioning file for kiosk " + id +
           ". Copy it to the boot partition of that\n"
           "# kiosk as feedback-kiosk.provision; it is read on first boot and then erased.\n";
}

}  // namespace

TEST_CASE("kiosk provision writes a private file per kiosk whose token the hub accepts") {
    TempDir dir("fbk-provision");
    Hub hub(dir.path());
    // Columns in a free order, CRLF as Excel writes, RFC 4180 quoting (a comma and a doubled
    // quote in the Wi-Fi fields), an empty site, a kiosk without Wi-Fi and an open network.
    const auto csv = dir / "kiosks.csv";
    write_file(csv,
               "stage,kiosk_id,site,wifi_ssid,wifi_psk,wifi_country\r\n"
               "WAITING,er-lobby-1,north,\"Clinic, Staff\",\"pa ss\"\"word-1\",FI\r\n"
               "DISCHARGE,er-exit,,,,\r\n"
               "\"ask\",dental-2,south,ClinicOpen,,SE\r\n");
    const auto out = dir / "provision";
    REQUIRE_FALSE(fs::exists(out));

    const auto command = hub.cli(
        {"kiosk", "provision", "--csv", csv.string(), "--out", out.string(), "--hub-url", kHubUrl});
    const auto [status, stdout_text] = run_command(command, dir / "provision.log");
    const std::string log = read_file(dir / "provision.log");
    REQUIRE_MESSAGE(status == 0, log);

    const std::vector<Expected> expected = {
        {"er-lobby-1",
         "url = " + kHubUrl +
             "\n\n[wifi]\nssid = Clinic, Staff\npsk = pa ss\"word-1\ncountry = FI\n",
         header_comment("er-lobby-1") +
             "[kiosk]\nid = er-lobby-1\nstage = WAITING\nsite = north\n\n"},
        {"er-exit", "url = " + kHubUrl + "\n",
         header_comment("er-exit") + "[kiosk]\nid = er-exit\nstage = DISCHARGE\n\n"},
        {"dental-2", "url = " + kHubUrl + "\n\n[wifi]\nssid = ClinicOpen\ncountry = SE\n",
         header_comment("dental-2") + "[kiosk]\nid = dental-2\nstage = ask\nsite = south\n\n"},
    };

    CHECK(mode_of(out) == 0700);
    std::vector<std::string> tokens;
    for (const auto& kiosk : expected) {
        CAPTURE(kiosk.id);
        const auto file = out / kiosk.id / "feedback-kiosk.provision";
        REQUIRE(fs::is_regular_file(file));
        CHECK(mode_of(out / kiosk.id) == 0700);
        CHECK(mode_of(file) == 0600);
        CHECK_FALSE(fs::exists(file.string() + ".part"));
        const std::string text = read_file(file);
        const std::string token = token_in(text);
        REQUIRE(token.starts_with("fbk_kiosk_"));
        CHECK(text == kiosk.head + "[hub]\ntoken = " + token + "\n" + kiosk.body_after_token);
        tokens.push_back(token);

        // One line per kiosk on stdout, pointing at its file.
        CHECK(stdout_text.find(kiosk.id) != std::string::npos);
        CHECK(stdout_text.find("-> " + file.string() + "\n") != std::string::npos);
        // Never the token, neither on stdout nor in the log.
        CHECK(stdout_text.find(token) == std::string::npos);
        CHECK(log.find(token) == std::string::npos);
    }
    CHECK(stdout_text.find("er-lobby-1  WAITING    north  -> ") != std::string::npos);
    CHECK(stdout_text.find("er-exit     DISCHARGE  -      -> ") != std::string::npos);
    CHECK(stdout_text.find("provisioned 3 kiosks") != std::string::npos);
    CHECK(stdout_text.find("fbk_kiosk_") == std::string::npos);
    CHECK(stdout_text.find("word-1") == std::string::npos);  // nor a Wi-Fi key
    CHECK(tokens[0] != tokens[1]);
    CHECK(tokens[1] != tokens[2]);
    CHECK(hub.token_subjects("kiosk") ==
          std::vector<std::string>{"dental-2", "er-exit", "er-lobby-1"});

    // Each token works against the running hub, as its own kiosk and as no other.
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(expected[i].id);
        CHECK(hub.get("/api/v1/kiosk/settings", tokens[i]).first == 200);
        CHECK(hub.send_heartbeat(heartbeat_of(expected[i].id), tokens[i]) == 200);
        const auto& other = expected[(i + 1) % expected.size()].id;
        CHECK(hub.send_heartbeat(heartbeat_of(other), tokens[i]) == 403);
        CHECK(hub.get("/api/v1/kiosks", tokens[i]).first == 403);  // not an admin token
    }
    auto forged = tokens[0];
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    CHECK(hub.get("/api/v1/kiosk/settings", forged).first == 401);

    // Running it again must not issue second tokens: refused, and the files stay as they are.
    const auto first_file = read_file(out / "er-lobby-1/feedback-kiosk.provision");
    const auto [again, again_out] = run_command(command, dir / "again.log");
    const std::string again_log = read_file(dir / "again.log");
    CHECK(again == 2);
    CHECK_MESSAGE(again_log.find(csv.string() + ":2: kiosk_id 'er-lobby-1': " +
                                 (out / "er-lobby-1/feedback-kiosk.provision").string() +
                                 " exists already") != std::string::npos,
                  again_log);
    CHECK(again_log.find(csv.string() + ":4: kiosk_id 'dental-2'") != std::string::npos);
    CHECK(again_out.find("provisioned") == std::string::npos);
    CHECK(read_file(out / "er-lobby-1/feedback-kiosk.provision") == first_file);
    CHECK(hub.token_subjects("kiosk").size() == 3);
}

TEST_CASE("kiosk provision refuses a plain http hub URL and creates nothing") {
    TempDir dir("fbk-provision");
    write_file(dir / "kiosks.csv", "kiosk_id,stage\nlobby-1,WAITING\n");
    const auto [status, out] = run_command(
        {hub_exe(), "kiosk", "provision", "--csv", (dir / "kiosks.csv").string(), "--out",
         (dir / "out").string(), "--hub-url", "http://feedback.example-hospital.fi", "--data-dir",
         (dir / "hub-data").string()},
        dir / "provision.log");
    CHECK(status == 2);
    CHECK(read_file(dir / "provision.log")
              .find("--hub-url 'http://feedback.example-hospital.fi' is not an https:// URL") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
}

TEST_CASE("kiosk provision refuses a CSV with any bad row and creates nothing") {
    TempDir dir("fbk-provision");
    Hub hub(dir.path());  // its database exists, so the tokens in it can be counted
    struct Case {
        std::string name;
        std::string csv;
        std::string message;  // after "FILE:"
        std::string secret;   // must not appear in the message
    };
    const std::vector<Case> cases = {
        {"a bad id after good rows",
         "kiosk_id,stage,site\nlobby-1,WAITING,north\nlobby-2,ARRIVAL,north\nA B,WAITING,north\n",
         "4: kiosk_id 'A B': must be 1-64 characters of a-z, 0-9, '-', '_'", ""},
        {"a duplicate id", "kiosk_id,stage\nk1,WAITING\nk2,WAITING\nk1,DISCHARGE\n",
         "4: kiosk_id 'k1': also on line 2", ""},
        {"a quoted line break, which also moves the next row to line 4",
         "kiosk_id,stage,wifi_ssid,wifi_country\nk1,WAITING,\"two\nlines\",FI\nk2,,,\n",
         "2: wifi_ssid 'two\\nlines': a line break", ""},
        {"a quoted line break, and the row after it",
         "kiosk_id,stage,site\nk1,WAITING,\"x\ny\"\nk2,,\n", "4: stage: required", ""},
        {"too few fields", "kiosk_id,stage,site\nk1,WAITING\n", "2: 2 fields, but the header has 3",
         ""},
        {"a short Wi-Fi key, never shown",
         "kiosk_id,stage,wifi_ssid,wifi_psk,wifi_country\nk1,WAITING,Clinic,s3cret!,FI\n",
         "2: wifi_psk: must be 8 to 63 characters", "s3cret!"},
        {"Wi-Fi without a country", "kiosk_id,stage,wifi_ssid\nk1,WAITING,Clinic\n",
         "2: wifi_country: required with wifi_ssid", ""},
        {"an unknown column", "kiosk_id,stage,colour\nk1,WAITING,blue\n",
         "1: column 'colour': unknown", ""},
        {"an unknown stage", "kiosk_id,stage\nk1,Waiting\n", "2: stage 'Waiting': must be", ""},
        {"a comment character", "kiosk_id,stage,wifi_ssid,wifi_country\nk1,WAITING,Clinic#2,FI\n",
         "2: wifi_ssid 'Clinic#2': '#' and ';' cannot go in a provisioning file", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto csv = dir / "kiosks.csv";
        write_file(csv, c.csv);
        const auto out = dir / "provision";
        const auto [status, stdout_text] = run_command(
            hub.cli({"kiosk", "provision", "--csv", csv.string(), "--out", out.string()}),
            dir / "provision.log");
        const std::string log = read_file(dir / "provision.log");
        CHECK(status == 2);
        CHECK_MESSAGE(log.find(csv.string() + ":" + c.message) != std::string::npos, log);
        CHECK(log.find("nothing provisioned") != std::string::npos);
        if (!c.secret.empty()) {
            CHECK(log.find(c.secret) == std::string::npos);
        }
        CHECK(stdout_text.empty());
        CHECK_FALSE(fs::exists(out));
        CHECK(hub.token_subjects("kiosk").empty());
    }

    // A failure after the checks, while the files are written, also leaves nothing: here the
    // second kiosk's directory cannot be made (a dangling symlink holds its name), after the
    // first kiosk's directory and file and all three tokens were made in the transaction.
    {
        const auto out = dir / "half";
        fs::create_directories(out);
        fs::create_symlink(dir / "nowhere", out / "k2");
        write_file(dir / "three.csv", "kiosk_id,stage\nk1,WAITING\nk2,WAITING\nk3,WAITING\n");
        const auto [status, stdout_text] =
            run_command(hub.cli({"kiosk", "provision", "--csv", (dir / "three.csv").string(),
                                 "--out", out.string()}),
                        dir / "half.log");
        const std::string log = read_file(dir / "half.log");
        CHECK(status == 1);
        CHECK_MESSAGE(
            log.find("cannot create directory " + (out / "k2").string()) != std::string::npos, log);
        CHECK(stdout_text.empty());
        CHECK(hub.token_subjects("kiosk").empty());
        CHECK_FALSE(fs::exists(out / "k1"));
        CHECK_FALSE(fs::exists(out / "k3"));
        CHECK(fs::is_symlink(out / "k2"));  // not ours to remove
    }

    // The same good rows alone do provision: the refusals above were for the bad row only.
    write_file(dir / "good.csv", "kiosk_id,stage,site\nlobby-1,WAITING,north\n");
    const auto [status, stdout_text] =
        run_command(hub.cli({"kiosk", "provision", "--csv", (dir / "good.csv").string(), "--out",
                             (dir / "provision").string()}),
                    dir / "good.log");
    CHECK_MESSAGE(status == 0, read_file(dir / "good.log"));
    CHECK(hub.token_subjects("kiosk") == std::vector<std::string>{"lobby-1"});
    CHECK(fs::exists(dir / "provision/lobby-1/feedback-kiosk.provision"));
}
