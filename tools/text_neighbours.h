// A seed's neighbours by the text model's item vectors: what `soft_filter`
// gives a seed that item-kNN has no neighbours for (nobody consumed it
// together with anything else: most of a Zipf catalog's tail), so "something
// like X" never answers nothing because X is obscure. Over the whole catalog
// from the toolbox's approximate index (tools/models/vector_index.h, written
// by `prepare` from VectorIndexOptions::min_items items), else an exact scan
// of every vector.
//
// Restricted to a bus (the items a condition left, e.g. a genre's few
// percent of the catalog: "a GENRE like X"), always exact, over the bus's
// own items only: where the index exists (a large catalog), by 8-bit codes
// of the vectors (tools/models/quantized_table.h: 64 bytes read per bus
// item, and the answer is still the float top-k; the codes are mapped from
// models/text.bin, where `prepare` writes them from kQuantizedFrom items,
// or, for a folder prepared before, built on the first such request and
// kept while the model lives), else in float.
// Not the index with the bus as a filter: a bus's nearest items lie far from the
// seed when the seed is not of the bus's kind, outside the lists the index
// reads (recall@10 0.57 at the default 24 lists, 0.91 at 160, measured at
// 10^6 items: docs/scale-turns.md "Whole-catalog neighbours on a bus").
#pragma once

#include <cstddef>
#include <vector>

#include "storage/catalog.h"
#include "tools/models/topk.h"
#include "tools/toolbox.h"

namespace interec {

/// The k items most like `seed` by the text model's cosine (above 0), best
/// first, the seed left out; only items of `bus` (distinct item indices)
/// when given. Empty without a text model or when the seed has no text.
/// Uses box.text_index, and the codes on a bus, when the box has the
/// index. Thread-safe.
std::vector<Scored> text_neighbours(const Toolbox& box, ItemIndex seed, size_t k,
                                    const std::vector<ItemIndex>* bus = nullptr);

}  // namespace interec
