#include "tools/models/stance_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "storage/dialogue.h"
#include "storage/text_pipeline.h"
#include "tools/models/binary_io.h"
#include "tools/models/model_file.h"

namespace interec {

namespace {

constexpr const char* kKind = "stance";
constexpr uint32_t kVersion = 1;

uint32_t bucket(std::string_view prefix, std::string_view a, std::string_view b = {}) {
  uint64_t h = binio::fnv1a(prefix.data(), prefix.size());
  h = binio::fnv1a(a.data(), a.size(), h);
  if (!b.empty()) {
    h = binio::fnv1a("|", 1, h);
    h = binio::fnv1a(b.data(), b.size(), h);
  }
  return static_cast<uint32_t>(h % StanceModel::kBuckets);
}

void softmax(std::array<float, kStanceClasses>& z) {
  const float top = *std::max_element(z.begin(), z.end());
  float sum = 0;
  for (float& x : z) sum += (x = std::exp(x - top));
  for (float& x : z) x /= sum;
}

}  // namespace

const char* to_string(StanceClass c) {
  switch (c) {
    case StanceClass::neutral: return "neutral";
    case StanceClass::liked: return "liked";
    case StanceClass::disliked: return "disliked";
    case StanceClass::seen: return "seen";
  }
  return "neutral";
}

StanceClass stance_label(int seen, int liked) {
  if (liked == 0) return StanceClass::disliked;
  if (liked == 1 && seen == 1) return StanceClass::liked;
  if (seen == 1) return StanceClass::seen;
  return StanceClass::neutral;
}

StanceClass StanceScores::best() const {
  return static_cast<StanceClass>(std::max_element(p.begin(), p.end()) - p.begin());
}

std::vector<std::string> stance_tokens(const std::string& text, const std::string& id, size_t& at) {
  // "@123" -> one placeholder word, so that the tokenizer keeps it whole.
  std::string marked;
  marked.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '@' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      size_t j = i + 1;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      marked += text.compare(i + 1, j - i - 1, id) == 0 && j - i - 1 == id.size() ? " xxitemxx " : " xxotherxx ";
      i = j;
    } else {
      marked += text[i++];
    }
  }
  std::vector<std::string> out;
  at = std::string::npos;
  for (auto& t : text::tokenize(marked)) {
    if (t.norm == "xxitemxx") {
      if (at == std::string::npos) at = out.size();
      out.push_back(kItemToken);
    } else if (t.norm == "xxotherxx") {
      out.push_back(kOtherToken);
    } else {
      out.push_back(std::move(t.norm));
    }
  }
  return out;
}

std::vector<StanceExample> stance_examples(const Dialogue& d) {
  std::vector<StanceExample> out;
  for (const auto& msg : d.messages) {
    if (msg.speaker != Speaker::seeker) continue;
    for (size_t k : msg.mentions) {
      const DialogueMention& mention = d.mentions[k];
      const Stance s = mention.seeker.liked >= 0 || mention.seeker.seen >= 0 ? mention.seeker : mention.recommender;
      if (s.liked < 0 && s.seen < 0) continue;
      StanceExample e;
      e.tokens = stance_tokens(msg.text, mention.id, e.at);
      if (e.at == std::string::npos) continue;
      e.label = stance_label(s.seen, s.liked);
      out.push_back(std::move(e));
    }
  }
  return out;
}

void StanceModel::features(const std::vector<std::string>& t, size_t at, std::vector<uint32_t>& out) const {
  out.clear();
  const size_t from = at > kWindow ? at - kWindow : 0;
  const size_t to = std::min(t.size(), at + 1 + kWindow);
  for (size_t i = from; i < at; ++i) {
    out.push_back(bucket("L:", t[i]));
    if (i + 1 < at) out.push_back(bucket("L2:", t[i], t[i + 1]));
  }
  for (size_t i = at + 1; i < to; ++i) {
    out.push_back(bucket("R:", t[i]));
    if (i + 1 < to) out.push_back(bucket("R2:", t[i], t[i + 1]));
  }
  out.push_back(bucket("LN:", at > 0 ? t[at - 1] : "^"));
  out.push_back(bucket("RN:", at + 1 < t.size() ? t[at + 1] : "$"));
  bool question = false;
  for (const auto& w : t) {
    out.push_back(bucket("W:", w));
    question = question || w == "?";
  }
  if (question) out.push_back(bucket("Q", "?"));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

StanceModel StanceModel::train(const std::vector<StanceExample>& examples, const StanceOptions& options) {
  StanceModel m;
  m.weights_.assign(size_t{kBuckets} * kStanceClasses, 0.0f);
  m.examples_ = examples.size();
  if (examples.empty()) return m;
  // Rare classes weigh more (the square root of their inverse share), so
  // that "disliked" is not drowned by "liked".
  std::array<double, kStanceClasses> count{};
  for (const auto& e : examples) count[static_cast<size_t>(e.label)] += 1;
  std::array<double, kStanceClasses> class_weight{};
  for (size_t c = 0; c < kStanceClasses; ++c)
    class_weight[c] = count[c] > 0 ? std::sqrt(examples.size() / (kStanceClasses * count[c])) : 0.0;
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::mt19937 rng(options.seed);
  std::vector<uint32_t> f;
  for (size_t epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    const double lr = options.learning_rate / std::sqrt(1.0 + epoch);
    for (size_t k : order) {
      const StanceExample& e = examples[k];
      if (e.at >= e.tokens.size()) continue;
      m.features(e.tokens, e.at, f);
      std::array<float, kStanceClasses> z = m.bias_;
      for (uint32_t b : f)
        for (size_t c = 0; c < kStanceClasses; ++c) z[c] += m.weights_[size_t{b} * kStanceClasses + c];
      softmax(z);
      const size_t y = static_cast<size_t>(e.label);
      const double scale = lr * class_weight[y] / std::sqrt(static_cast<double>(f.size()));
      for (size_t c = 0; c < kStanceClasses; ++c) {
        const float g = static_cast<float>(scale * ((c == y ? 1.0 : 0.0) - z[c]));
        m.bias_[c] += g;
        for (uint32_t b : f) {
          float& w = m.weights_[size_t{b} * kStanceClasses + c];
          w += g - static_cast<float>(lr * options.l2) * w;
        }
      }
    }
  }
  return m;
}

StanceScores StanceModel::classify(const std::vector<std::string>& tokens, size_t at) const {
  StanceScores s;
  if (at >= tokens.size() || weights_.empty()) {
    s.p[static_cast<size_t>(StanceClass::neutral)] = 1;
    return s;
  }
  std::vector<uint32_t> f;
  features(tokens, at, f);
  std::array<float, kStanceClasses> z{};
  for (uint32_t b : f)
    for (size_t c = 0; c < kStanceClasses; ++c) z[c] += weights_[size_t{b} * kStanceClasses + c];
  for (size_t c = 0; c < kStanceClasses; ++c) z[c] += bias_[c];
  softmax(z);
  s.p = z;
  return s;
}

void StanceModel::save(const std::string& path) const {
  write_model_file(path, [&](std::ostream& out) {
    ModelHeader h;
    h.kind = kKind;
    h.version = kVersion;
    h.fingerprint = 0;
    h.params = nlohmann::json{{"buckets", kBuckets},
                              {"window", kWindow},
                              {"classes", kStanceClasses},
                              {"examples", examples_}}
                   .dump();
    write_model_header(out, h);
    for (float b : bias_) binio::write_pod(out, b);
    binio::write_array(out, weights_);
    binio::write_pod(out, binio::fnv1a(weights_.data(), weights_.size() * sizeof(float)));
  });
}

StanceModel StanceModel::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable stance model; run `interec train --model stance`");
  const ModelHeader h = read_model_header(in, path, kKind, kVersion, 0);
  StanceModel m;
  read_model_params(h, path, [&](const nlohmann::json& params) {
    if (params.at("buckets").get<uint32_t>() != kBuckets || params.at("window").get<size_t>() != kWindow ||
        params.at("classes").get<size_t>() != kStanceClasses)
      throw ModelError(path + ": a stance model of another layout; run `interec train --model stance` again");
    m.examples_ = params.at("examples").get<size_t>();
  });
  uint64_t sum = 0;
  for (float& b : m.bias_)
    if (!binio::read_pod(in, b)) throw ModelError(path + ": truncated stance model");
  if (!binio::read_array(in, m.weights_, size_t{kBuckets} * kStanceClasses) || !binio::read_pod(in, sum))
    throw ModelError(path + ": truncated stance model");
  if (sum != binio::fnv1a(m.weights_.data(), m.weights_.size() * sizeof(float)))
    throw ModelError(path + ": corrupt stance model (checksum)");
  return m;
}

}  // namespace interec
