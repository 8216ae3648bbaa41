//! `tremplin`: the Tremplin server and its tasks. Settings: see `settings.rs` and README.md.

use clap::{Parser, Subcommand};

use app::{settings::Settings, startup::Application};

/// Tremplin: adaptive assessment of digital skills (CRCN).
#[derive(Parser)]
#[command(name = "tremplin", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the API (the default): creates and migrates the database, loads
    /// the item bank, listens on `addr`.
    Serve,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    tracing::debug!(?settings, "settings");
    let addr = settings.addr;
    let app = Application::build(settings).await?;
    tracing::info!("Tremplin listens on http://{}:{}", addr.ip(), app.port());
    app.run_until_stopped().await?;
    Ok(())
}
