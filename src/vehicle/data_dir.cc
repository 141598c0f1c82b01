#include "vehicle/data_dir.h"

#include "util/resource_dir.h"

namespace dm::vehicle {

std::string ResolveDataDir(const std::string& explicit_dir) {
#ifdef DM_SOURCE_DATA_DIR
  const char* source = DM_SOURCE_DATA_DIR;
#else
  const char* source = "data";
#endif
  return ResolveResourceDir(explicit_dir, "DM_DATA_DIR", "data", "vehicle", source);
}

std::string VehicleDataDir(const std::string& explicit_dir) {
  return ResolveDataDir(explicit_dir) + "/vehicle";
}

}  // namespace dm::vehicle
