#include "tools/eval/evaluate.h"

#include <atomic>

#include "tools/eval/metrics.h"
#include "tools/models/parallel.h"

namespace interec {

EvalResult evaluate(const Recommender& model, const LeaveOneOut& split, size_t n_items, const EvalOptions& options,
                    const TrainProgress& progress) {
  const size_t n_cases = split.cases.size();
  const size_t threads = thread_count(options.threads);
  std::vector<EvalResult> parts(threads);
  std::atomic<size_t> done{0};
  parallel_for(n_cases, threads, [&](size_t begin, size_t end, size_t t) {
    EvalResult& r = parts[t];
    std::vector<float> scores;
    std::vector<ItemIndex> input, candidates;
    std::vector<bool> skip(n_items, false);
    for (size_t c = begin; c < end; ++c) {
      const LeaveOneOut::Case& cs = split.cases[c];
      const auto train = split.train.items(cs.user);
      input.assign(train.begin(), train.end());
      if (options.target == EvalOptions::Target::test) input.push_back(cs.valid);
      const ItemIndex target = options.target == EvalOptions::Target::test ? cs.test : cs.valid;
      model.score(input, scores);
      // Full catalog: the input items are not candidates (the target is,
      // even when it was consumed before).
      for (ItemIndex i : input) skip[i] = true;
      const size_t rank = rank_in_catalog(target, scores, skip);
      for (ItemIndex i : input) skip[i] = false;
      r.hr += hit_at(rank, options.k);
      r.ndcg += ndcg_at(rank, options.k);
      // Sampled: negatives the user never had, train, validation or test.
      std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(cs.user));
      std::vector<ItemIndex> own = input;
      own.push_back(cs.valid);
      own.push_back(cs.test);
      candidates = sample_negatives(n_items, own, options.negatives, rng);
      candidates.push_back(target);
      const size_t srank = rank_of(target, candidates, scores);
      r.hr_sampled += hit_at(srank, options.k);
      r.ndcg_sampled += ndcg_at(srank, options.k);
      ++r.users;
      const size_t now = ++done;
      if (progress && t == 0) progress("evaluating users", now, n_cases);
    }
  });
  EvalResult total;
  for (const EvalResult& p : parts) {
    total.users += p.users;
    total.hr += p.hr;
    total.ndcg += p.ndcg;
    total.hr_sampled += p.hr_sampled;
    total.ndcg_sampled += p.ndcg_sampled;
  }
  if (progress) progress("evaluating users", n_cases, n_cases);
  if (total.users) {
    const double n = static_cast<double>(total.users);
    total.hr /= n, total.ndcg /= n, total.hr_sampled /= n, total.ndcg_sampled /= n;
  }
  return total;
}

}  // namespace interec
