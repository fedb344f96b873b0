# Compiler settings of a fuzzing build (FBK_FUZZ=ON): every object file is instrumented for
# libFuzzer's coverage feedback and checked by AddressSanitizer and UndefinedBehaviorSanitizer;
# any sanitizer report aborts, so libFuzzer keeps the input as a crash.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FBK_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++")
endif()

set(FBK_SANITIZERS "address,undefined")
add_compile_options(-fsanitize=fuzzer-no-link,${FBK_SANITIZERS} -fno-sanitize-recover=all
                    -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=${FBK_SANITIZERS})

# A libFuzzer executable: the target's sources plus libFuzzer's main().
function(fbk_fuzz_target name)
    add_executable(${name} ${ARGN})
    fbk_set_warnings(${name})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
endfunction()
