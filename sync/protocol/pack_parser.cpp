// parse_survey_pack: every problem is reported with its JSON path, and a pack with any error is
// refused whole, so a kiosk never runs half a survey. Long because one parser walks the whole
// schema (surveys, questions, options, show_if, schedule, limits) with one reader that
// collects every issue at its path.
#include <algorithm>
#include <set>

#include "sync/protocol/clock_time.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/join.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::protocol {

using nlohmann::json;

namespace {

constexpr int kSupportedFormat = 1;

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

class PackParser {
  public:
    explicit PackParser(Issues& issues) : issues_(issues), r_(issues) {}

    std::optional<SurveyPack> parse(const json& root) {
        r_.reject_unknown_keys(root,
                               {"format", "id", "version", "default_language", "languages",
                                "surveys", "title", "schedule", "stage_question", "keyboards"},
                               "$");
        SurveyPack pack;
        if (const auto format = r_.integer(root, "format", "$")) {
            if (*format != kSupportedFormat) {
                r_.error("$.format", "unsupported format " + std::to_string(*format) +
                                         " (this kiosk reads format " +
                                         std::to_string(kSupportedFormat) + ")");
            }
        }
        if (const auto id = r_.string(root, "id", "$")) {
            check_id(*id, "$.id");
            pack.id = *id;
        }
        if (const auto version = r_.integer(root, "version", "$")) {
            if (*version < 1 || *version > kMaxPackVersion) {
                r_.error("$.version",
                         "must be a positive integer, found " + std::to_string(*version));
            } else {
                pack.version = static_cast<int>(*version);
            }
        }
        check_title(root, "$");
        parse_languages(root, pack);
        parse_surveys(root, pack);
        parse_schedule(root, pack);
        parse_stage_question(root, pack);
        parse_keyboards(root, pack);
        if (has_errors(issues_)) {
            return std::nullopt;
        }
        return pack;
    }

  private:
    void check_id(std::string_view id, const std::string& path) {
        if (!is_plain_id(id)) {
            r_.error(path, "'" + std::string(id) +
                               "' is not a valid id (1-64 characters of a-z, 0-9, '-', '_')");
        }
    }

    // A title names the pack or survey for administrators; patients never see it.
    void check_title(const json& node, const std::string& path) {
        if (const auto title = r_.string(node, "title", path, false)) {
            if (title->size() > kMaxPackTitleBytes) {
                r_.error(path_key(path, "title"),
                         "is longer than " + std::to_string(kMaxPackTitleBytes) + " bytes");
            }
        }
    }

    // More than `max` entries is an error at `path`; returns whether the count is within it.
    bool at_most(const json& list, std::size_t max, const std::string& path,
                 std::string_view what) {
        if (list.size() <= max) {
            return true;
        }
        r_.error(path, "holds " + std::to_string(list.size()) + " " + std::string(what) +
                           "; at most " + std::to_string(max) + " are accepted");
        return false;
    }

    void parse_languages(const json& root, SurveyPack& pack) {
        if (const json* langs = r_.array(root, "languages", "$")) {
            if (langs->empty()) {
                r_.error("$.languages", "must list at least one language");
            }
            if (!at_most(*langs, kMaxPackLanguages, "$.languages", "languages")) {
                return;
            }
            for (std::size_t i = 0; i < langs->size(); ++i) {
                const std::string path = path_index("$.languages", i);
                const json& lang = (*langs)[i];
                if (!lang.is_string() || !is_language_code(lang.get<std::string>())) {
                    r_.error(path, "must be a lowercase ISO 639 language code such as \"fi\"");
                    continue;
                }
                const auto code = lang.get<std::string>();
                if (pack.declares_language(code)) {
                    r_.error(path, "language '" + code + "' is listed twice");
                    continue;
                }
                pack.languages.push_back(code);
            }
        }
        if (const auto def = r_.string(root, "default_language", "$")) {
            pack.default_language = *def;
            if (!pack.languages.empty() && !pack.declares_language(*def)) {
                r_.error("$.default_language", "'" + *def + "' is not one of the pack's languages");
            }
        }
    }

    void parse_surveys(const json& root, SurveyPack& pack) {
        const json* surveys = r_.array(root, "surveys", "$");
        if (surveys == nullptr) {
            return;
        }
        if (surveys->empty()) {
            r_.error("$.surveys", "must hold at least one survey");
        }
        if (!at_most(*surveys, kMaxSurveysPerPack, "$.surveys", "surveys")) {
            return;
        }
        std::map<std::string, std::string, std::less<>> stage_owner;  // stage -> survey path
        for (std::size_t i = 0; i < surveys->size(); ++i) {
            const std::string path = path_index("$.surveys", i);
            const json& node = (*surveys)[i];
            if (!r_.expect_object(node, path)) {
                continue;
            }
            r_.reject_unknown_keys(node, {"id", "stages", "questions", "title"}, path);
            Survey survey;
            check_title(node, path);
            if (const auto id = r_.string(node, "id", path)) {
                check_id(*id, path_key(path, "id"));
                if (pack.find_survey(*id) != nullptr) {
                    r_.error(path_key(path, "id"), "survey id '" + *id + "' is used twice");
                }
                survey.id = *id;
            }
            parse_stages(node, path, survey, stage_owner);
            parse_questions(node, path, pack, survey);
            pack.surveys.push_back(std::move(survey));
        }
    }

    // A known stage code at `path`, or nullopt after reporting why not.
    std::optional<std::string> stage_code(const json& value, const std::string& path) {
        if (!value.is_string()) {
            r_.error(path, "must be a stage code string");
            return std::nullopt;
        }
        auto code = value.get<std::string>();
        if (!is_known_stage(code)) {
            r_.error(path,
                     "unknown journey stage '" + code + "' (known: " + join(known_stages()) + ")");
            return std::nullopt;
        }
        return code;
    }

    // A stage the pack refers to outside its surveys must select one of them.
    std::optional<std::string> served_stage(const json& value, const std::string& path,
                                            const SurveyPack& pack) {
        auto code = stage_code(value, path);
        if (code && pack.survey_for_stage(*code) == nullptr) {
            r_.error(path, "no survey in this pack serves stage " + *code);
            return std::nullopt;
        }
        return code;
    }

    void parse_stages(const json& node, const std::string& path, Survey& survey,
                      std::map<std::string, std::string, std::less<>>& stage_owner) {
        const json* stages = r_.array(node, "stages", path);
        if (stages == nullptr) {
            return;
        }
        const std::string stages_path = path_key(path, "stages");
        if (stages->empty()) {
            r_.warning(stages_path, "no journey stage selects this survey");
        }
        for (std::size_t j = 0; j < stages->size(); ++j) {
            const std::string stage_path = path_index(stages_path, j);
            const auto code = stage_code((*stages)[j], stage_path);
            if (!code) {
                continue;
            }
            if (const auto it = stage_owner.find(*code); it != stage_owner.end()) {
                r_.error(stage_path, "stage " + *code + " is already served by " + it->second);
                continue;
            }
            stage_owner.emplace(*code, path);
            survey.stages.push_back(*code);
        }
    }

    void parse_questions(const json& node, const std::string& path, const SurveyPack& pack,
                         Survey& survey) {
        const json* questions = r_.array(node, "questions", path);
        if (questions == nullptr) {
            return;
        }
        const std::string questions_path = path_key(path, "questions");
        if (questions->empty()) {
            r_.error(questions_path, "must hold at least one question");
        }
        // A response answers each question at most once, and a batch takes at most this many
        // answers per response: a longer survey's complete answers could never be uploaded.
        if (!at_most(*questions, kMaxQuestionsPerSurvey, questions_path, "questions")) {
            return;
        }
        for (std::size_t k = 0; k < questions->size(); ++k) {
            const std::string qpath = path_index(questions_path, k);
            const json& qnode = (*questions)[k];
            if (!r_.expect_object(qnode, qpath)) {
                continue;
            }
            survey.questions.push_back(parse_question(qnode, qpath, pack, survey));
        }
    }

    Question parse_question(const json& qnode, const std::string& qpath, const SurveyPack& pack,
                            const Survey& survey) {
        r_.reject_unknown_keys(qnode,
                               {"id", "type", "text", "options", "max_choices", "anchors",
                                "allow_cant_say", "show_if", "dimension"},
                               qpath);
        Question question;
        if (const auto id = r_.string(qnode, "id", qpath)) {
            check_id(*id, path_key(qpath, "id"));
            if (survey.find_question(*id) != nullptr) {
                r_.error(path_key(qpath, "id"),
                         "question id '" + *id + "' is used twice in survey '" + survey.id + "'");
            }
            question.id = *id;
        }
        bool type_known = false;
        if (const auto type = r_.string(qnode, "type", qpath)) {
            if (const auto t = question_type_from_string(*type)) {
                question.type = *t;
                type_known = true;
            } else {
                r_.error(path_key(qpath, "type"), "unknown question type '" + *type + "' (known: " +
                                                      std::string(known_question_types()) + ")");
            }
        }
        if (const json* text = r_.object(qnode, "text", qpath)) {
            question.text = parse_text(*text, path_key(qpath, "text"), pack);
        }
        if (const json* flag = r_.field(qnode, "allow_cant_say", qpath, false)) {
            if (flag->is_boolean()) {
                question.allow_cant_say = flag->get<bool>();
            } else {
                r_.error(path_key(qpath, "allow_cant_say"), "must be true or false");
            }
        }
        if (type_known) {
            parse_options(qnode, qpath, pack, question);
            parse_anchors(qnode, qpath, pack, question);
        }
        if (const json* cond = r_.object(qnode, "show_if", qpath, false); cond && type_known) {
            question.show_if = parse_show_if(*cond, path_key(qpath, "show_if"), survey);
        }
        if (type_known) {
            parse_dimension(qnode, qpath, question);
        }
        return question;
    }

    // "dimension": a national instrument's dimension, on a question whose answers can be
    // positive: a scale with positive_from, yes / partly / no, or a single choice with at least
    // one option marked "positive".
    void parse_dimension(const json& qnode, const std::string& qpath, Question& question) {
        const std::string path = path_key(qpath, "dimension");
        bool any_positive = false;
        for (const Option& o : question.options) {
            any_positive = any_positive || o.positive;
        }
        if (!qnode.contains("dimension")) {
            if (any_positive) {
                r_.error(path_key(qpath, "options"),
                         "an option marked \"positive\" needs the question's \"dimension\"");
            }
            return;
        }
        const auto dimension = r_.string(qnode, "dimension", qpath);
        if (!dimension) {
            return;
        }
        if (dimension->empty() || dimension->size() > 64) {
            r_.error(path, "must be 1 to 64 bytes");
        }
        const bool scored = info(question.type).positive_from.has_value() ||
                            question.type == QuestionType::YesPartlyNo;
        if (!scored && question.type != QuestionType::SingleChoice) {
            r_.error(path, std::string(to_string(question.type)) +
                               " answers cannot count as positive: a dimension takes smiley, nps, "
                               "effort, yes_partly_no or single_choice questions");
        } else if (question.type == QuestionType::SingleChoice && !any_positive) {
            r_.error(path,
                     "a single_choice question in a dimension needs at least one option "
                     "marked \"positive\": true");
        }
        question.dimension = *dimension;
    }

    // "anchors": {"low": {<lang>: text}, "high": {<lang>: text}}, for the types whose row in the
    // question-type table says the pack words the ends of the scale; refused on every other type.
    void parse_anchors(const json& qnode, const std::string& qpath, const SurveyPack& pack,
                       Question& question) {
        if (!info(question.type).pack_anchors) {
            if (qnode.contains("anchors")) {
                r_.error(path_key(qpath, "anchors"),
                         "is not used by " + std::string(to_string(question.type)) + " questions");
            }
            return;
        }
        const json* node = r_.object(qnode, "anchors", qpath);
        if (node == nullptr) {
            return;
        }
        const std::string apath = path_key(qpath, "anchors");
        r_.reject_unknown_keys(*node, {"low", "high"}, apath);
        Anchors anchors;
        if (const json* low = r_.object(*node, "low", apath)) {
            anchors.low = parse_text(*low, path_key(apath, "low"), pack);
        }
        if (const json* high = r_.object(*node, "high", apath)) {
            anchors.high = parse_text(*high, path_key(apath, "high"), pack);
        }
        question.anchors = std::move(anchors);
    }

    void parse_options(const json& qnode, const std::string& qpath, const SurveyPack& pack,
                       Question& question) {
        const bool takes_options = info(question.type).pack_options;
        const std::string type(to_string(question.type));
        if (!takes_options) {
            for (const char* key : {"options", "max_choices"}) {
                if (qnode.contains(key)) {
                    r_.error(path_key(qpath, key), "is not used by " + type + " questions");
                }
            }
            return;
        }
        const json* options = r_.array(qnode, "options", qpath);
        if (options == nullptr) {
            return;
        }
        const std::string opath = path_key(qpath, "options");
        if (options->size() < 2 || options->size() > kMaxOptions) {
            r_.error(opath, "must hold 2 to " + std::to_string(kMaxOptions) + " options, found " +
                                std::to_string(options->size()));
        }
        for (std::size_t i = 0; i < options->size(); ++i) {
            const std::string path = path_index(opath, i);
            const json& node = (*options)[i];
            if (!r_.expect_object(node, path)) {
                continue;
            }
            r_.reject_unknown_keys(node, {"id", "text", "positive"}, path);
            Option option;
            if (const auto id = r_.string(node, "id", path)) {
                check_id(*id, path_key(path, "id"));
                if (contains(question.option_ids(), *id)) {
                    r_.error(path_key(path, "id"), "option id '" + *id + "' is used twice");
                }
                option.id = *id;
            }
            if (const json* text = r_.object(node, "text", path)) {
                option.text = parse_text(*text, path_key(path, "text"), pack);
            }
            if (const json* positive = r_.field(node, "positive", path, false)) {
                if (!positive->is_boolean() || question.type != QuestionType::SingleChoice) {
                    r_.error(path_key(path, "positive"),
                             "must be true or false, on single_choice options only");
                } else {
                    option.positive = positive->get<bool>();
                }
            }
            question.options.push_back(std::move(option));
        }
        if (const auto max = r_.integer(qnode, "max_choices", qpath, false)) {
            if (!info(question.type).several_choices) {
                r_.error(path_key(qpath, "max_choices"), "is used only by multi_choice questions");
            } else if (*max < 1 || static_cast<std::size_t>(*max) > options->size()) {
                r_.error(path_key(qpath, "max_choices"),
                         "must be between 1 and the number of options (" +
                             std::to_string(options->size()) + "), found " + std::to_string(*max));
            } else {
                question.max_choices = static_cast<std::size_t>(*max);
            }
        }
    }

    std::optional<ShowIf> parse_show_if(const json& node, const std::string& path,
                                        const Survey& survey) {
        if (!r_.expect_object(node, path)) {
            return std::nullopt;
        }
        r_.reject_unknown_keys(node, {"question", "at_least", "at_most", "any_of"}, path);
        const auto id = r_.string(node, "question", path);
        if (!id) {
            return std::nullopt;
        }
        // Only questions already in `survey` are earlier ones: a follow-up cannot look ahead.
        const Question* earlier = survey.find_question(*id);
        if (earlier == nullptr) {
            r_.error(path_key(path, "question"),
                     "'" + *id + "' is not an earlier question of survey '" + survey.id + "'");
            return std::nullopt;
        }
        ShowIf cond;
        cond.question = *id;
        const auto range = value_range(earlier->type);
        for (const char* key : {"at_least", "at_most"}) {
            const auto bound = r_.integer(node, key, path, false);
            if (!bound) {
                continue;
            }
            if (!range) {
                r_.error(path_key(path, key), "compares a value, but '" + *id + "' is a " +
                                                  std::string(to_string(earlier->type)) +
                                                  " question");
            } else if (!range->contains(*bound)) {
                r_.error(path_key(path, key), std::to_string(*bound) + " is outside " +
                                                  std::to_string(range->min) + ".." +
                                                  std::to_string(range->max));
            } else {
                (std::string_view(key) == "at_least" ? cond.at_least : cond.at_most) =
                    static_cast<int>(*bound);
            }
        }
        if (const json* any = r_.array(node, "any_of", path, false)) {
            const auto allowed = earlier->option_ids();
            if (!has_options(earlier->type)) {
                r_.error(path_key(path, "any_of"), "lists choices, but '" + *id + "' is a " +
                                                       std::string(to_string(earlier->type)) +
                                                       " question");
            }
            for (std::size_t i = 0; i < any->size(); ++i) {
                const json& v = (*any)[i];
                if (!v.is_string() || !contains(allowed, v.get<std::string>())) {
                    r_.error(path_index(path_key(path, "any_of"), i),
                             "must be one of the options of '" + *id + "' (" + join(allowed) + ")");
                    continue;
                }
                cond.any_of.push_back(v.get<std::string>());
            }
        }
        if (!cond.at_least && !cond.at_most && cond.any_of.empty()) {
            r_.error(path, "needs at_least, at_most or any_of");
        }
        return cond;
    }

    // "keyboards": {"kv": "fi"} gives a language the kiosk has no keyboard layout of its own the
    // layout of another; whether that layout exists is the kiosk's to check (keyboards.json).
    void parse_keyboards(const json& root, SurveyPack& pack) {
        const json* keyboards = r_.object(root, "keyboards", "$", false);
        if (keyboards == nullptr) {
            return;
        }
        for (const auto& [lang, layout] : keyboards->items()) {
            const std::string path = path_key("$.keyboards", lang);
            if (!pack.declares_language(lang)) {
                r_.error(path, "language '" + lang + "' is not declared in $.languages");
            } else if (!layout.is_string() || !is_language_code(layout.get<std::string>())) {
                r_.error(path, "must name a keyboard layout by its language code, such as \"fi\"");
            } else {
                pack.keyboards.emplace(lang, layout.get<std::string>());
            }
        }
    }

    void parse_schedule(const json& root, SurveyPack& pack) {
        const json* slots = r_.array(root, "schedule", "$", false);
        if (slots == nullptr || !at_most(*slots, kMaxScheduleSlots, "$.schedule", "slots")) {
            return;
        }
        for (std::size_t i = 0; i < slots->size(); ++i) {
            const std::string path = path_index("$.schedule", i);
            const json& node = (*slots)[i];
            if (!r_.expect_object(node, path)) {
                continue;
            }
            r_.reject_unknown_keys(node, {"stage", "days", "from", "to"}, path);
            ScheduleSlot slot;
            if (const json* stage = r_.field(node, "stage", path)) {
                slot.stage = served_stage(*stage, path_key(path, "stage"), pack).value_or("");
            }
            if (const json* days = r_.array(node, "days", path, false)) {
                slot.weekdays = 0;
                for (std::size_t d = 0; d < days->size(); ++d) {
                    const json& day = (*days)[d];
                    const auto it = day.is_string() ? std::find(kWeekdays.begin(), kWeekdays.end(),
                                                                day.get<std::string>())
                                                    : kWeekdays.end();
                    if (it == kWeekdays.end()) {
                        r_.error(path_index(path_key(path, "days"), d),
                                 "must be one of " + join(kWeekdays));
                        continue;
                    }
                    slot.weekdays |= static_cast<std::uint8_t>(1U << (it - kWeekdays.begin()));
                }
            }
            for (const char* key : {"from", "to"}) {
                const auto text = r_.string(node, key, path);
                if (!text) {
                    continue;
                }
                const auto minute = parse_clock_time(*text);
                if (!minute) {
                    r_.error(path_key(path, key),
                             "'" + *text + "' is not a time of day like \"07:30\"");
                    continue;
                }
                (std::string_view(key) == "from" ? slot.from_minute : slot.to_minute) = *minute;
            }
            if (slot.from_minute >= slot.to_minute) {
                r_.error(path, "'from' must be before 'to'");
            }
            pack.schedule.push_back(std::move(slot));
        }
    }

    void parse_stage_question(const json& root, SurveyPack& pack) {
        const json* node = r_.object(root, "stage_question", "$", false);
        if (node == nullptr) {
            return;
        }
        const std::string path = "$.stage_question";
        r_.reject_unknown_keys(*node, {"text", "stages"}, path);
        StageQuestion question;
        if (const json* text = r_.object(*node, "text", path)) {
            question.text = parse_text(*text, path_key(path, "text"), pack);
        }
        if (const json* stages = r_.array(*node, "stages", path)) {
            if (stages->size() < 2 || stages->size() > kMaxOptions) {
                r_.error(path_key(path, "stages"),
                         "must offer 2 to " + std::to_string(kMaxOptions) + " stages");
            }
            for (std::size_t i = 0; i < stages->size(); ++i) {
                const auto code =
                    served_stage((*stages)[i], path_index(path_key(path, "stages"), i), pack);
                if (code) {
                    question.stages.push_back(*code);
                }
            }
        }
        pack.stage_question = std::move(question);
    }

    // A missing translation is a warning: the kiosk shows the default language instead. Only the
    // default language must be complete.
    LocalizedText parse_text(const json& text, const std::string& path, const SurveyPack& pack) {
        LocalizedText out;
        for (const auto& [lang, value] : text.items()) {
            const std::string lpath = path_key(path, lang);
            if (!pack.declares_language(lang)) {
                r_.error(lpath, "language '" + lang + "' is not declared in $.languages");
                continue;
            }
            if (!value.is_string() || value.get<std::string>().empty()) {
                r_.error(lpath, "must be a non-empty string");
                continue;
            }
            if (value.get_ref<const std::string&>().size() > kMaxPackTextBytes) {
                r_.error(lpath, "is longer than " + std::to_string(kMaxPackTextBytes) + " bytes");
                continue;
            }
            out.emplace(lang, value.get<std::string>());
        }
        for (const std::string& lang : pack.languages) {
            if (out.contains(lang) || text.contains(lang)) {
                continue;
            }
            if (lang == pack.default_language) {
                r_.error(path_key(path, lang),
                         "missing text in the default language '" + lang + "'");
            } else {
                r_.warning(path_key(path, lang), "missing text for language '" + lang +
                                                     "'; the kiosk shows '" +
                                                     pack.default_language + "' instead");
            }
        }
        return out;
    }

    Issues& issues_;
    JsonReader r_;
};

}  // namespace

PackLoad parse_survey_pack(std::string_view json_text) {
    PackLoad result;
    const auto root = parse_json_object(json_text, result.issues);
    if (!root) {
        return result;
    }
    PackParser parser(result.issues);
    result.pack = parser.parse(*root);
    return result;
}

}  // namespace fbk::sync::protocol
