// The survey packs a hub knows: those from its --packs directory and those uploaded through
// the API (kept in the database, so every hub on a shared database learns them). Lookups take
// an immutable snapshot; an upload publishes a new one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "sync/hub/store/hub_store.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

class PackRegistry {
  public:
    PackRegistry(protocol::PackCatalog from_files, HubStore& store);

    std::shared_ptr<const protocol::PackCatalog> catalog() const;
    // Learns packs uploaded through other hubs since the last look; one COUNT(*) when none.
    void refresh();

    enum class Upload { Added, AlreadyThere, Conflict };
    // `pack` has passed parse_survey_pack, as check-pack does. Conflict: that id and version
    // exist with other content (a version is never changed; upload a new one).
    Upload upload(protocol::SurveyPack pack, std::string source, std::string_view uploaded_by,
                  std::int64_t now_ms);

  private:
    void publish(protocol::SurveyPack pack, std::string source);

    HubStore& store_;
    mutable std::mutex mutex_;
    std::shared_ptr<const protocol::PackCatalog> catalog_;
    std::atomic<std::size_t> uploads_seen_ = 0;
};

}  // namespace fbk::sync::hub
