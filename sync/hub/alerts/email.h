// Alert e-mail through the hospital's SMTP relay, sent with libcurl: STARTTLS required on
// smtp:// (TLS from the start on smtps://), the relay's certificate verified (against
// --smtp-ca when the relay has a private CA), optional login. The message is plain UTF-8 text
// in the channel's language (email_text.cpp: en, fi, sv, da, nl, uk): what happened, where, the
// figures, never a patient's words unless the rule asks for them (include_text).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sync/hub/alerts/rules.h"
#include "sync/hub/alerts/webhook.h"

namespace fbk::sync::hub::alerts {

struct SmtpSettings {
    std::string url;   // smtp://relay.hospital.example:587 or smtps://...:465; empty: no e-mail
    std::string from;  // alerts@hospital.example
    std::filesystem::path ca_file;  // empty: the system's CAs
    std::string user;               // empty: no login
    std::string password;
};

bool is_email_language(std::string_view code);
// "en, fi, sv, da, nl, uk"
std::string email_languages();

// The whole message (headers and body, CRLF line ends) for one event.
std::string email_message(const SmtpSettings& smtp, const Channel& channel, std::int64_t event_id,
                          const nlohmann::json& event, std::int64_t now_ms);

SendResult send_email(const SmtpSettings& smtp, const Channel& channel, std::int64_t event_id,
                      std::string_view body, std::int64_t now_ms);

}  // namespace fbk::sync::hub::alerts
