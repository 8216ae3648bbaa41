//! # tremplin-engine
//!
//! The adaptive-testing engine of Tremplin: item response theory, pure and fast, with no I/O.
//!
//! - [`irt`] — 1PL–4PL response functions ([`irt::ItemParams`]) and Fisher information;
//! - [`bank::ItemBank`] — parameters laid out for exact, pruned maximum-information search;
//! - [`estimation`] — the [`Estimator`] trait: EAP, MAP, MLE (with a documented fallback), WLE;
//! - [`selection`] — the [`Selector`] trait: maximum information, randomesque, Sympson–Hetter,
//!   progressive, random, with content balancing and exclusions;
//! - [`stopping`] — the [`StopRule`] trait: fixed length, SE threshold, min/max, any/all;
//! - [`session::AdaptiveSession`] — the state machine an application drives for one
//!   unidimensional test, rebuilt deterministically from (configuration, seed, responses);
//! - [`profile`] — the multi-competence model `θ_c = g + u_c` and [`profile::ProfileSession`],
//!   which gives a whole competence profile from one adaptive session;
//! - [`levels`] — ability to level from cut scores given by the caller;
//! - [`calibration`] — item parameters from real answers: marginal maximum likelihood by EM for
//!   the 2PL and 3PL with priors and standard errors, and fixed-ability calibration; then item fit
//!   (infit/outfit, S-X²), observed against model characteristic curves, and Mantel–Haenszel DIF;
//! - [`simulation`] — the harness behind the `tremplin-sim` binary (feature `cli`).
//!
//! Randomness is always injected or derived from an explicit seed, so every run is reproducible.
#![deny(missing_docs)]

pub mod bank;
pub mod calibration;
pub mod estimation;
pub mod irt;
pub mod levels;
pub mod profile;
pub mod selection;
pub mod session;
pub mod simulation;
pub mod stopping;

pub use estimation::{Estimate, Estimator};
pub use selection::Selector;
pub use stopping::StopRule;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// One scored response: the item (index in the bank) and whether it was answered correctly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored {
    /// Index of the item in its bank.
    pub item: usize,
    /// True for a correct answer.
    pub correct: bool,
}

/// Errors of the engine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// Item parameters outside the model's domain.
    #[error("invalid item parameters: {0}")]
    InvalidParams(String),
    /// A configuration value that cannot work.
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// A bank with no item.
    #[error("the item bank is empty")]
    EmptyBank,
    /// An item index outside the bank.
    #[error("item {0} is not in the bank")]
    UnknownItem(usize),
    /// An item already administered or excluded.
    #[error("item {0} was already administered or is excluded")]
    ItemNotAvailable(usize),
    /// Response data that cannot be calibrated (index out of range, duplicate answer, …).
    #[error("invalid response data: {0}")]
    InvalidData(String),
}

/// The generator used at step `step` of a session seeded with `seed`.
pub(crate) fn step_rng(seed: u64, step: usize) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ (step as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}
