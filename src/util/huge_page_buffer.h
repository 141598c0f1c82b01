// Anonymous memory for large arrays that are streamed again and again (the
// regrouped weights, the bandwidth probe): 2 MiB aligned and advised for
// transparent huge pages (MADV_HUGEPAGE). With 4 KiB pages, reading 1 GB of
// weights per token walks the page tables 250 000 times; with 2 MiB pages,
// 500 times. Where the kernel gives no huge pages (THP "never"), the buffer
// works the same with small pages.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/status.h"

namespace dm {

class HugePageBuffer {
 public:
  // The alignment of data(); also the granule of the huge pages asked for.
  static constexpr size_t kAlignment = size_t{2} << 20;

  HugePageBuffer() = default;
  ~HugePageBuffer();
  HugePageBuffer(HugePageBuffer&& other) noexcept;
  HugePageBuffer& operator=(HugePageBuffer&& other) noexcept;
  HugePageBuffer(const HugePageBuffer&) = delete;
  HugePageBuffer& operator=(const HugePageBuffer&) = delete;

  // `bytes` of zeroed memory, committed page by page on first touch. 0 bytes
  // gives an empty buffer; failure to map is kResourceExhausted.
  static Result<HugePageBuffer> Allocate(size_t bytes);

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  void Reset();

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t mapped_ = 0;  // size_ rounded up to kAlignment
};

}  // namespace dm
