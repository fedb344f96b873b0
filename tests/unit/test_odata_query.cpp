// The OData feed's query options (sync/hub/odata/query.h): what a filter becomes, and that
// everything the feed cannot honour is refused with the option named.
#include <doctest/doctest.h>

#include "sync/hub/odata/entities.h"
#include "sync/hub/odata/query.h"
#include "sync/hub/store/utc_time.h"

namespace od = fbk::sync::hub::odata;

namespace {

od::Query filtered(od::EntitySet set, std::string_view filter) {
    od::Query q;
    std::string problem;
    REQUIRE_MESSAGE(od::parse_filter(set, filter, q, problem), problem);
    return q;
}

std::int64_t utc(const char* text) {
    return fbk::sync::hub::parse_utc_time(text).value();
}

}  // namespace

TEST_CASE("odata $filter: equalities and a time window become the export filter") {
    const auto q = filtered(od::EntitySet::Responses,
                            "Stage eq 'WAITING' and Site eq 'north and south' and "
                            "FinishedAt ge 2026-11-01T00:00:00Z and FinishedAt lt "
                            "2026-12-01T00:00:00Z");
    CHECK(q.filter.stage == "WAITING");
    CHECK(q.filter.site == "north and south");  // " and " inside a literal is not a conjunction
    CHECK(q.filter.from_ms == utc("2026-11-01T00:00:00Z"));
    CHECK(q.filter.to_ms == utc("2026-12-01T00:00:00Z"));
    CHECK(q.filter.include_flagged);  // as every export
    // Parentheses, '' inside a literal, offsets and fractions, gt and le by the millisecond.
    const auto p = filtered(od::EntitySet::Answers,
                            "((KioskId eq 'O''Brien-1') and (Question eq 'comment')) and "
                            "FinishedAt gt 2026-11-01T02:00:00.5+02:00 and FinishedAt le "
                            "datetimeoffset'2026-11-02T00:00:00Z'");
    CHECK(p.filter.kiosk == "O'Brien-1");
    CHECK(p.question == "comment");
    CHECK(p.filter.from_ms == utc("2026-11-01T00:00:00Z") + 501);
    CHECK(p.filter.to_ms == utc("2026-11-02T00:00:00Z") + 1);
    // Two different values for one property: nothing can match.
    const auto none = filtered(od::EntitySet::Responses, "Stage eq 'A' and Stage eq 'B'");
    CHECK(none.filter.from_ms == 0);
    CHECK(none.filter.to_ms == 0);
}

TEST_CASE("odata options: what the feed cannot honour is refused, naming the option") {
    const std::pair<std::string_view, std::string_view> refused[] = {
        {"Stage ne 'A'", "$filter: 'Stage ne 'A''"},
        {"contains(Stage,'A')", "$filter: 'contains(Stage,'A')' is not PROPERTY OP VALUE"},
        {"Value gt 3", "$filter: 'Value gt 3'"},
        {"Question eq 'x'", "$filter: 'Question eq 'x''"},  // Responses have no Question
        {"Stage eq WAITING", "$filter: 'Stage eq WAITING'"},
        {"Stage eq 'A' or Stage eq 'B'", "$filter:"},
        {"FinishedAt ge 2026-13-01T00:00:00Z", "DateTimeOffset"},
        {"FinishedAt ne 2026-11-01T00:00:00Z", "DateTimeOffset"},
    };
    for (const auto& [filter, message] : refused) {
        CAPTURE(filter);
        std::string problem;
        CHECK_FALSE(od::parse_query(od::EntitySet::Responses, {{"$filter", filter}}, problem));
        CHECK(problem.find(message) != std::string::npos);
    }
    std::string problem;
    CHECK_FALSE(od::parse_query(od::EntitySet::Answers, {{"$select", "Value,Nope"}}, problem));
    CHECK(problem == "$select: 'Nope' is not a property of Answer");
    CHECK_FALSE(od::parse_query(od::EntitySet::Responses, {{"$top", "1e3"}}, problem));
    CHECK_FALSE(od::parse_query(od::EntitySet::Responses, {{"$expand", "x"}}, problem));
    CHECK(problem.starts_with("$expand: not supported"));
    const auto ok = od::parse_query(
        od::EntitySet::Answers,
        {{"$select", "Value, Question"}, {"$top", "25"}, {"$format", "json"}}, problem);
    REQUIRE(ok);
    CHECK(ok->select == std::vector<std::string>{"Value", "Question"});
    CHECK(ok->top == 25);
}

TEST_CASE("odata $metadata: both entity types with their keys, from the property tables") {
    const std::string xml = od::metadata_document();
    CHECK(xml.find("<EntityType Name=\"Response\"><Key><PropertyRef Name=\"Id\"/></Key>") !=
          std::string::npos);
    CHECK(
        xml.find("<Key><PropertyRef Name=\"ResponseId\"/><PropertyRef Name=\"Question\"/></Key>") !=
        std::string::npos);
    CHECK(xml.find("<Property Name=\"FinishedAt\" Type=\"Edm.DateTimeOffset\" "
                   "Nullable=\"false\"/>") != std::string::npos);
    CHECK(xml.find("<EntitySet Name=\"Answers\" EntityType=\"FeedbackHub.Answer\"/>") !=
          std::string::npos);
}
