# Install and package (SPEC §7): `cmake --install` lays out the binary, man
# pages made from the CLI's own --help, shell completions and the docs under
# the GNU directories (DESTDIR and --prefix honoured); CPack DEB packs the same
# tree as needlescreen_<version>_<arch>.deb (`make deb`, the `package` preset).
include(GNUInstallDirs)

# The package's maintainer (control file, changelog trailer, copyright contact).
set(NS_DEB_MAINTAINER
    "needlescreen maintainers <maintainers@users.noreply.r-seed-635ed8c7.example>"
    CACHE STRING "Maintainer of the Debian package: Name <address>")

install(TARGETS needlescreen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# A stripped install (cmake --install --strip, CPack) also drops the .comment
# and .note sections, as Debian's dh_strip does (lintian:
# binary-has-unneeded-section).
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment --remove-section=.note
                            \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/needlescreen\"
                    COMMAND_ERROR_IS_FATAL ANY)
  endif()")

# --- Man pages -------------------------------------------------------------
# One per command, made at build time by help2man from `needlescreen ...
# --help` (cmake/man_page.cmake), so an option cannot be missing from them;
# docs/man/<page>.h2m adds what --help does not say (examples, exit status).
# Every page is gzip -9n'd (no name, no time stamp: reproducible) as Debian
# policy wants; man reads them compressed from any prefix.
find_program(NS_HELP2MAN help2man REQUIRED)
find_program(NS_GZIP gzip REQUIRED)
set(NS_MAN_PAGES
    needlescreen needlescreen-check needlescreen-interview needlescreen-rules
    needlescreen-rules-test needlescreen-rules-lint needlescreen-rules-doc needlescreen-rules-cases
    needlescreen-rules-diff
    needlescreen-template needlescreen-schema needlescreen-serve)
# The pages' date is the latest packaging/changelog entry's (or
# $SOURCE_DATE_EPOCH's), never the build's: the same sources make the same pages.
set(NS_CHANGELOG ${CMAKE_SOURCE_DIR}/packaging/changelog)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${NS_CHANGELOG})
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(NS_RELEASE_EPOCH $ENV{SOURCE_DATE_EPOCH})
else()
  find_program(NS_DPKG_PARSECHANGELOG dpkg-parsechangelog REQUIRED)
  execute_process(COMMAND ${NS_DPKG_PARSECHANGELOG} -l ${NS_CHANGELOG} -S Timestamp
                  OUTPUT_VARIABLE NS_RELEASE_EPOCH OUTPUT_STRIP_TRAILING_WHITESPACE
                  COMMAND_ERROR_IS_FATAL ANY)
endif()
string(REPLACE ";" "," ns_all_pages "${NS_MAN_PAGES}")
set(ns_man_dir ${CMAKE_BINARY_DIR}/man)
set(ns_man_outputs)
foreach(page ${NS_MAN_PAGES})
  set(include ${CMAKE_SOURCE_DIR}/docs/man/${page}.h2m)
  add_custom_command(
    OUTPUT ${ns_man_dir}/${page}.1.gz
    COMMAND ${CMAKE_COMMAND} -DBIN=$<TARGET_FILE:needlescreen> -DPAGE=${page}
            -DPAGES=${ns_all_pages} -DINCLUDE=${include} -DOUT_DIR=${ns_man_dir}
            -DHELP2MAN=${NS_HELP2MAN} -DGZIP=${NS_GZIP} -DEPOCH=${NS_RELEASE_EPOCH}
            -P ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
    DEPENDS needlescreen ${include} ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
    COMMENT "Making the man page ${page}(1) with help2man"
    VERBATIM)
  list(APPEND ns_man_outputs ${ns_man_dir}/${page}.1.gz)
endforeach()
add_custom_target(man_pages ALL DEPENDS ${ns_man_outputs})
install(FILES ${ns_man_outputs} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# --- Shell completions, at the paths Debian's shells look in -----------------
# Hand-written and static (completing never runs needlescreen);
# tests/package/completions.sh fails when one lacks an option --help prints.
install(FILES completions/needlescreen.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME needlescreen)
install(FILES completions/_needlescreen
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/needlescreen.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# --- Docs: README, the pack's docs, the examples, copyright, changelog -------
# copyright: DEP-5, its Expat text taken from LICENSE (one place to change).
file(READ ${CMAKE_SOURCE_DIR}/LICENSE ns_license)
string(REGEX MATCH "Copyright \\(c\\) ([^\n]+)" ns_match "${ns_license}")
set(NS_COPYRIGHT ${CMAKE_MATCH_1})
string(REGEX REPLACE "^.*\nCopyright[^\n]*\n\n" "" ns_license "${ns_license}")
string(STRIP "${ns_license}" ns_license)
string(REPLACE "\n\n" "\n.\n" ns_license "${ns_license}")
string(REPLACE "\n" "\n " NS_LICENSE_TEXT " ${ns_license}")
configure_file(packaging/copyright.in ${CMAKE_BINARY_DIR}/packaging/copyright @ONLY)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/packaging/changelog.gz
  COMMAND ${NS_GZIP} -9n -c ${NS_CHANGELOG} > ${CMAKE_BINARY_DIR}/packaging/changelog.gz
  DEPENDS ${NS_CHANGELOG}
  COMMENT "Compressing packaging/changelog")
add_custom_target(changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
install(FILES README.md docs/rules.md docs/decision.svg ${CMAKE_BINARY_DIR}/packaging/copyright
              ${CMAKE_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# --- The Debian package (CPack DEB) -----------------------------------------
# A native package (version = the project's, no Debian revision): its
# changelog is /usr/share/doc/needlescreen/changelog.gz.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME needlescreen)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The needlescreen authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "screening checker for dry needling of the hamstrings")
# The extended description; no apostrophe in it: CPack 3.25 writes one as &apos;.
set(CPACK_PACKAGE_DESCRIPTION_FILE ${CMAKE_SOURCE_DIR}/packaging/description)
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# Directories 0755 whatever the umask (lintian: non-standard-dir-perm).
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${NS_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
