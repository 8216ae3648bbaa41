//! The multi-competence profile model and its adaptive session.
//!
//! Each competence `c` has ability `θ_c = g + u_c`: a general digital ability `g ~ N(0, σ_g²)` plus
//! a competence-specific deviation `u_c ~ N(0, σ_u²)`, independent across competences. Each item
//! loads on one competence through an ordinary 1PL–4PL response function of `θ_c`. The implied
//! correlation between two competences is `σ_g² / (σ_g² + σ_u²)`; with unit total variance it is
//! simply `σ_g²`.
//!
//! Given `g`, the `u_c` are independent, so the posterior is computed **exactly** (up to
//! quadrature) with nested 1-D quadrature:
//!
//! ```text
//! p(g | x) ∝ φ(g; σ_g) Π_c m_c(g),       m_c(g) = ∫ φ(u; σ_u) L_c(g + u) du
//! E[θ_c | x] = Σ_j p(g_j | x) · ∫ (g_j + u) φ(u) L_c(g_j + u) du / m_c(g_j)
//! ```
//!
//! The `g` and `u` grids share one step `h`, so `g_j + u_k` falls on a θ grid where each
//! competence's likelihood `L_c` is kept up to date. A response changes one competence only: its
//! likelihood (one pass over the θ grid) and its conditional sums (one pass over the g × u grid).
//!
//! Borrowing strength through `g` is what lets one 48-item session give a usable 16-competence
//! profile: see `tremplin-sim profile` for the gain over 16 independent estimates.

use crate::bank::ItemBank;
use crate::estimation::Estimate;
use crate::irt::{ItemParams, log_lik};
use crate::{EngineError, Scored, step_rng};
use rand::RngExt;
use serde::{Deserialize, Serialize};

/// An item of a profile bank: its parameters and the competence (0-based) it measures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProfileItem {
    /// IRT parameters on the competence's θ scale.
    pub params: ItemParams,
    /// Index of the competence, `0..competences`.
    pub competence: usize,
}

/// Items grouped by competence, each group laid out for fast selection.
#[derive(Debug, Clone)]
pub struct ProfileBank {
    items: Vec<ProfileItem>,
    competences: usize,
    groups: Vec<Option<ItemBank>>,
    // For each competence, the global index of its local items.
    members: Vec<Vec<usize>>,
}

impl ProfileBank {
    /// A bank over `competences` competences; every item's competence must be below that.
    pub fn new(items: Vec<ProfileItem>, competences: usize) -> Result<Self, EngineError> {
        if items.is_empty() {
            return Err(EngineError::EmptyBank);
        }
        if competences == 0 {
            return Err(EngineError::InvalidConfig(
                "a profile needs at least one competence".into(),
            ));
        }
        let mut members = vec![Vec::new(); competences];
        for (i, it) in items.iter().enumerate() {
            let group = members.get_mut(it.competence).ok_or_else(|| {
                EngineError::InvalidConfig(format!(
                    "item {i} has competence {} of {competences}",
                    it.competence
                ))
            })?;
            group.push(i);
        }
        let groups = members
            .iter()
            .map(|m| {
                if m.is_empty() {
                    Ok(None)
                } else {
                    ItemBank::new(m.iter().map(|&i| items[i].params).collect()).map(Some)
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(ProfileBank {
            items,
            competences,
            groups,
            members,
        })
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: a bank has at least one item.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of competences.
    pub fn competences(&self) -> usize {
        self.competences
    }

    /// Item `i`.
    pub fn item(&self, i: usize) -> &ProfileItem {
        &self.items[i]
    }
}

/// Prior, precision target and length of a profile session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileConfig {
    /// Standard deviation of the general ability `g`.
    pub general_sd: f64,
    /// Standard deviation of each competence-specific deviation `u_c`.
    pub specific_sd: f64,
    /// Quadrature step shared by the g and u grids.
    pub grid_step: f64,
    /// Half-width of each grid in prior standard deviations.
    pub grid_sds: f64,
    /// Stop once every competence's SE is below this (after `min_items`)…
    pub target_se: f64,
    /// …but never before this many items…
    pub min_items: usize,
    /// …nor before every competence has this many items (when the bank has them)…
    pub min_per_competence: usize,
    /// …and always at this many items.
    pub max_items: usize,
    /// Draw uniformly among this many best items of the chosen competence (1 = the best).
    pub randomesque: usize,
    /// Items never to give.
    pub excluded: Vec<usize>,
}

impl Default for ProfileConfig {
    /// Unit-variance abilities with inter-competence correlation 0.7, per-competence SE target
    /// 0.55, at least 2 items per competence and at most 48 items. With 16 competences the SE of
    /// a competence cannot fall much below ~0.5 within 48 items (about 3 items each, plus what the
    /// general factor lends), so the target is set where it separates examinees: measured on the
    /// real bank with `tremplin-sim profile --bank … --target-se 0.55`, see README.md.
    fn default() -> Self {
        ProfileConfig {
            general_sd: 0.7f64.sqrt(),
            specific_sd: 0.3f64.sqrt(),
            grid_step: 0.15,
            grid_sds: 4.5,
            target_se: 0.55,
            min_items: 2,
            min_per_competence: 2,
            max_items: 48,
            randomesque: 1,
            excluded: Vec::new(),
        }
    }
}

impl ProfileConfig {
    /// The configuration for a given correlation between competences (unit total variance).
    pub fn with_correlation(rho: f64) -> Result<Self, EngineError> {
        if !(rho > 0.0 && rho < 1.0) {
            return Err(EngineError::InvalidConfig(format!(
                "correlation must be in (0, 1), got {rho}"
            )));
        }
        Ok(ProfileConfig {
            general_sd: rho.sqrt(),
            specific_sd: (1.0 - rho).sqrt(),
            ..Default::default()
        })
    }

    fn validate(&self) -> Result<(), EngineError> {
        let pos = |x: f64| x.is_finite() && x > 0.0;
        if !(pos(self.general_sd)
            && pos(self.specific_sd)
            && pos(self.grid_step)
            && pos(self.grid_sds)
            && pos(self.target_se))
        {
            return Err(EngineError::InvalidConfig(
                "profile: standard deviations, grid and SE target must be positive".into(),
            ));
        }
        if self.max_items == 0 || self.randomesque == 0 || self.min_items > self.max_items {
            return Err(EngineError::InvalidConfig(
                "profile: need 1 <= min_items <= max_items and randomesque >= 1".into(),
            ));
        }
        let points = 2.0 * self.grid_sds * self.general_sd.max(self.specific_sd) / self.grid_step;
        if points > 2000.0 {
            return Err(EngineError::InvalidConfig("profile: grid too fine".into()));
        }
        Ok(())
    }
}

/// Current estimates of a profile session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileEstimates {
    /// The general ability `g`.
    pub general: Estimate,
    /// `θ_c` for each competence.
    pub competences: Vec<Estimate>,
}

/// The quadrature state of a profile posterior (shared by the session and the simulator).
#[derive(Debug, Clone)]
pub struct ProfilePosterior {
    g: Vec<f64>,
    log_prior_g: Vec<f64>,
    u_weight: Vec<f64>,
    theta: Vec<f64>,
    // Per competence: log-likelihood on the θ grid, and per g point: log m_c, E[θ|g], E[θ²|g].
    loglik: Vec<Vec<f64>>,
    log_m: Vec<Vec<f64>>,
    mean_given_g: Vec<Vec<f64>>,
    sq_given_g: Vec<Vec<f64>>,
    estimates: ProfileEstimates,
}

impl ProfilePosterior {
    /// The prior state for `competences` competences.
    pub fn new(config: &ProfileConfig, competences: usize) -> Self {
        let h = config.grid_step;
        let half_g = (config.grid_sds * config.general_sd / h).ceil() as i64;
        let half_u = (config.grid_sds * config.specific_sd / h).ceil() as i64;
        let g: Vec<f64> = (-half_g..=half_g).map(|k| k as f64 * h).collect();
        let u: Vec<f64> = (-half_u..=half_u).map(|k| k as f64 * h).collect();
        let theta: Vec<f64> = (-(half_g + half_u)..=(half_g + half_u))
            .map(|k| k as f64 * h)
            .collect();
        let log_prior_g = g
            .iter()
            .map(|x| -0.5 * (x / config.general_sd).powi(2))
            .collect();
        let mut u_weight: Vec<f64> = u
            .iter()
            .map(|x| (-0.5 * (x / config.specific_sd).powi(2)).exp())
            .collect();
        let z: f64 = u_weight.iter().sum();
        u_weight.iter_mut().for_each(|w| *w /= z);
        let mut post = ProfilePosterior {
            loglik: vec![vec![0.0; theta.len()]; competences],
            log_m: vec![vec![0.0; g.len()]; competences],
            mean_given_g: vec![vec![0.0; g.len()]; competences],
            sq_given_g: vec![vec![0.0; g.len()]; competences],
            estimates: ProfileEstimates {
                general: Estimate {
                    theta: 0.0,
                    se: 1.0,
                },
                competences: Vec::new(),
            },
            g,
            log_prior_g,
            u_weight,
            theta,
        };
        for c in 0..competences {
            post.refresh_competence(c);
        }
        post.refresh_estimates();
        post
    }

    /// Adds a response to an item of competence `c`.
    pub fn record(&mut self, c: usize, params: &ItemParams, correct: bool) {
        for (l, &t) in self.loglik[c].iter_mut().zip(&self.theta) {
            *l += log_lik(t, params, correct);
        }
        self.refresh_competence(c);
        self.refresh_estimates();
    }

    fn refresh_competence(&mut self, c: usize) {
        let ll = &self.loglik[c];
        let max = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lik: Vec<f64> = ll.iter().map(|l| (l - max).exp()).collect();
        for j in 0..self.g.len() {
            let (mut m, mut s1, mut s2) = (0.0, 0.0, 0.0);
            // θ index of g_j + u_k is j + k.
            for (k, &w) in self.u_weight.iter().enumerate() {
                let wl = w * lik[j + k];
                let t = self.theta[j + k];
                m += wl;
                s1 += wl * t;
                s2 += wl * t * t;
            }
            let m = m.max(f64::MIN_POSITIVE);
            self.log_m[c][j] = m.ln();
            self.mean_given_g[c][j] = s1 / m;
            self.sq_given_g[c][j] = s2 / m;
        }
    }

    fn refresh_estimates(&mut self) {
        let mut logp = self.log_prior_g.clone();
        for lm in &self.log_m {
            for (p, l) in logp.iter_mut().zip(lm) {
                *p += l;
            }
        }
        let max = logp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut p: Vec<f64> = logp.iter().map(|l| (l - max).exp()).collect();
        let z: f64 = p.iter().sum();
        p.iter_mut().for_each(|x| *x /= z);
        let moments = |f1: &dyn Fn(usize) -> f64, f2: &dyn Fn(usize) -> f64| {
            let (mut a, mut b) = (0.0, 0.0);
            for (j, &pj) in p.iter().enumerate() {
                a += pj * f1(j);
                b += pj * f2(j);
            }
            Estimate {
                theta: a,
                se: (b - a * a).max(0.0).sqrt().max(1e-12),
            }
        };
        let general = moments(&|j| self.g[j], &|j| self.g[j] * self.g[j]);
        let competences = (0..self.loglik.len())
            .map(|c| moments(&|j| self.mean_given_g[c][j], &|j| self.sq_given_g[c][j]))
            .collect();
        self.estimates = ProfileEstimates {
            general,
            competences,
        };
    }

    /// Current estimates.
    pub fn estimates(&self) -> &ProfileEstimates {
        &self.estimates
    }

    /// The distribution of `θ_c` given every response except those to competence `c`: the prior
    /// that makes a calibration of competence `c` alone condition on what chose its items (the
    /// other competences' answers). Since `θ_c = g + u_c` with `u_c` independent of everything
    /// else before `c`'s own answers, its mean is `E[g | Y₋c]` and its variance
    /// `Var(g | Y₋c) + Var(u_c)` (both on the quadrature grids).
    pub fn without(&self, c: usize) -> Estimate {
        let mut logp = self.log_prior_g.clone();
        for (k, lm) in self.log_m.iter().enumerate() {
            if k == c {
                continue;
            }
            for (p, l) in logp.iter_mut().zip(lm) {
                *p += l;
            }
        }
        let max = logp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let p: Vec<f64> = logp.iter().map(|l| (l - max).exp()).collect();
        let z: f64 = p.iter().sum();
        let mean = p.iter().zip(&self.g).map(|(p, g)| p * g).sum::<f64>() / z;
        let var_g = p
            .iter()
            .zip(&self.g)
            .map(|(p, g)| p * (g - mean).powi(2))
            .sum::<f64>()
            / z;
        // u_k = θ_k − g_0 on the shared step (the u grid is centred on 0).
        let w: f64 = self.u_weight.iter().sum();
        let var_u = self
            .u_weight
            .iter()
            .enumerate()
            .map(|(k, wk)| wk * (self.theta[k] - self.g[0]).powi(2))
            .sum::<f64>()
            / w;
        Estimate {
            theta: mean,
            se: (var_g + var_u).sqrt(),
        }
    }
}

/// One examinee's adaptive profile session.
///
/// Selection spreads items where the profile is least precise: for each competence it finds the
/// most informative eligible item at the competence's current estimate and takes the competence
/// whose posterior variance that item would reduce most, `ΔV ≈ V² I / (1 + V I)` (the normal
/// approximation of the posterior update). Until every competence has `min_per_competence`
/// items, only those below the minimum compete. Like [`crate::session::AdaptiveSession`], its
/// state is a pure function of (bank, configuration, seed, responses).
#[derive(Debug, Clone)]
pub struct ProfileSession<'b> {
    bank: &'b ProfileBank,
    config: ProfileConfig,
    seed: u64,
    blocked: Vec<bool>,
    given: Vec<usize>,
    left: Vec<usize>,
    responses: Vec<Scored>,
    posterior: ProfilePosterior,
}

impl<'b> ProfileSession<'b> {
    /// A new session with no response.
    pub fn new(
        bank: &'b ProfileBank,
        config: ProfileConfig,
        seed: u64,
    ) -> Result<Self, EngineError> {
        config.validate()?;
        let mut blocked = vec![false; bank.len()];
        for &i in &config.excluded {
            *blocked.get_mut(i).ok_or(EngineError::UnknownItem(i))? = true;
        }
        let mut left = vec![0; bank.competences];
        for i in (0..bank.len()).filter(|&i| !blocked[i]) {
            left[bank.items[i].competence] += 1;
        }
        let posterior = ProfilePosterior::new(&config, bank.competences);
        Ok(ProfileSession {
            bank,
            given: vec![0; bank.competences],
            left,
            config,
            seed,
            blocked,
            responses: Vec::new(),
            posterior,
        })
    }

    /// The session after `responses`, replayed in order.
    pub fn rebuild(
        bank: &'b ProfileBank,
        config: ProfileConfig,
        seed: u64,
        responses: &[Scored],
    ) -> Result<Self, EngineError> {
        let mut s = Self::new(bank, config, seed)?;
        for &r in responses {
            s.record(r)?;
        }
        Ok(s)
    }

    /// Records a scored response (the item must exist and not be administered or excluded).
    pub fn record(&mut self, r: Scored) -> Result<(), EngineError> {
        let item = self
            .bank
            .items
            .get(r.item)
            .ok_or(EngineError::UnknownItem(r.item))?;
        if self.blocked[r.item] {
            return Err(EngineError::ItemNotAvailable(r.item));
        }
        self.blocked[r.item] = true;
        self.given[item.competence] += 1;
        self.left[item.competence] -= 1;
        self.posterior
            .record(item.competence, &item.params, r.correct);
        self.responses.push(r);
        Ok(())
    }

    fn below_minimum(&self, c: usize) -> bool {
        self.given[c] < self.config.min_per_competence && self.left[c] > 0
    }

    /// True at `max_items`, when no item is left, or when every competence is precise enough
    /// (after `min_items` and the per-competence minimum).
    pub fn is_done(&self) -> bool {
        let n = self.responses.len();
        if n >= self.config.max_items || self.left.iter().all(|&l| l == 0) {
            return true;
        }
        n >= self.config.min_items
            && !(0..self.bank.competences).any(|c| self.below_minimum(c))
            && self
                .posterior
                .estimates
                .competences
                .iter()
                .all(|e| e.se < self.config.target_se)
    }

    /// The item to give next, or `None` when the session is over.
    pub fn next_item(&self) -> Option<usize> {
        if self.is_done() {
            return None;
        }
        let catch_up = (0..self.bank.competences).any(|c| self.below_minimum(c));
        let mut best: Option<(f64, usize)> = None;
        let mut top = Vec::with_capacity(self.config.randomesque);
        for c in 0..self.bank.competences {
            let Some(group) = &self.bank.groups[c] else {
                continue;
            };
            if self.left[c] == 0 || (catch_up && !self.below_minimum(c)) {
                continue;
            }
            let est = self.posterior.estimates.competences[c];
            group.top_k(
                est.theta,
                1,
                |l| !self.blocked[self.bank.members[c][l]],
                &mut top,
            );
            if let Some(&(info, _)) = top.first() {
                let v = est.se * est.se;
                let gain = v * v * info / (1.0 + v * info);
                if best.is_none_or(|(g, _)| gain > g) {
                    best = Some((gain, c));
                }
            }
        }
        let (_, c) = best?;
        let group = self.bank.groups[c].as_ref()?;
        let theta = self.posterior.estimates.competences[c].theta;
        group.top_k(
            theta,
            self.config.randomesque,
            |l| !self.blocked[self.bank.members[c][l]],
            &mut top,
        );
        let pick = if top.len() > 1 {
            step_rng(self.seed, self.responses.len()).random_range(0..top.len())
        } else {
            0
        };
        top.get(pick).map(|&(_, l)| self.bank.members[c][l])
    }

    /// Current estimates of the general ability and of every competence.
    pub fn estimates(&self) -> &ProfileEstimates {
        self.posterior.estimates()
    }

    /// Number of responses so far.
    pub fn answered(&self) -> usize {
        self.responses.len()
    }

    /// The most items this session can still reach in total (`max_items`, or fewer if the bank is
    /// smaller): an upper bound for progress displays.
    pub fn expected_length(&self) -> usize {
        let available: usize = self.left.iter().sum::<usize>() + self.responses.len();
        self.config.max_items.min(available)
    }

    /// The responses so far.
    pub fn responses(&self) -> &[Scored] {
        &self.responses
    }

    /// Items given per competence.
    pub fn given_per_competence(&self) -> &[usize] {
        &self.given
    }

    /// The configuration.
    pub fn config(&self) -> &ProfileConfig {
        &self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bank(per: usize, comps: usize) -> ProfileBank {
        let items = (0..per * comps)
            .map(|i| ProfileItem {
                params: ItemParams::two_pl(
                    0.8 + (i % 3) as f64 * 0.3,
                    ((i * 37) % 11) as f64 * 0.4 - 2.0,
                )
                .unwrap(),
                competence: i % comps,
            })
            .collect();
        ProfileBank::new(items, comps).unwrap()
    }

    /// Brute-force posterior means over a fine 3-D grid for 2 competences.
    fn brute_force(bank: &ProfileBank, cfg: &ProfileConfig, resp: &[Scored]) -> (f64, f64, f64) {
        let n = 120;
        let (gl, ul) = (5.0 * cfg.general_sd, 5.0 * cfg.specific_sd);
        let (hg, hu) = (2.0 * gl / n as f64, 2.0 * ul / n as f64);
        let (mut z, mut m0, mut m1, mut mg) = (0.0, 0.0, 0.0, 0.0);
        for a in 0..=n {
            let g = -gl + hg * a as f64;
            let pg = (-0.5 * (g / cfg.general_sd).powi(2)).exp();
            for b in 0..=n {
                let u0 = -ul + hu * b as f64;
                for c in 0..=n {
                    let u1 = -ul + hu * c as f64;
                    let mut w = pg
                        * (-0.5 * (u0 / cfg.specific_sd).powi(2)
                            - 0.5 * (u1 / cfg.specific_sd).powi(2))
                        .exp();
                    for r in resp {
                        let it = bank.item(r.item);
                        let t = g + if it.competence == 0 { u0 } else { u1 };
                        let p = it.params.prob(t);
                        w *= if r.correct { p } else { 1.0 - p };
                    }
                    z += w;
                    m0 += w * (g + u0);
                    m1 += w * (g + u1);
                    mg += w * g;
                }
            }
        }
        (mg / z, m0 / z, m1 / z)
    }

    #[test]
    fn nested_quadrature_matches_brute_force_integration() {
        let bank = bank(6, 2);
        let cfg = ProfileConfig {
            grid_step: 0.05,
            grid_sds: 5.0,
            ..Default::default()
        };
        let resp = [
            Scored {
                item: 0,
                correct: true,
            },
            Scored {
                item: 2,
                correct: true,
            },
            Scored {
                item: 4,
                correct: false,
            },
            Scored {
                item: 1,
                correct: false,
            },
        ];
        let s = ProfileSession::rebuild(&bank, cfg.clone(), 0, &resp).unwrap();
        let (g, t0, t1) = brute_force(&bank, &cfg, &resp);
        let e = s.estimates();
        assert!(
            (e.general.theta - g).abs() < 2e-3,
            "{} vs {g}",
            e.general.theta
        );
        assert!(
            (e.competences[0].theta - t0).abs() < 2e-3,
            "{} vs {t0}",
            e.competences[0].theta
        );
        assert!(
            (e.competences[1].theta - t1).abs() < 2e-3,
            "{} vs {t1}",
            e.competences[1].theta
        );
    }

    #[test]
    fn leaving_a_competence_out_is_the_posterior_that_never_saw_its_answers() {
        let bank = bank(8, 3);
        let cfg = ProfileConfig::default();
        let answers: Vec<(usize, bool)> = (0..24).map(|i| (i, (i * 7) % 3 != 0)).collect();
        let mut all = ProfilePosterior::new(&cfg, 3);
        for &(i, correct) in &answers {
            let it = bank.item(i);
            all.record(it.competence, &it.params, correct);
        }
        for c in 0..3 {
            let mut others = ProfilePosterior::new(&cfg, 3);
            for &(i, correct) in answers
                .iter()
                .filter(|(i, _)| bank.item(*i).competence != c)
            {
                let it = bank.item(i);
                others.record(it.competence, &it.params, correct);
            }
            // With no answer of its own, θ_c's posterior is the leave-out one.
            let expected = others.estimates().competences[c];
            let got = all.without(c);
            assert!(
                (got.theta - expected.theta).abs() < 1e-9,
                "{got:?} vs {expected:?}"
            );
            assert!(
                (got.se - expected.se).abs() < 1e-6,
                "{got:?} vs {expected:?}"
            );
            // …and it differs from the posterior that saw them.
            assert!((all.estimates().competences[c].theta - got.theta).abs() > 1e-3);
        }
        // Before any answer: the prior, unit variance.
        let prior = ProfilePosterior::new(&cfg, 3).without(1);
        assert!(
            prior.theta.abs() < 1e-9 && (prior.se - 1.0).abs() < 0.01,
            "{prior:?}"
        );
    }

    #[test]
    fn answers_on_one_competence_inform_the_others_through_g() {
        let bank = bank(10, 3);
        let mut s = ProfileSession::new(&bank, ProfileConfig::default(), 1).unwrap();
        let prior_se = s.estimates().competences[2].se;
        for i in (0..30).filter(|i| i % 3 == 0).take(6) {
            s.record(Scored {
                item: i,
                correct: true,
            })
            .unwrap();
        }
        let e = s.estimates();
        assert!(e.competences[0].theta > 0.5);
        assert!(
            e.competences[2].theta > 0.2,
            "borrowed strength: {:?}",
            e.competences[2]
        );
        assert!(e.competences[2].theta < e.competences[0].theta);
        assert!(e.competences[2].se < prior_se);
        assert!(e.competences[0].se < e.competences[2].se);
    }

    #[test]
    fn gives_every_competence_its_minimum_and_stops_at_the_maximum() {
        let bank = bank(8, 4);
        let cfg = ProfileConfig {
            min_per_competence: 2,
            max_items: 12,
            target_se: 0.01,
            ..Default::default()
        };
        let mut s = ProfileSession::new(&bank, cfg, 3).unwrap();
        while let Some(i) = s.next_item() {
            s.record(Scored {
                item: i,
                correct: i % 2 == 0,
            })
            .unwrap();
            if s.answered() == 8 {
                assert_eq!(s.given_per_competence(), &[2, 2, 2, 2]);
            }
        }
        assert_eq!(s.answered(), 12);
    }

    #[test]
    fn rejects_bad_banks_and_configs() {
        let p = ItemParams::two_pl(1.0, 0.0).unwrap();
        assert!(
            ProfileBank::new(
                vec![ProfileItem {
                    params: p,
                    competence: 3
                }],
                2
            )
            .is_err()
        );
        assert!(ProfileBank::new(vec![], 2).is_err());
        let b = bank(2, 2);
        assert!(
            ProfileSession::new(
                &b,
                ProfileConfig {
                    max_items: 0,
                    ..Default::default()
                },
                0
            )
            .is_err()
        );
        assert!(
            ProfileSession::new(
                &b,
                ProfileConfig {
                    target_se: -1.0,
                    ..Default::default()
                },
                0
            )
            .is_err()
        );
        assert!(
            ProfileSession::new(
                &b,
                ProfileConfig {
                    excluded: vec![99],
                    ..Default::default()
                },
                0
            )
            .is_err()
        );
    }

    proptest! {
        #[test]
        fn profile_rebuild_gives_the_same_next_item(seed in any::<u64>(), answers in prop::collection::vec(any::<bool>(), 0..20)) {
            let bank = bank(6, 4);
            let cfg = ProfileConfig { randomesque: 3, ..Default::default() };
            let mut s = ProfileSession::new(&bank, cfg.clone(), seed).unwrap();
            for &x in &answers {
                let Some(i) = s.next_item() else { break };
                prop_assert!(!s.responses().iter().any(|r| r.item == i));
                s.record(Scored { item: i, correct: x }).unwrap();
            }
            let r = ProfileSession::rebuild(&bank, cfg, seed, s.responses()).unwrap();
            prop_assert_eq!(r.next_item(), s.next_item());
            prop_assert_eq!(r.estimates(), s.estimates());
        }
    }
}
