#include "tools/models/sasrec.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "tools/models/dense_model_file.h"
#include "tools/models/parallel.h"

namespace interec {
namespace {

constexpr const char* kSasrecKind = "sasrec";
constexpr uint32_t kSasrecVersion = 1;
constexpr float kLnEps = 1e-6f;

using MatR = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::VectorXf;
using RowV = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MapM = Eigen::Map<MatR>;
using MapCM = Eigen::Map<const MatR>;
using MapRow = Eigen::Map<RowV>;
using MapCRow = Eigen::Map<const RowV>;

// Where each tensor lives in the flat parameter (and gradient) vector.
struct Layout {
  struct Block {
    size_t g1, b1, wq, bq, wk, bk, wv, bv, wo, bo, g2, b2, w1, c1, w2, c2;
  };
  size_t n, d, len;
  size_t emb, pos;
  std::vector<Block> blocks;
  size_t gf, bf, total;

  Layout(size_t n_items, const SasRecOptions& o) : n(n_items), d(o.dim), len(o.max_len) {
    size_t at = 0;
    // Every tensor 64-byte aligned, like the buffer: the same kernel paths
    // for every tensor on every run.
    auto take = [&at](size_t count) {
      at = (at + 15) / 16 * 16;
      const size_t here = at;
      at += count;
      return here;
    };
    emb = take(n * d);
    pos = take(len * d);
    for (size_t b = 0; b < o.blocks; ++b) {
      Block k;
      k.g1 = take(d), k.b1 = take(d);
      k.wq = take(d * d), k.bq = take(d), k.wk = take(d * d), k.bk = take(d);
      k.wv = take(d * d), k.bv = take(d), k.wo = take(d * d), k.bo = take(d);
      k.g2 = take(d), k.b2 = take(d);
      k.w1 = take(d * d), k.c1 = take(d), k.w2 = take(d * d), k.c2 = take(d);
      blocks.push_back(k);
    }
    gf = take(d), bf = take(d);
    total = at;
  }
  MapCM mat(const float* p, size_t off, size_t rows) const {
    return MapCM(p + off, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(d));
  }
  MapM mat(float* p, size_t off, size_t rows) const {
    return MapM(p + off, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(d));
  }
  MapCRow row(const float* p, size_t off) const { return MapCRow(p + off, static_cast<Eigen::Index>(d)); }
  MapRow row(float* p, size_t off) const { return MapRow(p + off, static_cast<Eigen::Index>(d)); }
};

// What the backward pass needs of one block's forward pass.
struct BlockCache {
  MatR x, xhat1, z, q, k, v, a, o, mask_a, x1, xhat2, z2, f1, mask_f;
  Vec rstd1, rstd2;
};

struct Cache {
  MatR mask0;
  std::vector<BlockCache> blocks;
  MatR xhatf, y, logits;
  Vec rstdf;
};

void layer_norm(const MatR& x, MapCRow g, MapCRow b, MatR& xhat, Vec& rstd, MatR& y) {
  const auto d = x.cols();
  xhat.resize(x.rows(), d);
  rstd.resize(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const float mu = x.row(i).mean();
    const float var = (x.row(i).array() - mu).square().mean();
    rstd[i] = 1.0f / std::sqrt(var + kLnEps);
    xhat.row(i) = (x.row(i).array() - mu) * rstd[i];
  }
  y = (xhat.array().rowwise() * g.array()).rowwise() + b.array();
}

// dx += d(layer_norm)/dx applied to dy; dg, db accumulate.
void layer_norm_backward(const MatR& dy, const MatR& xhat, const Vec& rstd, MapCRow g, MapRow dg, MapRow db,
                         MatR& dx) {
  dg += (dy.array() * xhat.array()).colwise().sum().matrix();
  db += dy.colwise().sum();
  const MatR dxhat = dy.array().rowwise() * g.array();
  for (Eigen::Index i = 0; i < dy.rows(); ++i) {
    const float m1 = dxhat.row(i).mean();
    const float m2 = (dxhat.row(i).array() * xhat.row(i).array()).mean();
    dx.row(i).array() += rstd[i] * (dxhat.row(i).array() - m1 - xhat.row(i).array() * m2);
  }
}

// Inverted dropout mask: 0 or 1 / (1 - p).
void dropout_mask(MatR& m, Eigen::Index rows, Eigen::Index cols, float p, std::mt19937_64& rng) {
  m.resize(rows, cols);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  const float keep = 1.0f / (1.0f - p);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng) < p ? 0.0f : keep;
}

class Net {
 public:
  Net(const Layout& L, const SasRecOptions& o, const float* params) : L_(L), o_(o), p_(params) {}

  // Runs the blocks over `items` (n <= len) and leaves the final normalised
  // outputs in c.y. With rng, applies dropout (training).
  void forward(const ItemIndex* items, size_t n, Cache& c, std::mt19937_64* rng) const {
    const size_t d = L_.d;
    const auto E = L_.mat(p_, L_.emb, L_.n);
    const auto P = L_.mat(p_, L_.pos, L_.len);
    const size_t first_pos = L_.len - n;
    const float scale = std::sqrt(static_cast<float>(d));
    const auto N = static_cast<Eigen::Index>(n);
    MatR x(N, static_cast<Eigen::Index>(d));
    for (size_t t = 0; t < n; ++t) x.row(t) = scale * E.row(items[t]) + P.row(first_pos + t);
    const bool drop = rng && o_.dropout > 0;
    if (drop) {
      dropout_mask(c.mask0, N, x.cols(), o_.dropout, *rng);
      x.array() *= c.mask0.array();
    }
    c.blocks.resize(L_.blocks.size());
    const float att_scale = 1.0f / std::sqrt(static_cast<float>(d));
    for (size_t b = 0; b < L_.blocks.size(); ++b) {
      const Layout::Block& k = L_.blocks[b];
      BlockCache& bc = c.blocks[b];
      bc.x = x;
      layer_norm(bc.x, L_.row(p_, k.g1), L_.row(p_, k.b1), bc.xhat1, bc.rstd1, bc.z);
      bc.q.noalias() = bc.z * L_.mat(p_, k.wq, d);
      bc.q.rowwise() += L_.row(p_, k.bq);
      bc.k.noalias() = bc.z * L_.mat(p_, k.wk, d);
      bc.k.rowwise() += L_.row(p_, k.bk);
      bc.v.noalias() = bc.z * L_.mat(p_, k.wv, d);
      bc.v.rowwise() += L_.row(p_, k.bv);
      bc.a.noalias() = bc.q * bc.k.transpose();
      for (Eigen::Index i = 0; i < N; ++i) {
        auto r = bc.a.row(i);
        r.head(i + 1) *= att_scale;
        const float m = r.head(i + 1).maxCoeff();
        r.head(i + 1) = (r.head(i + 1).array() - m).exp();
        r.head(i + 1) /= r.head(i + 1).sum();
        r.tail(N - i - 1).setZero();
      }
      bc.o.noalias() = bc.a * bc.v;
      MatR att = bc.o * L_.mat(p_, k.wo, d);
      att.rowwise() += L_.row(p_, k.bo);
      if (drop) {
        dropout_mask(bc.mask_a, N, att.cols(), o_.dropout, *rng);
        att.array() *= bc.mask_a.array();
      }
      bc.x1 = bc.x + att;
      layer_norm(bc.x1, L_.row(p_, k.g2), L_.row(p_, k.b2), bc.xhat2, bc.rstd2, bc.z2);
      bc.f1.noalias() = bc.z2 * L_.mat(p_, k.w1, d);
      bc.f1.rowwise() += L_.row(p_, k.c1);
      MatR f2 = bc.f1.cwiseMax(0.0f) * L_.mat(p_, k.w2, d);
      f2.rowwise() += L_.row(p_, k.c2);
      if (drop) {
        dropout_mask(bc.mask_f, N, f2.cols(), o_.dropout, *rng);
        f2.array() *= bc.mask_f.array();
      }
      x = bc.x1 + f2;
    }
    layer_norm(x, L_.row(p_, L_.gf), L_.row(p_, L_.bf), c.xhatf, c.rstdf, c.y);
  }

  // Cross-entropy of targets[t] at each position; with `grad`, adds
  // weight x its gradient. Returns the summed loss.
  double loss_and_backward(const ItemIndex* items, const ItemIndex* targets, size_t n, Cache& c,
                           std::mt19937_64* rng, float weight, float* grad) const {
    forward(items, n, c, rng);
    const size_t d = L_.d;
    const auto E = L_.mat(p_, L_.emb, L_.n);
    c.logits.noalias() = c.y * E.transpose();
    double loss = 0;
    for (size_t t = 0; t < n; ++t) {
      auto r = c.logits.row(static_cast<Eigen::Index>(t));
      const float m = r.maxCoeff();
      const float target = r[targets[t]] - m;
      r = (r.array() - m).exp();
      const float sum = r.sum();
      loss += std::log(sum) - target;
      if (grad) {
        r *= weight / sum;  // softmax, scaled
        r[targets[t]] -= weight;
      }
    }
    if (!grad) return loss;

    // The output layer and the final norm.
    const MatR& dlogits = c.logits;
    auto dE = L_.mat(grad, L_.emb, L_.n);
    dE.noalias() += dlogits.transpose() * c.y;
    MatR dy = dlogits * E;
    MatR dx = MatR::Zero(dy.rows(), dy.cols());
    layer_norm_backward(dy, c.xhatf, c.rstdf, L_.row(p_, L_.gf), L_.row(grad, L_.gf), L_.row(grad, L_.bf), dx);

    const float att_scale = 1.0f / std::sqrt(static_cast<float>(d));
    const bool drop = rng && o_.dropout > 0;
    for (size_t b = L_.blocks.size(); b-- > 0;) {
      const Layout::Block& k = L_.blocks[b];
      const BlockCache& bc = c.blocks[b];
      // x_out = x1 + dropout(relu(z2 W1 + c1) W2 + c2)
      MatR dx1 = dx;
      MatR df2 = drop ? MatR(dx.array() * bc.mask_f.array()) : dx;
      const MatR r = bc.f1.cwiseMax(0.0f);
      L_.mat(grad, k.w2, d).noalias() += r.transpose() * df2;
      L_.row(grad, k.c2) += df2.colwise().sum();
      MatR df1 = df2 * L_.mat(p_, k.w2, d).transpose();
      df1.array() *= (bc.f1.array() > 0.0f).cast<float>();
      L_.mat(grad, k.w1, d).noalias() += bc.z2.transpose() * df1;
      L_.row(grad, k.c1) += df1.colwise().sum();
      const MatR dz2 = df1 * L_.mat(p_, k.w1, d).transpose();
      layer_norm_backward(dz2, bc.xhat2, bc.rstd2, L_.row(p_, k.g2), L_.row(grad, k.g2), L_.row(grad, k.b2), dx1);
      // x1 = x + dropout(A V Wo + bo)
      dx = dx1;
      const MatR da = drop ? MatR(dx1.array() * bc.mask_a.array()) : dx1;
      L_.mat(grad, k.wo, d).noalias() += bc.o.transpose() * da;
      L_.row(grad, k.bo) += da.colwise().sum();
      const MatR dO = da * L_.mat(p_, k.wo, d).transpose();
      MatR dA = dO * bc.v.transpose();
      const MatR dV = bc.a.transpose() * dO;
      // Softmax backward, row by row; masked entries have a = 0.
      for (Eigen::Index i = 0; i < dA.rows(); ++i) {
        const float dot = bc.a.row(i).dot(dA.row(i));
        dA.row(i) = (bc.a.row(i).array() * (dA.row(i).array() - dot)) * att_scale;
      }
      const MatR dQ = dA * bc.k;
      const MatR dK = dA.transpose() * bc.q;
      L_.mat(grad, k.wq, d).noalias() += bc.z.transpose() * dQ;
      L_.row(grad, k.bq) += dQ.colwise().sum();
      L_.mat(grad, k.wk, d).noalias() += bc.z.transpose() * dK;
      L_.row(grad, k.bk) += dK.colwise().sum();
      L_.mat(grad, k.wv, d).noalias() += bc.z.transpose() * dV;
      L_.row(grad, k.bv) += dV.colwise().sum();
      MatR dz = dQ * L_.mat(p_, k.wq, d).transpose();
      dz.noalias() += dK * L_.mat(p_, k.wk, d).transpose();
      dz.noalias() += dV * L_.mat(p_, k.wv, d).transpose();
      layer_norm_backward(dz, bc.xhat1, bc.rstd1, L_.row(p_, k.g1), L_.row(grad, k.g1), L_.row(grad, k.b1), dx);
    }
    if (drop) dx.array() *= c.mask0.array();
    const float scale = std::sqrt(static_cast<float>(d));
    auto dEr = L_.mat(grad, L_.emb, L_.n);
    auto dP = L_.mat(grad, L_.pos, L_.len);
    const size_t first_pos = L_.len - n;
    for (size_t t = 0; t < n; ++t) {
      dEr.row(items[t]) += scale * dx.row(static_cast<Eigen::Index>(t));
      dP.row(first_pos + t) += dx.row(static_cast<Eigen::Index>(t));
    }
    return loss;
  }

 private:
  const Layout& L_;
  const SasRecOptions& o_;
  const float* p_;
};

// The training window of a sequence: inputs s[m-1-n .. m-2], targets one
// later, n = min(m - 1, len). Empty when m < 2.
struct Window {
  const ItemIndex* items;
  const ItemIndex* targets;
  size_t n;
};

Window window_of(const std::vector<ItemIndex>& s, size_t len) {
  if (s.size() < 2) return {nullptr, nullptr, 0};
  const size_t n = std::min(s.size() - 1, len);
  const ItemIndex* first = s.data() + (s.size() - 1 - n);
  return {first, first + 1, n};
}

nlohmann::json params_json(const SasRecOptions& o, size_t n_items) {
  return {{"items", n_items}, {"dim", o.dim},     {"blocks", o.blocks}, {"max_len", o.max_len},
          {"dropout", o.dropout}, {"epochs", o.epochs}, {"batch", o.batch}, {"lr", o.lr},
          {"seed", o.seed}};
}

}  // namespace

SasRec SasRec::init(size_t n_items, const SasRecOptions& options) {
  SasRec m;
  m.options_ = options;
  m.n_items_ = n_items;
  const Layout L(n_items, options);
  m.params_.assign(L.total, 0.0f);
  std::mt19937_64 rng(options.seed);
  auto xavier = [&](size_t off, size_t rows, size_t cols) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    const float a = std::sqrt(6.0f / static_cast<float>(rows + cols));
    for (size_t i = 0; i < rows * cols; ++i) m.params_[off + i] = a * u(rng);
  };
  auto ones = [&](size_t off) { std::fill_n(m.params_.begin() + static_cast<std::ptrdiff_t>(off), L.d, 1.0f); };
  xavier(L.emb, L.n, L.d);
  xavier(L.pos, L.len, L.d);
  for (const auto& k : L.blocks) {
    ones(k.g1), ones(k.g2);
    for (size_t w : {k.wq, k.wk, k.wv, k.wo, k.w1, k.w2}) xavier(w, L.d, L.d);
  }
  ones(L.gf);
  return m;
}

double SasRec::loss(const std::vector<std::vector<ItemIndex>>& sequences, Floats* grad) const {
  const Layout L(n_items_, options_);
  const Net net(L, options_, params_.data());
  size_t tokens = 0;
  for (const auto& s : sequences) tokens += window_of(s, L.len).n;
  if (grad) grad->assign(L.total, 0.0f);
  if (tokens == 0) return 0.0;
  Cache c;
  double sum = 0;
  for (const auto& s : sequences) {
    const Window w = window_of(s, L.len);
    if (w.n)
      sum += net.loss_and_backward(w.items, w.targets, w.n, c, nullptr, 1.0f / static_cast<float>(tokens),
                                   grad ? grad->data() : nullptr);
  }
  return sum / static_cast<double>(tokens);
}

SasRec SasRec::train(const Interactions& interactions, size_t n_items, const SasRecOptions& options,
                     const TrainProgress& progress) {
  SasRec m = init(n_items, options);
  const Layout L(n_items, options);
  std::vector<std::vector<ItemIndex>> seqs;
  for (size_t u = 0; u < interactions.users(); ++u) {
    const auto items = interactions.items(static_cast<UserIndex>(u));
    std::vector<ItemIndex> s;
    for (ItemIndex i : items)
      if (i >= 0 && static_cast<size_t>(i) < n_items) s.push_back(i);
    if (s.size() >= 2) seqs.push_back(std::move(s));
  }
  const size_t threads = thread_count(options.threads);
  std::vector<Floats> grads(threads, Floats(L.total));
  std::vector<Cache> caches(threads);
  std::vector<double> losses(threads);
  Floats adam_m(L.total, 0.0f), adam_v(L.total, 0.0f);
  const float beta1 = 0.9f, beta2 = 0.98f, eps = 1e-8f;
  std::vector<size_t> order(seqs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::mt19937_64 shuffle_rng(options.seed ^ 0x5a5a5a5aull);
  const size_t batch = std::max<size_t>(1, options.batch);
  const size_t steps_per_epoch = (seqs.size() + batch - 1) / batch;
  const size_t total_steps = steps_per_epoch * options.epochs;
  size_t step = 0;
  for (size_t epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), shuffle_rng);
    for (size_t b0 = 0; b0 < order.size(); b0 += batch) {
      const size_t b1 = std::min(order.size(), b0 + batch);
      size_t tokens = 0;
      for (size_t k = b0; k < b1; ++k) tokens += window_of(seqs[order[k]], L.len).n;
      const float weight = 1.0f / static_cast<float>(tokens);
      const Net net(L, options, m.params_.data());
      parallel_for(b1 - b0, threads, [&](size_t begin, size_t end, size_t t) {
        std::fill(grads[t].begin(), grads[t].end(), 0.0f);
        losses[t] = 0;
        for (size_t k = b0 + begin; k < b0 + end; ++k) {
          // A seed per (epoch, sequence): dropout does not depend on threads.
          std::mt19937_64 rng(options.seed * 1000003u + epoch * 7919u + order[k]);
          const Window w = window_of(seqs[order[k]], L.len);
          losses[t] += net.loss_and_backward(w.items, w.targets, w.n, caches[t], &rng, weight, grads[t].data());
        }
      });
      const size_t used = std::min(threads, b1 - b0);
      for (size_t t = 1; t < used; ++t)
        Eigen::Map<Vec>(grads[0].data(), static_cast<Eigen::Index>(L.total)) +=
            Eigen::Map<const Vec>(grads[t].data(), static_cast<Eigen::Index>(L.total));
      ++step;
      const float c1 = 1.0f / (1.0f - std::pow(beta1, static_cast<float>(step)));
      const float c2 = 1.0f / (1.0f - std::pow(beta2, static_cast<float>(step)));
      float* p = m.params_.data();
      const float* g = grads[0].data();
      for (size_t i = 0; i < L.total; ++i) {
        adam_m[i] = beta1 * adam_m[i] + (1 - beta1) * g[i];
        adam_v[i] = beta2 * adam_v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= options.lr * (adam_m[i] * c1) / (std::sqrt(adam_v[i] * c2) + eps);
      }
      if (progress) progress("sasrec steps", step, total_steps);
    }
  }
  return m;
}

void SasRec::score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const {
  scores.assign(n_items_, 0.0f);
  std::vector<ItemIndex> s;
  s.reserve(std::min(history.size(), options_.max_len));
  for (size_t k = history.size() > options_.max_len ? history.size() - options_.max_len : 0; k < history.size(); ++k)
    if (history[k] >= 0 && static_cast<size_t>(history[k]) < n_items_) s.push_back(history[k]);
  if (s.empty()) return;
  const Layout L(n_items_, options_);
  const Net net(L, options_, params_.data());
  Cache c;
  net.forward(s.data(), s.size(), c, nullptr);
  Eigen::Map<Vec>(scores.data(), static_cast<Eigen::Index>(n_items_)).noalias() =
      L.mat(params_.data(), L.emb, L.n) * c.y.row(c.y.rows() - 1).transpose();
}

void SasRec::save(const std::string& path, uint64_t fingerprint) const {
  DenseModel m;
  m.header = {kSasrecKind, kSasrecVersion, fingerprint, params_json(options_, n_items_).dump()};
  m.tensors.push_back({"params", 1, params_.size(), std::vector<float>(params_.begin(), params_.end())});
  save_dense_model(path, m);
}

SasRec SasRec::load(const std::string& path, uint64_t fingerprint) {
  DenseModel d = load_dense_model(path, kSasrecKind, kSasrecVersion, fingerprint,
                                  "run `interec train --model sasrec`");
  SasRec m;
  read_model_params(d.header, path, [&](const nlohmann::json& p) {
    m.n_items_ = p.at("items").get<size_t>();
    m.options_.dim = p.at("dim").get<size_t>();
    m.options_.blocks = p.at("blocks").get<size_t>();
    m.options_.max_len = p.at("max_len").get<size_t>();
    m.options_.dropout = p.at("dropout").get<float>();
    m.options_.epochs = p.at("epochs").get<size_t>();
    m.options_.batch = p.at("batch").get<size_t>();
    m.options_.lr = p.at("lr").get<float>();
    m.options_.seed = p.at("seed").get<uint64_t>();
  });
  if (m.options_.dim == 0 || m.options_.dim > 4096 || m.options_.blocks > 64 || m.options_.max_len == 0 ||
      m.options_.max_len > (1u << 20) || m.n_items_ > (size_t{1} << 31))
    throw ModelError(path + ": corrupt sasrec parameters");
  const Layout L(m.n_items_, m.options_);
  const Tensor& t = d.get(path, "params", 1, L.total);
  m.params_.assign(t.data.begin(), t.data.end());
  return m;
}

}  // namespace interec
