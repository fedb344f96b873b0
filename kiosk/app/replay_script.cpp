#include "kiosk/app/replay_script.h"

#include <fstream>
#include <sstream>

#include "sync/protocol/duration.h"

namespace fbk::kiosk::app {

namespace {

struct Spec {
    std::string_view name;
    ReplayCommand::Kind kind;
    bool needs_argument;
    std::int64_t default_timeout_ms;
};

constexpr Spec kSpecs[] = {
    {"tap", ReplayCommand::Kind::Tap, true, 5'000},
    {"hold", ReplayCommand::Kind::Hold, true, 0},
    {"think", ReplayCommand::Kind::Think, true, 0},
    {"wait-screen", ReplayCommand::Kind::WaitScreen, true, 10'000},
    {"wait-shown", ReplayCommand::Kind::WaitShown, true, 10'000},
    {"wait-text", ReplayCommand::Kind::WaitText, true, 10'000},
    {"screenshot", ReplayCommand::Kind::Screenshot, true, 0},
    {"advance", ReplayCommand::Kind::Advance, true, 0},
    {"wait-synced", ReplayCommand::Kind::WaitSynced, false, 60'000},
    {"idle", ReplayCommand::Kind::Idle, true, 0},
    {"print", ReplayCommand::Kind::Print, true, 0},
    {"key", ReplayCommand::Kind::Key, true, 0},
    {"headset", ReplayCommand::Kind::Headset, false, 0},
    {"wait-speech", ReplayCommand::Kind::WaitSpeech, false, 10'000},
};

constexpr std::pair<std::string_view, platform::AssistKey> kKeys[] = {
    {"next", platform::AssistKey::Next},
    {"previous", platform::AssistKey::Previous},
    {"enter", platform::AssistKey::Activate},
    {"speech", platform::AssistKey::Speech},
    {"repeat", platform::AssistKey::Repeat},
    {"volume-up", platform::AssistKey::VolumeUp},
    {"volume-down", platform::AssistKey::VolumeDown}};

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    std::istringstream in{std::string(line)};
    std::string w;
    while (in >> w) {
        words.push_back(w);
    }
    return words;
}

bool is_safe_file_stem(std::string_view name) {
    if (name.empty() || name.size() > 100) {
        return false;
    }
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return name.front() != '.';
}

// After the command's name and argument: a hold's duration, a duration argument checked, a
// key or screenshot name checked, or an optional timeout. "" or what is wrong.
std::string read_options(const Spec& spec, const std::vector<std::string>& words,
                         ReplayCommand& cmd) {
    std::size_t next = 1;
    if (spec.needs_argument) {
        if (words.size() < 2) {
            return std::string(spec.name) + " needs an argument";
        }
        cmd.argument = words[1];
        next = 2;
    }
    if (spec.kind == ReplayCommand::Kind::Hold) {
        const auto ms =
            words.size() > 2 ? sync::protocol::parse_duration_ms(words[2]) : std::nullopt;
        if (!ms) {
            return "hold needs a target and a duration such as 3s";
        }
        cmd.duration_ms = *ms;
        ++next;
    } else if (spec.kind == ReplayCommand::Kind::Advance ||
               spec.kind == ReplayCommand::Kind::Idle || spec.kind == ReplayCommand::Kind::Think) {
        const auto ms = sync::protocol::parse_duration_ms(cmd.argument);
        if (!ms) {
            return "'" + cmd.argument + "' is not a duration such as 31s";
        }
        cmd.duration_ms = *ms;
    } else if (spec.kind == ReplayCommand::Kind::Key) {
        if (!replay_key(cmd.argument)) {
            return "unknown key '" + cmd.argument +
                   "' (next, previous, enter, speech, repeat, volume-up, volume-down)";
        }
    } else if (spec.kind == ReplayCommand::Kind::Screenshot && !is_safe_file_stem(cmd.argument)) {
        return "screenshot name '" + cmd.argument + "' must be letters, digits, '-', '_' or '.'";
    } else if (words.size() > next && spec.default_timeout_ms > 0) {
        const auto ms = sync::protocol::parse_duration_ms(words[next]);
        if (!ms) {
            return "'" + words[next] + "' is not a timeout such as 20s";
        }
        cmd.duration_ms = *ms;
        ++next;
    }
    if (words.size() > next) {
        return "unexpected '" + words[next] + "'";
    }
    return "";
}

// One command line (trimmed, not a comment) into `cmd`; "" or what is wrong with it.
std::string read_command(const std::string& line, int line_no, ReplayCommand& cmd) {
    const auto words = split_words(line);
    const Spec* spec = nullptr;
    for (const Spec& s : kSpecs) {
        if (s.name == words[0]) {
            spec = &s;
        }
    }
    if (spec == nullptr) {
        return "unknown command '" + words[0] +
               "' (tap, hold, think, wait-screen, wait-shown, wait-text, screenshot, advance, "
               "wait-synced, "
               "idle, print, key, headset, wait-speech)";
    }
    cmd = ReplayCommand{spec->kind, "", spec->default_timeout_ms, line_no};
    if (spec->kind == ReplayCommand::Kind::Print || spec->kind == ReplayCommand::Kind::WaitText) {
        const std::size_t skip = spec->name.size() + 1;
        cmd.argument = line.size() > skip ? line.substr(skip) : "";
        if (cmd.argument.empty()) {
            return std::string(spec->name) + " needs text";
        }
        return "";
    }
    return read_options(*spec, words, cmd);
}

}  // namespace

ReplayParse parse_replay(std::string_view text, std::string source) {
    ReplayParse result;
    result.script.source = source;
    std::istringstream in{std::string(text)};
    std::string raw;
    int line_no = 0;
    while (std::getline(in, raw)) {
        ++line_no;
        const auto first = raw.find_first_not_of(" \t\r");
        if (first == std::string::npos || raw[first] == '#') {
            continue;
        }
        const std::string line = raw.substr(first, raw.find_last_not_of(" \t\r") - first + 1);
        ReplayCommand cmd;
        if (const std::string what = read_command(line, line_no, cmd); !what.empty()) {
            result.errors.push_back(source + ":" + std::to_string(line_no) + ": " + what);
            continue;
        }
        result.script.commands.push_back(cmd);
    }
    return result;
}

std::optional<platform::AssistKey> replay_key(std::string_view name) {
    for (const auto& [key_name, key] : kKeys) {
        if (key_name == name) {
            return key;
        }
    }
    return std::nullopt;
}

ReplayParse load_replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        ReplayParse result;
        result.errors.push_back(file.string() + ": cannot open the replay script");
        return result;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_replay(buffer.str(), file.string());
}

}  // namespace fbk::kiosk::app
