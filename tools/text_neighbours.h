// A seed's neighbours by the text model's item vectors: what `soft_filter`
// gives a seed that item-kNN has no neighbours for (nobody consumed it
// together with anything else: most of a Zipf catalog's tail), so "something
// like X" never answers nothing because X is obscure. Over the whole catalog
// from the toolbox's approximate index (tools/models/vector_index.h, written
// by `prepare` from VectorIndexOptions::min_items items), else an exact scan
// of every vector. Restricted to a bus (the items a condition left): the
// index is asked for kOverFetch x k x (catalog / bus) items, twice what the
// bus's share should hold, and its answer filtered; a bus too small for that
// (more than kMaxFetch asked), or an answer leaving fewer than k, gets the
// bus's own vectors scanned exactly.
#pragma once

#include <cstddef>
#include <vector>

#include "storage/catalog.h"
#include "tools/models/topk.h"
#include "tools/toolbox.h"

namespace interec {

/// The items a condition left: their list and a membership test over item
/// indices (`on[i]` non-zero), both of the catalog's size or null for the
/// whole catalog.
struct NeighbourScope {
  const std::vector<ItemIndex>* items = nullptr;
  const std::vector<size_t>* on = nullptr;
};

/// A filtered query asks the index for kOverFetch x k items per share of
/// the catalog the bus holds, at most kMaxFetch (24 of 1,024 lists hold
/// about 23,000 items at 10^6); beyond, the bus is scanned exactly.
inline constexpr size_t kOverFetch = 2;
inline constexpr size_t kMaxFetch = 4096;

/// The k items most like `seed` by the text model's cosine (above 0), best
/// first, the seed left out; empty without a text model or when the seed
/// has no text. Uses box.text_index when the box has one.
std::vector<Scored> text_neighbours(const Toolbox& box, ItemIndex seed, size_t k, const NeighbourScope& scope = {});

}  // namespace interec
