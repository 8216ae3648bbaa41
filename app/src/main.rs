//! `tremplin`: the Tremplin server and its tasks (`tremplin --help`). Settings: README.md.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<std::process::ExitCode> {
    let cli = app::cli::Cli::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // The log format is a setting; invalid settings are reported by the command itself.
    let format = app::settings::Settings::load()
        .map(|s| s.log_format)
        .unwrap_or_default();
    match format {
        app::settings::LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        app::settings::LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .init(),
    }
    cli.run().await
}
