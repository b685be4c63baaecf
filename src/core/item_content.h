// ItemContent: what each story is about, as sparse features a model can learn from: its
// categorical values (CATEGORY=politics, SOURCE=wire), each part of a multi-valued field
// (TAGS=election|europe gives two features) and the words of its text fields (TITLE words).
// Features are hashed into `dims` columns (no vocabulary to store or grow), weighted by inverse
// document frequency (a word every story has says nothing) and each row is L2-normalised, so
// stories with long titles do not dominate.
//
// ItemContentBuilder collects fields item by item and builds the matrix once. A field value is
// tokenised without needing the schema: numbers are skipped; '|' separates the parts of a
// multi-valued field; a value with spaces is text, split into lower-case words of 3 or more
// letters or digits; anything else is one categorical value.
// Thread safety: a builder is used by one thread; ItemContent is an immutable value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csr_matrix.h"

namespace attune {

struct ItemContent {
  int32_t dims = 0;
  CsrMatrix features;  // items x dims, rows L2-normalised (an empty row: no content)
};

class ItemContentBuilder {
 public:
  explicit ItemContentBuilder(int32_t dims = 1 << 15) : dims_(dims) {}

  // Adds one field of `item` (a dense item index). Repeated tokens count once per item.
  void AddField(int32_t item, std::string_view field, std::string_view value);
  // The features of items 0 .. num_items-1 (items never given a field have empty rows).
  ItemContent Build(int32_t num_items) const;

 private:
  void AddToken(int32_t item, std::string_view field, std::string_view token);

  int32_t dims_;
  std::vector<Triplet> cells_;  // (item, hashed feature, 1), possibly repeated
};

// The feature column of (field, token) for `dims` columns (stable across runs and machines).
int32_t ContentFeature(std::string_view field, std::string_view token, int32_t dims);

}  // namespace attune
