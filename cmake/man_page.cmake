# Makes one man page, OUT_DIR/PAGE.1.gz, from the built binary's own --help
# with help2man (run by cmake/package.cmake at build time).
#   BIN       the needlescreen binary
#   PAGE      needlescreen, or needlescreen-<command>[-<subcommand>]
#   PAGES     every page, comma-separated (for SEE ALSO)
#   INCLUDE   docs/man/PAGE.h2m: sections --help does not give (examples, exit status)
#   OUT_DIR, HELP2MAN, GZIP, EPOCH (the date on the page: SOURCE_DATE_EPOCH)
# help2man runs an executable with --help and --version: a small wrapper
# script stands for `needlescreen rules lint` (help2man runs it through the
# shell, so it lives in OUT_DIR, a path without spaces of the user's making).
foreach(var BIN PAGE PAGES INCLUDE OUT_DIR HELP2MAN GZIP EPOCH)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "man_page.cmake: -D${var}= is missing")
  endif()
endforeach()
string(REGEX REPLACE "^needlescreen-?" "" command "${PAGE}")
string(REPLACE "-" ";" words "${command}")
string(REPLACE "-" " " command "${command}")

execute_process(COMMAND ${BIN} --version OUTPUT_VARIABLE version_text COMMAND_ERROR_IS_FATAL ANY)
if(NOT version_text MATCHES "^needlescreen ([^\n]+)\n")
  message(FATAL_ERROR "man_page.cmake: ${BIN} --version does not begin `needlescreen VERSION`")
endif()
set(version ${CMAKE_MATCH_1})
execute_process(COMMAND ${BIN} ${words} --help OUTPUT_VARIABLE help COMMAND_ERROR_IS_FATAL ANY)
# The first line of --help is the command's description: the NAME line's.
string(REGEX MATCH "^[^\n]+" name "${help}")
string(REGEX REPLACE "^needlescreen: " "" name "${name}")

file(MAKE_DIRECTORY ${OUT_DIR}/wrappers)
set(wrapper ${OUT_DIR}/wrappers/${PAGE})
string(REPLACE "'" "'\\''" quoted_bin "${BIN}")
# --version: the first line only, the page's name and the program's version
# (the built-in pack's line would land in OPTIONS; needlescreen.h2m says what
# it is).
set(version_command "echo '${PAGE} ${version}'")
file(WRITE ${wrapper}
     "#!/bin/sh\n"
     "# help2man's view of `needlescreen ${command}`; made by cmake/man_page.cmake.\n"
     "if [ \"$1\" = --version ]; then ${version_command}; exit; fi\n"
     "exec '${quoted_bin}' ${command} --help\n")
file(CHMOD ${wrapper} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
     WORLD_READ WORLD_EXECUTE)

# SEE ALSO: every other page (\% keeps a name from being hyphenated).
set(see_also "[SEE ALSO]\n")
string(REPLACE "," ";" pages "${PAGES}")
list(REMOVE_ITEM pages ${PAGE})
list(LENGTH pages count)
set(i 0)
foreach(other ${pages})
  math(EXPR i "${i} + 1")
  string(REPLACE "-" "\\-" other_roff "${other}")
  if(i LESS count)
    string(APPEND see_also ".BR \\%${other_roff} (1),\n")
  else()
    string(APPEND see_also ".BR \\%${other_roff} (1)\n")
  endif()
endforeach()
file(WRITE ${OUT_DIR}/${PAGE}.see-also.h2m "${see_also}")

set(ENV{SOURCE_DATE_EPOCH} ${EPOCH})
set(ENV{LC_ALL} C.UTF-8)
execute_process(
  COMMAND ${HELP2MAN} --no-info --section=1 "--source=needlescreen ${version}"
          --name=${name} --include=${INCLUDE} --include=${OUT_DIR}/${PAGE}.see-also.h2m
          --output=${OUT_DIR}/${PAGE}.1 ${wrapper}
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${GZIP} -9n -c ${OUT_DIR}/${PAGE}.1 OUTPUT_FILE ${OUT_DIR}/${PAGE}.1.gz
                COMMAND_ERROR_IS_FATAL ANY)
