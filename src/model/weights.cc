#include "model/weights.h"

#include <string>
#include <unordered_set>

namespace dm {
namespace {

class Binder {
 public:
  explicit Binder(const GgufFile& file) : file_(file) {}

  // A 2-D matrix [rows, cols] in any type the kernels multiply.
  Result<WeightMatrix> Matrix(const std::string& name, int64_t rows, int64_t cols) {
    DM_ASSIGN_OR_RETURN(const GgufTensorInfo* t, Find(name));
    if (t->n_dims != 2 || t->ne[0] != cols || t->ne[1] != rows) {
      return Corrupt("tensor '{}' has shape {}, expected [{}, {}] (ne[0], ne[1])", name,
                     ShapeString(*t), cols, rows);
    }
    if (!IsSupportedWeightType(t->type)) {
      return Unsupported("tensor '{}' has type {}, which this engine cannot multiply", name,
                         GgmlTypeName(t->type));
    }
    WeightMatrix w;
    w.type = t->type;
    w.data = t->data;
    w.rows = rows;
    w.cols = cols;
    w.row_bytes = static_cast<size_t>(t->row_bytes());
    return w;
  }

  // A 1-D F32 vector of n elements (norm weights, biases, rope factors).
  Result<const float*> Vector(const std::string& name, int64_t n) {
    DM_ASSIGN_OR_RETURN(const GgufTensorInfo* t, Find(name));
    if (t->n_elements != static_cast<uint64_t>(n) || t->ne[0] != n) {
      return Corrupt("tensor '{}' has shape {}, expected [{}]", name, ShapeString(*t), n);
    }
    if (t->type != GgmlType::kF32) {
      return Unsupported("tensor '{}' has type {}; 1-D tensors must be f32", name,
                         GgmlTypeName(t->type));
    }
    if (reinterpret_cast<uintptr_t>(t->data) % alignof(float) != 0) {
      return Corrupt("tensor '{}' data is not 4-byte aligned", name);
    }
    return reinterpret_cast<const float*>(t->data);
  }

  bool Has(const std::string& name) const { return file_.FindTensor(name) != nullptr; }

  // The first tensor of the file nothing bound, or OK.
  Status CheckAllUsed(std::string_view arch) const {
    for (const auto& t : file_.tensors()) {
      if (used_.count(t.name) == 0) {
        return Unsupported("unexpected tensor '{}': architecture {} as implemented here does "
                           "not use it, so the file cannot be run faithfully",
                           t.name, arch);
      }
    }
    return Status::Ok();
  }

 private:
  Result<const GgufTensorInfo*> Find(const std::string& name) {
    const GgufTensorInfo* t = file_.FindTensor(name);
    if (t == nullptr) return Corrupt("tensor '{}' is missing", name);
    used_.insert(t->name);
    return t;
  }

  static std::string ShapeString(const GgufTensorInfo& t) {
    std::string s = "[";
    for (int i = 0; i < t.n_dims; ++i) s += fmt::format("{}{}", i ? ", " : "", t.ne[i]);
    return s + "]";
  }

  const GgufFile& file_;
  std::unordered_set<std::string_view> used_;
};

}  // namespace

Result<Weights> WeightsFromGguf(const GgufFile& file, const Config& c) {
  Binder b(file);
  Weights w;
  DM_ASSIGN_OR_RETURN(w.token_embd, b.Matrix("token_embd.weight", c.n_vocab, c.n_embd));
  DM_ASSIGN_OR_RETURN(w.output_norm, b.Vector("output_norm.weight", c.n_embd));
  if (c.tied_output) {
    w.output = w.token_embd;
  } else {
    DM_ASSIGN_OR_RETURN(w.output, b.Matrix("output.weight", c.n_vocab, c.n_embd));
  }
  if (b.Has("rope_freqs.weight")) {
    DM_ASSIGN_OR_RETURN(w.rope_freqs, b.Vector("rope_freqs.weight", c.head_dim / 2));
    for (int i = 0; i < c.head_dim / 2; ++i) {
      if (!(w.rope_freqs[i] > 0.0f)) {
        return Corrupt("rope_freqs.weight[{}] = {} must be positive", i, w.rope_freqs[i]);
      }
    }
  }
  w.layers.resize(static_cast<size_t>(c.n_layer));
  for (int i = 0; i < c.n_layer; ++i) {
    LayerWeights& l = w.layers[static_cast<size_t>(i)];
    const std::string p = fmt::format("blk.{}.", i);
    DM_ASSIGN_OR_RETURN(l.attn_norm, b.Vector(p + "attn_norm.weight", c.n_embd));
    DM_ASSIGN_OR_RETURN(l.wq, b.Matrix(p + "attn_q.weight", c.q_dim(), c.n_embd));
    DM_ASSIGN_OR_RETURN(l.wk, b.Matrix(p + "attn_k.weight", c.kv_dim(), c.n_embd));
    DM_ASSIGN_OR_RETURN(l.wv, b.Matrix(p + "attn_v.weight", c.kv_dim(), c.n_embd));
    if (c.qkv_bias) {
      DM_ASSIGN_OR_RETURN(l.bq, b.Vector(p + "attn_q.bias", c.q_dim()));
      DM_ASSIGN_OR_RETURN(l.bk, b.Vector(p + "attn_k.bias", c.kv_dim()));
      DM_ASSIGN_OR_RETURN(l.bv, b.Vector(p + "attn_v.bias", c.kv_dim()));
    }
    DM_ASSIGN_OR_RETURN(l.wo, b.Matrix(p + "attn_output.weight", c.n_embd, c.q_dim()));
    DM_ASSIGN_OR_RETURN(l.ffn_norm, b.Vector(p + "ffn_norm.weight", c.n_embd));
    DM_ASSIGN_OR_RETURN(l.w_gate, b.Matrix(p + "ffn_gate.weight", c.n_ff, c.n_embd));
    DM_ASSIGN_OR_RETURN(l.w_up, b.Matrix(p + "ffn_up.weight", c.n_ff, c.n_embd));
    DM_ASSIGN_OR_RETURN(l.w_down, b.Matrix(p + "ffn_down.weight", c.n_embd, c.n_ff));
  }
  DM_RETURN_IF_ERROR(b.CheckAllUsed(ArchName(c.arch)));
  return w;
}

namespace {
uint64_t Bytes(const WeightMatrix& m) { return static_cast<uint64_t>(m.rows) * m.row_bytes; }
}  // namespace

uint64_t Weights::DecodeBytesPerToken() const {
  uint64_t total = Bytes(output) + token_embd.row_bytes;
  for (const auto& l : layers) {
    total += Bytes(l.wq) + Bytes(l.wk) + Bytes(l.wv) + Bytes(l.wo) + Bytes(l.w_gate) +
             Bytes(l.w_up) + Bytes(l.w_down);
  }
  return total;
}

uint64_t Weights::TotalBytes() const {
  uint64_t total = DecodeBytesPerToken() - token_embd.row_bytes;
  if (output.data != token_embd.data) total += Bytes(token_embd);
  return total;
}

}  // namespace dm
