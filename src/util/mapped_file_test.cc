#include "util/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

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
  moved.ReleasePages(moved.data() + 5, 8);  // no whole page inside: nothing to do
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(moved.data()), 13), "GGUF and more");
  EXPECT_EQ(*ReadFileToString(path), "GGUF and more");
  std::filesystem::remove(path);
}

TEST(MappedFile, ReleasesWholePagesOfARange) {
  const size_t page = 4096, size = 5 * page + 100;
  std::string contents(size, '\0');
  for (size_t i = 0; i < size; ++i) contents[i] = static_cast<char>(i * 7 + i / page);
  auto path = (std::filesystem::temp_directory_path() / "dm_mapped_pages_test.bin").string();
  ASSERT_TRUE(WriteStringToFile(path, contents).ok());
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(std::string(reinterpret_cast<const char*>(file->data()), size), contents);
  file->ReleasePages(file->data() + 100, 3 * page);  // pages 1 and 2
  file->ReleasePages(file->data() + 4 * page, page + 100);  // page 4 to the end
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(file->data()), size), contents);
  std::filesystem::remove(path);
}

// Pages [first, first + n) of the mapping that are in the page cache.
size_t ResidentPages(const MappedFile& file, size_t first, size_t n) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in_core(n);
  if (mincore(const_cast<uint8_t*>(file.data()) + first * page, n * page, in_core.data()) != 0) return 0;
  size_t resident = 0;
  for (unsigned char c : in_core) resident += c & 1;
  return resident;
}

// From a cold page cache, the asked range is read in without being touched.
TEST(MappedFile, PrefetchPagesReadsARangeIntoThePageCache) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE)), pages = 64;
  auto path = (std::filesystem::temp_directory_path() / "dm_mapped_file_prefetch.bin").string();
  ASSERT_TRUE(WriteStringToFile(path, std::string(pages * page, 'x')).ok());
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fsync(fd), 0);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  if (ResidentPages(*file, 8, 16) == 16) {
    std::filesystem::remove(path);
    GTEST_SKIP() << "the page cache keeps this file (a memory file system?)";
  }
  file->PrefetchPages(file->data() + 8 * page + 100, 16 * page - 100);  // pages 8..23
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (ResidentPages(*file, 8, 16) < 16 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(ResidentPages(*file, 8, 16), 16u);
  file->PrefetchPages(file->data(), 0);  // nothing to do
  EXPECT_EQ(file->data()[8 * page], 'x');
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
