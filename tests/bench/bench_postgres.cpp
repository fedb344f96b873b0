// 3b. The raw insert rate of PostgreSQL for the hub's rows (responses and their answers), with
// the same durability (fsync and synchronous_commit on): COPY, and multi-row INSERT with one
// transaction per 100 responses, on the tests' private server (tests/support/postgres_server.h).
// COPY runs twice: into plain tables with the same columns, and into the hub's own tables (its
// unique id, export-order index and the answers' foreign key), so that the gap between raw COPY
// and the hub's full path splits into what the tables cost and what the path costs.
#include <chrono>
#include <fstream>

#include "sync/hub/store/hub_store.h"
#include "tests/bench/benches.h"
#include "tests/bench/child.h"
#include "tests/support/fixtures.h"
#include "tests/support/postgres_server.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

constexpr int kResponses = 32'000;
constexpr int kPerStatement = 100;

// Runs a client command and returns its wall time; throws when it fails.
double timed(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    const auto start = std::chrono::steady_clock::now();
    ChildGroup child(argv, log);
    if (child.wait() != 0) {
        throw std::runtime_error("PostgreSQL step failed; see " + log.string());
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Seconds to COPY the same files into a database whose schema a HubStore made.
double copy_into_hub_tables(test::PostgresServer& server, const std::filesystem::path& dir,
                            const std::string& columns) {
    const std::string url = server.database("bench_raw_hub_tables");
    { sync::hub::HubStore schema(sync::hub::StoreLocation{{}, url}); }
    const auto copy = [&](const std::string& command) {
        return timed({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", command},
                     dir / "psql-hub-tables.log");
    };
    return copy("\\copy responses" + columns + " FROM '" + (dir / "responses.csv").string() +
                "' CSV") +
           copy("\\copy answers(response_seq,question,value) FROM '" +
                (dir / "answers-by-seq.csv").string() + "' CSV");
}

}  // namespace

void postgres_raw(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "pg";
    std::filesystem::create_directories(dir);
    test::PostgresServer server;
    const std::string url = server.database("bench_raw");
    const std::vector<std::string> psql{"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url};
    const auto log = dir / "psql.log";
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
    timed(sql(schema), log);

    // The same rows as the hub's responses and answers tables.
    std::ofstream responses_csv(dir / "responses.csv");
    std::ofstream answers_csv(dir / "answers.csv");
    std::ofstream answers_by_seq_csv(dir / "answers-by-seq.csv");  // the hub's answers table
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
                // A fresh BIGSERIAL numbers the responses from 1 in the file's order.
                answers_by_seq_csv << n + 1 << "," << a.question << "," << *a.value << "\n";
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
    answers_by_seq_csv.close();
    inserts.close();
    const std::string columns =
        "(id,kiosk_id,pack_id,pack_version,survey_id,stage,language,status,started_at_ms,"
        "finished_at_ms,boot_id,monotonic_ms,received_ms)";
    const double copy_s =
        timed(sql("\\copy responses" + columns + " FROM '" + (dir / "responses.csv").string() +
                  "' CSV"),
              log) +
        timed(sql("\\copy answers FROM '" + (dir / "answers.csv").string() + "' CSV"), log);
    timed(sql("TRUNCATE responses, answers"), log);
    auto file_argv = psql;
    file_argv.insert(file_argv.end(), {"-f", (dir / "inserts.sql").string()});
    const double insert_s = timed(file_argv, log);
    r.add("hub ingest", "raw PostgreSQL COPY (responses + answers)", "responses/s",
          kResponses / copy_s, "fsync and synchronous_commit on");
    r.add("hub ingest", "raw PostgreSQL multi-row INSERT, 100 per transaction", "responses/s",
          kResponses / insert_s, "same durability");
    r.add("hub ingest", "raw PostgreSQL COPY into the hub's own tables", "responses/s",
          kResponses / copy_into_hub_tables(server, dir, columns), "keys, index, foreign key");
}

}  // namespace fbk::bench
