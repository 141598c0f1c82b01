#include "server/web_dir.h"

#include "util/resource_dir.h"

namespace dm::server {

std::string ResolveWebDir(const std::string& explicit_dir) {
#ifdef DM_SOURCE_WEB_DIR
  const char* source = DM_SOURCE_WEB_DIR;
#else
  const char* source = "web";
#endif
  return ResolveResourceDir(explicit_dir, "DM_WEB_DIR", "web", "index.html", source);
}

}  // namespace dm::server
