// Forced into every translation unit of a pure module (see FbkTargets.cmake). Any later
// declaration or use of these names — which is what including the library's header does — fails
// with "attempt to use poisoned".
#pragma once
#pragma GCC poison SDL_Init SDL_CreateWindow SDL_Event
#pragma GCC poison ImGui ImDrawList ImGuiIO
#pragma GCC poison sqlite3_open sqlite3_open_v2 sqlite3_prepare_v2
#pragma GCC poison curl_easy_init curl_easy_perform
#pragma GCC poison httplib
