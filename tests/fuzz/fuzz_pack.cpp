// Survey packs (protocol::parse_survey_pack), as uploaded to the hub and pulled by kiosks.
// Invariants:
//  - a parse gives a pack exactly when its issues hold no error; every issue has a "$" path;
//  - a pack keeps every limit the parser checks (ids, counts, texts in the default language,
//    options, follow-ups that look back, schedule slots and stage question that serve a survey);
//  - written back as JSON and parsed again, it is the same pack with the same warnings;
//  - an answer made from the pack's own questions (scale ends, each option, a comment)
//    validates against it, as the hub checks a kiosk's answers.
#include <algorithm>
#include <string>
#include <vector>

#include "sync/protocol/answer.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/survey_pack.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/pack_json.h"

namespace protocol = fbk::sync::protocol;
using protocol::QuestionType;

namespace {

void check_text(const protocol::SurveyPack& pack, const protocol::LocalizedText& text) {
    FBK_FUZZ_CHECK(text.contains(pack.default_language));
    for (const auto& [language, words] : text) {
        FBK_FUZZ_CHECK(pack.declares_language(language));
        FBK_FUZZ_CHECK(!words.empty() && words.size() <= protocol::kMaxPackTextBytes);
    }
}

void check_question(const protocol::SurveyPack& pack, const protocol::Survey& survey,
                    std::size_t index) {
    const protocol::Question& q = survey.questions[index];
    FBK_FUZZ_CHECK(protocol::is_plain_id(q.id));
    FBK_FUZZ_CHECK(survey.find_question(q.id) == &q);
    check_text(pack, q.text);
    const bool choice = q.type == QuestionType::SingleChoice || q.type == QuestionType::MultiChoice;
    FBK_FUZZ_CHECK(choice ? q.options.size() >= 2 && q.options.size() <= protocol::kMaxOptions
                          : q.options.empty());
    FBK_FUZZ_CHECK(q.max_choices <= q.options.size());
    for (const auto& option : q.options) {
        FBK_FUZZ_CHECK(protocol::is_plain_id(option.id));
        check_text(pack, option.text);
    }
    if (q.show_if) {
        const protocol::Question* earlier = survey.find_question(q.show_if->question);
        FBK_FUZZ_CHECK(earlier != nullptr && earlier < &q);
        FBK_FUZZ_CHECK(q.show_if->at_least || q.show_if->at_most || !q.show_if->any_of.empty());
    }
}

void check_limits(const protocol::SurveyPack& pack) {
    FBK_FUZZ_CHECK(protocol::is_plain_id(pack.id));
    FBK_FUZZ_CHECK(pack.version >= 1 && pack.version <= protocol::kMaxPackVersion);
    FBK_FUZZ_CHECK(!pack.languages.empty() && pack.languages.size() <= protocol::kMaxPackLanguages);
    FBK_FUZZ_CHECK(pack.declares_language(pack.default_language));
    FBK_FUZZ_CHECK(!pack.surveys.empty() && pack.surveys.size() <= protocol::kMaxSurveysPerPack);
    for (const auto& survey : pack.surveys) {
        FBK_FUZZ_CHECK(pack.find_survey(survey.id) == &survey);
        for (const auto& stage : survey.stages) {
            FBK_FUZZ_CHECK(pack.survey_for_stage(stage) == &survey);
        }
        FBK_FUZZ_CHECK(!survey.questions.empty() &&
                       survey.questions.size() <= protocol::kMaxQuestionsPerSurvey);
        for (std::size_t i = 0; i < survey.questions.size(); ++i) {
            check_question(pack, survey, i);
        }
    }
    for (const auto& slot : pack.schedule) {
        FBK_FUZZ_CHECK(pack.survey_for_stage(slot.stage) != nullptr);
        FBK_FUZZ_CHECK(slot.from_minute >= 0 && slot.from_minute < slot.to_minute &&
                       slot.to_minute <= 24 * 60);
    }
    if (pack.stage_question) {
        check_text(pack, pack.stage_question->text);
        for (const auto& stage : pack.stage_question->stages) {
            FBK_FUZZ_CHECK(pack.survey_for_stage(stage) != nullptr);
        }
    }
}

// Answers a kiosk could send for `q`: each must pass the hub's check.
std::vector<protocol::Answer> answers_to(const protocol::Question& q) {
    std::vector<protocol::Answer> out;
    if (const auto range = protocol::value_range(q.type)) {
        out.emplace_back(q.id, range->min);
        out.emplace_back(q.id, range->max);
    } else if (q.type == QuestionType::FreeText) {
        out.push_back(protocol::Answer::of_text(q.id, "Kiitos, hyvää palvelua"));
    } else {
        for (const auto& id : q.option_ids()) {
            out.push_back(protocol::Answer::of_choices(q.id, {id}));
        }
    }
    if (q.allow_cant_say) {
        out.push_back(protocol::Answer::cannot_say(q.id));
    }
    return out;
}

void check_own_answers(const protocol::SurveyPack& pack) {
    for (const auto& survey : pack.surveys) {
        for (const auto& q : survey.questions) {
            for (const auto& answer : answers_to(q)) {
                protocol::Issues issues;
                protocol::JsonReader r(issues);
                protocol::validate_answer(r, answer, q, "$.answers[0]");
                FBK_FUZZ_CHECK(issues.empty());
                if (q.show_if) {
                    (void)protocol::satisfies(*q.show_if, answer);
                }
            }
        }
    }
}

std::size_t warnings(const protocol::Issues& issues) {
    return static_cast<std::size_t>(std::count_if(issues.begin(), issues.end(), [](const auto& i) {
        return i.severity == protocol::Severity::Warning;
    }));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto load = protocol::parse_survey_pack(fbk::test::fuzz::as_text(data, size));
    FBK_FUZZ_CHECK(load.pack.has_value() == !protocol::has_errors(load.issues));
    for (const auto& issue : load.issues) {
        FBK_FUZZ_CHECK(issue.path.starts_with("$") && !issue.message.empty());
    }
    if (!load.pack) {
        return 0;
    }
    check_limits(*load.pack);
    check_own_answers(*load.pack);
    const std::string written = fbk::test::fuzz::pack_to_json(*load.pack);
    const auto again = protocol::parse_survey_pack(written);
    FBK_FUZZ_CHECK(again.pack.has_value());
    FBK_FUZZ_CHECK(fbk::test::fuzz::pack_to_json(*again.pack) == written);
    FBK_FUZZ_CHECK(warnings(again.issues) == warnings(load.issues));
    return 0;
}
