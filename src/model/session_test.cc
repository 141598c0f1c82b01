// Session behaviour of the forward pass: chunked prefill, KV truncation and
// save/restore, context limits, F16 cache, threads.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/forward.h"
#include "model/model.h"
#include "model/state.h"

namespace dm {
namespace {

const std::vector<int32_t> kPrompt = {162, 232, 232, 163, 102, 118, 164, 108, 225, 162,
                                      116, 102, 161, 118, 99,  164, 108, 225, 161, 230};

std::unique_ptr<Model> LoadFixture(const std::string& name) {
  auto m = Model::Load(std::string(DM_TEST_DATA_DIR) + "/parity/" + name + ".gguf");
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(m).value() : nullptr;
}

double MaxDiff(std::span<const float> a, std::span<const float> b) {
  EXPECT_EQ(a.size(), b.size());
  double d = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) d = std::max(d, double(std::fabs(a[i] - b[i])));
  return d;
}

std::vector<float> Eval(const Model& m, State& s, std::span<const int32_t> tokens, ThreadPool& pool,
                        LogitsMode mode = LogitsMode::kAll) {
  auto r = Forward(m, s, tokens, pool, mode);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::vector<float>(r->begin(), r->end()) : std::vector<float>();
}

class SessionTest : public testing::TestWithParam<std::string> {};

TEST_P(SessionTest, ChunkedPrefillMatchesOneBatch) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool pool(1);
  State one(*m, {.n_ctx = 64, .max_batch = 64});
  State chunked(*m, {.n_ctx = 64, .max_batch = 6});
  auto a = Eval(*m, one, kPrompt, pool);
  auto b = Eval(*m, chunked, kPrompt, pool);
  EXPECT_LT(MaxDiff(a, b), 1e-4);
  EXPECT_EQ(chunked.n_past(), static_cast<int>(kPrompt.size()));
  // The last-row mode returns the last row of the all-rows mode.
  State last(*m, {.n_ctx = 64, .max_batch = 7});
  auto c = Eval(*m, last, kPrompt, pool, LogitsMode::kLast);
  const size_t V = static_cast<size_t>(m->config().n_vocab);
  EXPECT_LT(MaxDiff(c, std::span<const float>(a).subspan(a.size() - V)), 1e-4);
}

// A chunk longer than State::kFfnBlockRows runs its feed-forward in blocks;
// the logits match a State whose chunks fit in one block.
TEST_P(SessionTest, FeedForwardBlocksMatchOneBlock) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool pool(2);
  std::vector<int32_t> prompt(2 * State::kFfnBlockRows + 37);
  for (size_t i = 0; i < prompt.size(); ++i) prompt[i] = kPrompt[(i * 7) % kPrompt.size()];
  const int n_ctx = static_cast<int>(prompt.size());
  State blocked(*m, {.n_ctx = n_ctx, .max_batch = n_ctx});
  State single(*m, {.n_ctx = n_ctx, .max_batch = State::kFfnBlockRows});
  ASSERT_EQ(blocked.ffn_rows(), State::kFfnBlockRows);
  auto a = Eval(*m, blocked, prompt, pool);
  auto b = Eval(*m, single, prompt, pool);
  EXPECT_LT(MaxDiff(a, b), 1e-4);
}

TEST_P(SessionTest, TruncateThenReevaluateSuffix) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool pool(1);
  State s(*m, {.n_ctx = 64});
  auto full = Eval(*m, s, kPrompt, pool);
  const size_t V = static_cast<size_t>(m->config().n_vocab);
  const size_t keep = 11;
  ASSERT_TRUE(s.kv().Truncate(static_cast<int>(keep)).ok());
  EXPECT_EQ(s.n_past(), static_cast<int>(keep));
  auto suffix = Eval(*m, s, std::span<const int32_t>(kPrompt).subspan(keep), pool);
  // Suffix rows go through a different batch, so quantized activations match
  // row by row: the logits agree closely.
  EXPECT_LT(MaxDiff(suffix, std::span<const float>(full).subspan(keep * V)), 1e-3);
  EXPECT_FALSE(s.kv().Truncate(static_cast<int>(kPrompt.size()) + 1).ok());
}

TEST_P(SessionTest, SaveRestoreReproducesContinuation) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool pool(1);
  State s(*m, {.n_ctx = 64});
  Eval(*m, s, kPrompt, pool, LogitsMode::kNone);
  const KvSnapshot snap = s.kv().Save();
  EXPECT_EQ(snap.n_past, static_cast<int>(kPrompt.size()));
  const int32_t next[] = {825, 1575};
  auto first = Eval(*m, s, next, pool);
  // Overwrite the continuation with something else, then restore.
  const int32_t other[] = {7, 8, 9};
  Eval(*m, s, other, pool);
  ASSERT_TRUE(s.kv().Restore(snap).ok());
  auto again = Eval(*m, s, next, pool);
  EXPECT_EQ(MaxDiff(first, again), 0.0);
  // A snapshot restores into a fresh session of the same model too.
  State fresh(*m, {.n_ctx = 64});
  ASSERT_TRUE(fresh.kv().Restore(snap).ok());
  EXPECT_EQ(MaxDiff(first, Eval(*m, fresh, next, pool)), 0.0);
  // ... but not into a cache of another element type.
  State f16(*m, {.n_ctx = 64, .kv_type = KvType::kF16});
  EXPECT_FALSE(f16.kv().Restore(snap).ok());
}

TEST_P(SessionTest, ContextLimitAndBadTokens) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool pool(1);
  State s(*m, {.n_ctx = 8});
  auto r = Forward(*m, s, std::span<const int32_t>(kPrompt).first(9), pool);
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.n_past(), 0);
  ASSERT_TRUE(Forward(*m, s, std::span<const int32_t>(kPrompt).first(8), pool).ok());
  const int32_t one = 5;
  EXPECT_EQ(Forward(*m, s, std::span<const int32_t>(&one, 1), pool).status().code(),
            StatusCode::kResourceExhausted);
  State t(*m, {.n_ctx = 8});
  const int32_t bad[] = {1, m->config().n_vocab};
  EXPECT_EQ(Forward(*m, t, bad, pool).status().code(), StatusCode::kInvalidArgument);
  const int32_t negative = -1;
  EXPECT_FALSE(Forward(*m, t, std::span<const int32_t>(&negative, 1), pool).ok());
  EXPECT_FALSE(Forward(*m, t, std::span<const int32_t>(), pool).ok());
  EXPECT_EQ(t.n_past(), 0);
  // The context never exceeds what the model was trained for.
  State big(*m, {.n_ctx = 1 << 30});
  EXPECT_EQ(big.n_ctx(), m->config().n_ctx_train);
}

TEST_P(SessionTest, F16CacheCloseToF32) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool pool(1);
  State a(*m, {.n_ctx = 64, .kv_type = KvType::kF32});
  State b(*m, {.n_ctx = 64, .kv_type = KvType::kF16});
  // Within the parity bounds of quantized models (activations are requantized
  // after attention, so tiny F16 differences can move a rounding step).
  auto x = Eval(*m, a, kPrompt, pool);
  auto y = Eval(*m, b, kPrompt, pool);
  EXPECT_LT(MaxDiff(x, y), 0.25);
  double sum = 0;
  for (size_t i = 0; i < x.size(); ++i) sum += std::fabs(x[i] - y[i]);
  EXPECT_LT(sum / static_cast<double>(x.size()), 0.04);
}

TEST_P(SessionTest, ThreadsAgree) {
  auto m = LoadFixture(GetParam());
  ASSERT_NE(m, nullptr);
  ThreadPool one(1), three(3);
  State a(*m, {.n_ctx = 64});
  State b(*m, {.n_ctx = 64});
  EXPECT_LT(MaxDiff(Eval(*m, a, kPrompt, one), Eval(*m, b, kPrompt, three)), 1e-4);
  const int32_t t = 42;
  EXPECT_LT(MaxDiff(Eval(*m, a, std::span<const int32_t>(&t, 1), one),
                    Eval(*m, b, std::span<const int32_t>(&t, 1), three)),
            1e-4);
}

INSTANTIATE_TEST_SUITE_P(Models, SessionTest,
                         testing::Values("tiny-qwen2-q4_k_m", "tiny-llama-f32"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace dm
