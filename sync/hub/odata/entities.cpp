#include "sync/hub/odata/entities.h"

#include "sync/hub/export/formats.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub::odata {

namespace {

using nlohmann::json;

json text_or_null(std::string_view s) {
    return s.empty() ? json(nullptr) : json(std::string(s));
}

const protocol::Response& r(const Row& row) {
    return row.response.response;
}

// Properties both sets share, read from the response.
json kiosk_id(const Row& row) {
    return r(row).kiosk_id;
}
json site(const Row& row) {
    return text_or_null(row.site);
}
json stage(const Row& row) {
    return r(row).stage;
}
json survey_id(const Row& row) {
    return r(row).survey_id;
}
json language(const Row& row) {
    return r(row).language;
}
json finished_at(const Row& row) {
    return format_utc_iso8601(best_times(row.response).finished_ms);
}

const std::vector<Property> kResponse = {
    {"Id", "Edm.String", false, true, [](const Row& row) { return json(r(row).id); }},
    {"KioskId", "Edm.String", false, false, kiosk_id},
    {"Site", "Edm.String", true, false, site},
    {"Stage", "Edm.String", false, false, stage},
    {"StageSource", "Edm.String", false, false,
     [](const Row& row) { return json(std::string(protocol::to_string(r(row).stage_source))); }},
    {"SurveyId", "Edm.String", false, false, survey_id},
    {"PackId", "Edm.String", false, false, [](const Row& row) { return json(r(row).pack_id); }},
    {"PackVersion", "Edm.Int32", false, false,
     [](const Row& row) { return json(r(row).pack_version); }},
    {"Language", "Edm.String", false, false, language},
    {"Status", "Edm.String", false, false,
     [](const Row& row) { return json(std::string(protocol::to_string(r(row).status))); }},
    {"AbandonedAt", "Edm.String", true, false,
     [](const Row& row) { return text_or_null(r(row).abandoned_at); }},
    {"Flags", "Edm.String", true, false,
     [](const Row& row) { return text_or_null(protocol::join(r(row).flags, ";")); }},
    {"StartedAt", "Edm.DateTimeOffset", false, false,
     [](const Row& row) { return json(format_utc_iso8601(best_times(row.response).started_ms)); }},
    {"FinishedAt", "Edm.DateTimeOffset", false, false, finished_at},
    {"ReceivedAt", "Edm.DateTimeOffset", false, false,
     [](const Row& row) { return json(format_utc_iso8601(row.response.received_ms)); }},
    {"TimeSource", "Edm.String", false, false,
     [](const Row& row) { return json(std::string(best_times(row.response).source)); }},
};

const protocol::Answer& a(const Row& row) {
    return *row.answer;
}

const std::vector<Property> kAnswer = {
    {"ResponseId", "Edm.String", false, true, [](const Row& row) { return json(r(row).id); }},
    {"Question", "Edm.String", false, true, [](const Row& row) { return json(a(row).question); }},
    {"Value", "Edm.Int64", true, false,
     [](const Row& row) {
         return a(row).value && !a(row).cant_say ? json(*a(row).value) : json(nullptr);
     }},
    {"Choices", "Edm.String", true, false,
     [](const Row& row) {
         return a(row).choices.empty() || a(row).cant_say
                    ? json(nullptr)
                    : json(protocol::join(a(row).choices, ";"));
     }},
    {"Text", "Edm.String", true, false,
     [](const Row& row) { return a(row).text ? json(*a(row).text) : json(nullptr); }},
    {"CantSay", "Edm.Boolean", false, false, [](const Row& row) { return json(a(row).cant_say); }},
    {"KioskId", "Edm.String", false, false, kiosk_id},
    {"Site", "Edm.String", true, false, site},
    {"Stage", "Edm.String", false, false, stage},
    {"SurveyId", "Edm.String", false, false, survey_id},
    {"Language", "Edm.String", false, false, language},
    {"FinishedAt", "Edm.DateTimeOffset", false, false, finished_at},
};

void append_entity_type(std::string& out, EntitySet set) {
    out += "<EntityType Name=\"" + std::string(type_name(set)) + "\"><Key>";
    for (const Property& p : properties(set)) {
        if (p.key) {
            out += "<PropertyRef Name=\"" + std::string(p.name) + "\"/>";
        }
    }
    out += "</Key>";
    for (const Property& p : properties(set)) {
        out += "<Property Name=\"" + std::string(p.name) + "\" Type=\"" + std::string(p.edm_type) +
               "\"" + (p.nullable ? "" : " Nullable=\"false\"") + "/>";
    }
    out += "</EntityType>";
}

}  // namespace

const std::vector<Property>& properties(EntitySet set) {
    return set == EntitySet::Responses ? kResponse : kAnswer;
}

std::string_view set_name(EntitySet set) {
    return set == EntitySet::Responses ? "Responses" : "Answers";
}

std::string_view type_name(EntitySet set) {
    return set == EntitySet::Responses ? "Response" : "Answer";
}

std::string metadata_document() {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">"
        "<edmx:DataServices>"
        "<Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"FeedbackHub\">";
    for (const EntitySet set : {EntitySet::Responses, EntitySet::Answers}) {
        append_entity_type(out, set);
    }
    out += "<EntityContainer Name=\"Feed\">";
    for (const EntitySet set : {EntitySet::Responses, EntitySet::Answers}) {
        out += "<EntitySet Name=\"" + std::string(set_name(set)) + "\" EntityType=\"FeedbackHub." +
               std::string(type_name(set)) + "\"/>";
    }
    out += "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>";
    return out;
}

json entity_json(EntitySet set, const Row& row, const std::vector<std::string>& select) {
    json out = json::object();
    for (const Property& p : properties(set)) {
        if (select.empty() || std::find(select.begin(), select.end(), p.name) != select.end()) {
            out[std::string(p.name)] = p.value(row);
        }
    }
    return out;
}

}  // namespace fbk::sync::hub::odata
