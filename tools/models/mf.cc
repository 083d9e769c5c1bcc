#include "tools/models/mf.h"

#include <memory>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include <Eigen/Cholesky>
#include <nlohmann/json.hpp>

#include "tools/models/binary_matrix.h"
#include "tools/models/dense_model_file.h"
#include "tools/models/mapped_model_file.h"
#include "tools/models/parallel.h"

namespace interec {
namespace {

constexpr const char* kMfKind = "mf";
// 2: mapped (mapped_model_file.h), with the Gram matrix and 8-bit codes;
// 1: the stream layout of dense_model_file.h, still read (load_stream).
constexpr uint32_t kMfVersion = 2;
constexpr uint32_t kMfStreamVersion = 1;
constexpr const char* kMfHint = "run `interec prepare` or `interec train --model mf`";

using Matrix = Mf::Matrix;
using Vec = Eigen::VectorXf;

// One half-step: rows of X (one per "owner": a user, or an item) from the
// fixed factors Y, minimising Σ c (1 - x·y)² over the owner's entries plus
// the zero entries (through the Gram matrix) plus reg |x|².
void solve_side(Matrix& X, const Matrix& Y, const std::vector<uint64_t>& offsets,
                const std::vector<int32_t>& index, const MfOptions& o, size_t threads) {
  const Eigen::MatrixXf gram =
      (Y.transpose() * Y).eval() + o.reg * Eigen::MatrixXf::Identity(Y.cols(), Y.cols());
  const float alpha = o.alpha;
  parallel_for(static_cast<size_t>(X.rows()), threads, [&](size_t begin, size_t end, size_t) {
    Vec x, r, p, ap;
    for (size_t u = begin; u < end; ++u) {
      const uint64_t b = offsets[u], e = offsets[u + 1];
      if (b == e) {
        // No entries: the minimum of reg |x|² + xᵀ(YᵀY)x is x = 0, exactly;
        // CG would only approach it, at a Gram product per step (42% of a
        // Zipf catalog's items have no interaction).
        X.row(static_cast<Eigen::Index>(u)).setZero();
        continue;
      }
      x = X.row(static_cast<Eigen::Index>(u)).transpose();
      // r = b - A x with A = gram + alpha Σ y yᵀ and b = (1 + alpha) Σ y.
      r = -(gram * x);
      for (uint64_t k = b; k < e; ++k) {
        const auto y = Y.row(index[k]).transpose();
        r += ((1.0f + alpha) - alpha * y.dot(x)) * y;
      }
      p = r;
      float rs = r.squaredNorm();
      for (size_t step = 0; step < o.cg_steps && rs > 1e-12f; ++step) {
        ap = gram * p;
        for (uint64_t k = b; k < e; ++k) {
          const auto y = Y.row(index[k]).transpose();
          ap += (alpha * y.dot(p)) * y;
        }
        const float a = rs / p.dot(ap);
        x += a * p;
        r -= a * ap;
        const float rs_new = r.squaredNorm();
        p = r + (rs_new / rs) * p;
        rs = rs_new;
      }
      X.row(static_cast<Eigen::Index>(u)) = x.transpose();
    }
  });
}

}  // namespace

Mf Mf::train(const Interactions& interactions, size_t n_items, const MfOptions& options,
             const TrainProgress& progress) {
  return from_factors(train_factors(interactions, n_items, options, progress).items, options);
}

Mf::Factors Mf::train_factors(const Interactions& interactions, size_t n_items, const MfOptions& options,
                              const TrainProgress& progress, Factors start) {
  const BinaryMatrix m = BinaryMatrix::build(interactions, n_items);
  const auto f = static_cast<Eigen::Index>(options.factors);
  Factors out = std::move(start);
  if (out.users.size() == 0 && out.items.size() == 0) {
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<float> init(0.0f, 0.01f);
    out.users.resize(static_cast<Eigen::Index>(m.users()), f);
    out.items.resize(static_cast<Eigen::Index>(n_items), f);
    for (Eigen::Index i = 0; i < out.users.size(); ++i) out.users.data()[i] = init(rng);
    for (Eigen::Index i = 0; i < out.items.size(); ++i) out.items.data()[i] = init(rng);
  } else if (out.users.rows() != static_cast<Eigen::Index>(m.users()) || out.users.cols() != f ||
             out.items.rows() != static_cast<Eigen::Index>(n_items) || out.items.cols() != f) {
    throw std::invalid_argument("mf: the warm start's factors do not match the interactions");
  }
  const size_t threads = thread_count(options.threads);
  for (size_t it = 0; it < options.iterations; ++it) {
    solve_side(out.users, out.items, m.user_offsets, m.user_items, options, threads);
    solve_side(out.items, out.users, m.item_offsets, m.item_users, options, threads);
    if (progress) progress("mf iterations", it + 1, options.iterations);
  }
  return out;
}

Mf Mf::from_factors(Matrix items, const MfOptions& options) {
  Mf model;
  model.options_ = options;
  model.own(std::move(items));
  return model;
}

void Mf::own(Matrix items) {
  auto owned = std::make_shared<const Matrix>(std::move(items));
  item_data_ = owned->data();
  rows_ = static_cast<size_t>(owned->rows());
  cols_ = static_cast<size_t>(owned->cols());
  keep_ = owned;
  gram_ = (owned->transpose() * *owned).eval() +
          options_.reg * Eigen::MatrixXf::Identity(owned->cols(), owned->cols());
  quantized_ = rows_ >= kQuantizedFrom ? QuantizedTable(item_data_, rows_, cols_) : QuantizedTable();
}

Vec Mf::fold_in(const std::vector<ItemIndex>& history) const {
  const auto item = item_factors();
  const auto f = item.cols();
  Eigen::MatrixXf a = gram_;
  Vec b = Vec::Zero(f);
  std::unordered_set<ItemIndex> seen;  // not a catalog-sized mask: a history is short, a catalog may not be
  for (ItemIndex i : history) {
    if (i < 0 || static_cast<size_t>(i) >= items() || !seen.insert(i).second) continue;
    const auto y = item.row(i).transpose();
    a.selfadjointView<Eigen::Lower>().rankUpdate(y, options_.alpha);
    b += (1.0f + options_.alpha) * y;
  }
  return a.selfadjointView<Eigen::Lower>().llt().solve(b);
}

void Mf::score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const {
  const Vec x = fold_in(history);
  scores.resize(items());
  Eigen::Map<Vec>(scores.data(), static_cast<Eigen::Index>(items())).noalias() = item_factors() * x;
}

void Mf::score_items(const std::vector<ItemIndex>& history, const std::vector<ItemIndex>& items,
                     std::vector<float>& out) const {
  const Vec x = fold_in(history);
  const auto item = item_factors();
  out.resize(items.size());
  for (size_t k = 0; k < items.size(); ++k) {
    const ItemIndex i = items[k];
    out[k] = i >= 0 && static_cast<size_t>(i) < this->items() ? item.row(i).dot(x) : 0.0f;
  }
}

std::vector<Scored> Mf::top_items(const std::vector<ItemIndex>& history, size_t k) const {
  const Vec x = fold_in(history);
  const auto item = item_factors();
  if (!quantized_.empty()) return quantized_.top_k(item.data(), x.data(), k);
  k = std::min(k, items());
  std::vector<int32_t> ids(k);
  std::vector<float> scores(k);
  top_k_inner_product(item.data(), items(), static_cast<size_t>(item.cols()), x.data(), 1, k, ids.data(),
                      scores.data());
  std::vector<Scored> out(k);
  for (size_t r = 0; r < k; ++r) out[r] = {scores[r], ids[r]};
  return out;
}

std::vector<Scored> Mf::top_items_among(const std::vector<ItemIndex>& history, const std::vector<ItemIndex>& items,
                                        size_t k) const {
  if (quantized_.empty()) return Recommender::top_items_among(history, items, k);
  const Vec x = fold_in(history);
  return quantized_.top_k_among(item_data_, x.data(), items, k);
}

std::vector<Scored> Mf::top_items_in(const std::vector<ItemIndex>& history, const std::vector<uint64_t>& members,
                                     size_t k) const {
  if (quantized_.empty()) return Recommender::top_items_in(history, members, k);
  const Vec x = fold_in(history);
  return quantized_.top_k_in(item_data_, x.data(), members, k);
}

std::vector<Scored> Mf::similar(ItemIndex i, size_t k) const {
  if (i < 0 || static_cast<size_t>(i) >= items()) return {};
  const auto item = item_factors();
  std::vector<float> sims(items());
  Eigen::Map<Vec>(sims.data(), static_cast<Eigen::Index>(items())).noalias() = item * item.row(i).transpose();
  const float own_norm = item.row(i).norm();
  for (size_t j = 0; j < items(); ++j) {
    const float norm = item.row(static_cast<Eigen::Index>(j)).norm() * own_norm;
    sims[j] = norm > 0 ? sims[j] / norm : 0.0f;
  }
  std::unique_ptr<bool[]> skip(new bool[items()]());
  skip[i] = true;
  return top_k(sims.data(), sims.size(), k, skip.get());
}

namespace {

nlohmann::json mf_params(const MfOptions& o) {
  return {{"factors", o.factors}, {"iterations", o.iterations}, {"alpha", o.alpha},
          {"reg", o.reg},         {"cg_steps", o.cg_steps},     {"seed", o.seed}};
}

MfOptions mf_options(const ModelHeader& header, const std::string& path) {
  MfOptions o;
  read_model_params(header, path, [&](const nlohmann::json& p) {
    o.factors = p.at("factors").get<size_t>();
    o.iterations = p.at("iterations").get<size_t>();
    o.alpha = p.at("alpha").get<float>();
    o.reg = p.at("reg").get<float>();
    o.cg_steps = p.at("cg_steps").get<size_t>();
    o.seed = p.at("seed").get<uint64_t>();
  });
  return o;
}

}  // namespace

void Mf::save(const std::string& path, uint64_t fingerprint) const {
  const auto f = static_cast<uint64_t>(cols_);
  std::vector<TensorSource> tensors = {{"items", TensorType::f32, rows_, f, item_data_},
                                       {"gram", TensorType::f32, f, f, gram_.data()}};
  if (!quantized_.empty()) {
    tensors.push_back({"codes", TensorType::i8, rows_, f, quantized_.codes()});
    tensors.push_back({"scales", TensorType::f32, rows_, 1, quantized_.scales()});
  }
  save_mapped_model(path, {kMfKind, kMfVersion, fingerprint, mf_params(options_).dump()}, tensors);
}

Mf Mf::load(const std::string& path, uint64_t fingerprint) {
  const ModelHeader h = peek_model_header(path, kMfHint);
  if (h.kind == kMfKind && h.version == kMfStreamVersion) return load_stream(path, fingerprint);
  const auto file = MappedModel::open(path, kMfKind, kMfVersion, fingerprint, kMfHint);
  Mf model;
  model.options_ = mf_options(file->header(), path);
  const uint64_t f = model.options_.factors;
  model.rows_ = file->entry("items").rows;
  model.cols_ = f;
  model.item_data_ = file->floats("items", model.rows_, f);
  model.gram_ = Eigen::Map<const Eigen::MatrixXf>(file->floats("gram", f, f), static_cast<Eigen::Index>(f),
                                                  static_cast<Eigen::Index>(f));
  if (model.rows_ >= kQuantizedFrom)
    model.quantized_ = QuantizedTable(file->bytes("codes", model.rows_, f), file->floats("scales", model.rows_, 1),
                                      model.rows_, f, file);
  model.keep_ = file;
  return model;
}

// The layout before the mapped one (version 1): read whole, checked byte by
// byte, the Gram matrix and codes computed here.
Mf Mf::load_stream(const std::string& path, uint64_t fingerprint) {
  const DenseModel d = load_dense_model(path, kMfKind, kMfStreamVersion, fingerprint, kMfHint);
  Mf model;
  model.options_ = mf_options(d.header, path);
  if (d.tensors.size() != 1) throw ModelError(path + ": corrupt mf model (tensors)");
  const Tensor& t = d.get(path, "items", d.tensors[0].rows, model.options_.factors);
  model.own(Eigen::Map<const Matrix>(t.data.data(), static_cast<Eigen::Index>(t.rows),
                                     static_cast<Eigen::Index>(t.cols)));
  return model;
}

}  // namespace interec
