// 2. From the final tap to the committed outbox transaction (through the real flow step), beside a
// raw SQLite insert loop with the same pragmas (WAL, synchronous=FULL): the floor the disk sets.
#include <algorithm>
#include <chrono>

#include "kiosk/core/flow.h"
#include "sync/outbox/outbox.h"
#include "sync/sqlite/database.h"
#include "tests/bench/benches.h"
#include "tests/support/paths.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

constexpr int kPatients = 1'000;

template <class F>
std::vector<double> time_each(int n, F&& f) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f(i);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    return ms;
}

// A patient who answered everything, comment included.
sync::protocol::Response patient(int n) {
    auto r = test::sample_response(n);
    sync::protocol::Answer comment;
    comment.question = "comment";
    comment.text = "Friendly staff, but the waiting room was cold and the wait was long.";
    r.answers.push_back(comment);
    return r;
}

}  // namespace

void tap_to_durable(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "tap-to-durable";
    std::filesystem::create_directories(dir);
    {
        // The kiosk's own path from the last tap: the flow's step turns "Continue" on the last
        // question into a StoreResponse effect, which is committed as the runner does.
        auto load = sync::protocol::load_survey_pack(test::source_dir() /
                                                     "assets/packs/default-healthcare.json");
        const sync::protocol::SurveyPack pack = *load.pack;
        const kiosk::core::SurveyContext survey{&pack,
                                                {"WAITING", sync::protocol::StageSource::Config}};
        kiosk::core::FlowSettings settings;
        settings.languages = {"fi", "en"};
        settings.default_language = "fi";
        sync::outbox::Outbox outbox(dir / "outbox.sqlite3");
        kiosk::core::Moment now{1'700'000'000'000, 10'000};
        std::vector<double> ms;
        for (int i = 0; i < kPatients; ++i) {
            kiosk::core::State state;
            const auto send = [&](const kiosk::core::Event& e) {
                now.wall_ms += 1'000;
                now.mono_ms += 1'000;
                return kiosk::core::step(survey, settings, std::move(state), e, now);
            };
            state = send(kiosk::core::event::ChooseLanguage{"fi"}).state;
            state = send(kiosk::core::event::AnswerQuestion{"satisfaction", 4}).state;
            state = send(kiosk::core::event::AnswerQuestion{"recommend", i % 11}).state;
            const auto tap = std::chrono::steady_clock::now();
            auto last =
                send(kiosk::core::event::Continue{"comment"});  // the comment screen: the last tap
            bool stored = false;
            for (auto& effect : last.effects) {
                if (auto* store = std::get_if<kiosk::core::effect::StoreResponse>(&effect)) {
                    store->response.id = patient(i).id;
                    outbox.commit(store->response, now.wall_ms);
                    stored = true;
                }
            }
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - tap)
                    .count());
            if (!stored) {
                throw std::runtime_error("tap to durable: the last tap stored nothing");
            }
        }
        r.add("tap to durable", "last tap -> flow step -> outbox commit (fsync)", "p50, ms",
              percentile(ms, 0.5), "1 000 patients; the thank-you is drawn after this");
        r.add("tap to durable", "last tap -> flow step -> outbox commit (fsync)", "p99, ms",
              percentile(ms, 0.99));
    }
    {
        auto db = sync::sqlite::Database::open(dir / "raw.sqlite3");
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = FULL");
        db.exec("CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        auto insert = db.prepare("INSERT INTO t(id, body) VALUES (?1, ?2)");
        std::vector<std::string> bodies;
        for (int i = 0; i < kPatients; ++i) {
            bodies.push_back(sync::protocol::serialize(patient(i)));
        }
        const auto ms = time_each(kPatients, [&](int i) {
            sync::sqlite::Transaction tx(db);
            insert.bind(1, patient(i).id).bind(2, bodies[static_cast<std::size_t>(i)]).run();
            insert.reset();
            tx.commit();
        });
        r.add("tap to durable", "raw SQLite INSERT, same pragmas (floor)", "p50, ms",
              percentile(ms, 0.5));
        r.add("tap to durable", "raw SQLite INSERT, same pragmas (floor)", "p99, ms",
              percentile(ms, 0.99));
    }
}

}  // namespace fbk::bench
