#include "util/resource_dir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace dm {

std::string ResolveResourceDir(const std::string& explicit_dir, const char* env_var, const std::string& name,
                               const std::string& marker, const std::string& source_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv(env_var); env != nullptr && env[0] != '\0') return env;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path candidate = exe.parent_path().parent_path() / name;
    if (std::filesystem::exists(candidate / marker, ec)) return candidate.string();
  }
  return source_dir;
}

}  // namespace dm
