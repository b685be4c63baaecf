// A sparse matrix in a model body: shape, then indptr, indices and values as vectors. GetCsr
// checks that what it read is a well-formed matrix (sizes agree, rows in order, columns in
// range), so a damaged body is refused with a message naming `what`.
#pragma once

#include <string_view>

#include "base/status.h"
#include "core/csr_matrix.h"
#include "model/model_io.h"

namespace attune {

void PutCsr(ModelWriter& writer, const CsrMatrix& m);
Status GetCsr(ModelReader& reader, std::string_view what, CsrMatrix& out);

}  // namespace attune
