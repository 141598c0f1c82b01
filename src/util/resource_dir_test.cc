#include "util/resource_dir.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace dm {
namespace {

TEST(ResourceDir, ExplicitBeatsEnvironmentBeatsTheRest) {
  ::setenv("DM_RESOURCE_DIR_TEST", "/from/env", 1);
  EXPECT_EQ(ResolveResourceDir("/explicit", "DM_RESOURCE_DIR_TEST", "x", "m", "/src"), "/explicit");
  EXPECT_EQ(ResolveResourceDir("", "DM_RESOURCE_DIR_TEST", "x", "m", "/src"), "/from/env");
  ::setenv("DM_RESOURCE_DIR_TEST", "", 1);  // empty counts as unset
  EXPECT_EQ(ResolveResourceDir("", "DM_RESOURCE_DIR_TEST", "no-such-folder", "m", "/src"), "/src");
  ::unsetenv("DM_RESOURCE_DIR_TEST");
}

TEST(ResourceDir, FindsTheFolderBesideTheExecutable) {
  // The test binary lives in <build>/src/util/; <build>/src holds util/.
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe");
  const std::filesystem::path expected = exe.parent_path().parent_path() / "util";
  EXPECT_EQ(ResolveResourceDir("", "DM_RESOURCE_DIR_TEST", "util", exe.filename().string(), "/src"),
            expected.string());
  EXPECT_EQ(ResolveResourceDir("", "DM_RESOURCE_DIR_TEST", "util", "no-such-marker", "/src"), "/src");
}

}  // namespace
}  // namespace dm
