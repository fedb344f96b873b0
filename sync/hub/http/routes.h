// Every endpoint of the hub in one table (routes.cpp): method, path, who may call it, the
// query parameters it takes, its body limits and its handler. Routing, authorisation
// (auth.h), parameter checks, body limits and the latency histogram's labels all read this
// table, and tests/unit/test_route_table.cpp checks it against openapi.json. Adding an
// endpoint: one entry here, a handler (api.h), its operation in openapi.json.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "sync/hub/http/api.h"

namespace fbk::sync::hub {

enum class Access { Anyone, Kiosk, Viewer, Analyst, Admin };

struct Route {
    std::string_view method{};
    std::string_view path{};  // exact; with `prefix`, every path under it
    bool prefix = false;
    Access access = Access::Anyone;
    std::string_view what{};  // what a 403 says the route gives
    // With a body: most bytes on the wire, and after gzip is undone (0: no body).
    std::size_t max_body = 0;
    std::size_t max_inflated = 0;
    std::vector<std::string_view> params{};  // the query parameters it takes
    Handler handler = nullptr;
    // An operation of openapi.json; false only for what is not part of the API (a redirect).
    bool described = true;

    bool matches(std::string_view request_path) const {
        return prefix ? request_path.starts_with(path) : request_path == path;
    }
    // The latency histogram's label: the path, or the prefix without its final '/'.
    std::string_view label() const { return prefix ? path.substr(0, path.size() - 1) : path; }
};

std::vector<Route> make_routes(const HubServerOptions& options);

}  // namespace fbk::sync::hub
