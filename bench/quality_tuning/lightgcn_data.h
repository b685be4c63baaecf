// Reads the LightGCN/NGCF text format (`user item item ...` per line, dense integer ids) and
// carves a validation slice out of a training matrix. Only for the tuning harness; the product's
// reader is `attune eval --format lightgcn` (src/eval).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/csr_matrix.h"

namespace attune::bench {

// Per-user item lists, index = user id.
using ItemLists = std::vector<std::vector<int32_t>>;

// Errors name the file and line of a malformed token.
Result<ItemLists> ReadLightGcn(const std::string& path);

// A binary users x items matrix from item lists.
CsrMatrix ToMatrix(const ItemLists& lists, int32_t users, int32_t items);

// Moves round(fraction * n) of each user's n items (at random, by seed; at least one item stays)
// from `train` into the returned held-out lists.
ItemLists HoldOut(ItemLists& train, double fraction, uint64_t seed);

}  // namespace attune::bench
