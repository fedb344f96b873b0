# What `cmake --install` lays out and CPack turns into two Debian packages, feedback-kiosk and
# feedback-hub (deploy/package/build-debs.sh builds them for amd64 and arm64 and runs lintian).
include(GNUInstallDirs)

set(FBK_PKG_DIR "${PROJECT_SOURCE_DIR}/deploy/package")
# Where bookworm's systemd.pc puts system units (dpkg does not know /lib is /usr/lib).
set(FBK_UNIT_DIR "/lib/systemd/system")

# Both packages carry the same copyright and changelog; lintian wants them in each doc dir.
set(FBK_CHANGELOG_GZ "${PROJECT_BINARY_DIR}/changelog.Debian.gz")
add_custom_command(
    OUTPUT "${FBK_CHANGELOG_GZ}"
    COMMAND gzip -9n -c "${FBK_PKG_DIR}/changelog" > "${FBK_CHANGELOG_GZ}"
    DEPENDS "${FBK_PKG_DIR}/changelog"
    VERBATIM)
add_custom_target(fbk_changelog ALL DEPENDS "${FBK_CHANGELOG_GZ}")

foreach(component feedback-kiosk feedback-hub)
    install(FILES "${FBK_PKG_DIR}/copyright" "${FBK_CHANGELOG_GZ}"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${component}" COMPONENT ${component})
endforeach()

# feedback-kiosk
install(TARGETS feedback-kiosk RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
        COMPONENT feedback-kiosk)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/assets/i18n" "${PROJECT_SOURCE_DIR}/assets/packs"
                  "${PROJECT_SOURCE_DIR}/assets/demo"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/feedback-kiosk" COMPONENT feedback-kiosk)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/systemd/feedback-kiosk.service"
              "${PROJECT_SOURCE_DIR}/deploy/systemd/feedback-kiosk-provision.service"
              "${PROJECT_SOURCE_DIR}/deploy/systemd/feedback-kiosk-update.service"
              "${PROJECT_SOURCE_DIR}/deploy/systemd/feedback-kiosk-update.timer"
        DESTINATION "${FBK_UNIT_DIR}" COMPONENT feedback-kiosk)
install(PROGRAMS "${PROJECT_SOURCE_DIR}/deploy/update/feedback-kiosk-update"
        DESTINATION "${CMAKE_INSTALL_SBINDIR}" COMPONENT feedback-kiosk)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/config/kiosk.conf.example"
        DESTINATION "/etc/feedback-kiosk" RENAME kiosk.conf COMPONENT feedback-kiosk
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/README.md"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/feedback-kiosk" COMPONENT feedback-kiosk)

# feedback-hub
install(TARGETS feedback-hub RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
        COMPONENT feedback-hub)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/assets/packs" "${PROJECT_SOURCE_DIR}/assets/lexicons"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/feedback-hub" COMPONENT feedback-hub)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/systemd/feedback-hub.service"
        DESTINATION "${FBK_UNIT_DIR}" COMPONENT feedback-hub)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/config/hub.conf.example"
        DESTINATION "/etc/feedback-hub" RENAME hub.conf COMPONENT feedback-hub
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/README.md"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/feedback-hub" COMPONENT feedback-hub)
install(FILES "${PROJECT_SOURCE_DIR}/deploy/nginx/feedback-hub.conf"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/feedback-hub/examples" COMPONENT feedback-hub)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME feedback-kiosk)
set(CPACK_PACKAGE_VENDOR "Feedback Kiosk")
set(CPACK_PACKAGE_CONTACT "Feedback Kiosk developers <kiosk-dev@feedback-kiosk.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL feedback-kiosk feedback-hub)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://feedback-kiosk.invalid/")
# The target architecture, not the build machine's: the arm64 toolchain file sets it.
if(NOT FBK_DEB_ARCH)
    execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE FBK_DEB_ARCH
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "${FBK_DEB_ARCH}")

# Depends are written out rather than computed by dpkg-shlibdeps, which cannot see a cross
# sysroot's libraries. The package test compares them with dpkg-shlibdeps on amd64.
file(STRINGS "${FBK_PKG_DIR}/feedback-kiosk.depends" FBK_KIOSK_DEPENDS REGEX "^[^#]")
file(STRINGS "${FBK_PKG_DIR}/feedback-hub.depends" FBK_HUB_DEPENDS REGEX "^[^#]")
# Read at configure time: an edited list must configure again, or packages keep the old one.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${FBK_PKG_DIR}/feedback-kiosk.depends" "${FBK_PKG_DIR}/feedback-hub.depends")
list(JOIN FBK_KIOSK_DEPENDS ", " CPACK_DEBIAN_FEEDBACK-KIOSK_PACKAGE_DEPENDS)
list(JOIN FBK_HUB_DEPENDS ", " CPACK_DEBIAN_FEEDBACK-HUB_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_FEEDBACK-KIOSK_PACKAGE_NAME feedback-kiosk)
set(CPACK_DEBIAN_FEEDBACK-HUB_PACKAGE_NAME feedback-hub)
set(CPACK_COMPONENT_FEEDBACK-KIOSK_DESCRIPTION
    "patient feedback survey for a waiting-room display\nShows a short, localized survey chosen by the patient's journey stage on a\ntouch display (SDL2, no desktop), keeps every answer in SQLite on the device\nand uploads them to a feedback-hub when the network is there.")
set(CPACK_COMPONENT_FEEDBACK-HUB_DESCRIPTION
    "central server for Feedback Kiosk displays\nReceives answers from every kiosk over HTTPS, stores them in SQLite or\nPostgreSQL, and serves exports, NPS / CSAT / CES statistics per journey stage\nand a fleet health dashboard.")
set(CPACK_DEBIAN_FEEDBACK-KIOSK_PACKAGE_CONTROL_EXTRA
    "${FBK_PKG_DIR}/feedback-kiosk/conffiles;${FBK_PKG_DIR}/feedback-kiosk/postinst;${FBK_PKG_DIR}/feedback-kiosk/prerm;${FBK_PKG_DIR}/feedback-kiosk/postrm")
set(CPACK_DEBIAN_FEEDBACK-HUB_PACKAGE_CONTROL_EXTRA
    "${FBK_PKG_DIR}/feedback-hub/conffiles;${FBK_PKG_DIR}/feedback-hub/postinst;${FBK_PKG_DIR}/feedback-hub/prerm;${FBK_PKG_DIR}/feedback-hub/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
