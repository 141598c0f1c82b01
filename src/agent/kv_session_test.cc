// KV reuse across turns on a synthetic model: the reused cache gives the same
// logits as a cold evaluation, and so does a cache saved and restored.
#include "agent/kv_session.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "model/synthetic_model.h"
#include "util/timer.h"

namespace dm::agent {
namespace {

std::filesystem::path TempDir() {
  return std::filesystem::temp_directory_path() / ("dm_agent_kv_" + std::to_string(::getpid()));
}

std::string TempPath(const std::string& name) {
  std::filesystem::create_directories(TempDir());
  return (TempDir() / name).string();
}

// The synthetic model (hundreds of MB) and saved caches go when the process ends.
class RemoveTempDir : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(TempDir(), ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kRemoveTempDir =
    ::testing::AddGlobalTestEnvironment(new RemoveTempDir);

const Model& TinyModel() {
  static const Model* model = [] {
    const std::string path = TempPath("tiny.gguf");
    SynthOptions o;
    o.shape = "tiny";
    o.type = "f32";
    o.vocab_path = std::string(DM_TEST_DATA_DIR) + "/tokenizer/qwen2-vocab.gguf";
    ThreadPool pool(1);
    Status s = WriteSyntheticModel(o, path, pool);
    EXPECT_TRUE(s.ok()) << s.ToString();
    auto m = Model::Load(path);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.value().release();
  }();
  return *model;
}

std::vector<int32_t> Tokens(int n, int seed) {
  std::vector<int32_t> t;
  for (int i = 0; i < n; ++i) t.push_back(static_cast<int32_t>((i * 7919 + seed * 104729) % 5000 + 10));
  return t;
}

std::vector<float> Cold(std::span<const int32_t> prompt, ThreadPool& pool) {
  KvSession fresh(TinyModel(), {.n_ctx = 512});
  auto l = fresh.Prefill(prompt, pool);
  EXPECT_TRUE(l.ok());
  return std::vector<float>(l->begin(), l->end());
}

void ExpectClose(std::span<const float> a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  double max_diff = 0;
  for (size_t i = 0; i < b.size(); ++i) max_diff = std::max(max_diff, std::fabs(double(a[i]) - b[i]));
  EXPECT_LT(max_diff, 1e-3);
}

TEST(KvSession, SecondTurnReusesThePrefixAndMatchesCold) {
  ThreadPool pool(1);
  KvSession s(TinyModel(), {.n_ctx = 512});
  auto turn1 = Tokens(60, 1);
  PrefillStats st;
  ASSERT_TRUE(s.Prefill(turn1, pool, &st).ok());
  EXPECT_EQ(st.reused, 0);
  EXPECT_EQ(st.evaluated, 60);
  // Turn 2 = turn 1 + a reply + the new message.
  auto turn2 = turn1;
  for (int32_t t : Tokens(25, 2)) turn2.push_back(t);
  auto warm = s.Prefill(turn2, pool, &st);
  ASSERT_TRUE(warm.ok());
  EXPECT_EQ(st.reused, 60);
  EXPECT_EQ(st.evaluated, 25);
  ExpectClose(*warm, Cold(turn2, pool));
  // A prompt that diverges (history condensed) truncates to the common prefix.
  std::vector<int32_t> edited(turn2.begin(), turn2.begin() + 40);
  for (int32_t t : Tokens(10, 3)) edited.push_back(t);
  auto e = s.Prefill(edited, pool, &st);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(st.reused, 40);
  ExpectClose(*e, Cold(edited, pool));
  // The same prompt again re-runs only its last token.
  ASSERT_TRUE(s.Prefill(edited, pool, &st).ok());
  EXPECT_EQ(st.evaluated, 1);
}

TEST(KvSession, SavedCacheSurvivesARestart) {
  ThreadPool pool(1);
  const std::string path = TempPath("session.kv");
  auto turn1 = Tokens(70, 4);
  {
    KvSession s(TinyModel(), {.n_ctx = 512});
    ASSERT_TRUE(s.Prefill(turn1, pool).ok());
    ASSERT_TRUE(s.Save(path).ok());
  }
  KvSession restored(TinyModel(), {.n_ctx = 512});
  ASSERT_TRUE(restored.Load(path).ok());
  EXPECT_EQ(restored.tokens(), turn1);
  auto turn2 = turn1;
  for (int32_t t : Tokens(12, 5)) turn2.push_back(t);
  PrefillStats st;
  auto l = restored.Prefill(turn2, pool, &st);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(st.reused, 70);
  ExpectClose(*l, Cold(turn2, pool));
}

TEST(KvSession, RefusesCorruptOrForeignFiles) {
  ThreadPool pool(1);
  const std::string path = TempPath("bad.kv");
  KvSession s(TinyModel(), {.n_ctx = 512});
  ASSERT_TRUE(s.Prefill(Tokens(20, 6), pool).ok());
  ASSERT_TRUE(s.Save(path).ok());
  // Flip a byte of the cached data.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-5, std::ios::end);
    char c = 0x55;
    f.write(&c, 1);
  }
  KvSession other(TinyModel(), {.n_ctx = 512});
  EXPECT_EQ(other.Load(path).code(), StatusCode::kCorrupt);
  std::filesystem::resize_file(path, 40);
  EXPECT_EQ(other.Load(path).code(), StatusCode::kCorrupt);
  EXPECT_EQ(other.Load(path + ".missing").code(), StatusCode::kNotFound);
  EXPECT_TRUE(other.tokens().empty());
}

// Timing report (not an assertion): DM_KV_BENCH_MODEL=/tmp/m.gguf runs a
// 600-token conversation prefix and a 24-token follow-up turn, cold, warm and
// after a restart from the saved cache.
TEST(KvSession, ReportTimeToFirstToken) {
  const char* path = std::getenv("DM_KV_BENCH_MODEL");
  if (!path) GTEST_SKIP() << "set DM_KV_BENCH_MODEL to a GGUF to measure";
  auto model = Model::Load(path);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ThreadPool& pool = ThreadPool::Default();
  auto history = Tokens(600, 7);
  auto next = history;
  for (int32_t t : Tokens(24, 8)) next.push_back(t);
  const std::string kv = TempPath("bench.kv");
  PrefillStats cold, warm, restored;
  {
    KvSession s(**model, {.n_ctx = 1024});
    ASSERT_TRUE(s.Prefill(next, pool, &cold).ok());
  }
  {
    KvSession s(**model, {.n_ctx = 1024});
    ASSERT_TRUE(s.Prefill(history, pool).ok());
    ASSERT_TRUE(s.Prefill(next, pool, &warm).ok());
    ASSERT_TRUE(s.Save(kv).ok());
  }
  double load_ms = 0;
  {
    KvSession s(**model, {.n_ctx = 1024});
    Timer t;
    ASSERT_TRUE(s.Load(kv).ok());
    load_ms = t.Millis();
    auto more = next;
    for (int32_t x : Tokens(24, 9)) more.push_back(x);
    ASSERT_TRUE(s.Prefill(more, pool, &restored).ok());
  }
  std::printf("kv-reuse: threads=%d cold TTFT %.0f ms (%d tokens) | warm TTFT %.0f ms (%d new, %d reused) | "
              "restart: load %.0f ms + TTFT %.0f ms (%d new, %d reused) | cache file %.1f MiB\n",
              pool.size(), cold.ms, cold.evaluated, warm.ms, warm.evaluated, warm.reused, load_ms, restored.ms,
              restored.evaluated, restored.reused,
              static_cast<double>(std::filesystem::file_size(kv)) / (1 << 20));
}

}  // namespace
}  // namespace dm::agent
