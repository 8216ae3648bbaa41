//! The observatory of measured digital skills: published tables with statistical secrecy.

pub mod disclosure;
