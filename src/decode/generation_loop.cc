#include "decode/generation_loop.h"

#include "util/status.h"
#include "util/timer.h"

namespace dm::decode {

GenerationResult Generate(std::span<const float> logits, const ForwardFn& forward, Sampler& sampler,
                          GrammarMatcher* matcher, const GenerationOptions& options) {
  GenerationResult r;
  TokenMask mask;
  const auto remaining = [&] { return static_cast<size_t>(options.max_tokens) - r.tokens.size(); };
  const auto feed = [&](std::span<const int32_t> tokens) {
    ++r.forward_calls;
    logits = forward(tokens);
    r.failed = logits.empty();
    return !r.failed;
  };
  while (r.tokens.size() < static_cast<size_t>(options.max_tokens)) {
    if (matcher != nullptr && matcher->IsTerminated()) {
      if (!options.restart) break;
      matcher->Reset();
    }
    if (matcher != nullptr && options.forced_runs) {
      std::vector<int32_t> forced = matcher->ForcedTokens();
      if (forced.size() > remaining()) forced.resize(remaining());
      if (!forced.empty()) {
        for (int32_t t : forced) {
          DM_CHECK(matcher->Accept(t));
          sampler.Accept(t);
          r.tokens.push_back(t);
        }
        r.forced += static_cast<int>(forced.size());
        if (remaining() == 0 || !feed(forced)) break;
        continue;
      }
    }
    if (matcher != nullptr) {
      Timer timer;
      matcher->FillMask(&mask);
      r.mask_ms += timer.Millis();
    }
    const int32_t t = sampler.Sample(logits, matcher != nullptr ? &mask : nullptr);
    if (t < 0) {
      r.failed = true;
      break;
    }
    sampler.Accept(t);
    if (matcher != nullptr) DM_CHECK(matcher->Accept(t));
    r.tokens.push_back(t);
    ++r.sampled;
    if (remaining() == 0) break;
    const int32_t one[1] = {t};
    if (!feed(one)) break;
  }
  return r;
}

}  // namespace dm::decode
