//! Settings, read from the environment with defaults that work from the repository root.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `TREMPLIN_ADDR`, default `127.0.0.1:3000` (port 0 picks a free port).
    pub addr: SocketAddr,
    /// `DATABASE_URL`, default `sqlite://tremplin.db`; `postgres://…` selects PostgreSQL.
    pub database_url: String,
    /// `TREMPLIN_BANK_DIR`, default `item-bank/data`.
    pub bank_dir: PathBuf,
    /// `TREMPLIN_SITE_ROOT`, default `target/site` (the hydration bundle and stylesheet).
    pub site_root: PathBuf,
}

impl Settings {
    /// Reads the settings from the environment.
    pub fn from_env() -> anyhow::Result<Self> {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
        let addr = var("TREMPLIN_ADDR", "127.0.0.1:3000");
        Ok(Self {
            addr: addr.parse().with_context(|| {
                format!("TREMPLIN_ADDR `{addr}` is not an address like 127.0.0.1:3000")
            })?,
            database_url: var("DATABASE_URL", "sqlite://tremplin.db"),
            bank_dir: var("TREMPLIN_BANK_DIR", "item-bank/data").into(),
            site_root: var("TREMPLIN_SITE_ROOT", "target/site").into(),
        })
    }
}
