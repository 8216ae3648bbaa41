//! The `tremplin` command line (clap): `serve` (the default), and one subcommand per task.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::{db::Db, service::places, settings::Settings, startup::Application};

/// Tremplin: adaptive assessment of digital skills (CRCN).
#[derive(Parser)]
#[command(name = "tremplin", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the API (the default): creates and migrates the database, loads
    /// the item bank, listens on `addr`.
    Serve,
    /// Mediation places, from the open-data standard "Lieux de médiation numérique".
    Places {
        #[command(subcommand)]
        command: PlacesCommand,
    },
}

#[derive(Subcommand)]
enum PlacesCommand {
    /// Import a CSV file of the standard: every bad row is reported as `file:line: problem` and
    /// then nothing is imported; places are upserted by `id`, so importing the same file again
    /// changes nothing.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

impl Cli {
    /// Runs the command.
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => serve().await,
            Command::Places {
                command: PlacesCommand::Import { file },
            } => import_places(&file).await,
        }
    }
}

async fn serve() -> anyhow::Result<ExitCode> {
    let settings = Settings::load()?;
    tracing::debug!(?settings, "settings");
    let addr = settings.addr;
    let app = Application::build(settings).await?;
    tracing::info!("Tremplin listens on http://{}:{}", addr.ip(), app.port());
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

async fn import_places(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("{}: cannot read the file: {e}", file.display()))?;
    let settings = Settings::load()?;
    let db = Db::open(settings.database_url()).await?;
    match places::import(&db, &bytes).await {
        Ok(r) => {
            println!(
                "{}: {} places imported ({} new, {} updated, {} unchanged)",
                file.display(),
                r.inserted + r.updated + r.unchanged,
                r.inserted,
                r.updated,
                r.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(places::ImportError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{}:{}: {}", file.display(), p.line, p.message);
            }
            eprintln!(
                "{}: {} problem(s); nothing was imported",
                file.display(),
                problems.len()
            );
            Ok(ExitCode::FAILURE)
        }
        Err(places::ImportError::Unexpected(e)) => Err(e),
    }
}
