// 3b. The raw insert rate of PostgreSQL for the hub's rows (responses and their answers), with
// the same durability (fsync and synchronous_commit on): COPY, and multi-row INSERT with one
// transaction per 100 responses. A private server under the scratch directory, on a Unix socket.
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "tests/bench/benches.h"
#include "tests/bench/child.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

constexpr int kResponses = 32'000;
constexpr int kPerStatement = 100;

std::filesystem::path postgres_bin() {
    std::filesystem::path best;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql")) {
        if (std::filesystem::exists(entry.path() / "bin/initdb") &&
            (best.empty() || entry.path().filename() > best.parent_path().filename())) {
            best = entry.path() / "bin";
        }
    }
    if (best.empty()) {
        throw std::runtime_error("no PostgreSQL server: deploy/dev.sh bench installs postgresql");
    }
    return best;
}

// PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
class PgRunner {
  public:
    explicit PgRunner(std::filesystem::path dir) : dir_(std::move(dir)) {
        std::filesystem::create_directories(dir_);
        if (geteuid() == 0) {
            const passwd* pw = getpwnam("postgres");
            if (pw == nullptr) {
                throw std::runtime_error("no 'postgres' user to run the server as");
            }
            as_postgres_ = true;
            for (const auto& p : {dir_, dir_.parent_path()}) {
                if (chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
                    throw std::runtime_error("cannot hand " + p.string() + " to postgres");
                }
            }
        }
    }

    int run(std::vector<std::string> argv) const {
        if (as_postgres_) {
            argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
        }
        ChildGroup child(argv, dir_ / "pg.log");
        return child.wait();
    }

    double timed(std::vector<std::string> argv) const {
        const auto start = std::chrono::steady_clock::now();
        if (run(std::move(argv)) != 0) {
            throw std::runtime_error("PostgreSQL step failed; see " + (dir_ / "pg.log").string());
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

  private:
    std::filesystem::path dir_;
    bool as_postgres_ = false;
};

}  // namespace

void postgres_raw(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto bin = postgres_bin();
    const auto dir = ctx.work_dir / "pg";
    const PgRunner pg(dir);
    const std::string port = std::to_string(test::free_loopback_port());
    if (pg.run({(bin / "initdb").string(), "-D", (dir / "data").string(), "-A", "trust", "-U",
                "bench", "--no-sync"}) != 0) {
        throw std::runtime_error("initdb failed; see " + (dir / "pg.log").string());
    }
    if (pg.run({(bin / "pg_ctl").string(), "-D", (dir / "data").string(), "-w", "-l",
                (dir / "server.log").string(), "-o",
                "-p " + port + " -k " + dir.string() + " -c listen_addresses=''", "start"}) != 0) {
        throw std::runtime_error("the PostgreSQL server did not start; see " +
                                 (dir / "server.log").string());
    }
    struct Stop {
        const PgRunner& pg;
        std::filesystem::path bin, data;
        ~Stop() {
            pg.run({(bin / "pg_ctl").string(), "-D", data.string(), "-m", "immediate", "stop"});
        }
    } stop{pg, bin, dir / "data"};
    const std::vector<std::string> psql{"psql",  "-X",         "-q",      "-v", "ON_ERROR_STOP=1",
                                        "-h",    dir.string(), "-p",      port, "-U",
                                        "bench", "-d",         "postgres"};
    const auto sql = [&](const std::string& text) {
        auto argv = psql;
        argv.insert(argv.end(), {"-c", text});
        return argv;
    };
    const std::string schema =
        "CREATE TABLE responses (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, kiosk_id text "
        "NOT NULL, pack_id text NOT NULL, pack_version int NOT NULL, survey_id text NOT NULL, "
        "stage "
        "text NOT NULL, language text NOT NULL, status text NOT NULL, started_at_ms bigint NOT "
        "NULL, finished_at_ms bigint NOT NULL, boot_id text NOT NULL, monotonic_ms bigint NOT "
        "NULL, received_ms bigint NOT NULL);"
        "CREATE TABLE answers (response_id text NOT NULL, question text NOT NULL, value int, "
        "PRIMARY KEY (response_id, question));";
    pg.timed(sql(schema));

    // The same rows as the hub's responses and answers tables.
    std::ofstream responses_csv(dir / "responses.csv");
    std::ofstream answers_csv(dir / "answers.csv");
    std::ofstream inserts(dir / "inserts.sql");
    for (int first = 0; first < kResponses; first += kPerStatement) {
        std::string rows;
        std::string answer_rows;
        for (int n = first; n < first + kPerStatement; ++n) {
            const auto s = test::sample_response(n, "k1");
            const std::string values =
                "'" + s.id + "','k1','" + s.pack_id + "'," + std::to_string(s.pack_version) + ",'" +
                s.survey_id + "','" + s.stage + "','" + s.language + "','completed'," +
                std::to_string(s.started_at_ms) + "," + std::to_string(s.finished_at_ms) + ",'" +
                s.boot_id + "'," + std::to_string(s.monotonic_ms) + ",1";
            responses_csv << s.id << ",k1," << s.pack_id << "," << s.pack_version << ","
                          << s.survey_id << "," << s.stage << "," << s.language << ",completed,"
                          << s.started_at_ms << "," << s.finished_at_ms << "," << s.boot_id << ","
                          << s.monotonic_ms << ",1\n";
            rows += (rows.empty() ? "(" : ",(") + values + ")";
            for (const auto& a : s.answers) {
                answers_csv << s.id << "," << a.question << "," << *a.value << "\n";
                answer_rows += (answer_rows.empty() ? "('" : ",('") + s.id + "','" + a.question +
                               "'," + std::to_string(*a.value) + ")";
            }
        }
        inserts << "BEGIN;INSERT INTO responses(id,kiosk_id,pack_id,pack_version,survey_id,stage,"
                   "language,status,started_at_ms,finished_at_ms,boot_id,monotonic_ms,"
                   "received_ms) VALUES "
                << rows << ";INSERT INTO answers VALUES " << answer_rows << ";COMMIT;\n";
    }
    responses_csv.close();
    answers_csv.close();
    inserts.close();
    const std::string columns =
        "(id,kiosk_id,pack_id,pack_version,survey_id,stage,language,status,started_at_ms,"
        "finished_at_ms,boot_id,monotonic_ms,received_ms)";
    const double copy_s =
        pg.timed(sql("\\copy responses" + columns + " FROM '" + (dir / "responses.csv").string() +
                     "' CSV")) +
        pg.timed(sql("\\copy answers FROM '" + (dir / "answers.csv").string() + "' CSV"));
    pg.timed(sql("TRUNCATE responses, answers"));
    auto file_argv = psql;
    file_argv.insert(file_argv.end(), {"-f", (dir / "inserts.sql").string()});
    const double insert_s = pg.timed(file_argv);
    r.add("hub ingest", "raw PostgreSQL COPY (responses + answers)", "responses/s",
          kResponses / copy_s,
          "fsync and synchronous_commit on; the hub's PostgreSQL store is issue 5");
    r.add("hub ingest", "raw PostgreSQL multi-row INSERT, 100 per transaction", "responses/s",
          kResponses / insert_s, "same durability");
}

}  // namespace fbk::bench
