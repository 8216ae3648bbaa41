//! "Premiers pas": the path for people who have barely used a screen. Today: the result sheet.

mod places;
mod sheet;

pub use sheet::BeginnerSheet;
