#include "sync/hub/pack_registry.h"

#include <iostream>

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

void PackRegistry::refresh() {
    const std::lock_guard lock(mutex_);
    if (store_.uploaded_pack_count() == uploads_seen_) {
        return;
    }
    const auto uploads = store_.uploaded_packs();
    for (const UploadedPack& u : uploads) {
        if (catalog_->find(u.pack_id, u.version) != nullptr) {
            continue;
        }
        auto load = protocol::parse_survey_pack(u.source);
        if (!load.pack) {
            // Checked on upload; a pack this hub's version cannot read is left out, loudly.
            std::cerr << "feedback-hub: uploaded pack " << u.pack_id << " v" << u.version
                      << " cannot be read by this hub; skipped\n";
            continue;
        }
        publish(std::move(*load.pack), u.source);
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
    ++uploads_seen_;
    return Upload::Added;
}

}  // namespace fbk::sync::hub
