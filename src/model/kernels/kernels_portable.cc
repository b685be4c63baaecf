// Portable reference versions of the ALS kernels: plain loops the compiler may auto-vectorise.
#include "model/kernels/kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace attune::kernels {
namespace {

float Dot(const float* a, const float* b, size_t n) {
  float sum = 0.0f;
  for (size_t j = 0; j < n; ++j) sum += a[j] * b[j];
  return sum;
}

void GatherApply(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                 const float* p, float c_one, float c_dot, float* out) {
  for (size_t i = 0; i < n; ++i) {
    const float* y = base + static_cast<size_t>(idx[i]) * ld;
    const float coef = c_one * (1.0f + cw[i]) + c_dot * cw[i] * Dot(y, p, ld);
    for (size_t j = 0; j < ld; ++j) out[j] += coef * y[j];
  }
}

void Symv(const float* a, size_t ld, const float* p, float* out) {
  for (size_t row = 0; row < ld; ++row) out[row] = Dot(a + row * ld, p, ld);
}

float CgUpdate(float* x, float* r, float* p, const float* ap, float rs_old, size_t ld) {
  const float p_ap = Dot(p, ap, ld);
  if (!(p_ap > 0.0f)) return -1.0f;
  const float step = rs_old / p_ap;
  for (size_t j = 0; j < ld; ++j) x[j] += step * p[j];
  for (size_t j = 0; j < ld; ++j) r[j] -= step * ap[j];
  const float rs_new = Dot(r, r, ld);
  const float beta = rs_new / rs_old;
  for (size_t j = 0; j < ld; ++j) p[j] = r[j] + beta * p[j];
  return rs_new;
}

void DiagMul(const float* d, const float* p, float* out, size_t ld) {
  for (size_t j = 0; j < ld; ++j) out[j] = d[j] * p[j];
}

void Reciprocal(const float* d, float* out, size_t ld) {
  for (size_t j = 0; j < ld; ++j) out[j] = 1.0f / d[j];
}

float PcgUpdate(float* x, float* r, float* p, const float* ap, const float* inv_m, float rz_old,
                size_t ld) {
  const float p_ap = Dot(p, ap, ld);
  if (!(p_ap > 0.0f)) return -1.0f;
  const float step = rz_old / p_ap;
  float rz_new = 0.0f;
  for (size_t j = 0; j < ld; ++j) {
    x[j] += step * p[j];
    r[j] -= step * ap[j];
    rz_new += r[j] * inv_m[j] * r[j];
  }
  const float beta = rz_new / rz_old;
  for (size_t j = 0; j < ld; ++j) p[j] = inv_m[j] * r[j] + beta * p[j];
  return rz_new;
}

float AsFloat(float v) { return v; }
float AsFloat(Half h) { return HalfToFloat(h); }

// float -> binary16 with round to nearest even (the bit manipulation F16C does in hardware).
Half FloatToHalf(float value) {
  uint32_t f = 0;
  std::memcpy(&f, &value, sizeof f);
  const uint32_t sign = (f >> 16) & 0x8000u;
  const uint32_t abs = f & 0x7fffffffu;
  if (abs >= 0x7f800000u) return static_cast<Half>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
  if (abs >= 0x477ff000u) return static_cast<Half>(sign | 0x7c00u);  // rounds to >= 65520: inf
  if (abs < 0x38800000u) {  // below the smallest normal half: subnormal or zero
    const float magnitude = std::fabs(value) * 16777216.0f;  // units of 2^-24
    return static_cast<Half>(sign | static_cast<uint32_t>(std::nearbyint(magnitude)));
  }
  const uint32_t rounded = abs + 0xfffu + ((abs >> 13) & 1u);  // round to nearest, ties to even
  return static_cast<Half>(sign | ((rounded - 0x38000000u) >> 13));
}

void ToHalf(const float* in, Half* out, size_t n) {
  for (size_t j = 0; j < n; ++j) out[j] = FloatToHalf(in[j]);
}

float AsFloat(int8_t v) { return static_cast<float>(v); }

// Row `index` of a table in any stored form, as floats in y: the value, times the row's scale
// for int8 tables (`scales` null for the others).
template <typename T>
void RowToFloats(const T* base, const float* scales, size_t ld, int32_t index, std::vector<float>& y) {
  const T* row = base + static_cast<size_t>(index) * ld;
  const float scale = scales != nullptr ? scales[index] : 1.0f;
  for (size_t j = 0; j < ld; ++j) y[j] = AsFloat(row[j]) * scale;
}

template <typename T>
void GatherApplyAny(const T* base, const float* scales, size_t ld, const int32_t* idx, const float* cw,
                    size_t n, const float* p, float c_one, float c_dot, float* out) {
  std::vector<float> y(ld);
  for (size_t i = 0; i < n; ++i) {
    RowToFloats(base, scales, ld, idx[i], y);
    const float coef = c_one * (1.0f + cw[i]) + c_dot * cw[i] * Dot(y.data(), p, ld);
    for (size_t j = 0; j < ld; ++j) out[j] += coef * y[j];
  }
}

void GatherApplyHalf(const Half* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                     const float* p, float c_one, float c_dot, float* out) {
  GatherApplyAny(base, nullptr, ld, idx, cw, n, p, c_one, c_dot, out);
}

void GatherApplyInt8(const int8_t* base, const float* scales, size_t ld, const int32_t* idx, const float* cw,
                     size_t n, const float* p, float c_one, float c_dot, float* out) {
  GatherApplyAny(base, scales, ld, idx, cw, n, p, c_one, c_dot, out);
}

template <typename T>
void GatherResidualDiagAny(const T* base, const float* scales, size_t ld, const int32_t* idx, const float* cw,
                           size_t n, const float* x, float* out, float* diag, float* rows_out) {
  std::vector<float> y(ld);
  for (size_t i = 0; i < n; ++i) {
    RowToFloats(base, scales, ld, idx[i], y);
    if (rows_out != nullptr) std::copy(y.begin(), y.end(), rows_out + i * ld);
    const float coef = 1.0f + cw[i] - cw[i] * Dot(y.data(), x, ld);
    for (size_t j = 0; j < ld; ++j) {
      out[j] += coef * y[j];
      diag[j] += cw[i] * y[j] * y[j];
    }
  }
}

// prefetch_n: a hint for the vector kernels (kernels.h); nothing to do here.
void GatherResidualDiag(const float* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                        const float* x, float* out, float* diag, float* rows_out, size_t /*prefetch_n*/) {
  GatherResidualDiagAny(base, nullptr, ld, idx, cw, n, x, out, diag, rows_out);
}

void GatherResidualDiagHalf(const Half* base, size_t ld, const int32_t* idx, const float* cw, size_t n,
                            const float* x, float* out, float* diag, float* rows_out, size_t /*prefetch_n*/) {
  GatherResidualDiagAny(base, nullptr, ld, idx, cw, n, x, out, diag, rows_out);
}

void GatherResidualDiagInt8(const int8_t* base, const float* scales, size_t ld, const int32_t* idx,
                            const float* cw, size_t n, const float* x, float* out, float* diag,
                            float* rows_out, size_t /*prefetch_n*/) {
  GatherResidualDiagAny(base, scales, ld, idx, cw, n, x, out, diag, rows_out);
}

void ToInt8Rows(const float* in, size_t rows, size_t ld, int8_t* out, float* scales) {
  for (size_t r = 0; r < rows; ++r) {
    const float* v = in + r * ld;
    float max_abs = 0.0f;
    for (size_t j = 0; j < ld; ++j) max_abs = std::max(max_abs, std::fabs(v[j]));
    scales[r] = max_abs / 127.0f;
    const float inv = max_abs > 0.0f ? 127.0f / max_abs : 0.0f;
    for (size_t j = 0; j < ld; ++j) {
      out[r * ld + j] = static_cast<int8_t>(std::clamp(std::nearbyint(v[j] * inv), -127.0f, 127.0f));
    }
  }
}

void ApplyRows(const float* rows, size_t ld, const float* cw, size_t n, const float* p, float* out) {
  for (size_t i = 0; i < n; ++i) {
    const float* y = rows + i * ld;
    const float coef = cw[i] * Dot(y, p, ld);
    for (size_t j = 0; j < ld; ++j) out[j] += coef * y[j];
  }
}

void RowsTimesPanels(const float* a, size_t n, size_t ld, const float* q_panels, float* c) {
  const size_t panel = kLanes;
  for (size_t i = 0; i < n; ++i) {
    for (size_t col = 0; col < ld; ++col) {
      const float* q = q_panels + (col / panel) * panel * ld + col % panel;  // q[k][col] at q + k * panel
      float sum = 0.0f;
      for (size_t k = 0; k < ld; ++k) sum += a[i * ld + k] * q[k * panel];
      c[i * ld + col] = sum;
    }
  }
}

}  // namespace

float HalfToFloat(Half h) {
  const uint32_t sign = (uint32_t{h} & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa ? std::nanf("") : INFINITY;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
  }
  uint32_t bits = 0;
  std::memcpy(&bits, &magnitude, sizeof bits);
  bits |= sign;
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

const KernelTable& PortableKernels() {
  static const KernelTable table{&GatherApply,        &Symv,     &CgUpdate,           &Dot,
                                 &DiagMul,            &Reciprocal, &PcgUpdate, &GatherApplyHalf, &ToHalf,
                                 &GatherResidualDiag, &GatherResidualDiagHalf, &ApplyRows,
                                 &GatherResidualDiagInt8, &GatherApplyInt8, &ToInt8Rows, &RowsTimesPanels};
  return table;
}

}  // namespace attune::kernels
