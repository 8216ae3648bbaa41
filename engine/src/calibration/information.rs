//! Observed information of the marginal log posterior by Louis's (1982) formula, and the standard
//! errors it gives.
//!
//! For independent persons with latent θ, the observed information of the marginal likelihood is
//!
//! ```text
//! I(ψ) = Σ_i E[−∂²ℓ_i(ψ; θ) | x_i] − Σ_i Cov[∂ℓ_i(ψ; θ) | x_i]
//! ```
//!
//! where `ℓ_i(ψ; θ)` is person `i`'s complete-data log-likelihood and the moments are over their
//! posterior of θ (here on the quadrature, from the `N(0, 1)` prior or their own `N(μ_i, σ_i²)`:
//! the formula holds for any prior that does not depend on the item parameters). The first sum is the complete-data information of the
//! E-step's expected counts, block-diagonal by item; the second couples every pair of items a
//! person answered. The items' prior curvature is added, the matrix is inverted, and the standard
//! errors are the square roots of its diagonal. The formula is exact for the quadrature model, not
//! an approximation such as the complete-data Hessian alone (which would ignore the uncertainty
//! about θ and understate the errors).

use super::StandardErrors;
use super::em::{LogTables, Persons, Population, Quadrature};
use super::item_posterior::{self, Counts, Params, errors_from_variances, point};
use super::linalg::inverse_diagonal;
use super::{ItemPriors, Model};

/// Posterior weights below this are left out of the score covariance (they change nothing).
const NEGLIGIBLE_WEIGHT: f64 = 1e-14;

/// Where the information is computed: the persons' answers, the quadrature and the persons'
/// priors of the EM run, the item parameters, and the E-step's expected counts `n` and `r` at
/// those parameters.
pub(super) struct EmState<'a> {
    pub persons: &'a Persons,
    pub quad: &'a Quadrature,
    pub population: &'a Population,
    pub params: &'a [Params],
    pub n: &'a [f64],
    pub r: &'a [f64],
}

/// The observed information of the marginal log posterior at `at.params`: a dense row-major matrix
/// over the estimated parameters, item by item (`k` parameters each, in the order a, b, c).
pub(super) fn observed_information(model: Model, priors: &[ItemPriors], at: &EmState) -> Vec<f64> {
    let EmState {
        persons,
        quad,
        population,
        params,
        n,
        r,
    } = *at;
    let k = model.parameters();
    let nodes = quad.len();
    let dim = params.len() * k;
    let mut info = vec![0.0; dim * dim];
    for (j, x) in params.iter().enumerate() {
        let counts = Counts {
            theta: &quad.theta,
            n: &n[j * nodes..(j + 1) * nodes],
            r: &r[j * nodes..(j + 1) * nodes],
        };
        let block = item_posterior::complete_information(model, x, counts);
        let prior = item_posterior::prior_information(model, &priors[j], x);
        for a in 0..k {
            for b in 0..k {
                info[(j * k + a) * dim + j * k + b] += block[a][b];
            }
            info[(j * k + a) * dim + j * k + a] += prior[a];
        }
    }

    // Complete-data scores of a correct (`right`) and a wrong (`wrong`) answer, item × node × k.
    let mut right = Vec::with_capacity(params.len() * nodes * k);
    let mut wrong = Vec::with_capacity(params.len() * nodes * k);
    for x in params {
        for &t in &quad.theta {
            let pt = point(t, x);
            right.extend_from_slice(&pt.sp[..k]);
            wrong.extend(pt.sq[..k].iter().map(|s| -s));
        }
    }
    let tables = LogTables::new(params, quad);
    let mut w = vec![0.0; nodes];
    let (mut score, mut mean, mut second, mut index) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..persons.len() {
        let m = persons.count(i);
        if m == 0 {
            continue;
        }
        tables.posterior(persons, i, quad, population, &mut w);
        let d = m * k;
        index.clear();
        for (j, _) in persons.answers(i) {
            index.extend((0..k).map(|a| j * k + a));
        }
        mean.clear();
        mean.resize(d, 0.0);
        second.clear();
        second.resize(d * d, 0.0);
        for (q, &wq) in w.iter().enumerate() {
            if wq < NEGLIGIBLE_WEIGHT {
                continue;
            }
            score.clear();
            for (j, x) in persons.answers(i) {
                let table = if x { &right } else { &wrong };
                let at = (j * nodes + q) * k;
                score.extend_from_slice(&table[at..at + k]);
            }
            for a in 0..d {
                let wa = wq * score[a];
                mean[a] += wa;
                let row = &mut second[a * d..(a + 1) * d];
                for b in a..d {
                    row[b] += wa * score[b];
                }
            }
        }
        for a in 0..d {
            for b in a..d {
                let cov = second[a * d + b] - mean[a] * mean[b];
                info[index[a] * dim + index[b]] -= cov;
                if index[a] != index[b] {
                    info[index[b] * dim + index[a]] -= cov;
                }
            }
        }
    }
    info
}

/// Standard errors of every item from the inverse of the joint information; if that matrix is not
/// positive definite, from each item's own block (the `bool` is then false); `None` for an item
/// whose block is not positive definite either.
pub(super) fn joint_standard_errors(
    model: Model,
    priors: &[ItemPriors],
    at: &EmState,
) -> (Vec<Option<StandardErrors>>, bool) {
    let k = model.parameters();
    let items = at.params.len();
    let dim = items * k;
    let info = observed_information(model, priors, at);
    if let Some(var) = inverse_diagonal(&info, dim) {
        let errors = var.chunks(k).map(errors_from_variances).collect();
        return (errors, true);
    }
    let errors = (0..items)
        .map(|j| {
            let block: Vec<f64> = (0..k * k)
                .map(|e| info[(j * k + e / k) * dim + j * k + e % k])
                .collect();
            inverse_diagonal(&block, k).and_then(|var| errors_from_variances(&var))
        })
        .collect();
    (errors, false)
}

#[cfg(test)]
mod tests {
    use super::super::em::e_step;
    use super::super::linalg::second_difference;
    use super::super::{CalibrationConfig, PersonPrior, Response, calibrate};
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    /// A small data set with missing answers, and the structures the EM builds from it.
    fn small_problem(model: Model) -> (Persons, Quadrature, Vec<Params>) {
        let truth: Vec<Params> = vec![
            [1.2, -0.5, 0.15],
            [0.8, 0.3, 0.2],
            [1.6, 1.0, 0.1],
            [1.0, 0.0, 0.25],
        ];
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let thetas = crate::simulation::normal_population(150, 0.0, 1.0, 4).unwrap();
        let mut responses = Vec::new();
        for (i, &t) in thetas.iter().enumerate() {
            for (j, x) in truth.iter().enumerate() {
                if rng.random::<f64>() < 0.2 {
                    continue;
                }
                let c = if model == Model::TwoPl { 0.0 } else { x[2] };
                let p = crate::irt::prob(t, x[0], x[1], c, 1.0);
                responses.push(Response {
                    person: i,
                    item: j,
                    correct: rng.random::<f64>() < p,
                });
            }
        }
        let mut start = vec![0];
        let (mut item, mut correct) = (Vec::new(), Vec::new());
        for i in 0..thetas.len() {
            for r in responses.iter().filter(|r| r.person == i) {
                item.push(r.item);
                correct.push(r.correct);
            }
            start.push(item.len());
        }
        let params = truth
            .iter()
            .map(|x| {
                let c = if model == Model::TwoPl { 0.0 } else { x[2] };
                [x[0] * 0.9, x[1] + 0.1, c]
            })
            .collect();
        (
            Persons::for_tests(start, item, correct),
            Quadrature::new(31, 5.0),
            params,
        )
    }

    fn check_against_numeric_hessian(model: Model, person_priors: bool) {
        let priors = ItemPriors::default();
        let (persons, quad, params) = small_problem(model);
        // Person i's own prior: means from −1.5 to 1.5 and SDs from 0.5 to 1.2, unrelated to θ.
        let population = if person_priors {
            let p: Vec<PersonPrior> = (0..persons.len())
                .map(|i| PersonPrior {
                    mean: -1.5 + 3.0 * ((i * 37) % 101) as f64 / 100.0,
                    sd: 0.5 + 0.7 * ((i * 53) % 89) as f64 / 88.0,
                })
                .collect();
            Population::per_person(&p, &quad)
        } else {
            Population::Standard
        };
        let nodes = quad.len();
        let (mut n, mut r) = (
            vec![0.0; params.len() * nodes],
            vec![0.0; params.len() * nodes],
        );
        e_step(&persons, &quad, &population, &params, &mut n, &mut r);
        let at = EmState {
            persons: &persons,
            quad: &quad,
            population: &population,
            params: &params,
            n: &n,
            r: &r,
        };
        let info = observed_information(model, &vec![priors; params.len()], &at);
        let k = model.parameters();
        let dim = params.len() * k;
        // The log posterior as a function of the estimated parameters, item by item.
        let f = |flat: &[f64]| {
            let p: Vec<Params> = params
                .iter()
                .zip(flat.chunks(k))
                .map(|(x, y)| {
                    let mut x = *x;
                    x[..k].copy_from_slice(y);
                    x
                })
                .collect();
            let (mut n, mut r) = (vec![0.0; p.len() * nodes], vec![0.0; p.len() * nodes]);
            e_step(&persons, &quad, &population, &p, &mut n, &mut r)
                + p.iter()
                    .map(|x| item_posterior::log_prior(model, &priors, x))
                    .sum::<f64>()
        };
        let flat: Vec<f64> = params.iter().flat_map(|x| x[..k].to_vec()).collect();
        for u in 0..dim {
            for v in u..dim {
                let numeric = -second_difference(f, &flat, u, v, 1e-4);
                let exact = info[u * dim + v];
                assert!(
                    (numeric - exact).abs() < 2e-3 * (1.0 + numeric.abs()),
                    "{model:?} (person priors: {person_priors}) ({u},{v}): numeric {numeric}, \
                     Louis {exact}"
                );
            }
        }
    }

    #[test]
    fn louis_information_equals_the_numeric_hessian_of_the_marginal_log_posterior_2pl() {
        check_against_numeric_hessian(Model::TwoPl, false);
    }

    #[test]
    fn louis_information_equals_the_numeric_hessian_of_the_marginal_log_posterior_3pl() {
        check_against_numeric_hessian(Model::ThreePl, false);
    }

    #[test]
    fn louis_information_with_per_person_priors_equals_the_numeric_hessian_2pl() {
        check_against_numeric_hessian(Model::TwoPl, true);
    }

    #[test]
    fn louis_information_with_per_person_priors_equals_the_numeric_hessian_3pl() {
        check_against_numeric_hessian(Model::ThreePl, true);
    }

    #[test]
    fn standard_errors_are_reported_for_every_calibrated_item() {
        let responses: Vec<Response> = (0..200)
            .flat_map(|i| {
                (0..5).map(move |j| Response {
                    person: i,
                    item: j,
                    correct: (i * 7 + j * 13) % 5 < 2 + (i % 3),
                })
            })
            .collect();
        let cal = calibrate(
            &responses,
            200,
            5,
            &CalibrationConfig::new(Model::ThreePl),
            |_| {},
        )
        .unwrap();
        for o in &cal.items {
            let se = o.estimate().unwrap().se.unwrap();
            assert!(se.a > 0.0 && se.b > 0.0 && se.c.unwrap() > 0.0, "{se:?}");
        }
    }
}
