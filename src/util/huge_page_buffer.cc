#include "util/huge_page_buffer.h"

#include <sys/mman.h>

#include <cstdint>
#include <utility>

namespace dm {

Result<HugePageBuffer> HugePageBuffer::Allocate(size_t bytes) {
  HugePageBuffer buffer;
  if (bytes == 0) return buffer;
  if (bytes > SIZE_MAX - 2 * kAlignment) return ResourceExhausted("cannot map {} bytes", bytes);
  const size_t mapped = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  // Map one granule more than needed, then unmap the unaligned ends.
  const size_t reserve = mapped + kAlignment;
  void* p = mmap(nullptr, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return ResourceExhausted("cannot map {} MiB", bytes >> 20);
  const auto begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t aligned = (begin + kAlignment - 1) / kAlignment * kAlignment;
  if (aligned > begin) munmap(p, aligned - begin);
  const uintptr_t tail = begin + reserve - (aligned + mapped);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + mapped), tail);
  buffer.data_ = reinterpret_cast<uint8_t*>(aligned);
  buffer.size_ = bytes;
  buffer.mapped_ = mapped;
  // Advice only: without THP support the pages stay small.
  madvise(buffer.data_, mapped, MADV_HUGEPAGE);
  return buffer;
}

HugePageBuffer::~HugePageBuffer() { Reset(); }

HugePageBuffer::HugePageBuffer(HugePageBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, 0)) {}

HugePageBuffer& HugePageBuffer::operator=(HugePageBuffer&& other) noexcept {
  if (this != &other) {
    Reset();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, 0);
  }
  return *this;
}

void HugePageBuffer::Reset() {
  if (data_ != nullptr) munmap(data_, mapped_);
  data_ = nullptr;
  size_ = mapped_ = 0;
}

}  // namespace dm
