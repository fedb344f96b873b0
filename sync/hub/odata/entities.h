// The feed's two entity sets described once, like the route table: each property with its
// EDM type and how it is read from a stored response (and answer). The CSDL document
// ($metadata), the JSON of each entity and $select's check all come from these tables.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/odata/query.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub::odata {

// What a property is read from: a response, its kiosk's site, and (Answers) one answer.
struct Row {
    const StoredResponse& response;
    const std::string& site;
    const protocol::Answer* answer = nullptr;
};

struct Property {
    std::string_view name;
    std::string_view edm_type;  // Edm.String, Edm.Int32, Edm.Int64, Edm.Boolean, Edm.DateTimeOffset
    bool nullable = true;
    bool key = false;
    nlohmann::json (*value)(const Row& row) = nullptr;
};

const std::vector<Property>& properties(EntitySet set);
std::string_view set_name(EntitySet set);   // "Responses", "Answers"
std::string_view type_name(EntitySet set);  // "Response", "Answer"

// The CSDL XML of the service (OData v4.0), namespace FeedbackHub.
std::string metadata_document();

// One entity's JSON: every property, or those in `select` (already checked) in table order.
nlohmann::json entity_json(EntitySet set, const Row& row, const std::vector<std::string>& select);

}  // namespace fbk::sync::hub::odata
