#include "tools/models/vector_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <faiss/invlists/OnDiskInvertedLists.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>

#include <Eigen/Core>

#include "tools/models/model_file.h"
#include "tools/models/model_paths.h"
#include "tools/models/text_model.h"
#include "tools/models/parallel.h"

namespace interec {

namespace {

using IvfMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

constexpr char kIvfMagic[8] = {'I', 'R', 'E', 'C', 'I', 'V', 'F', 'X'};
constexpr uint32_t kIvfVersion = 1;
constexpr size_t kIvfHeaderBytes = 64;

struct IvfFileHeader {
  char magic[8];
  uint32_t version;
  uint32_t dim;
  uint64_t fingerprint;
  uint64_t items;
  uint64_t lists;
  uint64_t file_size;
  uint64_t reserved[2];
};
static_assert(sizeof(IvfFileHeader) == kIvfHeaderBytes, "the header is 64 bytes");

std::string ivf_error(const std::string& path, const std::string& what) {
  return path + ": " + what + "; run `interec prepare` again";
}

size_t ivf_default_lists(size_t n) {
  // The power of two nearest sqrt(n): 1,024 at 10^6 items, 256 at 10^5.
  return size_t{1} << static_cast<int>(std::lround(0.5 * std::log2(static_cast<double>(std::max<size_t>(n, 1)))));
}

// Each row of `x` (count x dim) to the centroid of highest inner product.
void assign_to_lists(const float* x, size_t count, size_t dim, const IvfMatrix& centroids, int64_t* out, size_t threads) {
  constexpr size_t kChunk = 1024;  // rows per product: the scores stay in L2
  const size_t chunks = (count + kChunk - 1) / kChunk;
  parallel_for(chunks, threads, [&](size_t begin, size_t end, size_t) {
    IvfMatrix scores;
    for (size_t c = begin; c < end; ++c) {
      const size_t row = c * kChunk, m = std::min(kChunk, count - row);
      Eigen::Map<const IvfMatrix> X(x + row * dim, static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(dim));
      scores.noalias() = X * centroids.transpose();
      for (size_t r = 0; r < m; ++r) {
        Eigen::Index best = 0;
        scores.row(static_cast<Eigen::Index>(r)).maxCoeff(&best);
        out[row + r] = best;
      }
    }
  });
}

// Spherical k-means (unit centroids, inner product) on a sample of the rows.
IvfMatrix train_ivf_centroids(const float* x, size_t n, size_t dim, size_t lists, const VectorIndexOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  const size_t sample = std::min(n, std::max(lists, lists * o.sample_per_list));
  for (size_t i = 0; i < sample; ++i) std::swap(order[i], order[i + rng() % (n - i)]);
  IvfMatrix s(static_cast<Eigen::Index>(sample), static_cast<Eigen::Index>(dim));
  for (size_t i = 0; i < sample; ++i)
    s.row(static_cast<Eigen::Index>(i)) =
        Eigen::Map<const Eigen::RowVectorXf>(x + order[i] * dim, static_cast<Eigen::Index>(dim));
  IvfMatrix c = s.topRows(static_cast<Eigen::Index>(lists));
  std::vector<int64_t> of(sample);
  const size_t threads = thread_count(o.threads);
  for (size_t it = 0; it < o.iterations; ++it) {
    assign_to_lists(s.data(), sample, dim, c, of.data(), threads);
    IvfMatrix sum = IvfMatrix::Zero(c.rows(), c.cols());
    for (size_t i = 0; i < sample; ++i) sum.row(of[i]) += s.row(static_cast<Eigen::Index>(i));
    for (Eigen::Index l = 0; l < c.rows(); ++l) {
      const float norm = sum.row(l).norm();
      // An empty cell restarts at a random sample row.
      c.row(l) = norm > 0 ? IvfMatrix(sum.row(l) / norm) : IvfMatrix(s.row(static_cast<Eigen::Index>(rng() % sample)));
    }
  }
  return c;
}

}  // namespace

struct VectorIndex::Impl {
  std::unique_ptr<faiss::IndexIVFFlat> index;
  size_t probes = VectorIndexOptions{}.probes;
};

VectorIndex::VectorIndex() : impl_(std::make_unique<Impl>()) {}
VectorIndex::~VectorIndex() = default;
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;

VectorIndex VectorIndex::build(const float* vectors, size_t n, size_t dim, const VectorIndexOptions& o) {
  if (n == 0 || dim == 0) throw ModelError("vector index: no vectors to index");
  const size_t lists = std::min(n, o.lists ? o.lists : ivf_default_lists(n));
  const IvfMatrix centroids = train_ivf_centroids(vectors, n, dim, lists, o);
  std::vector<int64_t> of(n);
  assign_to_lists(vectors, n, dim, centroids, of.data(), thread_count(o.threads));
  auto quantizer = std::make_unique<faiss::IndexFlatIP>(static_cast<faiss::Index::idx_t>(dim));
  quantizer->add(static_cast<faiss::Index::idx_t>(lists), centroids.data());
  VectorIndex out;
  out.impl_->index = std::make_unique<faiss::IndexIVFFlat>(quantizer.release(), dim, lists,
                                                           faiss::METRIC_INNER_PRODUCT);
  out.impl_->index->own_fields = true;
  out.impl_->index->is_trained = true;
  out.impl_->index->add_core(static_cast<faiss::Index::idx_t>(n), vectors, nullptr, of.data());
  out.impl_->probes = o.probes;
  return out;
}

void VectorIndex::save(const std::string& path, uint64_t fingerprint) const {
  faiss::VectorIOWriter body;
  faiss::write_index(impl_->index.get(), &body);
  IvfFileHeader h{};
  std::memcpy(h.magic, kIvfMagic, sizeof kIvfMagic);
  h.version = kIvfVersion;
  h.dim = static_cast<uint32_t>(dim());
  h.fingerprint = fingerprint;
  h.items = items();
  h.lists = lists();
  h.file_size = kIvfHeaderBytes + body.data.size();
  write_model_file(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    out.write(reinterpret_cast<const char*>(body.data.data()), static_cast<std::streamsize>(body.data.size()));
  });
}

VectorIndex VectorIndex::open(const std::string& path, uint64_t fingerprint, size_t items, size_t dim) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw ModelError(ivf_error(path, "cannot be opened"));
  IvfFileHeader h{};
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || std::fread(&h, sizeof h, 1, f.get()) != 1 || std::memcmp(h.magic, kIvfMagic, sizeof kIvfMagic) != 0)
    throw ModelError(ivf_error(path, "not a vector index file"));
  if (h.version != kIvfVersion)
    throw ModelError(ivf_error(path, "vector index format " + std::to_string(h.version) + ", this interec reads " +
                                            std::to_string(kIvfVersion)));
  if (h.file_size != size)
    throw ModelError(ivf_error(path, "damaged (" + std::to_string(size) + " bytes, the header says " +
                                            std::to_string(h.file_size) + ")"));
  if ((fingerprint && h.fingerprint != fingerprint) || h.items != items || h.dim != dim)
    throw ModelError(ivf_error(path, "written for another dataset (" + std::to_string(h.items) + " items of " +
                                            std::to_string(h.dim) + " dimensions)"));
  VectorIndex out;
  try {
    std::unique_ptr<faiss::Index> read(faiss::read_index(f.get(), faiss::IO_FLAG_MMAP));
    auto* ivf = dynamic_cast<faiss::IndexIVFFlat*>(read.get());
    if (!ivf) throw ModelError(ivf_error(path, "not an IVF index"));
    read.release();
    out.impl_->index.reset(ivf);
  } catch (const faiss::FaissException& e) {
    throw ModelError(ivf_error(path, std::string("damaged (") + e.what() + ")"));
  }
  faiss::IndexIVFFlat& index = *out.impl_->index;
  auto* lists = dynamic_cast<faiss::OnDiskInvertedLists*>(index.invlists);
  if (!lists || static_cast<uint64_t>(index.ntotal) != items || index.d != static_cast<faiss::Index::idx_t>(dim) ||
      index.nlist != h.lists || index.quantizer->ntotal != static_cast<faiss::Index::idx_t>(h.lists))
    throw ModelError(ivf_error(path, "damaged (the index does not match its header)"));
  // FAISS computes each list's place from the sizes it reads, unchecked.
  size_t total = 0;
  for (const auto& l : lists->lists) {
    total += l.size;
    if (l.offset > size || l.size * (sizeof(faiss::Index::idx_t) + lists->code_size) > size - l.offset)
      throw ModelError(ivf_error(path, "damaged (a list lies outside the file)"));
  }
  if (total != items) throw ModelError(ivf_error(path, "damaged (the lists do not hold every item)"));
  // No prefetch threads: the lists are mapped, and FAISS would start up to
  // 32 threads per query to touch them.
  lists->prefetch_nthread = 0;
  return out;
}

size_t VectorIndex::items() const { return impl_->index ? static_cast<size_t>(impl_->index->ntotal) : 0; }
size_t VectorIndex::dim() const { return impl_->index ? static_cast<size_t>(impl_->index->d) : 0; }
size_t VectorIndex::lists() const { return impl_->index ? impl_->index->nlist : 0; }

std::vector<Scored> VectorIndex::search(const float* query, size_t k, size_t probes) const {
  if (!impl_->index || k == 0) return {};
  faiss::SearchParametersIVF params;
  params.nprobe = std::min(lists(), probes ? probes : impl_->probes);
  std::vector<float> scores(k);
  std::vector<faiss::Index::idx_t> ids(k);
  impl_->index->search(1, query, static_cast<faiss::Index::idx_t>(k), scores.data(), ids.data(), &params);
  std::vector<Scored> out;
  out.reserve(k);
  for (size_t r = 0; r < k; ++r)
    if (ids[r] >= 0 && static_cast<size_t>(ids[r]) < items())
      out.push_back({scores[r], static_cast<int32_t>(ids[r])});
  return out;
}

bool write_text_index(const TextModel& text, const std::string& dir, uint64_t fingerprint,
                      const VectorIndexOptions& options) {
  const std::string path = text_index_path(dir);
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (text.items() < options.min_items) return false;
  VectorIndex::build(text.item_vectors(), text.items(), text.dim(), options).save(path, fingerprint);
  return true;
}

}  // namespace interec
