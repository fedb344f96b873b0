#include "sync/hub/analytics/reasons.h"

#include <set>

#include "sync/hub/analytics/figures.h"
#include "sync/hub/analytics/question_figures.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

struct SurveyIn {
    const protocol::SurveyPack* pack = nullptr;
    const protocol::Survey* survey = nullptr;
};

SurveyIn survey_of(const protocol::PackCatalog& packs, const std::string& pack_id, int version,
                   const std::string& survey) {
    const protocol::SurveyPack* pack = packs.find(pack_id, version);
    return {pack, pack != nullptr ? pack->find_survey(survey) : nullptr};
}

protocol::Answer answer_of(const AnswerTally& t) {
    if (t.value) {
        return protocol::Answer(t.question, *t.value);
    }
    return protocol::Answer::of_choices(t.question, protocol::split(t.choices));
}

}  // namespace

bool is_choice_question(protocol::QuestionType type) {
    return type == protocol::QuestionType::SingleChoice ||
           type == protocol::QuestionType::MultiChoice;
}

SeenCounts count_seen(const protocol::PackCatalog& packs, const std::vector<AnswerTally>& tallies,
                      const std::vector<ReachTotals>& reach) {
    SeenCounts seen;
    // Completed without a condition, and left on the question's own screen.
    for (const ReachTotals& r : reach) {
        const auto [pack, survey] = survey_of(packs, r.pack_id, r.pack_version, r.survey);
        if (survey == nullptr) {
            continue;
        }
        for (const protocol::Question& q : survey->questions) {
            if (is_choice_question(q.type) &&
                ((r.completed && !q.show_if) ||
                 (!r.completed && r.abandoned_at == "question." + q.id))) {
                seen[{r.group, q.id}].add(r.count, pack, &q);
            }
        }
    }
    for (const AnswerTally& t : tallies) {
        const auto [pack, survey] = survey_of(packs, t.pack_id, t.pack_version, t.survey);
        if (survey == nullptr) {
            continue;
        }
        for (const protocol::Question& q : survey->questions) {
            if (!is_choice_question(q.type)) {
                continue;
            }
            // Completed, and the condition met by this answer to the question it names; or
            // unfinished, but answered it.
            const bool condition_met = t.completed && q.show_if &&
                                       q.show_if->question == t.question &&
                                       protocol::satisfies(*q.show_if, answer_of(t));
            if (condition_met || (!t.completed && q.id == t.question)) {
                seen[{t.group, q.id}].add(t.count, pack, &q);
            }
        }
    }
    return seen;
}

void Seen::add(std::int64_t n, const protocol::SurveyPack* in_pack, const protocol::Question* q) {
    count += n;
    if (pack == nullptr || in_pack->version > pack->version) {
        pack = in_pack;
        question = q;
    }
}

void ChoiceTally::add_seen(const Seen& s) {
    seen += s.count;
    if (s.question != nullptr && (pack == nullptr || s.pack->version > pack->version)) {
        type = s.question->type;
        pack = s.pack;
        question = s.question;
    }
}

void ChoiceTally::add_answers(const std::string& choices, std::int64_t count) {
    answered += count;
    for (const std::string& option : protocol::split(choices)) {
        options[option] += count;
    }
}

void ChoiceTally::merge(const ChoiceTally& other) {
    type = other.type;
    for (const auto& [option, count] : other.options) {
        options[option] += count;
    }
    answered += other.answered;
    seen += other.seen;
    if (pack == nullptr || (other.pack != nullptr && other.pack->version > pack->version)) {
        pack = other.pack;
        question = other.question;
    }
}

json choice_figure(const std::string& question, const ChoiceTally& t) {
    // Never fewer who saw it than answered it: a pack version whose survey lost the question
    // would otherwise report shares over 100%.
    const std::int64_t n = std::max(t.seen, t.answered);
    const Reliability r = reliability(n);
    json out = {{"question", question},
                {"type", protocol::to_string(t.type)},
                {"n", n},
                {"answered", t.answered},
                {"reliability", to_string(r)}};
    if (r == Reliability::Suppressed) {
        return out;
    }
    // The pack's options in its order (with their labels), then any an older version had.
    std::vector<std::pair<std::string, std::string>> order;
    std::set<std::string> listed;
    if (t.question != nullptr) {
        for (const protocol::Option& o : t.question->options) {
            order.emplace_back(o.id, t.pack->text(o.text, t.pack->default_language));
            listed.insert(o.id);
        }
    }
    for (const auto& [option, count] : t.options) {
        if (!listed.contains(option)) {
            order.emplace_back(option, option);
        }
    }
    json options = json::array();
    for (const auto& [option, label] : order) {
        const auto it = t.options.find(option);
        json item = share_json(wilson_share(it == t.options.end() ? 0 : it->second, n));
        item["option"] = option;
        item["label"] = label;
        options.push_back(std::move(item));
    }
    out["options"] = std::move(options);
    return out;
}

}  // namespace fbk::sync::hub
