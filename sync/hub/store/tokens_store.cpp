// Tokens: only their hashes are stored; a revoked token stays, marked, for the record.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

namespace {

void insert_token(sql::Connection& db, std::string_view token, TokenKind kind,
                  std::string_view subject, std::int64_t now_ms, Role role) {
    db.prepare(
          "INSERT INTO tokens(hash, kind, subject, created_ms, role) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, hash_token(token))
        .bind(2, to_string(kind))
        .bind(3, subject)
        .bind(4, now_ms)
        .bind(5, to_string(kind == TokenKind::Admin ? role : Role::Viewer))
        .run();
}

}  // namespace

std::string HubStore::create_token(TokenKind kind, std::string_view subject, std::int64_t now_ms,
                                   Role role) {
    std::string token = generate_token(kind);
    auto db = lease();
    insert_token(*db, token, kind, subject, now_ms, role);
    return token;
}

void HubStore::create_kiosk_tokens(
    std::span<const std::string> kiosk_ids, std::int64_t now_ms,
    const std::function<void(std::span<const std::string> tokens)>& publish) {
    std::vector<std::string> tokens;
    tokens.reserve(kiosk_ids.size());
    auto db = lease();
    sql::Transaction tx(*db);
    for (const auto& id : kiosk_ids) {
        tokens.push_back(generate_token(TokenKind::Kiosk));
        insert_token(*db, tokens.back(), TokenKind::Kiosk, id, now_ms, Role::Viewer);
    }
    publish(tokens);
    tx.commit();
}

std::int64_t HubStore::revoke_tokens(TokenKind kind, std::string_view subject,
                                     std::int64_t now_ms) {
    auto db = lease();
    auto revoke = db->prepare(
        "UPDATE tokens SET revoked_ms = ?1 WHERE kind = ?2 AND subject = ?3 AND revoked_ms IS "
        "NULL RETURNING 1");
    revoke.bind(1, now_ms).bind(2, to_string(kind)).bind(3, subject);
    std::int64_t revoked = 0;
    while (revoke.step()) {
        ++revoked;
    }
    return revoked;
}

std::optional<TokenInfo> HubStore::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 128) {
        return std::nullopt;
    }
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT kind, subject, role FROM tokens WHERE hash = ?1 AND revoked_ms IS NULL");
    stmt.bind(1, hash_token(token));
    if (!stmt.step()) {
        return std::nullopt;
    }
    return TokenInfo{stmt.text_view(0) == "admin" ? TokenKind::Admin : TokenKind::Kiosk,
                     stmt.text(1), role_from_string(stmt.text_view(2)).value_or(Role::Viewer)};
}

}  // namespace fbk::sync::hub
