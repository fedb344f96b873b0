// The hub's alert thread: every `check_every` it looks at the rules (evaluator.h), and every
// second it delivers what is due (delivery.h). It owns nothing but the thread: rules, events
// and deliveries are in the database, so a restart or a second hub picks up where it was.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "sync/hub/alerts/delivery.h"
#include "sync/hub/alerts/email.h"
#include "sync/hub/analytics/fleet_health.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/pack_registry.h"

namespace fbk::sync::hub::alerts {

struct AlertEngineOptions {
    std::chrono::milliseconds check_every{60'000};  // 0: no alert thread
    DeliveryPolicy delivery;
    SmtpSettings smtp;  // e-mail channels; without a relay their deliveries wait and retry
    SilencePolicy silence;  // when a kiosk is silent (kiosk_silent rules)
    std::function<std::int64_t()> now_ms;
    std::function<void(std::string_view)> log_line;
};

class AlertEngine {
  public:
    AlertEngine(HubStore& store, PackRegistry& packs, AlertEngineOptions options);
    ~AlertEngine();
    AlertEngine(const AlertEngine&) = delete;
    AlertEngine& operator=(const AlertEngine&) = delete;

  private:
    void run();
    void pass(bool evaluate);

    HubStore& store_;
    PackRegistry& packs_;
    AlertEngineOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace fbk::sync::hub::alerts
