// `feedback-hub token create`, `token revoke`, and `session end` for people signed in.
#include <iostream>

#include "sync/hub/cli/options.h"
#include "sync/protocol/ids.h"

namespace fbk::sync::hub::cli {

namespace {

// The token's owner from exactly one of --kiosk ID / --admin NAME; nullopt after printing usage.
struct TokenOwner {
    TokenKind kind;
    std::string subject;
    std::string describe() const { return std::string(to_string(kind)) + " " + subject; }
};

std::optional<TokenOwner> token_owner(const std::optional<Options>& opts) {
    if (!opts || !has_store(*opts) || opts->contains("--kiosk") == opts->contains("--admin")) {
        print_usage(std::cerr);
        return std::nullopt;
    }
    const bool kiosk = opts->contains("--kiosk");
    return TokenOwner{kiosk ? TokenKind::Kiosk : TokenKind::Admin,
                      kiosk ? opts->at("--kiosk") : opts->at("--admin")};
}

}  // namespace

int token_create(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--kiosk", "--admin", "--role", "--data-dir", "--db"});
    const auto owner = token_owner(opts);
    if (!owner) {
        return 2;
    }
    if (!protocol::is_plain_id(owner->subject)) {
        std::cerr << "feedback-hub: '" << owner->subject
                  << "' is not a valid id (1-64 characters of a-z, 0-9, '-', '_')\n";
        return 2;
    }
    Role role = Role::Admin;
    if (opts->contains("--role")) {
        const auto parsed = role_from_string(opts->at("--role"));
        if (owner->kind != TokenKind::Admin || !parsed) {
            std::cerr << "feedback-hub: --role is viewer, analyst or admin, for --admin tokens\n";
            return 2;
        }
        role = *parsed;
    }
    const std::string who =
        owner->describe() +
        (owner->kind == TokenKind::Admin ? " (" + std::string(to_string(role)) + ")" : "");
    HubStore store(store_location(*opts));
    std::cout << store.create_token(owner->kind, owner->subject, now_ms(), role) << std::endl;
    store.audit("cli", "token.create", who, now_ms());
    std::cerr << "feedback-hub: token for " << who << " created; it is shown only this once\n";
    return 0;
}

int token_revoke(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--kiosk", "--admin", "--data-dir", "--db"});
    const auto owner = token_owner(opts);
    if (!owner) {
        return 2;
    }
    HubStore store(store_location(*opts));
    const auto revoked = store.revoke_tokens(owner->kind, owner->subject, now_ms());
    store.audit("cli", "token.revoke",
                owner->describe() + ": " + std::to_string(revoked) + " revoked", now_ms());
    std::cerr << "feedback-hub: revoked " << revoked << " token" << (revoked == 1 ? "" : "s")
              << " of " << owner->describe() << "\n";
    return revoked > 0 ? 0 : 1;
}

int session_end(std::span<const std::string_view> args) {
    const auto opts = parse_options(args, {"--person", "--data-dir", "--db"});
    if (!opts || !has_store(*opts) || !opts->contains("--person") || opts->at("--person").empty()) {
        print_usage(std::cerr);
        return 2;
    }
    const std::string& subject = opts->at("--person");
    HubStore store(store_location(*opts));
    const auto ended = store.end_sessions_of(subject, now_ms());
    store.audit("cli", "session.end", subject + ": " + std::to_string(ended) + " ended", now_ms());
    std::cerr << "feedback-hub: ended " << ended << " session" << (ended == 1 ? "" : "s") << " of "
              << subject << "\n";
    return ended > 0 ? 0 : 1;
}

}  // namespace fbk::sync::hub::cli
