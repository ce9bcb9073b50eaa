// libFuzzer entry point for FuzzCds (the body is in targets.cc).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzCds(data, size);
}
