// Where a folder of run-time resources (data/, web/) is found, in order:
//   1. `explicit_dir` when not empty (a command-line option);
//   2. the environment variable `env_var` when set and not empty;
//   3. <directory of the running executable>/../<name> when it holds `marker`
//      (an installed or build-tree layout);
//   4. `source_dir`: the source tree's folder, compiled in at build time.
// The result is not checked beyond step 3: a missing folder shows up as the
// error of whatever reads from it.
#pragma once

#include <string>

namespace dm {

std::string ResolveResourceDir(const std::string& explicit_dir, const char* env_var, const std::string& name,
                               const std::string& marker, const std::string& source_dir);

}  // namespace dm
