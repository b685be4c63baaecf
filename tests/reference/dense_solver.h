// Slow, obviously-correct oracles for implicit ALS: dense linear algebra in double precision.
// Used only by tests (tests/reference/*_test.cc) to check the CG solver in model/als_solver.h.
// Thread safety: pure functions.
#pragma once

#include <vector>

namespace attune::reference {

// Solves A x = b for a symmetric positive definite n x n row-major A by Cholesky
// factorisation. Returns an empty vector if A is not positive definite.
std::vector<double> CholeskySolve(std::vector<double> a, std::vector<double> b, int n);

// The exact iALS user solution for fixed item factors: solves
//   (Y^T C_u Y + lambda I) x = Y^T C_u p_u
// by building the dense k x k system. `y` is items x k (row-major), `items`/`confidence` the
// user's observed items and their confidences c_ui (unobserved items have confidence 1).
std::vector<double> ExactUserFactors(const std::vector<double>& y, int num_items, int k,
                                     const std::vector<int>& items,
                                     const std::vector<double>& confidence, double lambda);

}  // namespace attune::reference
