#include "util/huge_page_buffer.h"

#include <cstdint>
#include <utility>

#include <gtest/gtest.h>

namespace dm {
namespace {

TEST(HugePageBuffer, AlignedZeroedAndWritable) {
  for (size_t bytes : {size_t{1}, size_t{4096}, HugePageBuffer::kAlignment, (size_t{5} << 20) + 3}) {
    auto buffer = HugePageBuffer::Allocate(bytes);
    ASSERT_TRUE(buffer.ok()) << buffer.status().ToString();
    ASSERT_EQ(buffer->size(), bytes);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % HugePageBuffer::kAlignment, 0u);
    EXPECT_EQ(buffer->data()[0], 0);
    EXPECT_EQ(buffer->data()[bytes - 1], 0);
    buffer->data()[0] = 1;
    buffer->data()[bytes - 1] = 2;
    EXPECT_EQ(buffer->data()[bytes - 1], 2);
  }
}

TEST(HugePageBuffer, EmptyAndMoved) {
  auto empty = HugePageBuffer::Allocate(0);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->data(), nullptr);
  EXPECT_EQ(empty->size(), 0u);

  auto buffer = HugePageBuffer::Allocate(100);
  ASSERT_TRUE(buffer.ok());
  buffer->data()[99] = 7;
  HugePageBuffer moved = std::move(*buffer);
  EXPECT_EQ(buffer->data(), nullptr);
  EXPECT_EQ(moved.size(), 100u);
  EXPECT_EQ(moved.data()[99], 7);
  HugePageBuffer assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.data()[99], 7);
  EXPECT_EQ(moved.data(), nullptr);
}

TEST(HugePageBuffer, RefusesImpossibleSizes) {
  auto huge = HugePageBuffer::Allocate(SIZE_MAX - 5);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace dm
