// `feedback-hub export`: the same export as GET /api/v1/responses, straight from the hub's
// database to a file, with a progress bar on stderr.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/stats_query.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

struct ExportRequest {
    std::string format = "csv";  // see kExportFormats, or "xlsx"
    std::filesystem::path out;
    std::string labels = "en";  // xlsx: the language of the question headers
    StatsFilter filter = kEverything;
    bool bom = false;
};

// Writes FILE.part and renames it to FILE when complete, so a file with the final name is never
// half an export. Returns the number of responses written; throws with the file's name on
// failure. `progress` gets a bar redrawn in place when it is a terminal, lines otherwise.
std::int64_t export_to_file(HubStore& store, const protocol::PackCatalog& packs,
                            const ExportRequest& request, std::ostream& progress,
                            bool progress_is_terminal);

}  // namespace fbk::sync::hub
