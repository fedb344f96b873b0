# Helpers that give every target of the project the same compiler settings.

function(fbk_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion -Wnon-virtual-dtor)
    if(FBK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# A pure module (kiosk/core, sync/protocol) must not reach SDL, Dear ImGui, SQLite, libcurl or an
# HTTP library. Their headers live in /usr/include, so include paths alone cannot keep them out;
# this forced header poisons their identifiers and turns a forbidden #include into a compile error.
function(fbk_make_pure target)
    target_compile_options(${target} PRIVATE
        -include "${PROJECT_SOURCE_DIR}/cmake/pure_module_guard.h")
endfunction()

function(fbk_library target)
    add_library(${target} STATIC ${ARGN})
    fbk_set_warnings(${target})
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}")
endfunction()
