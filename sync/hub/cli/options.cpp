#include "sync/hub/cli/options.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <iostream>

#include "sync/protocol/ids.h"

namespace fbk::sync::hub::cli {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// --name value pairs and bare --flags (stored with an empty value); anything else is a usage
// error.
std::optional<Options> parse_options(std::span<const std::string_view> args,
                                     std::initializer_list<std::string_view> allowed,
                                     std::initializer_list<std::string_view> flags) {
    Options out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto name = args[i];
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            out.emplace(std::string(name), std::string());
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end() ||
            i + 1 >= args.size()) {
            std::cerr << "feedback-hub: unexpected argument '" << name << "'\n";
            return std::nullopt;
        }
        out.emplace(std::string(name), std::string(args[++i]));
    }
    return out;
}

// Exactly one of --data-dir DIR (SQLite) and --db postgresql://... must be given.
bool has_store(const Options& opts) {
    if (opts.contains("--data-dir") == opts.contains("--db")) {
        std::cerr << "feedback-hub: give either --data-dir DIR or --db postgresql://...\n";
        return false;
    }
    if (opts.contains("--db") && !opts.at("--db").starts_with("postgresql://") &&
        !opts.at("--db").starts_with("postgres://")) {
        std::cerr << "feedback-hub: --db takes a postgresql:// URL (without --db the hub keeps "
                     "SQLite in --data-dir)\n";
        return false;
    }
    return true;
}

StoreLocation store_location(const Options& opts) {
    return opts.contains("--db") ? StoreLocation{{}, opts.at("--db")}
                                 : StoreLocation{opts.at("--data-dir"), {}};
}

// The arguments for the audit log; a --db URL may hold a password and is left out.
std::string join_args(std::span<const std::string_view> args) {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        out += (out.empty() ? "" : " ") + std::string(args[i]);
        if (args[i] == "--db" && i + 1 < args.size()) {
            out += " (database)";
            ++i;
        }
    }
    return out;
}

protocol::PackCatalog load_packs(const std::filesystem::path& dir) {
    protocol::PackCatalog catalog;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        auto load = protocol::load_survey_pack(entry.path());
        for (const auto& issue : load.issues) {
            std::cerr << "feedback-hub: " << protocol::describe(issue, entry.path().string())
                      << "\n";
        }
        if (load.pack) {
            std::cerr << "feedback-hub: survey pack " << load.pack->id << " v" << load.pack->version
                      << " from " << entry.path().string() << "\n";
            catalog.add(std::move(*load.pack), std::move(load.source));
        } else {
            std::cerr << "feedback-hub: skipped " << entry.path().string()
                      << "; batches answering it get 503 until it is fixed\n";
        }
    }
    if (ec) {
        std::cerr << "feedback-hub: cannot read pack directory " << dir.string() << ": "
                  << ec.message() << "\n";
    }
    return catalog;
}

// A whole number in [low, high] from option `name`, or nullopt after saying what is wrong.
std::optional<std::int64_t> number_option(const Options& opts, std::string_view name,
                                          std::int64_t low, std::int64_t high) {
    const auto& text = opts.find(name)->second;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < low || n > high) {
        std::cerr << "feedback-hub: " << name << " '" << text << "' is not a whole number from "
                  << low << " to " << high << "\n";
        return std::nullopt;
    }
    return n;
}

}  // namespace fbk::sync::hub::cli
