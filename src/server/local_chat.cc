#include "server/local_chat.h"

#include <algorithm>
#include <filesystem>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "decode/grammar_matcher.h"
#include "decode/sampler.h"
#include "model/forward.h"
#include "server/tool_grammar.h"
#include "text/output_parser.h"
#include "text/stream_decoder.h"
#include "util/thread_pool.h"
#include "util/timer.h"

namespace dm::server {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string NewCallId() {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("call_{:016x}{:04x}", rng(), counter.fetch_add(1) & 0xffff);
}

text::ChatMessage ToTextMessage(const ChatMessage& m) {
  text::ChatMessage out;
  out.role = m.role == "developer" ? "system" : m.role;
  if (!(m.role == "assistant" && m.content.empty() && !m.tool_calls.empty())) out.content = m.content;
  out.tool_call_id = m.tool_call_id;
  for (const ToolCall& c : m.tool_calls) {
    text::ToolCall call;
    call.id = c.id;
    call.name = c.name;
    OrderedJson args = OrderedJson::parse(c.arguments, nullptr, false);
    call.arguments = args.is_discarded() ? OrderedJson(c.arguments) : args;
    out.tool_calls.push_back(std::move(call));
  }
  return out;
}

// Position of the earliest stop sequence in `text`, or npos.
size_t FindStop(const std::string& text, const std::vector<std::string>& stops) {
  size_t best = std::string::npos;
  for (const auto& s : stops) best = std::min(best, text.find(s));
  return best;
}

}  // namespace

Result<std::shared_ptr<LocalChatService>> LocalChatService::Load(const std::string& path,
                                                                 const ServerLimits& limits) {
  std::shared_ptr<LocalChatService> svc(new LocalChatService());
  DM_ASSIGN_OR_RETURN(svc->model_, Model::Load(path));
  const GgufFile& file = svc->model_->gguf();
  DM_ASSIGN_OR_RETURN(text::Tokenizer tok, text::Tokenizer::FromGguf(file));
  svc->tokenizer_ = std::make_unique<text::Tokenizer>(std::move(tok));
  svc->format_ = text::ChatFormatForModel(file);
  DM_ASSIGN_OR_RETURN(decode::TokenVocabulary vocab, decode::TokenVocabulary::FromGguf(file));
  // Tool-call markers that are special tokens must be writable by grammars.
  const text::ChatMarkers& markers = svc->format_->markers();
  for (const std::string* marker : {&markers.tool_call_open, &markers.tool_call_close}) {
    if (marker->empty()) continue;
    const int32_t id = vocab.Find(*marker);
    if (id >= 0) vocab.AllowInGrammar(id);
  }
  svc->vocab_ = std::make_unique<decode::TokenVocabulary>(std::move(vocab));
  svc->index_ = std::make_unique<decode::TokenIndex>(*svc->vocab_);
  svc->model_id_ = std::filesystem::path(path).stem().string();
  const int threads = limits.compute_threads > 0 ? limits.compute_threads
                                                 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  svc->pool_ = std::make_unique<ThreadPool>(threads);
  svc->state_options_.n_ctx = limits.session_ctx;
  svc->sessions_.resize(static_cast<size_t>(std::max(1, limits.sessions)));
  for (Session& s : svc->sessions_) s.kv = std::make_unique<agent::KvSession>(*svc->model_, svc->state_options_);
  svc->n_ctx_ = svc->sessions_[0].kv->state().n_ctx();
  return svc;
}

Result<std::vector<int32_t>> LocalChatService::RenderPrompt(const ChatRequest& request,
                                                            bool* opens_reasoning) const {
  std::vector<text::ChatMessage> messages;
  for (const ChatMessage& m : request.messages) messages.push_back(ToTextMessage(m));
  std::vector<OrderedJson> tools;
  if (request.tool_choice != ToolChoice::kNone) {
    for (const ToolDef& t : request.tools) {
      tools.push_back({{"type", "function"},
                       {"function",
                        {{"name", t.name},
                         {"description", t.description},
                         {"parameters", OrderedJson::parse(t.parameters.dump())}}}});
    }
  }
  auto prompt = format_->Render(messages, tools, true);
  if (!prompt.ok()) return prompt.status().WithContext("messages");
  std::string text = std::move(prompt).value();
  const text::ChatMarkers& markers = format_->markers();
  *opens_reasoning = markers.prompt_opens_reasoning;
  const bool constrained = request.response_format != ResponseFormat::kText ||
                           request.tool_choice == ToolChoice::kRequired ||
                           request.tool_choice == ToolChoice::kNamed;
  if (constrained && markers.prompt_opens_reasoning) {
    // A constrained answer starts at once: close the opened reasoning block.
    text += "\n" + markers.reasoning_close + "\n\n";
    *opens_reasoning = false;
  }
  return tokenizer_->Encode(text, /*parse_special=*/true);
}

size_t LocalChatService::CountTokens(std::string_view text) const {
  return tokenizer_->Encode(text, /*parse_special=*/false).size();
}

LocalChatService::Session* LocalChatService::Acquire(const std::vector<int32_t>& prompt) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  Session* best = nullptr;
  size_t best_len = 0;
  for (Session& s : sessions_) {
    if (s.busy) continue;
    const std::vector<int32_t>& cached = s.kv->tokens();
    size_t n = 0;
    while (n < cached.size() && n < prompt.size() && cached[n] == prompt[n]) ++n;
    if (best == nullptr || n > best_len) {
      best = &s;
      best_len = n;
    }
  }
  if (best == nullptr) return nullptr;  // admission guarantees a free one
  best->busy = true;
  best->last_used = ++use_counter_;
  return best;
}

void LocalChatService::ReleaseSession(Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  session->busy = false;
}

Result<std::span<const float>> LocalChatService::Prefill(Session& session, std::span<const int32_t> prompt,
                                                         int* reused) {
  std::lock_guard<std::mutex> lock(compute_mu_);
  agent::PrefillStats stats;
  auto logits = session.kv->Prefill(prompt, *pool_, &stats);
  if (!logits.ok()) {
    (void)session.kv->state().kv().Truncate(static_cast<int>(session.kv->tokens().size()));
    return logits.status();
  }
  *reused = stats.reused;
  return logits;
}

Result<std::span<const float>> LocalChatService::Append(Session& session, int32_t token) {
  std::lock_guard<std::mutex> lock(compute_mu_);
  auto logits = session.kv->Append(token, *pool_);
  if (!logits.ok()) (void)session.kv->state().kv().Truncate(static_cast<int>(session.kv->tokens().size()));
  return logits;
}

Status LocalChatService::SaveSession(const std::string& path) {
  Session* session = nullptr;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (Session& s : sessions_) {
      if (s.last_used > 0 && (session == nullptr || s.last_used > session->last_used)) session = &s;
    }
    if (session == nullptr) return NotFound("no session has been used yet");
    if (session->busy) return Unavailable("the most recent session is generating; save it when it is done");
    session->busy = true;
  }
  Status saved = session->kv->Save(path);
  ReleaseSession(session);
  return saved;
}

Status LocalChatService::LoadSession(const std::string& path) {
  Session* session = nullptr;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (Session& s : sessions_) {
      if (!s.busy && (session == nullptr || s.last_used < session->last_used)) session = &s;
    }
    if (session == nullptr) return Unavailable("every session is generating");
    session->busy = true;
  }
  Status loaded = session->kv->Load(path);
  if (!loaded.ok()) {
    // Whatever the failed restore left, start that session from nothing.
    session->kv = std::make_unique<agent::KvSession>(*model_, state_options_);
  }
  std::lock_guard<std::mutex> lock(sessions_mu_);
  session->busy = false;
  if (loaded.ok()) session->last_used = ++use_counter_;
  return loaded;
}

Result<ChatResult> LocalChatService::Complete(const ChatRequest& request, const DeltaSink& sink) {
  bool in_reasoning = false;
  DM_ASSIGN_OR_RETURN(std::vector<int32_t> prompt, RenderPrompt(request, &in_reasoning));
  const int max_new = request.max_tokens > 0 ? request.max_tokens : n_ctx_ - static_cast<int>(prompt.size());
  if (static_cast<int>(prompt.size()) + std::max(1, max_new) > n_ctx_) {
    return ResourceExhausted("the prompt is {} tokens and max_tokens {}; the context holds {}", prompt.size(),
                             request.max_tokens, n_ctx_);
  }

  // The grammar, when the output shape is forced.
  std::unique_ptr<decode::Grammar> grammar;
  bool tool_forced = false;
  if (request.tool_choice == ToolChoice::kRequired || request.tool_choice == ToolChoice::kNamed) {
    std::vector<const ToolDef*> allowed;
    for (const ToolDef& t : request.tools) {
      if (request.tool_choice == ToolChoice::kRequired || t.name == request.tool_choice_name) allowed.push_back(&t);
    }
    DM_ASSIGN_OR_RETURN(decode::Grammar g, ToolCallGrammar(allowed, format_->markers()));
    grammar = std::make_unique<decode::Grammar>(std::move(g));
    tool_forced = true;
  } else if (request.response_format != ResponseFormat::kText) {
    DM_ASSIGN_OR_RETURN(decode::Grammar g, JsonOutputGrammar(request));
    grammar = std::make_unique<decode::Grammar>(std::move(g));
  }
  std::unique_ptr<decode::GrammarMatcher> matcher;
  decode::TokenMask mask;
  if (grammar) {
    matcher = std::make_unique<decode::GrammarMatcher>(*grammar, *index_);
    mask.Resize(vocab_->size());
  }

  if (stopping_.load()) return Unavailable("the server is shutting down");
  Session* session = Acquire(prompt);
  if (session == nullptr) return Unavailable("no free session");
  struct Releaser {
    LocalChatService* self;
    Session* s;
    ~Releaser() { self->ReleaseSession(s); }
  } releaser{this, session};

  ChatResult result;
  result.usage.prompt_tokens = static_cast<int>(prompt.size());
  Timer prefill;
  DM_ASSIGN_OR_RETURN(std::span<const float> logits, Prefill(*session, prompt, &result.usage.cached_tokens));
  const double prefill_s = prefill.Seconds();

  decode::SamplerConfig sampling;
  sampling.temperature = static_cast<float>(request.temperature);
  sampling.top_p = static_cast<float>(request.top_p);
  sampling.presence_penalty = static_cast<float>(request.presence_penalty);
  sampling.frequency_penalty = static_cast<float>(request.frequency_penalty);
  sampling.penalty_last_n = std::max(1, max_new);  // the whole answer, as OpenAI counts
  sampling.seed = request.seed ? static_cast<uint64_t>(*request.seed) : std::random_device{}();
  decode::Sampler sampler(sampling);
  text::StreamDecoder decoder(tokenizer_.get(), /*with_control=*/true);
  const bool parse_tools = request.tool_choice != ToolChoice::kNone && !request.tools.empty();
  text::ChatMarkers markers = format_->markers();
  markers.prompt_opens_reasoning = in_reasoning;
  text::OutputParser parser(format_->family(), markers, parse_tools);
  std::vector<text::OutputEvent> events;
  std::string raw;           // decoded answer text so far (for stop sequences)
  size_t emitted = 0;        // bytes of `raw` handed to the parser
  const size_t hold = [&] {
    size_t m = 0;
    for (const auto& s : request.stop) m = std::max(m, s.size());
    return m;
  }();
  bool cancelled = false;
  auto deliver = [&](std::vector<text::OutputEvent>& evs) {
    for (auto& e : evs) {
      ChatDelta d;
      switch (e.kind) {
        case text::OutputEvent::Kind::kReasoning:
          result.reasoning += e.text;
          d.reasoning = e.text;
          break;
        case text::OutputEvent::Kind::kContent:
        case text::OutputEvent::Kind::kError:
          result.content += e.text;
          d.content = e.text;
          break;
        case text::OutputEvent::Kind::kToolCall: {
          ToolCall call{NewCallId(), e.call.name,
                        e.call.arguments.is_string() ? e.call.arguments.get<std::string>()
                                                     : e.call.arguments.dump(-1, ' ', false, OrderedJson::error_handler_t::replace)};
          d.tool_index = static_cast<int>(result.tool_calls.size());
          d.tool_id = call.id;
          d.tool_name = call.name;
          d.tool_arguments = call.arguments;
          result.tool_calls.push_back(std::move(call));
          break;
        }
      }
      if (d.tool_index < 0 && d.reasoning.empty() && d.content.empty()) continue;
      if (sink && !cancelled && !sink(d)) cancelled = true;
    }
    evs.clear();
  };
  auto feed_parser = [&](size_t upto) {
    if (upto > emitted) {
      parser.Push(std::string_view(raw).substr(emitted, upto - emitted), &events);
      emitted = upto;
      deliver(events);
    }
  };

  Timer decode_timer;
  std::string finish = "length";
  std::span<const float> current = logits;
  for (int step = 0; step < max_new && !cancelled; ++step) {
    if (stopping_.load()) return Unavailable("the server is shutting down");
    const decode::TokenMask* allowed = nullptr;
    if (matcher) {
      matcher->FillMask(&mask);
      allowed = &mask;
    }
    const int32_t token = sampler.Sample(current, allowed);
    if (token < 0) {
      finish = "stop";
      break;
    }
    result.usage.completion_tokens += 1;
    sampler.Accept(token);
    if (matcher && !matcher->Accept(token)) return Internal("grammar refused the token it allowed");
    if (tokenizer_->IsEog(token)) {
      finish = "stop";
      break;
    }
    raw += decoder.Push(token);
    if (!request.stop.empty()) {
      const size_t at = FindStop(raw, request.stop);
      if (at != std::string::npos) {
        raw.resize(at);
        finish = "stop";
        break;
      }
      feed_parser(raw.size() > hold ? raw.size() - hold : emitted);
    } else {
      feed_parser(raw.size());
    }
    if (matcher && matcher->IsTerminated()) {
      finish = "stop";
      break;
    }
    if (matcher && matcher->IsComplete()) {
      // Complete and nothing but end-of-turn can follow: stop without asking.
      matcher->FillMask(&mask);
      bool more = false;
      for (int32_t id = 0; id < mask.size() && !more; ++id) more = mask.Test(id) && !vocab_->IsEos(id);
      if (!more) {
        finish = "stop";
        break;
      }
    }
    auto next = Append(*session, token);
    if (!next.ok()) {
      if (next.status().code() == StatusCode::kResourceExhausted) break;  // context full: length
      return next.status();
    }
    current = *next;
  }
  if (cancelled) return Cancelled("the client went away");
  raw += decoder.Finish();
  if (!request.stop.empty()) {
    const size_t at = FindStop(raw, request.stop);
    if (at != std::string::npos) {
      raw.resize(at);
      finish = "stop";
    }
  }
  feed_parser(raw.size());
  parser.Finish(&events);
  deliver(events);
  if (cancelled) return Cancelled("the client went away");
  if (!result.tool_calls.empty() && (finish == "stop" || tool_forced)) finish = "tool_calls";
  result.finish_reason = finish;
  result.prefill_seconds = prefill_s;
  result.decode_seconds = decode_timer.Seconds();
  return result;
}

}  // namespace dm::server
