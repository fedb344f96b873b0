// Responses as an Excel workbook (libxlsxwriter, in its constant-memory mode: one row in memory
// at a time, so a million responses take no more memory than ten). Three kinds of sheet:
//   Responses  one row per response: the wide CSV's columns, typed (numbers as numbers, times
//              as Excel dates in the hub's time zone), each question headed by its text in the
//              chosen language;
//   Q1, Q2 ... one per question: how many gave each answer (can't say included, as its own row);
//   Columns    what every column of Responses holds.
// Written to a file (XLSX is a zip that is finished only at the end); the HTTP export then
// streams the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sync/hub/export/pump.h"
#include "sync/hub/store/hub_store.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

struct XlsxRequest {
    std::filesystem::path file;
    std::filesystem::path temp_dir;      // libxlsxwriter's scratch files (empty: the system's)
    std::string label_language = "en";   // question headers in this language when the pack has it
    std::vector<std::string> questions;  // the question columns (ordered_question_columns)
};

// Writes every response of `range` to request.file; returns how many. Throws
// std::runtime_error naming the file when libxlsxwriter fails, sql::Error on storage failures.
std::int64_t write_xlsx(HubStore& store, const protocol::PackCatalog& packs,
                        const ExportRange& range, const XlsxRequest& request);

inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace fbk::sync::hub
