//! The little dense linear algebra calibration needs: Cholesky factorisation of a symmetric
//! positive definite matrix (row-major), solving with it, and the diagonal of its inverse.

/// Factorises `a = L Lᵀ` in place (the lower triangle of `a` becomes `L`; the strict upper triangle
/// is left as it was). Returns false if `a` is not numerically positive definite.
pub(super) fn cholesky(a: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if !(d.is_finite() && d > 0.0) {
            return false;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    true
}

/// Solves `a x = b` for a symmetric positive definite `a`; `None` if it is not.
pub(super) fn solve_spd(a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    let mut l = a.to_vec();
    if !cholesky(&mut l, n) {
        return None;
    }
    let mut y = b.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= l[i * n + k] * y[k];
        }
        y[i] /= l[i * n + i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= l[k * n + i] * y[k];
        }
        y[i] /= l[i * n + i];
    }
    Some(y)
}

/// The diagonal of `a⁻¹` for a symmetric positive definite `a`; `None` if it is not.
///
/// With `a = L Lᵀ`, `a⁻¹ = L⁻ᵀ L⁻¹`, so `(a⁻¹)_kk` is the squared norm of column `k` of `L⁻¹`,
/// which forward substitution gives column by column (`n³/6` multiplications).
pub(super) fn inverse_diagonal(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = a.to_vec();
    if !cholesky(&mut l, n) {
        return None;
    }
    let mut col = vec![0.0; n];
    let mut diag = vec![0.0; n];
    for k in 0..n {
        col[k] = 1.0 / l[k * n + k];
        let mut sum = col[k] * col[k];
        for i in k + 1..n {
            let mut s = 0.0;
            for m in k..i {
                s -= l[i * n + m] * col[m];
            }
            col[i] = s / l[i * n + i];
            sum += col[i] * col[i];
        }
        diag[k] = sum;
    }
    Some(diag)
}

/// `∂²f / ∂x_i ∂x_j` at `x` by central differences with step `h`: the test yardstick of every
/// analytic information matrix here.
#[cfg(test)]
pub(super) fn second_difference(
    f: impl Fn(&[f64]) -> f64,
    x: &[f64],
    i: usize,
    j: usize,
    h: f64,
) -> f64 {
    let at = |di: f64, dj: f64| {
        let mut y = x.to_vec();
        y[i] += di;
        y[j] += dj;
        f(&y)
    };
    (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_inverts_a_small_spd_matrix() {
        // a = [[4, 2, 0.4], [2, 3, 0.5], [0.4, 0.5, 2]]
        let a = [4.0, 2.0, 0.4, 2.0, 3.0, 0.5, 0.4, 0.5, 2.0];
        let x = solve_spd(&a, &[1.0, 2.0, 3.0]).unwrap();
        for i in 0..3 {
            let ax: f64 = (0..3).map(|k| a[i * 3 + k] * x[k]).sum();
            assert!((ax - [1.0, 2.0, 3.0][i]).abs() < 1e-12);
        }
        // Diagonal of the inverse from the cofactors: det = 4(6 − 0.25) − 2(4 − 0.2) + 0.4(1 − 1.2).
        let det = 4.0 * 5.75 - 2.0 * 3.8 + 0.4 * (1.0 - 1.2);
        let expected = [5.75 / det, (8.0 - 0.16) / det, (12.0 - 4.0) / det];
        let d = inverse_diagonal(&a, 3).unwrap();
        for k in 0..3 {
            assert!((d[k] - expected[k]).abs() < 1e-12, "{d:?} vs {expected:?}");
        }
    }

    #[test]
    fn rejects_a_matrix_that_is_not_positive_definite() {
        assert!(solve_spd(&[1.0, 2.0, 2.0, 1.0], &[1.0, 1.0]).is_none());
        assert!(inverse_diagonal(&[0.0], 1).is_none());
    }
}
