#include "sync/hub/http/connection_limiter.h"

#include <mutex>
#include <unordered_map>

namespace fbk::sync::hub::http {

struct ConnectionLimiter::State {
    State(std::size_t total_limit, std::size_t client_limit)
        : max_total(total_limit), max_per_client(client_limit) {}
    std::size_t max_total;
    std::size_t max_per_client;
    mutable std::mutex mutex;
    std::size_t total = 0;
    std::unordered_map<std::string, std::size_t> per_client;
};

ConnectionLimiter::ConnectionLimiter(std::size_t max_total, std::size_t max_per_client)
    : state_(std::make_shared<State>(max_total, max_per_client)) {}

ConnectionLimiter::Slot::Slot(std::shared_ptr<State> state, std::string address)
    : state_(std::move(state)), address_(std::move(address)) {}

ConnectionLimiter::Slot::~Slot() {
    if (!state_) {
        return;  // moved from
    }
    const std::lock_guard lock(state_->mutex);
    --state_->total;
    if (const auto it = state_->per_client.find(address_); it != state_->per_client.end()) {
        if (--it->second == 0) {
            state_->per_client.erase(it);
        }
    }
}

std::optional<ConnectionLimiter::Slot> ConnectionLimiter::acquire(const std::string& address,
                                                                  Refusal& refusal) {
    const std::lock_guard lock(state_->mutex);
    if (state_->max_total > 0 && state_->total >= state_->max_total) {
        refusal = Refusal::TooManyInAll;
        return std::nullopt;
    }
    std::size_t& mine = state_->per_client[address];
    if (state_->max_per_client > 0 && mine >= state_->max_per_client) {
        refusal = Refusal::TooManyFromClient;
        return std::nullopt;
    }
    ++mine;
    ++state_->total;
    return Slot(state_, address);
}

std::size_t ConnectionLimiter::open_connections() const {
    const std::lock_guard lock(state_->mutex);
    return state_->total;
}

}  // namespace fbk::sync::hub::http
