// Comment handling: analysts and admins mark each comment seen, in progress or done, name the
// unit that owns it and keep a staff note. Every change is audited by who made it; the audit
// line names the comment and the new state, never the note (staff may write names in it).
#include <algorithm>

#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/utf8.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxOwnerUnit = 100;
constexpr std::size_t kMaxNote = 2000;

const std::string kShape =
    "the body must be {\"response_id\": ID, \"question\": ID, \"state\": \"new\" | \"seen\" | "
    "\"in_progress\" | \"done\", \"owner_unit\": TEXT (optional), \"note\": TEXT (optional)}";

struct StateChange {
    std::string response_id;
    std::string question;
    CommentState state;
};

// A short text field: absent is empty; otherwise valid UTF-8 without control characters (a
// note may have line breaks).
std::optional<std::string> text_field(const json& doc, const char* name, std::size_t max,
                                      bool line_breaks, std::string& problem) {
    if (!doc.contains(name)) {
        return std::string();
    }
    const json& v = doc[name];
    const auto plain = [&](const std::string& text) {
        return std::none_of(text.begin(), text.end(), [&](char c) {
            const auto b = static_cast<unsigned char>(c);
            return (b < 0x20 && !(line_breaks && c == '\n')) || b == 0x7f;
        });
    };
    if (!v.is_string() || v.get<std::string>().size() > max ||
        protocol::first_invalid_utf8(v.get<std::string>()) || !plain(v.get<std::string>())) {
        problem = std::string(name) + ": must be text of at most " + std::to_string(max) +
                  " bytes (UTF-8, no control characters" +
                  (line_breaks ? " but line breaks)" : ")");
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<StateChange> parse_change(const std::string& body, http::Reply& refusal) {
    protocol::Issues issues;
    const auto doc = protocol::parse_json_object(body, issues);
    const auto bad = [&](const std::string& message) {
        refusal = error_reply(400, "invalid_comment_state", message);
        return std::nullopt;
    };
    if (!doc) {
        return bad(issues.empty() ? kShape : issues[0].path + ": " + issues[0].message);
    }
    for (const auto& [key, value] : doc->items()) {
        if (key != "response_id" && key != "question" && key != "state" && key != "owner_unit" &&
            key != "note") {
            return bad(key + ": unknown field; " + kShape);
        }
    }
    for (const char* id : {"response_id", "question"}) {
        if (!(*doc)[id].is_string() || !protocol::is_plain_id((*doc)[id].get<std::string>())) {
            return bad(std::string(id) + ": required, an id; " + kShape);
        }
    }
    if (!(*doc)["state"].is_string() || !is_comment_state((*doc)["state"].get<std::string>())) {
        return bad("state: must be new, seen, in_progress or done");
    }
    StateChange c{
        (*doc)["response_id"].get<std::string>(), (*doc)["question"].get<std::string>(), {}};
    c.state.state = (*doc)["state"].get<std::string>();
    std::string problem;
    const auto owner = text_field(*doc, "owner_unit", kMaxOwnerUnit, false, problem);
    const auto note = owner ? text_field(*doc, "note", kMaxNote, true, problem) : std::nullopt;
    if (!owner || !note) {
        return bad(problem);
    }
    c.state.owner_unit = *owner;
    c.state.note = *note;
    return c;
}

}  // namespace

bool is_comment_state(std::string_view state) {
    return state == "new" || state == "seen" || state == "in_progress" || state == "done";
}

json comment_state_json(const CommentState& s) {
    return {{"state", s.state},
            {"owner_unit", s.owner_unit},
            {"note", s.note},
            {"changed_at", s.updated_ms ? json(format_utc_iso8601(*s.updated_ms)) : json(nullptr)},
            {"changed_by", s.updated_ms ? json(s.updated_by) : json(nullptr)}};
}

http::Reply post_comment_state(ApiContext& api, const Call& call) {
    http::Reply refusal;
    auto change = parse_change(call.body, refusal);
    if (!change) {
        return refusal;
    }
    change->state.updated_ms = api.options.now_ms();
    change->state.updated_by = call.token->subject;
    if (!api.store.set_comment_state(change->response_id, change->question, change->state)) {
        return error_reply(404, "no_such_comment",
                           "response_id, question: no comment answers question '" +
                               change->question + "' of response " + change->response_id);
    }
    std::string detail = change->response_id + "/" + change->question + ": " + change->state.state;
    if (!change->state.owner_unit.empty()) {
        detail += ", owner unit " + change->state.owner_unit;
    }
    detail += change->state.note.empty() ? ", no note" : ", with a note";
    api.store.audit(call.token->subject, "comment.state", detail, *change->state.updated_ms);
    json reply = comment_state_json(change->state);
    reply["response_id"] = change->response_id;
    reply["question"] = change->question;
    return json_reply(reply);
}

}  // namespace fbk::sync::hub
