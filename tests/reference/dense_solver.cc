#include "tests/reference/dense_solver.h"

#include <cmath>

namespace attune::reference {

std::vector<double> CholeskySolve(std::vector<double> a, std::vector<double> b, int n) {
  // In place: the lower triangle of a becomes L with A = L L^T.
  for (int col = 0; col < n; ++col) {
    double diag = a[col * n + col];
    for (int j = 0; j < col; ++j) diag -= a[col * n + j] * a[col * n + j];
    if (!(diag > 0.0)) return {};
    a[col * n + col] = std::sqrt(diag);
    for (int row = col + 1; row < n; ++row) {
      double v = a[row * n + col];
      for (int j = 0; j < col; ++j) v -= a[row * n + j] * a[col * n + j];
      a[row * n + col] = v / a[col * n + col];
    }
  }
  for (int row = 0; row < n; ++row) {  // L z = b
    for (int j = 0; j < row; ++j) b[row] -= a[row * n + j] * b[j];
    b[row] /= a[row * n + row];
  }
  for (int row = n - 1; row >= 0; --row) {  // L^T x = z
    for (int j = row + 1; j < n; ++j) b[row] -= a[j * n + row] * b[j];
    b[row] /= a[row * n + row];
  }
  return b;
}

std::vector<double> ExactUserFactors(const std::vector<double>& y, int num_items, int k,
                                     const std::vector<int>& items,
                                     const std::vector<double>& confidence, double lambda) {
  std::vector<double> c(num_items, 1.0), pref(num_items, 0.0);
  for (size_t i = 0; i < items.size(); ++i) {
    c[items[i]] = confidence[i];
    pref[items[i]] = 1.0;
  }
  std::vector<double> a(k * k, 0.0), b(k, 0.0);
  for (int item = 0; item < num_items; ++item) {  // every item, as in the textbook formula
    const double* row = y.data() + item * k;
    for (int r = 0; r < k; ++r) {
      for (int s = 0; s < k; ++s) a[r * k + s] += c[item] * row[r] * row[s];
      b[r] += c[item] * pref[item] * row[r];
    }
  }
  for (int r = 0; r < k; ++r) a[r * k + r] += lambda;
  return CholeskySolve(a, b, k);
}

}  // namespace attune::reference
