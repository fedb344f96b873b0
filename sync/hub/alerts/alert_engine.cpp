#include "sync/hub/alerts/alert_engine.h"

#include <exception>
#include <string>

#include "sync/hub/alerts/evaluator.h"

namespace fbk::sync::hub::alerts {

namespace {

constexpr std::chrono::milliseconds kDeliveryTick{1'000};

}  // namespace

AlertEngine::AlertEngine(HubStore& store, PackRegistry& packs, AlertEngineOptions options)
    : store_(store), packs_(packs), options_(std::move(options)) {
    if (options_.check_every.count() > 0) {
        thread_ = std::thread([this] { run(); });
    }
}

AlertEngine::~AlertEngine() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void AlertEngine::pass(bool evaluate) {
    // A database that is briefly unavailable must not end the thread: the next pass retries,
    // and every event and delivery is still in the outbox.
    try {
        const std::int64_t now = options_.now_ms();
        if (evaluate) {
            evaluate_rules(store_, *packs_.catalog(), options_.silence, now);
        }
        deliver_due(
            store_, options_.delivery,
            [this](const Channel& c, std::int64_t event_id, std::string_view body,
                   std::int64_t at) {
                return c.type == "email" ? send_email(options_.smtp, c, event_id, body, at)
                                         : send_webhook(c, event_id, body, at);
            },
            now);
    } catch (const std::exception& e) {
        if (options_.log_line) {
            options_.log_line(std::string("alerts: pass failed: ") + e.what());
        }
    }
}

void AlertEngine::run() {
    auto next_check = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto now = std::chrono::steady_clock::now();
        const bool evaluate = now >= next_check;
        if (evaluate) {
            next_check = now + options_.check_every;
        }
        lock.unlock();
        pass(evaluate);
        lock.lock();
        wake_.wait_for(lock, std::min(kDeliveryTick, options_.check_every),
                       [this] { return stopping_; });
    }
}

}  // namespace fbk::sync::hub::alerts
