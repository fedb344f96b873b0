#include "sync/hub/odata/query.h"

#include <charconv>

#include "sync/hub/export/formats.h"
#include "sync/hub/odata/entities.h"
#include "sync/hub/store/utc_time.h"

namespace fbk::sync::hub::odata {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    return s;
}

// True when the '(' at the start closes at the very end ("(a) and (b)" is not wrapped).
bool wrapped(std::string_view s) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') {
        return false;
    }
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        quoted = s[i] == '\'' ? !quoted : quoted;
        depth += quoted ? 0 : s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
        if (depth == 0 && i + 1 < s.size()) {
            return false;
        }
    }
    return true;
}

// "(a eq 'b')" -> "a eq 'b'", as often as the parentheses wrap the whole.
std::string_view unwrap(std::string_view s) {
    s = trim(s);
    while (wrapped(s)) {
        s = trim(s.substr(1, s.size() - 2));
    }
    return s;
}

// The conjunction's parts, split at " and " outside string literals and parentheses.
std::vector<std::string_view> conjuncts(std::string_view text) {
    std::vector<std::string_view> out;
    bool quoted = false;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\'') {
            quoted = !quoted;
        } else if (!quoted && (text[i] == '(' || text[i] == ')')) {
            depth += text[i] == '(' ? 1 : -1;
        } else if (!quoted && depth == 0 && text.substr(i, 5) == " and ") {
            out.push_back(text.substr(start, i - start));
            start = i + 5;
            i += 4;
        }
    }
    out.push_back(text.substr(start));
    return out;
}

// 'it''s' -> it's; nullopt unless the whole is one string literal.
std::optional<std::string> string_literal(std::string_view s) {
    if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\'') {
            if (i + 2 >= s.size() || s[i + 1] != '\'') {
                return std::nullopt;
            }
            ++i;
        }
        out += s[i];
    }
    return out;
}

// 2026-11-01T08:00:00Z, with fractional seconds and a +hh:mm / -hh:mm offset allowed.
std::optional<std::int64_t> date_time_offset(std::string_view s) {
    if (s.size() < 20 || s[10] != 'T') {
        return std::nullopt;
    }
    auto base = parse_utc_time(std::string(s.substr(0, 19)) + "Z");
    if (!base) {
        return std::nullopt;
    }
    std::size_t at = 19;
    std::int64_t ms = 0;
    if (s[at] == '.') {
        std::int64_t scale = 100;
        for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, scale /= 10) {
            ms += (s[at] - '0') * scale;
        }
    }
    const std::string_view zone = s.substr(at);
    if (zone == "Z") {
        return *base + ms;
    }
    int hours = 0;
    int minutes = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        std::from_chars(zone.data() + 1, zone.data() + 3, hours).ec != std::errc() ||
        std::from_chars(zone.data() + 4, zone.data() + 6, minutes).ec != std::errc()) {
        return std::nullopt;
    }
    const std::int64_t offset = (hours * 60LL + minutes) * 60'000 * (zone[0] == '+' ? 1 : -1);
    return *base + ms - offset;
}

std::optional<std::string>* text_target(EntitySet set, std::string_view property, Query& q) {
    if (property == "KioskId") {
        return &q.filter.kiosk;
    }
    if (property == "Site") {
        return &q.filter.site;
    }
    if (property == "Stage") {
        return &q.filter.stage;
    }
    if (property == "SurveyId") {
        return &q.filter.survey;
    }
    if (property == "Language") {
        return &q.filter.language;
    }
    return set == EntitySet::Answers && property == "Question" ? &q.question : nullptr;
}

bool time_comparison(std::string_view op, std::int64_t at, Query& q) {
    const auto later = [&](std::int64_t from) {
        q.filter.from_ms = std::max(q.filter.from_ms.value_or(from), from);
    };
    const auto earlier = [&](std::int64_t to) {
        q.filter.to_ms = std::min(q.filter.to_ms.value_or(to), to);
    };
    if (op == "ge" || op == "eq") {
        later(at);
    }
    if (op == "gt") {
        later(at + 1);
    }
    if (op == "lt") {
        earlier(at);
    }
    if (op == "le" || op == "eq") {
        earlier(at + 1);
    }
    return op == "ge" || op == "gt" || op == "lt" || op == "le" || op == "eq";
}

bool comparison(EntitySet set, std::string_view text, Query& q, std::string& problem) {
    const std::string_view c = unwrap(text);
    const auto first_space = c.find(' ');
    const auto second_space = first_space == std::string_view::npos ? std::string_view::npos
                                                                    : c.find(' ', first_space + 1);
    if (second_space == std::string_view::npos) {
        problem = "'" + std::string(c) + "' is not PROPERTY OP VALUE";
        return false;
    }
    const std::string_view property = c.substr(0, first_space);
    const std::string_view op = c.substr(first_space + 1, second_space - first_space - 1);
    const std::string_view literal = trim(c.substr(second_space + 1));
    if (property == "FinishedAt") {
        // OData v2's datetimeoffset'...' form too: client libraries that speak both send it.
        std::string_view bare = literal;
        if (bare.starts_with("datetimeoffset'") && bare.ends_with("'")) {
            bare = bare.substr(15, bare.size() - 16);
        }
        const auto at = date_time_offset(bare);
        if (!at || !time_comparison(op, *at, q)) {
            problem =
                "FinishedAt takes ge, gt, lt, le or eq and a DateTimeOffset such as "
                "2026-11-01T00:00:00Z";
            return false;
        }
        return true;
    }
    auto* target = text_target(set, property, q);
    const auto value = string_literal(literal);
    if (target == nullptr || op != "eq" || !value) {
        problem = "'" + std::string(c) + "': only KioskId, Site, Stage, SurveyId, Language" +
                  (set == EntitySet::Answers ? ", Question" : "") +
                  " eq 'text' and FinishedAt comparisons are supported";
        return false;
    }
    if (*target && **target != *value) {
        q.filter.to_ms = q.filter.from_ms = 0;  // two different values: nothing matches
    }
    *target = *value;
    return true;
}

bool parse_select(EntitySet set, std::string_view text, Query& q, std::string& problem) {
    for (std::string_view rest = text; !rest.empty();) {
        const auto comma = rest.find(',');
        const std::string_view name = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        bool known = name == "*";
        for (const Property& p : properties(set)) {
            known = known || p.name == name;
        }
        if (!known || name.empty()) {
            problem =
                "'" + std::string(name) + "' is not a property of " + std::string(type_name(set));
            return false;
        }
        if (name == "*") {
            q.select.clear();
            return true;
        }
        q.select.emplace_back(name);
    }
    return true;
}

bool parse_option(EntitySet set, const QueryParam& p, Query& q, std::string& problem) {
    if (p.name == "$filter") {
        return parse_filter(set, p.value, q, problem);
    }
    if (p.name == "$select") {
        return parse_select(set, p.value, q, problem);
    }
    if (p.name == "$top") {
        std::int64_t n = -1;
        const auto [end, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), n);
        if (ec != std::errc() || end != p.value.data() + p.value.size() || n < 0) {
            problem = "a whole number of 0 or more";
            return false;
        }
        q.top = n;
        return true;
    }
    if (p.name == "$skiptoken") {
        const auto position = decode_cursor(p.value);
        if (!position) {
            problem = "not a skip token issued by this hub";
            return false;
        }
        q.after = *position;
        return true;
    }
    if (p.name == "$count") {
        q.count = p.value == "true";
        problem = "true or false";
        return p.value == "true" || p.value == "false";
    }
    if (p.name == "$format") {
        problem = "only json";
        return p.value == "json" || p.value.starts_with("application/json");
    }
    problem =
        "not supported by this feed (it takes $filter, $select, $top, $count, $format "
        "and the $skiptoken of its next links)";
    return false;
}

}  // namespace

bool parse_filter(EntitySet set, std::string_view text, Query& query, std::string& problem) {
    const auto parts = conjuncts(unwrap(text));
    if (parts.size() == 1) {
        return comparison(set, parts.front(), query, problem);
    }
    for (const std::string_view part : parts) {  // "(a and b) and c": each part may nest
        if (!parse_filter(set, part, query, problem)) {
            return false;
        }
    }
    return true;
}

std::optional<Query> parse_query(EntitySet set, const std::vector<QueryParam>& params,
                                 std::string& problem) {
    Query q;
    for (const QueryParam& p : params) {
        std::string why;
        if (!parse_option(set, p, q, why)) {
            problem = std::string(p.name) + ": " + why;
            return std::nullopt;
        }
    }
    return q;
}

}  // namespace fbk::sync::hub::odata
