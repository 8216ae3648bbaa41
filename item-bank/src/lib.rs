//! `tremplin-bank`: the CRCN framework and Tremplin's item bank.
//!
//! - [`Framework`] — domains, competences, levels with their θ cut scores, the DigComp 2.2
//!   crosswalk and the beginner skills, from `data/framework.toml`.
//! - [`Bank`] — loads and validates `data/framework.toml` and every `data/items/**/*.toml`
//!   (format: `item-bank/FORMAT.md`); every problem is reported as `path:line: message`
//!   ([`LoadErrors`], [`Problem`]).
//! - [`Item`] — a validated item. It holds the solution and is never serialised; what a
//!   candidate may see is its [`ItemView`]. [`Item::check`] scores a [`Response`] (one function
//!   per kind in `check/`); [`Item::params`] gives IRT parameters (the provisional rule is in
//!   [`params`]).
//!
//! The binary `tremplin-bank` (feature `cli`) runs `check` and `stats` over a data directory.
#![deny(missing_docs)]

pub mod check;
mod framework;
mod item;
mod load;
pub mod params;
mod response;
mod stats;
mod view;

pub use framework::{
    BeginnerSkill, Competence, CompetenceCode, Domain, Framework, Level, MAX_LEVEL,
};
pub use item::{Action, Choice, Field, FieldMode, Item, Kind, Media, Region, Status};
pub use load::calibration::{
    CalibratedItem, CalibrationFile, CalibrationSource, FILE as CALIBRATION_FILE,
};
pub use load::{Bank, LoadErrors, Problem};
pub use params::IrtParams;
pub use response::{Point, Response, ResponseError, TaskOutcome};
pub use stats::{BeginnerStats, Stats};
pub use view::{InputView, ItemView, MediaView, QROC_FIELD_ID};

/// Default data directory, relative to the workspace root.
pub const DEFAULT_DATA_DIR: &str = "item-bank/data";
