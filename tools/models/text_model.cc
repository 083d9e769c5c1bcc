#include "tools/models/text_model.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <Eigen/SparseCore>
#include <nlohmann/json.hpp>

#include "tools/models/dense_model_file.h"
#include "tools/models/mapped_model_file.h"
#include "storage/text_pipeline.h"
#include "tools/models/quantized_table.h"

namespace interec {
namespace {

constexpr const char* kTextKind = "text";
// 3: mapped (mapped_model_file.h), from kQuantizedFrom items with the
// 8-bit codes of the item vectors ("codes", "scales"; optional: a file
// written before they were has none, and codes() builds them); 2: the stream layout of
// dense_model_file.h, still read (load_stream); 1 (words before the one text
// pipeline, storage/text_pipeline.h) needs `interec prepare` again.
constexpr uint32_t kTextVersion = 3;
constexpr uint32_t kTextStreamVersion = 2;
constexpr const char* kTextHint = "run `interec prepare` or `interec train --model text`";

using Sparse = Eigen::SparseMatrix<float, Eigen::RowMajor>;
using Dense = Eigen::MatrixXf;

// An orthonormal basis of the columns of y, factorised in y's own storage:
// at 10^6 items y is 10^6 x 80 floats (320 MB), and a copy for the
// factorisation beside the input and the result was the text model's peak.
Dense orthonormal(Dense y) {
  Eigen::HouseholderQR<Eigen::Ref<Dense>> qr(y);
  return qr.householderQ() * Dense::Identity(y.rows(), y.cols());
}

// Sublinear term frequencies: 1 + log(tf).
void add_counts(const std::vector<std::string>& words, std::unordered_map<std::string, int>& tf) {
  for (const auto& w : words) ++tf[w];
}

void normalize_rows(TextModel::Matrix& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    const float n = m.row(i).norm();
    if (n > 0) m.row(i) /= n;
  }
}

}  // namespace

void TextModel::index_vocabulary() {
  word_index_.clear();
  for (size_t w = 0; w < words_.size(); ++w) word_index_.emplace(words_[w], static_cast<int32_t>(w));
}

TextModel TextModel::train(const Catalog& catalog, const TextModelOptions& options) {
  const size_t n = catalog.size();
  std::vector<size_t> text_cols;
  for (size_t c = 0; c < catalog.columns().size(); ++c)
    if (catalog.columns()[c].type == ColumnType::text) text_cols.push_back(c);
  // Documents as (word, count) runs in flat arrays, one run per item: a
  // hash map per item held 10^6 maps of string nodes at once (the largest
  // allocation of prepare at 10^6 items). The vocabulary is in first-seen
  // order, each item's words in the order of a fresh map of its words, as
  // when the maps were kept: the same model, bit for bit.
  TextModel m;
  m.options_ = options;
  std::vector<uint64_t> offsets(n + 1, 0);
  std::vector<int32_t> doc_words;
  std::vector<int32_t> doc_counts;
  std::vector<int> df;
  for (size_t i = 0; i < n; ++i) {
    const auto item = static_cast<ItemIndex>(i);
    std::unordered_map<std::string, int> tf;
    add_counts(text::content_words(catalog.title(item)), tf);
    for (size_t c : text_cols)
      for (const auto& v : catalog.values(c, item)) add_counts(text::content_words(v), tf);
    for (auto& [w, count] : tf) {
      auto [it, fresh] = m.word_index_.emplace(w, static_cast<int32_t>(m.words_.size()));
      if (fresh) {
        m.words_.push_back(w);
        df.push_back(0);
      }
      ++df[it->second];
      doc_words.push_back(it->second);
      doc_counts.push_back(count);
    }
    offsets[i + 1] = doc_words.size();
  }
  const size_t v = m.words_.size();
  std::vector<float> idf(v);
  for (size_t w = 0; w < v; ++w) idf[w] = std::log(1.0f + static_cast<float>(n) / static_cast<float>(df[w]));
  // X in compressed row-major form straight from the runs (each row's words
  // sorted, as setFromTriplets leaves them), without a triplet list beside it.
  std::vector<int> inner(doc_words.size());
  std::vector<float> values(doc_words.size());
  std::vector<std::pair<int32_t, float>> row;
  for (size_t i = 0; i < n; ++i) {
    double norm = 0;
    row.clear();
    for (uint64_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      const int32_t id = doc_words[k];
      const float x = (1.0f + std::log(static_cast<float>(doc_counts[k]))) * idf[id];
      row.emplace_back(id, x);
      norm += static_cast<double>(x) * x;
    }
    const float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    std::sort(row.begin(), row.end());
    for (size_t k = 0; k < row.size(); ++k) {
      inner[offsets[i] + k] = row[k].first;
      values[offsets[i] + k] = row[k].second * inv;
    }
  }
  std::vector<int>().swap(doc_words);
  std::vector<int32_t>().swap(doc_counts);
  std::vector<int> outer(n + 1);
  for (size_t i = 0; i <= n; ++i) outer[i] = static_cast<int>(offsets[i]);
  const Eigen::Map<const Sparse> x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(v),
                                   static_cast<Eigen::Index>(values.size()), outer.data(), inner.data(),
                                   values.data());

  // Randomized SVD: a basis Q of X's dominant column space, refined by power
  // iterations, then the exact SVD of the small Qᵀ X.
  const auto rank = static_cast<Eigen::Index>(std::min({options.dim + options.oversample, n, v}));
  const auto dim = std::min<Eigen::Index>(static_cast<Eigen::Index>(options.dim), rank);
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<float> gauss;
  Dense omega(static_cast<Eigen::Index>(v), rank);
  for (Eigen::Index k = 0; k < omega.size(); ++k) omega.data()[k] = gauss(rng);
  Dense q = rank ? orthonormal(x * omega) : Dense(static_cast<Eigen::Index>(n), 0);
  for (size_t it = 0; it < options.power_iterations && rank; ++it) {
    const Dense z = orthonormal(x.transpose() * q);
    q.resize(0, 0);  // not needed while the next one is made: one n x rank matrix fewer at the peak
    q = orthonormal(x * z);
  }
  const Dense b = (x.transpose() * q).transpose();  // rank x v
  q.resize(0, 0);
  Matrix terms(static_cast<Eigen::Index>(v), dim);
  if (rank) {
    Eigen::BDCSVD<Dense> svd(b, Eigen::ComputeThinV);
    terms = svd.matrixV().leftCols(dim);
  }
  Matrix items = x * terms;
  normalize_rows(items);
  m.own(std::move(idf), std::move(terms), std::move(items));
  return m;
}

struct TextModel::Owned {
  std::vector<float> idf;
  Matrix terms, items;
};

void TextModel::own(std::vector<float> idf, Matrix terms, Matrix items) {
  auto owned = std::make_shared<Owned>(Owned{std::move(idf), std::move(terms), std::move(items)});
  idf_ = owned->idf.data();
  terms_ = owned->terms.data();
  item_data_ = owned->items.data();
  items_ = static_cast<size_t>(owned->items.rows());
  dim_ = static_cast<size_t>(owned->terms.cols());
  keep_ = std::move(owned);
}

Eigen::Map<const TextModel::Matrix> TextModel::terms() const {
  return {terms_, static_cast<Eigen::Index>(words_.size()), static_cast<Eigen::Index>(dim_)};
}

Eigen::Map<const TextModel::Matrix> TextModel::item_matrix() const {
  return {item_data_, static_cast<Eigen::Index>(items_), static_cast<Eigen::Index>(dim_)};
}

bool TextModel::score(const std::string& text, std::vector<float>& scores) const {
  std::unordered_map<std::string, int> tf;
  add_counts(text::content_words(text), tf);
  const auto term = terms();
  Eigen::Matrix<float, 1, Eigen::Dynamic> q = Eigen::Matrix<float, 1, Eigen::Dynamic>::Zero(term.cols());
  bool known = false;
  for (const auto& [w, count] : tf) {
    auto it = word_index_.find(w);
    if (it == word_index_.end()) continue;
    known = true;
    q += (1.0f + std::log(static_cast<float>(count))) * idf_[it->second] * term.row(it->second);
  }
  if (!known) return false;
  const float norm = q.norm();
  if (norm > 0) q /= norm;
  scores.resize(items());
  Eigen::Map<Eigen::VectorXf>(scores.data(), static_cast<Eigen::Index>(items_)).noalias() =
      item_matrix() * q.transpose();
  return true;
}

Eigen::Map<const Eigen::Matrix<float, 1, Eigen::Dynamic>> TextModel::item_vector(ItemIndex i) const {
  return {item_data_ + static_cast<Eigen::Index>(i) * static_cast<Eigen::Index>(dim_),
          static_cast<Eigen::Index>(dim_)};
}

namespace {

nlohmann::json text_params(const TextModelOptions& o) {
  return {{"dim", o.dim}, {"oversample", o.oversample}, {"power_iterations", o.power_iterations}, {"seed", o.seed}};
}

TextModelOptions text_options(const ModelHeader& header, const std::string& path) {
  TextModelOptions o;
  read_model_params(header, path, [&](const nlohmann::json& p) {
    o.dim = p.at("dim").get<size_t>();
    o.oversample = p.at("oversample").get<size_t>();
    o.power_iterations = p.at("power_iterations").get<size_t>();
    o.seed = p.at("seed").get<uint64_t>();
  });
  return o;
}

}  // namespace

void TextModel::save(const std::string& path, uint64_t fingerprint, size_t codes_from) const {
  const uint64_t v = words_.size();
  std::vector<TensorSource> tensors = {{"idf", TensorType::f32, 1, v, idf_},
                                       {"terms", TensorType::f32, v, dim_, terms_},
                                       {"items", TensorType::f32, items_, dim_, item_data_}};
  if (items_ >= codes_from && items_ > 0 && dim_ > 0) {
    const QuantizedTable& q = codes();
    tensors.push_back({"codes", TensorType::i8, items_, dim_, q.codes()});
    tensors.push_back({"scales", TensorType::f32, items_, 1, q.scales()});
  }
  save_mapped_model(path, {kTextKind, kTextVersion, fingerprint, text_params(options_).dump()}, tensors, words_);
}

TextModel TextModel::load(const std::string& path, uint64_t fingerprint) {
  const ModelHeader h = peek_model_header(path, kTextHint);
  if (h.kind == kTextKind && h.version == kTextStreamVersion) return load_stream(path, fingerprint);
  const auto file = MappedModel::open(path, kTextKind, kTextVersion, fingerprint, kTextHint);
  TextModel m;
  m.options_ = text_options(file->header(), path);
  m.words_ = file->strings();
  const uint64_t v = m.words_.size();
  m.dim_ = file->entry("terms").cols;
  m.items_ = file->entry("items").rows;
  m.idf_ = file->floats("idf", 1, v);
  m.terms_ = file->floats("terms", v, m.dim_);
  m.item_data_ = file->floats("items", m.items_, m.dim_);
  // Codes are optional within version 3: a file written before they were
  // (or below codes_from items) has none, and codes() builds them.
  if (file->has("codes") || file->has("scales")) {
    m.codes_->table = std::make_shared<const QuantizedTable>(
        file->bytes("codes", m.items_, m.dim_), file->floats("scales", m.items_, 1), m.items_, m.dim_, file);
    m.codes_mapped_ = true;
  }
  m.keep_ = file;
  m.index_vocabulary();
  if (m.word_index_.size() != v) throw ModelError(path + ": corrupt text model (repeated words)");
  return m;
}

// The layout before the mapped one (version 2): read whole, checked byte by
// byte.
TextModel TextModel::load_stream(const std::string& path, uint64_t fingerprint) {
  const DenseModel d = load_dense_model(path, kTextKind, kTextStreamVersion, fingerprint, kTextHint);
  TextModel m;
  m.options_ = text_options(d.header, path);
  if (d.tensors.size() != 3) throw ModelError(path + ": corrupt text model (tensors)");
  const uint64_t v = d.strings.size();
  const uint64_t dim = d.tensors[1].cols;
  m.words_ = d.strings;
  const Tensor& terms = d.get(path, "terms", v, dim);
  const Tensor& items = d.get(path, "items", d.tensors[2].rows, dim);
  m.own(d.get(path, "idf", 1, v).data,
        Eigen::Map<const Matrix>(terms.data.data(), static_cast<Eigen::Index>(v), static_cast<Eigen::Index>(dim)),
        Eigen::Map<const Matrix>(items.data.data(), static_cast<Eigen::Index>(items.rows),
                                 static_cast<Eigen::Index>(dim)));
  m.index_vocabulary();
  if (m.word_index_.size() != v) throw ModelError(path + ": corrupt text model (repeated words)");
  return m;
}

const QuantizedTable& TextModel::codes() const {
  std::call_once(codes_->once, [this] {
    if (!codes_->table) codes_->table = std::make_shared<const QuantizedTable>(item_data_, items_, dim_);
  });
  return *codes_->table;
}

}  // namespace interec
