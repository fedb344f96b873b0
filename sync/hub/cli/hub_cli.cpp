// feedback-hub's command table and dispatch. Each command lives in its own file (options.h).
#include "sync/hub/cli/hub_cli.h"

#include <iostream>

#include "sync/hub/cli/options.h"

namespace fbk::sync::hub {

namespace cli {

namespace {

constexpr std::string_view kUsage = R"(usage:
  feedback-hub serve --data-dir DIR | --db postgresql://... --listen HOST:PORT [--packs DIR]
                     [--tls-cert FILE --tls-key FILE] [--max-batch N] [--heartbeat-interval S]
                     [--rate-limit PER_SECOND] [--client-timeout SECONDS]
                     [--body-timeout SECONDS] [--max-connections N]
                     [--max-connections-per-client N]
                     [--silent-after MINUTES] [--opening-hours HOURS] [--site-hours FILE]
                     [--db-connections N] [--lexicons DIR]
                     [--alert-check SECONDS] [--alert-retry SECONDS]
                     [--smtp-url smtp://HOST:PORT --smtp-from ADDRESS [--smtp-ca FILE]
                      [--smtp-user NAME --smtp-password-file FILE]]
                     [--oidc-config FILE]
  feedback-hub token create --kiosk KIOSK_ID --data-dir DIR
  feedback-hub token create --admin NAME [--role viewer|analyst|admin] --data-dir DIR
  feedback-hub token revoke --kiosk KIOSK_ID | --admin NAME --data-dir DIR
  feedback-hub session end --person SUBJECT --data-dir DIR
  feedback-hub kiosk provision --csv FILE --out DIR [--hub-url URL] --data-dir DIR
  feedback-hub export --data-dir DIR --out FILE [--format csv|csv-long|ndjson|json] [--bom]
                      [--packs DIR] [--kiosk ID] [--stage CODE] [--site ID] [--survey ID]
                      [--language CODE] [--from DATE] [--to DATE] [--include-flagged false]
  feedback-hub analyse-comments --data-dir DIR [--lexicons DIR]
  feedback-hub report --period YYYY-MM [--site ID] --out FILE.pdf --data-dir DIR [--packs DIR]

Every command takes --data-dir DIR (SQLite in DIR) or --db postgresql://USER@HOST/DB (any
number of hubs may share one PostgreSQL database).

serve        run the HTTP API; PORT 0 picks a free port. Prints "listening on URL" when ready.
             --packs  directory of survey pack JSON files (default: the installed packs)
             --tls-cert, --tls-key  serve HTTPS with this PEM certificate (chain) and key
             --max-batch  most responses per batch, advertised to kiosks (default 1000)
             --heartbeat-interval  seconds between a kiosk's check-ins (heartbeat, settings,
                           packs), advertised to kiosks (default 300; at least 10)
             --db-connections  most PostgreSQL connections this hub opens (default 16)
             --rate-limit  requests per second per token, bursts of 3 s allowed (default 20;
                           0 turns limiting off)
             --client-timeout  a request's head must arrive within this many seconds, and
                           each piece of a reply be taken as fast (default 10)
             --body-timeout  a request's body must arrive within this many seconds (default 60)
             --max-connections  connections held at once (default 4096; 0: no limit)
             --max-connections-per-client  connections from one address (default 256; 0: no
                           limit, as behind a reverse proxy that limits its own clients)
             --silent-after, --opening-hours  a kiosk without a heartbeat for this long while
                           its site is open (hub's local time) is shown as silent (default 30;
                           hours as a kiosk's: "Mon-Fri 07:00-20:00, Sat 09:00-13:00"; default
                           always)
             --site-hours  a file of hours per site, one "SITE = HOURS" line each; sites not
                           in it keep --opening-hours
             --alert-check  how often alert rules are looked at (default 60; 0: no alerts
                           from this hub, e.g. one of several that leaves them to the others)
             --alert-retry  the first wait before a failed alert delivery is tried again;
                           it doubles up to an hour, for a day (default 30)
             --smtp-url  the SMTP relay for alert e-mail: smtp:// with STARTTLS required, or
                           smtps://; its certificate is verified (--smtp-ca for a private CA)
             --oidc-config  people sign in to the dashboard with this OpenID Connect
                           provider (a JSON file: README "Signing in"); tokens keep working
             --lexicons  a directory of lexicon files (<language>.json, assets/README.md) whose
                           words are added to the shipped ones; any problem stops the hub
                           with the file, the entry and what is wrong
token create print a new token once; only its hash is stored. Admin roles: viewer sees
             aggregates, analyst also exports responses, admin also manages (default admin).
token revoke revoke every token of that kiosk or admin, from the next request on.
session end  end every session of a person signed in with the identity provider (SUBJECT:
             their "sub", as the audit log shows it), on every hub, from the next request on.
kiosk provision
             a token and a provisioning file, OUT/<kiosk_id>/feedback-kiosk.provision, for each
             row of the CSV, to copy onto that kiosk's boot partition. Header row with the
             columns kiosk_id, stage (both required), site, wifi_ssid, wifi_psk, wifi_country
             (required with wifi_ssid, e.g. FI), in any order. Every row is checked first: on
             any problem nothing is created (exit 2). Kiosks with a provisioning file in OUT
             already are refused. Tokens are written only to the files, never shown.
             --hub-url  the hub's https:// URL for the files' [hub] url
export       write responses to FILE as GET /api/v1/responses would (same formats and filters;
             flagged responses included unless --include-flagged false), with a progress bar.
             Recorded in the audit log as an export by "cli".
analyse-comments
             find the themes and sentiment of every stored comment that was analysed with other
             lexicons (or not at all), e.g. after an upgrade or new words under --lexicons (give
             serve the same). Answers are not changed. Recorded in the audit log.
report       write the monthly report of one site (or all sites) as a printable PDF: the care
             pathway with intervals, changes from the month before, targets, the weakest step,
             what went wrong and the comment themes (GET /api/v1/report gives the same).
             Recorded in the audit log.
)";

// Every command: the words that name it and what runs it with the arguments after them.
struct Command {
    std::string_view first;
    std::string_view second;  // empty for one-word commands
    int (*run)(std::span<const std::string_view> args);
};

constexpr Command kCommands[] = {
    {"serve", "", serve},
    {"token", "create", token_create},
    {"token", "revoke", token_revoke},
    {"session", "end", session_end},
    {"kiosk", "provision", kiosk_provision},
    {"export", "", export_command},
    {"analyse-comments", "", analyse_comments},
    {"report", "", report_command},
};

}  // namespace

void print_usage(std::ostream& out) {
    out << kUsage;
}

}  // namespace cli

int run_hub_cli(std::span<const std::string_view> args) {
    try {
        for (const cli::Command& c : cli::kCommands) {
            const std::size_t words = c.second.empty() ? 1 : 2;
            if (args.size() >= words && args[0] == c.first && (words == 1 || args[1] == c.second)) {
                return c.run(args.subspan(words));
            }
        }
        if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
            cli::print_usage(std::cout);
            return 0;
        }
        cli::print_usage(std::cerr);
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "feedback-hub: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace fbk::sync::hub
