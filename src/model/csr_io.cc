#include "model/csr_io.h"

#include <string>

namespace attune {

void PutCsr(ModelWriter& writer, const CsrMatrix& m) {
  writer.Put<int32_t>(m.rows);
  writer.Put<int32_t>(m.cols);
  writer.PutVector(m.indptr);
  writer.PutVector(m.indices);
  writer.PutVector(m.values);
}

Status GetCsr(ModelReader& reader, std::string_view what, CsrMatrix& out) {
  CsrMatrix m;
  ATTUNE_RETURN_IF_ERROR(reader.Get(m.rows));
  ATTUNE_RETURN_IF_ERROR(reader.Get(m.cols));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.indptr));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.indices));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.values));
  const bool sizes = m.rows >= 0 && m.cols >= 0 && m.indptr.size() == static_cast<size_t>(m.rows) + 1 &&
                     m.indices.size() == m.values.size() && m.indptr.front() == 0 &&
                     m.indptr.back() == m.nnz();
  if (!sizes) return InvalidArgument(std::string(what) + ": the matrix in the model body has inconsistent sizes");
  for (int32_t r = 0; r < m.rows; ++r) {
    if (m.indptr[r] > m.indptr[r + 1]) return InvalidArgument(std::string(what) + ": rows out of order in the model body");
  }
  for (int32_t col : m.indices) {
    if (col < 0 || col >= m.cols) return InvalidArgument(std::string(what) + ": column out of range in the model body");
  }
  out = std::move(m);
  return Status::Ok();
}

}  // namespace attune
