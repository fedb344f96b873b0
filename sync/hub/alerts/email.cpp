#include "sync/hub/alerts/email.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>
#include <vector>

#include "sync/hub/alerts/email_text.h"
#include "sync/hub/store/utc_time.h"

namespace fbk::sync::hub::alerts {

using nlohmann::json;

namespace {

constexpr long kTimeoutSeconds = 30;

std::string base64(std::string_view bytes) {
    std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
    const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    return {reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n)};
}

// RFC 5322's date: "Fri, 04 Dec 2026 22:30:00 +0000".
std::string mail_date(std::int64_t now_ms) {
    const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return buffer;
}

std::string share_line(const json& s) {
    return s.at("count").dump() + " / " + s.at("n").dump() + " (" +
           std::to_string(static_cast<int>(s.at("percent").get<double>() + 0.5)) + " %)";
}

std::string body_text(const EmailText& t, std::string_view title, std::int64_t event_id,
                      const json& e) {
    std::string out = std::string(title) + "\r\n\r\n";
    const auto line = [&](std::string_view label, const std::string& value) {
        out += std::string(label) + ": " + value + "\r\n";
    };
    if (e.contains("stage") && e["stage"].is_string() && !e["stage"].get<std::string>().empty()) {
        line(t.stage, e["stage"].get<std::string>());
    }
    if (e.contains("recent")) {
        line(t.recent, share_line(e["recent"]));
        line(t.before, share_line(e["baseline"]));
    }
    if (e.contains("matched")) {
        std::string words;
        for (const json& m : e["matched"]) {
            words += (words.empty() ? "" : ", ") + m.get<std::string>();
        }
        line(t.matched, words);
    }
    if (e.contains("text")) {
        line(t.comment, e["text"].get<std::string>());  // only when the rule asked for it
    }
    if (e.contains("silent_minutes")) {
        line(t.kiosk, e.value("kiosk", "") + " (" + e["silent_minutes"].dump() + " min)");
    }
    if (e.contains("alarm")) {
        line(t.kiosk, e.value("kiosk", ""));
        line(t.alarm, e["alarm"].get<std::string>());
    }
    out += "\r\n" + std::string(t.event) + " " + std::to_string(event_id) + " · " +
           e.value("at", "") + "\r\n";
    return out;
}

std::string_view title_of(const EmailText& t, const json& e) {
    const std::string kind = e.value("kind", "");
    return kind == "negative_spike"  ? t.negative_spike
           : kind == "comment_match" ? t.comment_match
                                     : t.kiosk_alarm;
}

struct Upload {
    std::string_view data;
    std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* u = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, u->data.size() - u->at);
    std::memcpy(buffer, u->data.data() + u->at, n);
    u->at += n;
    return n;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

bool is_email_language(std::string_view code) {
    return email_text(code) != nullptr;
}

std::string email_languages() {
    return std::string(email_text_languages());
}

std::string email_message(const SmtpSettings& smtp, const Channel& channel, std::int64_t event_id,
                          const json& event, std::int64_t now_ms) {
    const EmailText* t = email_text(channel.language);
    if (t == nullptr) {
        t = email_text("en");
    }
    const std::string_view title = title_of(*t, event);
    std::string subject = "[Feedback Kiosk] " + std::string(title);
    if (event.contains("stage") && event["stage"].is_string()) {
        subject += ": " + event["stage"].get<std::string>();
    }
    const std::string body = base64(body_text(*t, title, event_id, event));
    std::string wrapped;
    for (std::size_t i = 0; i < body.size(); i += 76) {
        wrapped += body.substr(i, 76) + "\r\n";
    }
    const std::string domain = smtp.from.substr(smtp.from.find('@') + 1);
    return "Date: " + mail_date(now_ms) + "\r\nFrom: " + smtp.from + "\r\nTo: " + channel.to +
           "\r\nSubject: =?UTF-8?B?" + base64(subject) + "?=\r\nMessage-ID: <alert-" +
           std::to_string(event_id) + "." + base64(channel.to) + "@" + domain +
           ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" +
           wrapped;
}

SendResult send_email(const SmtpSettings& smtp, const Channel& channel, std::int64_t event_id,
                      std::string_view body, std::int64_t now_ms) {
    if (smtp.url.empty()) {
        return {false, "no SMTP relay configured (feedback-hub serve --smtp-url)"};
    }
    const std::string message =
        email_message(smtp, channel, event_id, json::parse(body, nullptr, false), now_ms);
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return {false, "libcurl could not start"};
    }
    std::unique_ptr<curl_slist, CurlDeleter> recipients(
        curl_slist_append(nullptr, ("<" + channel.to + ">").c_str()));
    Upload upload{message};
    const std::string from = "<" + smtp.from + ">";
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, smtp.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!smtp.ca_file.empty()) {
        curl_easy_setopt(c, CURLOPT_CAINFO, smtp.ca_file.c_str());
    }
    if (!smtp.user.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, smtp.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, smtp.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const CURLcode code = curl_easy_perform(c);
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    if (code != CURLE_OK) {
        return {false, std::string(curl_easy_strerror(code)) +
                           (reply ? " (SMTP " + std::to_string(reply) + ")" : "")};
    }
    return {true, "SMTP " + std::to_string(reply)};
}

}  // namespace fbk::sync::hub::alerts
