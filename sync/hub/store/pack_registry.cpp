#include "sync/hub/store/pack_registry.h"

#include <iostream>
#include <utility>
#include <vector>

#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

PackRegistry::PackRegistry(protocol::PackCatalog from_files, HubStore& store)
    : store_(store), catalog_(std::make_shared<protocol::PackCatalog>(std::move(from_files))) {
    refresh();
}

std::shared_ptr<const protocol::PackCatalog> PackRegistry::catalog() const {
    const std::lock_guard lock(mutex_);
    return catalog_;
}

void PackRegistry::publish(protocol::SurveyPack pack, std::string source) {
    // Copy-on-write: readers keep the snapshot they hold.
    auto next = std::make_shared<protocol::PackCatalog>(*catalog_);
    next->add(std::move(pack), std::move(source));
    catalog_ = std::move(next);
}

// The database work and parsing happen outside the lock, so lookups never wait for them;
// two refreshes at once only parse the same packs twice.
void PackRegistry::refresh() {
    const std::size_t count = store_.uploaded_pack_count();
    if (count == uploads_seen_.load()) {
        return;
    }
    const auto uploads = store_.uploaded_packs();
    const auto known = catalog();
    std::vector<std::pair<protocol::SurveyPack, std::string>> fresh;
    for (const UploadedPack& u : uploads) {
        if (known->find(u.pack_id, u.version) != nullptr) {
            continue;
        }
        auto load = protocol::parse_survey_pack(u.source);
        if (!load.pack) {
            // Checked on upload; a pack this hub's version cannot read is left out, loudly.
            std::cerr << "feedback-hub: uploaded pack " << u.pack_id << " v" << u.version
                      << " cannot be read by this hub; skipped\n";
            continue;
        }
        fresh.emplace_back(std::move(*load.pack), u.source);
    }
    const std::lock_guard lock(mutex_);
    for (auto& [pack, source] : fresh) {
        if (catalog_->find(pack.id, pack.version) == nullptr) {
            publish(std::move(pack), std::move(source));
        }
    }
    uploads_seen_ = uploads.size();
}

PackRegistry::Upload PackRegistry::upload(protocol::SurveyPack pack, std::string source,
                                          std::string_view uploaded_by, std::int64_t now_ms) {
    refresh();
    const std::lock_guard lock(mutex_);
    if (const auto* known = catalog_->find(pack.id, pack.version)) {
        return catalog_->source_of(*known) == source ? Upload::AlreadyThere : Upload::Conflict;
    }
    const UploadedPack row{pack.id, pack.version, source, now_ms, std::string(uploaded_by)};
    if (!store_.store_pack(row)) {
        // Another hub stored this id and version a moment ago: same content or a conflict.
        for (const UploadedPack& u : store_.uploaded_packs()) {
            if (u.pack_id == pack.id && u.version == pack.version) {
                return u.source == source ? Upload::AlreadyThere : Upload::Conflict;
            }
        }
    }
    publish(std::move(pack), std::move(source));
    return Upload::Added;
}

}  // namespace fbk::sync::hub
