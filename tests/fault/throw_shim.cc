// LD_PRELOAD shim for fault.internal_error: YAML::Load (libyaml-cpp, called
// when a rule pack is read) throws what no command handles, standing in for
// a defect. NS_SHIM_THROW selects what: "std" a std::runtime_error whose
// message holds a marker that must never be printed, "int" a bare int.
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace YAML {

Node Load(const std::string& /*input*/) {
  const char* what = std::getenv("NS_SHIM_THROW");
  if (what != nullptr && std::string(what) == "int") throw 42;
  throw std::runtime_error("NS-SECRET-MARKER: a message that may quote input");
}

}  // namespace YAML
