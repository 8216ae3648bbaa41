//! Settings: typed, layered. Defaults that work from the repository root, then a TOML file
//! (`TREMPLIN_CONFIG`, or `tremplin.toml` in the working directory if present), then the
//! environment (`TREMPLIN_<NAME>`, and `DATABASE_URL`). Secrets are redacted in `Debug`.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// For people reading a terminal.
    #[default]
    Text,
    /// One JSON object per line (time, level, message, fields, the request's span with its id).
    Json,
}

/// Everything the server needs to start.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `addr`, default `127.0.0.1:3000` (port 0 picks a free port).
    pub addr: SocketAddr,
    /// `database_url` (or `DATABASE_URL`), default `sqlite://tremplin.db`; `postgres://…`
    /// selects PostgreSQL. May hold a password: redacted in `Debug`.
    pub database_url: SecretString,
    /// `bank_dir`, default `item-bank/data`.
    pub bank_dir: PathBuf,
    /// `site_root`, default `target/site` (the hydration bundle and stylesheet).
    pub site_root: PathBuf,
    /// `public_url`: the address people use, e.g. `https://tremplin.example.fr`. When it is
    /// https, cookies are `__Host-` and `Secure`, and state-changing requests must come from it.
    #[serde(default)]
    pub public_url: Option<String>,
    /// `starts_per_minute`: assessments one client address may start per minute (sustained).
    pub starts_per_minute: u32,
    /// `starts_burst`: how many it may start at once before the rate applies.
    pub starts_burst: u32,
    /// `trusted_proxy`: the address of the reverse proxy, if any; requests from it are
    /// rate-limited by the client address it appends to `X-Forwarded-For`.
    #[serde(default)]
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// `retention_unfinished_days`, default 30: an unfinished assessment is deleted, with its
    /// answers, this many days after it was started.
    pub retention_unfinished_days: u32,
    /// `retention_answers_days`, default 365: the answers of a finished assessment are deleted
    /// this many days after it finished (its result is kept for the person).
    pub retention_answers_days: u32,
    /// `retention_beneficiary_months`, default 24: a beneficiary of a mediators' structure is
    /// deleted, with their diagnostics, this many months (of 30 days) after their last activity
    /// (registered, diagnostic started or finished): what the person agreed to.
    pub retention_beneficiary_months: u32,
    /// `metrics`, default false: serve Prometheus metrics at `/metrics` (keep it off the public
    /// internet: allow only the monitoring host at the reverse proxy).
    pub metrics: bool,
    /// `log_format`, default `text`: `json` writes one JSON object per log line.
    pub log_format: LogFormat,
    /// `contact_email`: where people write to the operator (their rights, accessibility
    /// problems); shown on the privacy and accessibility pages.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// `staff_idle_minutes`, default 30: a staff session ends after this long without a request.
    pub staff_idle_minutes: u32,
    /// `staff_session_hours`, default 12: a staff session ends this long after sign-in.
    pub staff_session_hours: u32,
    /// `logins_per_minute`, default 6: sign-in attempts one client address may make per
    /// minute (sustained), after a burst of `logins_burst` (default 5).
    pub logins_per_minute: u32,
    pub logins_burst: u32,
}

impl Settings {
    /// The defaults, without any file or environment.
    pub fn defaults() -> Self {
        Self::layered(None, std::iter::empty()).expect("the defaults are valid")
    }

    /// Defaults, then the settings file, then the environment.
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var("TREMPLIN_CONFIG").ok().map(PathBuf::from);
        let file = file.or_else(|| {
            let local = PathBuf::from("tremplin.toml");
            local.is_file().then_some(local)
        });
        Self::layered(file.as_deref(), std::env::vars())
    }

    /// Builds the settings from the defaults, an optional TOML file and environment variables.
    pub fn layered(
        file: Option<&std::path::Path>,
        env: impl Iterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        let env: Vec<(String, String)> = env.collect();
        let mut builder = config::Config::builder()
            .set_default("addr", "127.0.0.1:3000")?
            .set_default("database_url", "sqlite://tremplin.db")?
            .set_default("bank_dir", "item-bank/data")?
            .set_default("site_root", "target/site")?
            .set_default("starts_per_minute", 20)?
            .set_default("starts_burst", 20)?
            .set_default("retention_unfinished_days", 30)?
            .set_default("retention_answers_days", 365)?
            .set_default("retention_beneficiary_months", 24)?
            .set_default("metrics", false)?
            .set_default("log_format", "text")?
            .set_default("staff_idle_minutes", 30)?
            .set_default("staff_session_hours", 12)?
            .set_default("logins_per_minute", 6)?
            .set_default("logins_burst", 5)?;
        if let Some(path) = file {
            builder = builder.add_source(
                config::File::from(path)
                    .format(config::FileFormat::Toml)
                    .required(true),
            );
        }
        let vars: config::Map<String, String> = env
            .iter()
            .filter(|(k, _)| k.starts_with("TREMPLIN_") && k != "TREMPLIN_CONFIG")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        builder = builder.add_source(
            config::Environment::with_prefix("TREMPLIN")
                .prefix_separator("_")
                .source(Some(vars)),
        );
        if let Some((_, url)) = env.iter().find(|(k, _)| k == "DATABASE_URL") {
            builder = builder.set_override("database_url", url.as_str())?;
        }
        let settings: Settings = builder
            .build()
            .context("cannot read the settings")?
            .try_deserialize()
            .context("invalid settings")?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if let Some(url) = &self.public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            anyhow::bail!("public_url `{url}` must start with https:// or http://");
        }
        if self.starts_per_minute == 0 || self.starts_burst == 0 {
            anyhow::bail!("starts_per_minute and starts_burst must be at least 1");
        }
        if self.staff_idle_minutes == 0
            || self.staff_session_hours == 0
            || self.logins_per_minute == 0
            || self.logins_burst == 0
        {
            anyhow::bail!(
                "staff_idle_minutes, staff_session_hours, logins_per_minute and logins_burst must be at least 1"
            );
        }
        if self.retention_unfinished_days == 0
            || self.retention_answers_days == 0
            || self.retention_beneficiary_months == 0
        {
            anyhow::bail!(
                "retention_unfinished_days, retention_answers_days and retention_beneficiary_months must be at least 1"
            );
        }
        Ok(())
    }

    /// The database URL, secret included.
    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }

    /// Whether the site is served over https (from `public_url`).
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The address links are written with: `public_url` without its final `/`, else the
    /// served address over http.
    pub fn base_url(&self) -> String {
        self.public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// The public origin (`scheme://host[:port]`), if set.
    pub fn public_origin(&self) -> Option<String> {
        let url = self.public_url.as_deref()?;
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.split('/').next()?;
        Some(format!("{scheme}://{host}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_environment_overrides_the_file_which_overrides_the_defaults() {
        let dir = std::env::temp_dir().join(format!("tremplin-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tremplin.toml");
        std::fs::write(
            &file,
            "addr = \"0.0.0.0:8080\"\nstarts_per_minute = 5\npublic_url = \"https://t.example.fr/\"\n",
        )
        .unwrap();
        let s =
            Settings::layered(Some(&file), env(&[("TREMPLIN_STARTS_PER_MINUTE", "7")])).unwrap();
        assert_eq!(s.addr.to_string(), "0.0.0.0:8080");
        assert_eq!(s.starts_per_minute, 7);
        assert_eq!(s.bank_dir, PathBuf::from("item-bank/data"));
        assert!(s.https());
        assert_eq!(s.public_origin().as_deref(), Some("https://t.example.fr"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_database_password_never_prints() {
        let s = Settings::layered(
            None,
            env(&[("DATABASE_URL", "postgres://app:hunter2@db/tremplin")]),
        )
        .unwrap();
        assert_eq!(s.database_url(), "postgres://app:hunter2@db/tremplin");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn a_bad_value_is_a_clear_error() {
        let e = Settings::layered(None, env(&[("TREMPLIN_ADDR", "nowhere")])).unwrap_err();
        assert!(format!("{e:#}").contains("invalid settings"), "{e:#}");
        assert!(Settings::layered(None, env(&[("TREMPLIN_PUBLIC_URL", "ftp://x")])).is_err());
    }
}
