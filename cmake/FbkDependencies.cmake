# Every dependency comes from a Debian bookworm package (deploy/dev.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# The hub's HTTP server: Boost.Beast and Boost.Asio, header-only (libboost-dev, 1.74).
find_package(Boost 1.74 REQUIRED)

pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2>=2.0.18)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
# The tests' HTTP clients and misbehaving servers. Debian's cpp-httplib is a shared library
# compiled with OpenSSL, zlib and brotli; its pkg-config flags must be used verbatim or the
# class layout of httplib::Server differs from the library's.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# The kiosk's text in joined and right-to-left scripts: HarfBuzz shapes, FriBidi orders,
# FreeType rasterises (libharfbuzz-dev, libfribidi-dev, libfreetype-dev).
pkg_check_modules(HARFBUZZ REQUIRED IMPORTED_TARGET harfbuzz)
pkg_check_modules(FRIBIDI REQUIRED IMPORTED_TARGET fribidi)
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
# Comment analysis on the hub: Snowball stemmers (libstemmer-dev, no pkg-config file) and
# Voikko for Finnish (libvoikko-dev; its dictionary voikko-fi is needed at run time).
pkg_check_modules(VOIKKO REQUIRED IMPORTED_TARGET libvoikko)
# The hub's printable monthly report: a PDF drawn with cairo.
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo-pdf)
# The hub's XLSX export (libxlsxwriter-dev).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(Stemmer::Stemmer UNKNOWN IMPORTED)
set_target_properties(Stemmer::Stemmer PROPERTIES IMPORTED_LOCATION "${STEMMER_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${STEMMER_INCLUDE_DIR}")

# Debian ships the SDL_Renderer backend of Dear ImGui 1.86 only as example source. It is compiled
# from the installed package, never copied into this repository.
set(FBK_IMGUI_BACKEND_DIR "${CMAKE_SYSROOT}/usr/share/doc/libimgui-dev/examples/backends"
    CACHE PATH "Directory holding imgui_impl_sdlrenderer.cpp from libimgui-dev")
if(NOT EXISTS "${FBK_IMGUI_BACKEND_DIR}/imgui_impl_sdlrenderer.cpp")
    message(FATAL_ERROR "imgui_impl_sdlrenderer.cpp not found in ${FBK_IMGUI_BACKEND_DIR}: "
                        "install libimgui-dev (deploy/dev.sh does)")
endif()
