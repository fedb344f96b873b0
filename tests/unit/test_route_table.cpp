// The route table (sync/hub/http/routes.cpp) and the API description the hub serves
// (openapi.json) name the same operations, with the same query parameters, and the same
// operations need no token. Adding an endpoint to one and not the other fails here. The same
// for the figure table (sync/hub/analytics/question_figures.cpp) and the figures described.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/question_figures.h"
#include "sync/hub/http/routes.h"
#include "sync/hub/web/embedded_files.h"

namespace hub = fbk::sync::hub;

namespace {

struct Operation {
    std::set<std::string> query_params;
    bool needs_token = true;
    bool operator==(const Operation&) const = default;
};

std::map<std::string, Operation> from_table() {
    std::map<std::string, Operation> out;
    for (const hub::Route& r : hub::make_routes(hub::HubServerOptions{})) {
        if (!r.described) {
            continue;
        }
        std::string method(r.method);
        std::transform(method.begin(), method.end(), method.begin(), ::tolower);
        Operation op;
        op.query_params.insert(r.params.begin(), r.params.end());
        op.needs_token = r.access != hub::Access::Anyone;
        out.emplace(method + " " + std::string(r.path), op);
    }
    return out;
}

std::map<std::string, Operation> from_openapi() {
    const auto doc = nlohmann::json::parse(*hub::embedded_file("http/openapi.json"));
    std::map<std::string, Operation> out;
    for (const auto& [path, operations] : doc.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) {
            Operation op;
            for (const auto& p : operation.value("parameters", nlohmann::json::array())) {
                if (p.at("in") == "query") {
                    op.query_params.insert(p.at("name").get<std::string>());
                }
            }
            op.needs_token = !(operation.contains("security") && operation.at("security").empty());
            out.emplace(method + " " + path, op);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("the route table and openapi.json describe the same operations") {
    const auto table = from_table();
    const auto described = from_openapi();
    for (const auto& [name, op] : table) {
        CAPTURE(name);
        REQUIRE_MESSAGE(described.contains(name), "in the route table, not in openapi.json");
        CHECK(described.at(name).query_params == op.query_params);
        CHECK(described.at(name).needs_token == op.needs_token);
    }
    for (const auto& [name, op] : described) {
        CHECK_MESSAGE(table.contains(name), name, ": in openapi.json, not in the route table");
    }
    CHECK(table.size() == 39);
}

TEST_CASE("every route has a handler, a known method, and a body limit only where it takes one") {
    for (const hub::Route& r : hub::make_routes(hub::HubServerOptions{})) {
        CAPTURE(r.path);
        CHECK(static_cast<bool>(r.handler));
        CHECK((r.method == "GET" || r.method == "POST" || r.method == "DELETE"));
        CHECK((r.method == "POST") == (r.max_body > 0));
        CHECK(r.max_inflated >= r.max_body);
        CHECK(r.label().starts_with("/"));
    }
}

TEST_CASE("the figure table and openapi.json name the same figures and headline measures") {
    const auto doc = nlohmann::json::parse(*hub::embedded_file("http/openapi.json"));
    const auto& figure = doc.at("components").at("schemas").at("Figure").at("properties");
    std::set<std::string> measures_in_table;
    for (const auto& f : hub::question_figures()) {
        CAPTURE(f.key);
        CHECK(figure.contains(std::string(f.key)));
        measures_in_table.insert(std::string(f.measure));
    }
    std::set<std::string> measures_described;
    const std::function<void(const nlohmann::json&)> find = [&](const nlohmann::json& node) {
        if (node.is_object()) {
            if (node.contains("measure") && node.at("measure").contains("enum")) {
                for (const auto& m : node.at("measure").at("enum")) {
                    measures_described.insert(m.get<std::string>());
                }
            }
            for (const auto& [key, value] : node.items()) {
                find(value);
            }
        } else if (node.is_array()) {
            for (const auto& value : node) {
                find(value);
            }
        }
    };
    find(doc);
    CHECK(measures_in_table == measures_described);
}
