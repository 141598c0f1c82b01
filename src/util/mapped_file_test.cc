#include "util/mapped_file.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace dm {
namespace {

TEST(MappedFile, MapsAndReads) {
  auto path = (std::filesystem::temp_directory_path() / "dm_mapped_file_test.bin").string();
  ASSERT_TRUE(WriteStringToFile(path, "GGUF and more").ok());
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->size(), 13u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(file->data()), 4), "GGUF");
  MappedFile moved = std::move(*file);
  EXPECT_EQ(moved.size(), 13u);
  moved.ReleasePages();  // the bytes read the same afterwards
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(moved.data()), 13), "GGUF and more");
  EXPECT_EQ(*ReadFileToString(path), "GGUF and more");
  std::filesystem::remove(path);
}

TEST(MappedFile, ErrorsNameThePath) {
  auto missing = MappedFile::Open("/nonexistent/dir/x.gguf");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_NE(missing.status().message().find("/nonexistent/dir/x.gguf"), std::string::npos);
  auto dir = MappedFile::Open("/tmp");
  EXPECT_FALSE(dir.ok());
}

TEST(MappedFile, EmptyFile) {
  auto path = (std::filesystem::temp_directory_path() / "dm_mapped_empty.bin").string();
  ASSERT_TRUE(WriteStringToFile(path, "").ok());
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->size(), 0u);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dm
