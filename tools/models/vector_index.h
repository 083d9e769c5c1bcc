// An approximate nearest-neighbour index over a model's unit item vectors
// (the text model's): FAISS's inverted-file index (IndexIVFFlat, inner
// product; Debian libfaiss-dev), so "items like this one" over the whole
// catalog reads a few lists of vectors instead of every item's (issue 14,
// docs/scale-turns.md "Whole-catalog neighbours: an IVF index").
//
// Built by `prepare` for catalogs of at least VectorIndexOptions::min_items
// items, written as models/text.ivf and mapped at start: FAISS reads the
// small coarse quantizer (the list centroids) and maps the inverted lists
// in place (faiss::IO_FLAG_MMAP), so opening costs the same for 10^5 items
// as for 10^7. Debian's FAISS links the reference BLAS, whose matrix
// products made its own k-means and list assignment minutes long at 10^6
// items: the centroids (spherical k-means on a sample) and every item's list
// are computed here with Eigen, then handed to FAISS (add_core with the
// lists precomputed), which owns the layout, the file format and the search.
//
// File: a 64-byte header (magic IRECIVFX, format version, dimension, the
// dataset fingerprint, items, lists, the file's size), then FAISS's own
// serialisation. Opening checks the header, the size, the parsed index
// against the header, and that every list lies inside the file; search
// results outside the catalog are dropped. Errors are ModelError naming the
// file and `interec prepare`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tools/models/quantized_table.h"
#include "tools/models/topk.h"

namespace interec {

class TextModel;

struct VectorIndexOptions {
  /// Catalogs with fewer items get no index: the exact scan of every vector
  /// (0.1–0.4 ms per 10^4 items) is fast enough and answers exactly; the same
  /// size from which mf keeps 8-bit codes and `rank` stops touching every item.
  size_t min_items = kQuantizedFrom;
  /// Lists (k-means cells); 0 = about sqrt(items), a power of two
  /// (1,024 at 10^6 items: ~1,000 items per list).
  size_t lists = 0;
  /// Lists read per query: recall@10 against exact is measured by
  /// bench/ann_bench (docs/performance.md); 0.95 is the floor.
  size_t probes = 24;
  /// k-means: sample of this many items per list, iterations.
  size_t sample_per_list = 32;
  size_t iterations = 10;
  uint64_t seed = 42;
  /// Threads for the assignment (0 = one per core).
  size_t threads = 0;
};

class VectorIndex {
 public:
  VectorIndex();
  ~VectorIndex();
  VectorIndex(VectorIndex&&) noexcept;
  VectorIndex& operator=(VectorIndex&&) noexcept;

  /// Builds over n row-major unit vectors of `dim` floats (zero rows allowed).
  static VectorIndex build(const float* vectors, size_t n, size_t dim, const VectorIndexOptions& options = {});
  /// Writes the file atomically (a temporary name renamed into place).
  void save(const std::string& path, uint64_t fingerprint) const;
  /// Maps `path`; ModelError naming it and `interec prepare` when it is
  /// missing, damaged, of another version, or for another dataset
  /// (fingerprint, items or dimension differ).
  static VectorIndex open(const std::string& path, uint64_t fingerprint, size_t items, size_t dim);

  size_t items() const;
  size_t dim() const;
  size_t lists() const;
  /// The k items of highest inner product with `query` (dim floats), best
  /// first, reading `probes` lists (0 = the options' default). Thread-safe.
  std::vector<Scored> search(const float* query, size_t k, size_t probes = 0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Writes the prepared folder `dir`'s models/text.ivf over `text`'s item
/// vectors when it has options.min_items items or more, else removes it (an
/// index left from an earlier, larger catalog would not match): what
/// `prepare` and `train --model text` do after writing the text model.
/// True when an index was written.
bool write_text_index(const TextModel& text, const std::string& dir, uint64_t fingerprint,
                      const VectorIndexOptions& options = {});

}  // namespace interec
