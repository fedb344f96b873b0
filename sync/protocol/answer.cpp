#include "sync/protocol/answer.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "sync/protocol/ids.h"
#include "sync/protocol/join.h"

namespace fbk::sync::protocol {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxChoices = 16;

std::string describe(const Question& q) {
    return "question '" + q.id + "' (" + std::string(to_string(q.type)) + ")";
}

}  // namespace

json to_json(const Answer& a) {
    json out = {{"question", a.question}};
    if (a.cant_say) {
        out["cant_say"] = true;
    } else if (a.value) {
        out["value"] = *a.value;
    } else if (a.text) {
        out["text"] = *a.text;
    } else {
        out["choices"] = a.choices;
    }
    return out;
}

std::optional<Answer> parse_answer(JsonReader& r, const json& node, const std::string& path) {
    if (!r.expect_object(node, path)) {
        return std::nullopt;
    }
    r.reject_unknown_keys(node, {"question", "value", "choices", "text", "cant_say"}, path);
    const auto question = r.string(node, "question", path);
    int carriers = 0;
    for (const char* key : {"value", "choices", "text", "cant_say"}) {
        carriers += node.contains(key) ? 1 : 0;
    }
    if (carriers != 1) {
        r.error(path, "must hold exactly one of value, choices, text, cant_say");
        return std::nullopt;
    }
    Answer out;
    bool ok = question.has_value();
    if (node.contains("value")) {
        out.value = r.integer(node, "value", path);
        ok = ok && out.value.has_value();
    } else if (node.contains("text")) {
        out.text = r.string(node, "text", path);
        if (out.text && out.text->size() > kMaxFreeTextBytes) {
            r.error(path_key(path, "text"),
                    "is " + std::to_string(out.text->size()) + " bytes; at most " +
                        std::to_string(kMaxFreeTextBytes) + " are accepted");
            ok = false;
        }
        ok = ok && out.text.has_value();
    } else if (node.contains("cant_say")) {
        const json& flag = node["cant_say"];
        if (!flag.is_boolean() || !flag.get<bool>()) {
            r.error(path_key(path, "cant_say"), "must be true when present");
            ok = false;
        }
        out.cant_say = true;
    } else {
        const json* choices = r.array(node, "choices", path);
        if (choices == nullptr || choices->empty() || choices->size() > kMaxChoices) {
            r.error(path_key(path, "choices"),
                    "must list 1 to " + std::to_string(kMaxChoices) + " option ids");
            return std::nullopt;
        }
        std::set<std::string, std::less<>> seen;
        for (std::size_t i = 0; i < choices->size(); ++i) {
            const json& c = (*choices)[i];
            if (!c.is_string() || !is_plain_id(c.get<std::string>())) {
                r.error(path_index(path_key(path, "choices"), i), "must be an option id");
                ok = false;
                continue;
            }
            if (!seen.insert(c.get<std::string>()).second) {
                r.error(path_index(path_key(path, "choices"), i), "is chosen twice");
                ok = false;
                continue;
            }
            out.choices.push_back(c.get<std::string>());
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    out.question = *question;
    return out;
}

void validate_answer(JsonReader& r, const Answer& a, const Question& q, const std::string& path) {
    if (a.cant_say) {
        if (!q.allow_cant_say) {
            r.error(path_key(path, "cant_say"), describe(q) + " does not offer \"can't say\"");
        }
        return;
    }
    if (const auto range = value_range(q.type)) {
        if (!a.value) {
            r.error(path, describe(q) + " is answered with a value");
        } else if (!range->contains(*a.value)) {
            r.error(path_key(path, "value"),
                    std::to_string(*a.value) + " is out of range " + std::to_string(range->min) +
                        ".." + std::to_string(range->max) + " for " + describe(q));
        }
        return;
    }
    if (info(q.type).answer == AnswerKind::Text) {
        if (!a.text) {
            r.error(path, describe(q) + " is answered with text");
        }
        return;
    }
    if (a.choices.empty()) {
        r.error(path, describe(q) + " is answered with choices");
        return;
    }
    if (!info(q.type).several_choices && a.choices.size() != 1) {
        r.error(path_key(path, "choices"), describe(q) + " takes exactly one choice");
    }
    if (q.max_choices > 0 && a.choices.size() > q.max_choices) {
        r.error(path_key(path, "choices"),
                describe(q) + " takes at most " + std::to_string(q.max_choices) + " choices");
    }
    const auto allowed = q.option_ids();
    for (std::size_t i = 0; i < a.choices.size(); ++i) {
        if (std::find(allowed.begin(), allowed.end(), a.choices[i]) == allowed.end()) {
            r.error(path_index(path_key(path, "choices"), i),
                    "'" + a.choices[i] + "' is not an option of " + describe(q) + " (" +
                        join(allowed) + ")");
        }
    }
}

bool satisfies(const ShowIf& cond, const Answer& a) {
    if (a.cant_say) {
        return false;
    }
    if (a.value) {
        return (!cond.at_least || *a.value >= *cond.at_least) &&
               (!cond.at_most || *a.value <= *cond.at_most) && (cond.at_least || cond.at_most);
    }
    return std::any_of(a.choices.begin(), a.choices.end(), [&](const std::string& c) {
        return std::find(cond.any_of.begin(), cond.any_of.end(), c) != cond.any_of.end();
    });
}

}  // namespace fbk::sync::protocol
