//! The citizen's assessment: one item at a time, then the result with the optional consent.

mod chart;
mod consent;
mod inputs;
mod item;
mod result;
mod screen;

pub use consent::ConsentForm;
pub use item::ItemPage;
pub use result::ResultPage;
