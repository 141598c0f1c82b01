// A read-only memory-mapped file. Model weights are used in place from the
// mapping (except matrices a model regroups once at load), so a model costs
// page cache, not heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "util/status.h"

namespace dm {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps `path` read-only. An empty file maps to an empty span.
  static Result<MappedFile> Open(const std::string& path);

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  std::span<const uint8_t> bytes() const { return {data_, size_}; }
  const std::string& path() const { return path_; }

  // Asks the kernel to start reading the pages of [begin, begin + bytes)
  // into the page cache (MADV_WILLNEED) and returns without waiting.
  void PrefetchPages(const uint8_t* begin, size_t bytes) const;
  // Drops this process's page mappings of the range (MADV_DONTNEED): resident
  // memory falls, and the bytes stay readable, mapping again from the page
  // cache on first touch (the mapping is private and never written).
  void ReleasePages() const;
  // The same for the whole pages inside [begin, begin + bytes) of the mapping
  // (a caller done with one part of it; the partial pages at the ends stay).
  void ReleasePages(const uint8_t* begin, size_t bytes) const;

 private:
  void Reset();

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::string path_;
};

// Reads a whole (small) file into a string.
Result<std::string> ReadFileToString(const std::string& path);
// Writes `contents` to `path` atomically (temporary file, then rename).
Status WriteStringToFile(const std::string& path, std::string_view contents);

}  // namespace dm
