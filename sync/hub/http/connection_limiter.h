// How many connections the hub holds at once: in all (each costs a file descriptor and a
// little memory) and per client address (so that one machine, however many sockets it opens,
// leaves room for every other kiosk). A slot is held for a connection's whole life.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace fbk::sync::hub::http {

enum class Refusal { TooManyInAll, TooManyFromClient };

class ConnectionLimiter {
    struct State;

  public:
    // 0 for a limit turns it off.
    ConnectionLimiter(std::size_t max_total, std::size_t max_per_client);

    class Slot {
      public:
        Slot(Slot&&) noexcept = default;
        Slot& operator=(Slot&&) noexcept = default;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot();

      private:
        friend class ConnectionLimiter;
        Slot(std::shared_ptr<State> state, std::string address);
        std::shared_ptr<State> state_;  // shared: a slot may outlive the server that gave it
        std::string address_;
    };

    // A slot for a new connection from `address`, or why there is none.
    std::optional<Slot> acquire(const std::string& address, Refusal& refusal);
    std::size_t open_connections() const;

  private:
    std::shared_ptr<State> state_;
};

}  // namespace fbk::sync::hub::http
