// What every feedback-hub command shares: its options as --name value pairs, the store they
// name (--data-dir or --db), packs, numbers, and the usage text. Commands print what is wrong
// on stderr and return an exit code (0 done, 1 failed, 2 usage); exceptions only at setup,
// caught once by run_hub_cli.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "sync/hub/analytics/text/comment_analyser.h"
#include "sync/hub/store/hub_store.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub::cli {

using Options = std::map<std::string, std::string, std::less<>>;

void print_usage(std::ostream& out);
std::int64_t now_ms();

// --name value pairs and bare --flags (stored with an empty value); anything else is a usage
// error, said on stderr.
std::optional<Options> parse_options(std::span<const std::string_view> args,
                                     std::initializer_list<std::string_view> allowed,
                                     std::initializer_list<std::string_view> flags = {});
// Exactly one of --data-dir DIR (SQLite) and --db postgresql://... must be given.
bool has_store(const Options& opts);
StoreLocation store_location(const Options& opts);
// The arguments for the audit log; a --db URL may hold a password and is left out.
std::string join_args(std::span<const std::string_view> args);
protocol::PackCatalog load_packs(const std::filesystem::path& dir);
// The shipped lexicons and, with --lexicons DIR, a hospital's own words added to them. Throws
// std::runtime_error naming every problem (file, entry, what is wrong).
std::shared_ptr<const text::CommentAnalyser> load_lexicons_option(const Options& opts);
// Says which languages have lexicons, and how many stored comments were analysed with other
// lexicons than these (then `feedback-hub analyse-comments` brings them up to date).
void report_comment_analysis(HubStore& store, const text::CommentAnalyser& analyser);
// A whole number in [low, high] from option `name`, or nullopt after saying what is wrong.
std::optional<std::int64_t> number_option(const Options& opts, std::string_view name,
                                          std::int64_t low, std::int64_t high);

// The commands (serve_command.cpp, token_commands.cpp, provision_command.cpp,
// export_command.cpp, analyse_command.cpp, report_command.cpp); each gets the arguments after its name.
int serve(std::span<const std::string_view> args);
int token_create(std::span<const std::string_view> args);
int token_revoke(std::span<const std::string_view> args);
int session_end(std::span<const std::string_view> args);
int kiosk_provision(std::span<const std::string_view> args);
int export_command(std::span<const std::string_view> args);
int analyse_comments(std::span<const std::string_view> args);
int report_command(std::span<const std::string_view> args);

}  // namespace fbk::sync::hub::cli
