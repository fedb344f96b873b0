#include "sync/hub/alerts/evaluator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sync/hub/alerts/rules.h"
#include "sync/hub/analytics/journey.h"
#include "sync/hub/analytics/spike.h"
#include "sync/hub/analytics/text/words.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub::alerts {

using nlohmann::json;

namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::size_t kCommentPage = 500;

struct NegativeCounts {
    std::int64_t negative = 0;
    std::int64_t n = 0;
};

// Smiley (CSAT) answers per stage in [from, to): all of them, and the 1s and 2s.
std::map<std::string, NegativeCounts> smiley_counts(HubStore& store,
                                                    const protocol::PackCatalog& packs,
                                                    const AlertRule& rule, std::int64_t from,
                                                    std::int64_t to) {
    StatsFilter filter;
    filter.from_ms = from;
    filter.to_ms = to;
    if (!rule.stage.empty()) {
        filter.stage = rule.stage;
    }
    if (!rule.kiosk.empty()) {
        filter.kiosk = rule.kiosk;
    }
    std::map<std::string, NegativeCounts> out;
    for (const AnswerTally& a : store.answer_tallies(StatsGroup::Stage, filter)) {
        const protocol::SurveyPack* pack = packs.find(a.pack_id, a.pack_version);
        const protocol::Survey* survey = pack ? pack->find_survey(a.survey) : nullptr;
        const protocol::Question* q = survey ? survey->find_question(a.question) : nullptr;
        if (q == nullptr || q->type != protocol::QuestionType::Smiley || !a.value) {
            continue;
        }
        NegativeCounts& c = out[a.group];
        c.n += a.count;
        c.negative += *a.value <= 2 ? a.count : 0;
    }
    return out;
}

json share(std::int64_t count, std::int64_t n) {
    const double percent =
        n > 0 ? 100.0 * static_cast<double>(count) / static_cast<double>(n) : 0.0;
    return {{"count", count}, {"n", n}, {"percent", percent}};
}

std::string percent(double fraction) {
    std::ostringstream out;
    out.precision(3);
    out << 100 * fraction << "%";
    return out.str();
}

int evaluate_spike(HubStore& store, const protocol::PackCatalog& packs, const AlertRule& rule,
                   std::int64_t now) {
    const json params = json::parse(rule.params);
    const std::int64_t window = params.at("window_hours").get<std::int64_t>() * kHourMs;
    const std::int64_t baseline = params.at("baseline_days").get<std::int64_t>() * kDayMs;
    const auto recent = smiley_counts(store, packs, rule, now - window, now);
    const auto before = smiley_counts(store, packs, rule, now - window - baseline, now - window);
    const SpikeRule test{0.01, params.at("min_answers").get<std::int64_t>(), 30};
    const int channels = static_cast<int>(channels_of(rule).size());
    int recorded = 0;
    for (const auto& [stage, r] : recent) {
        const auto b = before.find(stage);
        const NegativeCounts base = b == before.end() ? NegativeCounts{} : b->second;
        const SpikeResult result =
            test_negative_spike({r.negative, r.n, base.negative, base.n}, test);
        if (result.verdict != SpikeVerdict::Spike) {
            continue;
        }
        const json payload = {
            {"rule_id", rule.id},
            {"kind", rule.kind},
            {"at", format_utc_iso8601(now)},
            {"stage", stage},
            {"kiosk", rule.kiosk.empty() ? json(nullptr) : json(rule.kiosk)},
            {"summary",
             "Negative ratings at " + stage + ": " + std::to_string(r.negative) + " of " +
                 std::to_string(r.n) + " in the last " + std::to_string(window / kHourMs) +
                 " h, against " +
                 percent(static_cast<double>(base.negative) / static_cast<double>(base.n)) +
                 " before"},
            {"recent", share(r.negative, r.n)},
            {"baseline", share(base.negative, base.n)},
            {"tested_against_percent", 100 * result.p0},
            {"p_value", result.p_value},
            {"window_hours", window / kHourMs}};
        const std::string dedupe =
            "spike:" + std::to_string(rule.id) + ":" + stage + ":" + std::to_string(now / window);
        recorded += store.record_alert_event({rule.id, dedupe, now, payload.dump()}, channels);
    }
    return recorded;
}

// The rule's words (lowercased, diacritics folded) that begin a word of the comment, and the
// rule's themes the comment has.
std::vector<std::string> matches(const json& params, const NewComment& c) {
    std::vector<std::string> out;
    const auto themes = protocol::split(c.themes);
    for (const json& t : params.at("themes")) {
        if (std::find(themes.begin(), themes.end(), t.get<std::string>()) != themes.end()) {
            out.push_back(t.get<std::string>());
        }
    }
    const auto words = text::split_words(c.text);
    for (const json& w : params.at("words")) {
        const std::string wanted = text::fold_diacritics(text::lowercase(w.get<std::string>()));
        const bool found = std::any_of(words.begin(), words.end(), [&](const text::Word& word) {
            return word.folded.starts_with(wanted);
        });
        if (found) {
            out.push_back(w.get<std::string>());
        }
    }
    return out;
}

int evaluate_comments(HubStore& store, const AlertRule& rule, std::int64_t now) {
    const json params = json::parse(rule.params);
    const int channels = static_cast<int>(channels_of(rule).size());
    int recorded = 0;
    ExportPosition cursor = rule.comment_cursor;
    for (;;) {
        const auto page = store.comments_after(cursor, kCommentPage);
        if (page.empty()) {
            break;
        }
        for (const NewComment& c : page) {
            cursor = std::max(cursor, c.position);
            const auto matched = matches(params, c);
            if (matched.empty() || (!rule.stage.empty() && c.stage != rule.stage) ||
                (!rule.kiosk.empty() && c.kiosk != rule.kiosk)) {
                continue;
            }
            json payload = {
                {"rule_id", rule.id},
                {"kind", rule.kind},
                {"at", format_utc_iso8601(now)},
                {"summary", "A comment at " + c.stage + " matched " + protocol::join(matched)},
                {"stage", c.stage},
                {"kiosk", c.kiosk},
                {"language", c.language},
                {"response_id", c.response_id},
                {"question", c.question},
                {"themes", protocol::split(c.themes)},
                {"matched", matched}};
            if (params.at("include_text").get<bool>()) {
                payload["text"] = c.text;  // only because the rule asks for it
            }
            const std::string dedupe =
                "comment:" + std::to_string(rule.id) + ":" + c.response_id + ":" + c.question;
            recorded += store.record_alert_event({rule.id, dedupe, now, payload.dump()}, channels);
        }
    }
    store.set_comment_cursor(rule.id, cursor);
    return recorded;
}

int evaluate_alarms(HubStore& store, const AlertRule& rule, std::int64_t now) {
    const json wanted = json::parse(rule.params).at("alarms");
    const int channels = static_cast<int>(channels_of(rule).size());
    int recorded = 0;
    for (const KioskStatus& k : store.fleet()) {
        const auto& beat = k.heartbeat;
        if ((!rule.kiosk.empty() && beat.kiosk_id != rule.kiosk) ||
            (!rule.stage.empty() && beat.stage != rule.stage)) {
            continue;
        }
        for (const std::string& alarm : beat.alarms) {
            if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), alarm) == wanted.end()) {
                continue;
            }
            const json payload = {{"rule_id", rule.id},
                                  {"kind", rule.kind},
                                  {"at", format_utc_iso8601(now)},
                                  {"summary", "Kiosk " + beat.kiosk_id + " reports " + alarm},
                                  {"kiosk", beat.kiosk_id},
                                  {"site", beat.site},
                                  {"stage", beat.stage},
                                  {"alarm", alarm}};
            // At most once a day per kiosk and alarm while it lasts.
            const std::string dedupe = "alarm:" + std::to_string(rule.id) + ":" + beat.kiosk_id +
                                       ":" + alarm + ":" + std::to_string(now / kDayMs);
            recorded += store.record_alert_event({rule.id, dedupe, now, payload.dump()}, channels);
        }
    }
    return recorded;
}

// A kiosk silent while its site is open: one event per silence (its last heartbeat names it).
int evaluate_silence(HubStore& store, const AlertRule& rule, const SilencePolicy& silence,
                     std::int64_t now) {
    const int channels = static_cast<int>(channels_of(rule).size());
    const protocol::WeekTime local = local_week_time(now);
    int recorded = 0;
    for (const KioskStatus& k : store.fleet()) {
        const auto& beat = k.heartbeat;
        if ((!rule.kiosk.empty() && beat.kiosk_id != rule.kiosk) ||
            (!rule.stage.empty() && beat.stage != rule.stage) ||
            !is_silent(k.last_seen_ms, now, local, beat.site, silence)) {
            continue;
        }
        const std::int64_t minutes = (now - k.last_seen_ms) / 60'000;
        const json payload = {
            {"rule_id", rule.id},
            {"kind", rule.kind},
            {"at", format_utc_iso8601(now)},
            {"summary", "Kiosk " + beat.kiosk_id + " has been silent for " +
                            std::to_string(minutes) + " minutes while " +
                            (beat.site.empty() ? "its site" : beat.site) + " is open"},
            {"kiosk", beat.kiosk_id},
            {"site", beat.site},
            {"stage", beat.stage},
            {"last_seen", format_utc_iso8601(k.last_seen_ms)},
            {"silent_minutes", minutes}};
        const std::string dedupe = "silent:" + std::to_string(rule.id) + ":" + beat.kiosk_id + ":" +
                                   std::to_string(k.last_seen_ms);
        recorded += store.record_alert_event({rule.id, dedupe, now, payload.dump()}, channels);
    }
    return recorded;
}

// Targets judged "not met" over the rule's last days, per site that has targets (and all
// sites): the journey's own verdicts (analytics/journey.h), at most once a day per figure.
int evaluate_targets(HubStore& store, const protocol::PackCatalog& packs, const AlertRule& rule,
                     std::int64_t now) {
    const std::vector<Target> targets = store.targets();
    std::set<std::string> sites = {""};
    for (const Target& t : targets) {
        sites.insert(t.site);
    }
    const std::int64_t days = json::parse(rule.params).at("days").get<std::int64_t>();
    const int channels = static_cast<int>(channels_of(rule).size());
    int recorded = 0;
    for (const std::string& site : sites) {
        const JourneyQuery query{site.empty() ? std::nullopt : std::optional(site),
                                 now - days * kDayMs, now, std::nullopt};
        const json journey = compute_journey(store, packs, query, targets, Disclosure::Full, now);
        for (const json& stage : journey.at("stages")) {
            if (!rule.stage.empty() && stage.at("stage") != rule.stage) {
                continue;
            }
            for (const json& f : stage.at("figures")) {
                for (const json& t : f.at("targets")) {
                    if (t.at("verdict") != "not_met" || (site.empty() && !t.at("site").is_null())) {
                        continue;
                    }
                    const json payload = {
                        {"rule_id", rule.id},
                        {"kind", rule.kind},
                        {"at", format_utc_iso8601(now)},
                        {"summary", f.at("measure").get<std::string>() + " at " +
                                        stage.at("stage").get<std::string>() +
                                        " is below its target of " + t.at("threshold").dump()},
                        {"stage", stage.at("stage")},
                        {"site", site.empty() ? json(nullptr) : json(site)},
                        {"question", f.at("question")},
                        {"measure", f.at("measure")},
                        {"value", f.at("value")},
                        {"ci95", f.at("ci95")},
                        {"n", f.at("n")},
                        {"target_id", t.at("id")},
                        {"threshold", t.at("threshold")},
                        {"days", days}};
                    const std::string dedupe =
                        "target:" + std::to_string(rule.id) + ":" + t.at("id").dump() + ":" + site +
                        ":" + stage.at("stage").get<std::string>() + ":" +
                        f.at("question").get<std::string>() + ":" + std::to_string(now / kDayMs);
                    recorded +=
                        store.record_alert_event({rule.id, dedupe, now, payload.dump()}, channels);
                }
            }
        }
    }
    return recorded;
}

}  // namespace

int evaluate_rules(HubStore& store, const protocol::PackCatalog& packs,
                   const SilencePolicy& silence, std::int64_t now_ms) {
    int recorded = 0;
    for (const AlertRule& rule : store.alert_rules()) {
        if (rule.kind == "negative_spike") {
            recorded += evaluate_spike(store, packs, rule, now_ms);
        } else if (rule.kind == "comment_match") {
            recorded += evaluate_comments(store, rule, now_ms);
        } else if (rule.kind == "kiosk_alarm") {
            recorded += evaluate_alarms(store, rule, now_ms);
        } else if (rule.kind == "kiosk_silent") {
            recorded += evaluate_silence(store, rule, silence, now_ms);
        } else if (rule.kind == "target_missed") {
            recorded += evaluate_targets(store, packs, rule, now_ms);
        }
    }
    return recorded;
}

}  // namespace fbk::sync::hub::alerts
