//! The maximum likelihood estimator against a brute-force search: on many random mixed patterns of
//! 2PL, 3PL (with guessing) and 4PL items, its estimate is the maximum of the log-likelihood over a
//! fine grid of the estimator's range. Covers the Newton–Raphson search that replaced
//! golden-section search in `estimation/mle.rs`.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use tremplin_engine::Scored;
use tremplin_engine::bank::ItemBank;
use tremplin_engine::estimation::{Grid, Mle, Prior, ResponseLog};
use tremplin_engine::irt::ItemParams;
use tremplin_engine::{Estimate, Estimator};

/// A random test of 5 to 40 items, a third of them 2PL, the others with guessing up to 0.35 and
/// one in four of those with an upper asymptote below 1, and a mixed pattern of answers to it:
/// drawn from the model at a random ability, or by coin flips (the erratic patterns that make
/// guessing produce several local maxima).
fn random_case(rng: &mut Xoshiro256PlusPlus) -> (ItemBank, Vec<bool>) {
    loop {
        let n = rng.random_range(5..=40);
        let params: Vec<ItemParams> = (0..n)
            .map(|_| {
                let a = rng.random_range(0.5..2.5);
                let b = rng.random_range(-2.5..2.5);
                let c = if rng.random_range(0..3) == 0 {
                    0.0
                } else {
                    rng.random_range(0.05..0.35)
                };
                let d = if rng.random_range(0..4) == 0 {
                    rng.random_range(0.9..1.0)
                } else {
                    1.0
                };
                ItemParams::new(a, b, c, d).unwrap()
            })
            .collect();
        let coin_flips = rng.random::<bool>();
        let theta = rng.random_range(-2.5..2.5);
        let pattern: Vec<bool> = params
            .iter()
            .map(|p| rng.random::<f64>() < if coin_flips { 0.5 } else { p.prob(theta) })
            .collect();
        if pattern.iter().any(|&x| x) && pattern.iter().any(|&x| !x) {
            return (ItemBank::new(params).unwrap(), pattern);
        }
    }
}

fn log_of(bank: &ItemBank, pattern: &[bool]) -> ResponseLog {
    let mut log = ResponseLog::new(&Grid::default());
    for (item, &correct) in pattern.iter().enumerate() {
        log.record(bank.params(item), Scored { item, correct });
    }
    log
}

/// The maximiser of the log-likelihood over the grid's range, by exhaustive search with step 5e-4.
fn brute_force_max(bank: &ItemBank, log: &ResponseLog) -> f64 {
    let grid = Grid::default();
    let points = 20_000;
    let step = (grid.hi - grid.lo) / points as f64;
    (0..=points)
        .map(|k| grid.lo + step * k as f64)
        .map(|t| (t, log.loglik_at(bank, t)))
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .unwrap()
        .0
}

#[test]
fn mle_is_the_maximum_of_the_likelihood_found_by_brute_force_on_random_mixed_patterns() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let mle = Mle::new(Prior::default());
    for case in 0..250 {
        let (bank, pattern) = random_case(&mut rng);
        let log = log_of(&bank, &pattern);
        let Estimate { theta, se } = mle.estimate(&bank, &log);
        let best = brute_force_max(&bank, &log);
        let (at_mle, at_best) = (log.loglik_at(&bank, theta), log.loglik_at(&bank, best));
        assert!(
            (theta - best).abs() <= 1e-3,
            "case {case}: MLE {theta} (log-likelihood {at_mle}) but brute force {best} \
             ({at_best}) for {} items",
            pattern.len()
        );
        assert!(
            at_mle >= at_best - 1e-9,
            "case {case}: {at_mle} < {at_best}"
        );
        assert!(se.is_finite() && se > 0.0, "case {case}: se {se}");
    }
}
