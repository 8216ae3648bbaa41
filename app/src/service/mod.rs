//! The rules, once. REST handlers, server functions and HTML form handlers all call these
//! functions and never touch the database or the engine themselves.

pub mod assessment;
pub mod calibration;
pub mod catalog;
pub mod error;
pub mod mediation;
pub mod observatory;
pub mod places;
pub mod premiers_pas;
pub mod retention;
pub mod token;

pub use error::ServiceError;
