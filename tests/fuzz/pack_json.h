// A parsed survey pack written back as pack JSON (the format of assets/README.md), for the pack
// fuzz target's round trip: parse, write, parse again, and both parses must say the same.
#pragma once

#include <string>

#include "sync/protocol/survey_pack.h"

namespace fbk::test::fuzz {

std::string pack_to_json(const sync::protocol::SurveyPack& pack);

}  // namespace fbk::test::fuzz
