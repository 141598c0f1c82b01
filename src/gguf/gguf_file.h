// Reading GGUF files (versions 2 and 3).
//
// Layout of a GGUF file, all integers little-endian:
//
//   magic "GGUF" (4 bytes) | version u32 | tensor_count u64 | kv_count u64
//   kv_count x  { key: string | value_type u32 | value }
//   tensor_count x { name: string | n_dims u32 | ne: n_dims x u64 |
//                    type u32 | offset u64 }
//   padding to `general.alignment` (default 32)
//   data section: each tensor at data_start + offset (offset % alignment == 0)
//
// A string is a u64 byte length followed by that many bytes (UTF-8, no NUL).
// An array value is element_type u32 | count u64 | count elements; elements
// may themselves be arrays. ne[0] is the fastest-varying dimension (the row
// length); a tensor occupies prod(ne[1..]) rows of GgmlRowBytes(type, ne[0]).
//
// Every count, length, offset and size is checked against the file before use,
// so a malformed or hostile file yields a kCorrupt status naming the problem and
// its byte offset, and never a crash, hang or allocation larger than the file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gguf/ggml_type.h"
#include "gguf/gguf_value.h"
#include "util/mapped_file.h"
#include "util/status.h"

namespace dm {

inline constexpr int kGgufMaxDims = 4;
inline constexpr uint32_t kGgufDefaultAlignment = 32;

struct GgufKv {
  std::string_view key;
  GgufValue value;
};

struct GgufTensorInfo {
  std::string_view name;
  GgmlType type = GgmlType::kF32;
  int n_dims = 0;
  int64_t ne[kGgufMaxDims] = {1, 1, 1, 1};  // ne[0] = row length
  uint64_t offset = 0;                      // relative to the data section
  uint64_t n_elements = 0;
  uint64_t n_bytes = 0;
  const uint8_t* data = nullptr;  // into the file's bytes

  uint64_t rows() const { return n_elements / static_cast<uint64_t>(ne[0]); }
  uint64_t row_bytes() const { return n_bytes / rows(); }
};

class GgufFile {
 public:
  // Maps and parses a file; the returned object owns the mapping.
  static Result<GgufFile> Open(const std::string& path);
  // Parses bytes the caller keeps alive for the lifetime of the result.
  static Result<GgufFile> Parse(std::span<const uint8_t> bytes);

  uint32_t version() const { return version_; }
  uint32_t alignment() const { return alignment_; }
  uint64_t data_offset() const { return data_offset_; }
  uint64_t file_size() const { return bytes_.size(); }
  std::span<const uint8_t> bytes() const { return bytes_; }
  const std::string& path() const { return mapping_.path(); }
  // Drops this process's page mappings of an Open()ed file (MappedFile::
  // ReleasePages); a no-op for Parse()d bytes, which the caller owns.
  void ReleaseMappedPages() const { mapping_.ReleasePages(); }
  // The same for the whole pages inside [begin, begin + n) of bytes().
  void ReleaseMappedPages(const uint8_t* begin, size_t n) const {
    if (mapping_.size() > 0) mapping_.ReleasePages(begin, n);
  }

  // Starts reading [begin, begin + n) of bytes() into the page cache
  // (MappedFile::PrefetchPages); a no-op for Parse()d bytes.
  void PrefetchMappedPages(const uint8_t* begin, size_t n) const {
    if (mapping_.size() > 0) mapping_.PrefetchPages(begin, n);
  }

  // Metadata in file order.
  const std::vector<GgufKv>& metadata() const { return metadata_; }
  const GgufValue* Find(std::string_view key) const;

  // Typed lookups: NotFound when absent, InvalidArgument on a type mismatch.
  Result<uint64_t> GetUint(std::string_view key) const;
  Result<int64_t> GetInt(std::string_view key) const;
  Result<double> GetDouble(std::string_view key) const;
  Result<bool> GetBool(std::string_view key) const;
  Result<std::string_view> GetString(std::string_view key) const;
  // An array value, checked to hold elements of `element_type`.
  Result<const GgufValue*> GetArray(std::string_view key, GgufValueType element_type) const;

  // `general.architecture`, or "" when absent.
  std::string_view architecture() const;

  // Tensors in file order.
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
  const GgufTensorInfo* FindTensor(std::string_view name) const;

 private:
  friend class GgufParser;
  MappedFile mapping_;
  std::span<const uint8_t> bytes_;
  uint32_t version_ = 0;
  uint32_t alignment_ = kGgufDefaultAlignment;
  uint64_t data_offset_ = 0;
  std::vector<GgufKv> metadata_;
  std::vector<GgufTensorInfo> tensors_;
  std::unordered_map<std::string_view, size_t> kv_index_;
  std::unordered_map<std::string_view, size_t> tensor_index_;
};

}  // namespace dm
