#include "model/interleaved_weights.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "kernels/interleave.h"

namespace dm {
namespace {

constexpr size_t kPieceBytes = size_t{4} << 20;
constexpr size_t kMaxThreads = 8;
// Pieces whose file pages are asked for (MADV_WILLNEED) before their turn.
// From a cold page cache the copying threads then find the pages read
// already instead of faulting them in, which mapped whole large folios
// around each fault: the load peak of 1.5B Q4_K_M was 1066-1082 MiB from a
// cold cache and 956 from a warm one; with the pages asked for 4 pieces
// ahead it is 958 from either.
constexpr size_t kPiecesAhead = 4;

}  // namespace

Result<InterleavedWeights> InterleavedWeights::Make(Weights& w, const GgufFile& file) {
  const bool tied = w.output.data == w.token_embd.data;
  std::vector<WeightMatrix*> chosen;
  auto consider = [&](WeightMatrix& m) {
    if (PrefersInterleaved(m)) chosen.push_back(&m);
  };
  for (LayerWeights& l : w.layers) {
    for (WeightMatrix* m : {&l.wq, &l.wk, &l.wv, &l.wo, &l.w_gate, &l.w_up, &l.w_down}) consider(*m);
  }
  consider(w.output);  // when tied, token_embd then reads its rows from this copy too

  InterleavedWeights out;
  size_t total = 0;
  for (const WeightMatrix* m : chosen) total += InterleavedBytes(*m);
  if (total == 0) return out;
  // Each copy starts 64-byte aligned: InterleavedBytes is a multiple of 64.
  auto buffer = HugePageBuffer::Allocate(total);
  if (!buffer.ok()) return buffer.status().WithContext("interleaved weights");
  out.buffer_ = std::move(buffer).value();
  // Whole 16-row groups in pieces of about kPieceBytes, copied on up to
  // kMaxThreads threads (a page-cache read and a scatter: ~1 GB/s each).
  struct Piece {
    WeightMatrix src;
    uint8_t* dst;
  };
  std::vector<Piece> pieces;
  std::vector<uint8_t*> copies;
  size_t offset = 0;
  for (const WeightMatrix* m : chosen) {
    uint8_t* dst = out.buffer_.data() + offset;
    copies.push_back(dst);
    constexpr int64_t kGroup = kernels::kInterleaveRows;
    const int64_t step = std::max<int64_t>(1, static_cast<int64_t>(kPieceBytes / m->row_bytes) / kGroup) * kGroup;
    for (int64_t r = 0; r < m->rows; r += step) {
      Piece piece{*m, dst + kernels::InterleavedOffset(r, m->row_bytes)};
      piece.src.rows = std::min(step, m->rows - r);
      piece.src.data = m->data + static_cast<size_t>(r) * m->row_bytes;
      pieces.push_back(piece);
    }
    offset += InterleavedBytes(*m);
  }
  std::atomic<size_t> next{0};
  auto source_bytes = [](const WeightMatrix& src) { return static_cast<size_t>(src.rows) * src.row_bytes; };
  for (size_t i = 0; i < std::min(kPiecesAhead, pieces.size()); ++i) {
    file.PrefetchMappedPages(pieces[i].src.data, source_bytes(pieces[i].src));
  }
  auto copy_pieces = [&] {
    for (size_t i; (i = next.fetch_add(1)) < pieces.size();) {
      if (i + kPiecesAhead < pieces.size()) {
        const WeightMatrix& ahead = pieces[i + kPiecesAhead].src;
        file.PrefetchMappedPages(ahead.data, source_bytes(ahead));
      }
      const WeightMatrix& src = pieces[i].src;
      InterleavedCopy(src, pieces[i].dst);
      file.ReleaseMappedPages(src.data, source_bytes(src));
    }
  };
  const size_t n_threads = std::min<size_t>({kMaxThreads, std::max(1u, std::thread::hardware_concurrency()),
                                             pieces.size()});
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < n_threads; ++i) helpers.emplace_back(copy_pieces);
  copy_pieces();
  for (std::thread& t : helpers) t.join();

  for (size_t i = 0; i < chosen.size(); ++i) {
    WeightMatrix& m = *chosen[i];
    m.data = copies[i];
    m.interleaved = true;
  }
  if (tied && w.output.interleaved) w.token_embd = w.output;
  // The norms and biases lie between the matrices in the file, and the kernel
  // maps file pages in folios of up to 2 MiB: read through the mapping, each
  // would make the megabytes around it resident again (Model::FromGguf
  // releases the pages the copying mapped).
  auto keep = [&](const float*& v, int64_t n) {
    if (v == nullptr) return;
    out.vectors_.emplace_back(v, v + n);
    v = out.vectors_.back().data();
  };
  for (LayerWeights& l : w.layers) {
    keep(l.attn_norm, l.wq.cols);
    keep(l.ffn_norm, l.w_gate.cols);
    keep(l.bq, l.wq.rows);
    keep(l.bk, l.wk.rows);
    keep(l.bv, l.wv.rows);
  }
  keep(w.output_norm, w.output.cols);
  return out;
}

}  // namespace dm
