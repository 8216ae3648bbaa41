//! Black-box tests of the web app: the real server on a free port, a fresh database per test
//! (SQLite by default, PostgreSQL with `TREMPLIN_TEST_DATABASE=postgres`).

mod analysis;
mod answers;
mod assets;
mod bank_copy;
mod calibration;
mod cli;
mod consent;
mod contract;
mod deletion;
mod errors;
mod gestures;
mod helpers;
mod mediation;
mod mediation_admin;
mod mediation_results;
mod no_leak;
mod observatory;
mod observatory_beginners;
mod operations;
mod pages;
mod pilot;
mod places;
mod premiers_pas;
mod process;
mod resilience;
mod security;
mod storage;
mod versions;
