# Turns INPUT into a C++ source defining the built-in pack's bytes and name (SPEC §2).
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR byte_len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
get_filename_component(name ${INPUT} NAME)
file(WRITE ${OUTPUT}
"// Generated from rules/${name} by cmake/embed.cmake; do not edit.\n"
"#include <cstddef>\n#include <string_view>\n"
"namespace needlescreen::internal {\n"
"static const unsigned char kBytes[] = {${bytes} 0};\n"
"extern const std::string_view kBuiltinPackName;\n"
"extern const std::string_view kBuiltinPackText;\n"
"const std::string_view kBuiltinPackName = \"${name}\";\n"
"const std::string_view kBuiltinPackText(reinterpret_cast<const char*>(kBytes), ${byte_len});\n"
"}  // namespace needlescreen::internal\n")
