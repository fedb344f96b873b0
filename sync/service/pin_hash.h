// The staff PIN as it is stored and sent: "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash
// in base64url without padding), so that neither the hub's database, its audit log nor a
// kiosk's card holds the PIN itself.
//
// A PIN of 4-12 digits can be found from its hash by trying them all, whatever the iteration
// count; the hash keeps the PIN from being read, the kiosk's lockout after wrong tries
// (kiosk/core/flow.cpp) keeps it from being guessed at the screen. The iteration count keeps a
// check under ~20 ms on a Raspberry Pi 4, as it runs on the UI thread.
#pragma once

#include <string>
#include <string_view>

namespace fbk::sync::service {

inline constexpr int kPinHashIterations = 20'000;

// A new hash of `pin` with a random salt. Throws std::runtime_error if OpenSSL fails.
std::string hash_staff_pin(std::string_view pin, int iterations = kPinHashIterations);

// True when `pin` is the PIN `hash` was made from; false for a malformed hash.
bool staff_pin_matches(std::string_view pin, std::string_view hash);

}  // namespace fbk::sync::service
