# Cross build for arm64 (Raspberry Pi 3/4/5) with Debian's cross compiler
# (crossbuild-essential-arm64) against a sysroot of Debian's arm64 packages
# (deploy/arm64/make-sysroot.sh). Binaries and tests run under qemu-user with the same sysroot.
#
#   cmake -S . -B build-arm64 --toolchain deploy/arm64/aarch64-linux-gnu.cmake \
#         -DFBK_ARM64_SYSROOT=/path/to/sysroot
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc-12)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++-12)

if(NOT FBK_ARM64_SYSROOT AND DEFINED ENV{FBK_ARM64_SYSROOT})
    set(FBK_ARM64_SYSROOT "$ENV{FBK_ARM64_SYSROOT}")
endif()
if(NOT IS_DIRECTORY "${FBK_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu")
    message(FATAL_ERROR "FBK_ARM64_SYSROOT='${FBK_ARM64_SYSROOT}' is not an arm64 sysroot "
                        "(make one with deploy/arm64/make-sysroot.sh)")
endif()
# try_compile projects re-read this file; they need the sysroot too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FBK_ARM64_SYSROOT)
set(CMAKE_SYSROOT "${FBK_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${FBK_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must read the sysroot's .pc files and prefix their paths with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${FBK_ARM64_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${FBK_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${FBK_ARM64_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# CTest and doctest's test discovery run the arm64 binaries through qemu-user; -L makes qemu
# load the sysroot's dynamic linker and libraries and look files up there first.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-aarch64-static -L "${FBK_ARM64_SYSROOT}")

set(FBK_DEB_ARCH arm64 CACHE STRING "Debian architecture of the packages")
