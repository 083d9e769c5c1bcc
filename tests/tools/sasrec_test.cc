// The sequential model: its hand-written backward pass against finite
// differences, that it learns a sequence, and its model file.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/test_data.h"
#include "tools/models/mf.h"
#include "tools/models/sasrec.h"
#include "tools/models/topk.h"

namespace interec {
namespace {

SasRecOptions tiny() {
  SasRecOptions o;
  o.dim = 6;
  o.blocks = 2;
  o.max_len = 5;
  o.seed = 11;
  return o;
}

TEST(SasRec, BackwardPassMatchesFiniteDifferences) {
  SasRec m = SasRec::init(7, tiny());
  // Lengths below, at and above max_len + 1, with repeats.
  const std::vector<std::vector<ItemIndex>> seqs = {{0, 3, 5}, {1, 2, 3, 4, 5, 6}, {6, 5, 4, 4, 2, 1, 0, 3, 2}};
  SasRec::Floats grad;
  const double loss = m.loss(seqs, &grad);
  EXPECT_NEAR(loss, std::log(7.0), 1.0);  // near uniform at initialisation
  SasRec::Floats& p = m.parameters();
  ASSERT_EQ(grad.size(), p.size());
  // Central differences in float: eps small enough that the curvature of two
  // stacked blocks does not dominate, large enough above rounding noise.
  const float eps = 1e-3f;
  std::vector<double> numeric(p.size());
  size_t bad = 0;
  double worst = 0, dot = 0, nn = 0, na = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const float keep = p[i];
    p[i] = keep + eps;
    const double up = m.loss(seqs, nullptr);
    p[i] = keep - eps;
    const double down = m.loss(seqs, nullptr);
    p[i] = keep;
    numeric[i] = (up - down) / (2.0 * eps);
    const double err = std::abs(numeric[i] - grad[i]) / std::max(1e-2, std::abs(numeric[i]) + std::abs(grad[i]));
    worst = std::max(worst, err);
    if (err > 5e-2) ++bad;
    dot += numeric[i] * grad[i];
    nn += numeric[i] * numeric[i];
    na += static_cast<double>(grad[i]) * grad[i];
  }
  // Every parameter of a 2-block model (embeddings, positions, attention,
  // feed-forward, layer norms) agrees; a ReLU kink within ±eps may spoil the
  // odd finite difference, never more.
  EXPECT_LE(bad, p.size() / 100) << "worst relative error " << worst;
  EXPECT_GT(dot / std::sqrt(nn * na), 0.9999);
  std::cout << "[ sasrec ] gradient check: " << p.size() << " parameters, worst relative error " << worst
            << ", cosine " << dot / std::sqrt(nn * na) << "\n";
}

TEST(SasRec, LearnsAnOrderAndRoundTripsThroughItsFile) {
  // Every user walks the items in a circle, starting anywhere.
  std::vector<Interactions::Row> rows;
  const int n = 12;
  for (int u = 0; u < 60; ++u)
    for (int t = 0; t < 10; ++t) rows.push_back({"u" + std::to_string(u), (u + t) % n, 1, t});
  const Interactions data = Interactions::build(rows);
  SasRecOptions o;
  o.dim = 16;
  o.blocks = 1;
  o.max_len = 8;
  o.epochs = 30;
  o.batch = 16;
  o.lr = 5e-3f;
  o.dropout = 0.1f;
  o.threads = 2;
  const SasRec m = SasRec::train(data, n, o);
  std::vector<float> scores;
  for (int start = 0; start < n; ++start) {
    m.score({start, (start + 1) % n, (start + 2) % n}, scores);
    EXPECT_EQ(top_k(scores.data(), scores.size(), 1)[0].index, (start + 3) % n) << "from " << start;
  }
  const std::string dir = test::scratch_dir("sasrec_file");
  m.save(dir + "/sasrec.bin", 77);
  const SasRec back = SasRec::load(dir + "/sasrec.bin", 77);
  std::vector<float> again;
  back.score({3, 4, 5}, again);
  m.score({3, 4, 5}, scores);
  EXPECT_EQ(again, scores);
  // Same seed, same threads: the same model.
  const SasRec twin = SasRec::train(data, n, o);
  twin.score({3, 4, 5}, again);
  EXPECT_EQ(again, scores);
}

void expect_sasrec_error(const std::function<void()>& load, const std::string& path, const std::string& fragment) {
  try {
    load();
    ADD_FAILURE() << "no ModelError for " << path;
  } catch (const ModelError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  }
}

TEST(SasRec, BadFilesAreModelErrors) {
  const std::string dir = test::scratch_dir("sasrec_bad");
  const std::string path = dir + "/sasrec.bin";
  SasRec::init(7, tiny()).save(path, 5);
  expect_sasrec_error([&] { SasRec::load(path, 6); }, path, "fingerprint");
  expect_sasrec_error([&] { SasRec::load(dir + "/none.bin", 5); }, dir + "/none.bin", "missing");
  const auto size = std::filesystem::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 40));
    f.put('\x55');
  }
  expect_sasrec_error([&] { SasRec::load(path, 5); }, path, "corrupt");
  for (uintmax_t keep : {uintmax_t{3}, uintmax_t{30}, size / 2, size - 1}) {
    SasRec::init(7, tiny()).save(path, 5);
    std::filesystem::resize_file(path, keep);
    EXPECT_THROW(SasRec::load(path, 5), ModelError) << keep;
  }
  // Another kind of model in the file.
  std::vector<Interactions::Row> rows = {{"a", 0, 1, 1}, {"a", 1, 1, 2}};
  MfOptions mo;
  mo.factors = 4;
  mo.iterations = 1;
  Mf::train(Interactions::build(rows), 3, mo).save(path, 5);
  expect_sasrec_error([&] { SasRec::load(path, 5); }, path, "'mf'");
}

}  // namespace
}  // namespace interec
