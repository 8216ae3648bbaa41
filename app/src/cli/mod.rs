//! The `tremplin` command line (clap): `serve` (the default), and one subcommand per task.

mod calibrate;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::{
    db::{Backend, Db, maintenance},
    domain::mediation::Role,
    service::{
        mediation::{accounts, structures},
        places,
    },
    settings::Settings,
    startup::Application,
};

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
    /// Writes a consistent copy of the SQLite database to FILE, while the server may be
    /// serving. For PostgreSQL, use pg_dump (README, "Operating").
    Backup {
        /// The backup file to write (must not exist).
        #[arg(long = "to", value_name = "FILE")]
        to: PathBuf,
    },
    /// Puts a backup made by `tremplin backup` in place of the SQLite database (stop the server
    /// first). The database it replaces is kept beside it, renamed `….before-restore-<time>`.
    Restore {
        /// The backup file to restore.
        #[arg(long = "from", value_name = "FILE")]
        from: PathBuf,
    },
    /// Structures and staff accounts of the mediators' space.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Mediation places, from the open-data standard "Lieux de médiation numérique".
    Places {
        #[command(subcommand)]
        command: PlacesCommand,
    },
    /// The observatory's records and published tables.
    Observatory {
        #[command(subcommand)]
        command: ObservatoryCommand,
    },
    /// Estimates item parameters from the stored answers: writes a calibration file for the bank
    /// (`item-bank/FORMAT.md`, "Calibration") and a report (fit, DIF, curves) for its reviewer.
    /// Nothing live changes until the file is committed into the bank.
    #[command(args_conflicts_with_subcommands = true)]
    Calibrate {
        #[command(subcommand)]
        command: Option<CalibrateCommand>,
        #[command(flatten)]
        args: CalibrateArgs,
    },
}

#[derive(clap::Args)]
struct CalibrateArgs {
    /// The item response model.
    #[arg(long, default_value = "2pl", value_parser = ["2pl", "3pl"])]
    model: String,
    /// Items with fewer answers keep their parameters.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(10..))]
    min_answers: u64,
    /// The calibration file to write (must not exist).
    #[arg(long, default_value = "calibration.toml", value_name = "FILE")]
    out: PathBuf,
    /// The directory of the report (`report.html`, `items.csv`); created, must be empty.
    #[arg(long, default_value = "calibration-report", value_name = "DIR")]
    report: PathBuf,
    /// What the answers are, written in the file's header.
    #[arg(long, default_value = "")]
    note: String,
    /// For simulated answers: the true parameters (`tremplin calibrate seed --truth`), compared
    /// in the report.
    #[arg(long, value_name = "FILE")]
    truth: Option<PathBuf>,
}

#[derive(Subcommand)]
enum CalibrateCommand {
    /// Fictitious examinees take the adaptive test and their answers are stored (refused on a
    /// database with real assessments); writes their true item parameters to `--truth`.
    Seed {
        /// How many examinees.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        persons: u64,
        /// Seed of the random draws.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the true parameters (CSV `id,a,b,c,dif`; must not exist).
        #[arg(long, value_name = "FILE")]
        truth: PathBuf,
    },
}

#[derive(Subcommand)]
enum ObservatoryCommand {
    /// Writes synthetic anonymous records (fictitious, marked `synthetique`) over the last
    /// closed months, then releases those months; prints how long each step took. With
    /// `--inbox`, the records go through the inbox and the usual pass instead (to time a pass).
    Seed {
        /// How many records.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        records: u64,
        /// Over how many closed months.
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=120))]
        months: u32,
        /// Seed of the random draws.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Through the inbox and a pass (in the last closed month).
        #[arg(long)]
        inbox: bool,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Creates a structure (a mediation place, a town hall, an association); prints its id
    /// alone on the last line.
    CreateStructure {
        #[arg(long)]
        name: String,
        /// INSEE code of the commune of its place (for La Coop's activity export).
        #[arg(long)]
        commune: Option<String>,
    },
    /// Invites a person to create an account: prints the one-time link (72 hours, single use)
    /// on the last line.
    Invite {
        /// mediator, structure_admin, platform_admin or analyst.
        #[arg(long, value_parser = ["mediator", "structure_admin", "platform_admin", "analyst"])]
        role: String,
        /// The structure's id (from `create-structure`).
        #[arg(long)]
        structure: String,
        #[arg(long)]
        email: String,
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
            Command::Backup { to } => backup(&to).await,
            Command::Admin { command } => admin(command).await,
            Command::Restore { from } => restore(&from).await,
            Command::Observatory {
                command:
                    ObservatoryCommand::Seed {
                        records,
                        months,
                        seed,
                        inbox,
                    },
            } => seed_observatory(records, months, seed, inbox).await,
            Command::Calibrate {
                command:
                    Some(CalibrateCommand::Seed {
                        persons,
                        seed,
                        truth,
                    }),
                ..
            } => calibrate::seed_answers(persons, seed, &truth).await,
            Command::Calibrate {
                command: None,
                args,
            } => calibrate::calibrate(args).await,
        }
    }
}

async fn serve() -> anyhow::Result<ExitCode> {
    let settings = Settings::load()?;
    tracing::debug!(?settings, "settings");
    let addr = settings.addr;
    let retention = crate::service::retention::Periods::of(&settings);
    let app = Application::build(settings).await?;
    crate::service::retention::spawn_daily(app.state.db.clone(), retention);
    crate::service::observatory::spawn_daily(
        app.state.db.clone(),
        crate::service::observatory::competences(&app.state),
    );
    let stop = crate::startup::shutdown_signal()?;
    tracing::info!("Tremplin listens on http://{}:{}", addr.ip(), app.port());
    app.run_until(stop).await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Exit code of a command that cannot apply to this database (PostgreSQL has its own tools),
/// or whose arguments the rules refuse.
const NOT_FOR_THIS_DATABASE: u8 = 2;

async fn backup(to: &std::path::Path) -> anyhow::Result<ExitCode> {
    let settings = Settings::load()?;
    if Backend::of(settings.database_url())? == Backend::Postgres {
        eprintln!(
            "backup: the database is PostgreSQL: back it up with pg_dump (README, \"Operating\")"
        );
        return Ok(ExitCode::from(NOT_FOR_THIS_DATABASE));
    }
    maintenance::backup_sqlite(settings.database_url(), to).await?;
    let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    println!("{}: backup written ({size} bytes)", to.display());
    Ok(ExitCode::SUCCESS)
}

async fn restore(from: &std::path::Path) -> anyhow::Result<ExitCode> {
    let settings = Settings::load()?;
    if Backend::of(settings.database_url())? == Backend::Postgres {
        eprintln!(
            "restore: the database is PostgreSQL: restore a pg_dump file with pg_restore (README, \"Operating\")"
        );
        return Ok(ExitCode::from(NOT_FOR_THIS_DATABASE));
    }
    let restored = maintenance::restore_sqlite(settings.database_url(), from).await?;
    let target = maintenance::sqlite_path(settings.database_url())?;
    println!("{}: restored from {}", target.display(), from.display());
    if let Some(aside) = restored.set_aside {
        println!("the previous database is kept as {}", aside.display());
    }
    Ok(ExitCode::SUCCESS)
}

async fn admin(command: AdminCommand) -> anyhow::Result<ExitCode> {
    let settings = Settings::load()?;
    let db = Db::open(settings.database_url()).await?;
    let outcome = match command {
        AdminCommand::CreateStructure { name, commune } => {
            structures::create_structure(&db, &name, commune.as_deref())
                .await
                .map(|id| {
                    println!("structure « {} » created; its id:", name.trim());
                    println!("{id}");
                })
        }
        AdminCommand::Invite {
            role,
            structure,
            email,
        } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
            accounts::invite(&db, None, &structure, &email, role)
                .await
                .map(|token| {
                    println!(
                        "invitation for {} as {}: the link works once, for {} hours:",
                        email.trim(),
                        role.as_str(),
                        accounts::INVITATION_HOURS
                    );
                    println!("{}", invitation_link(&settings, &token));
                })
        }
    };
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(crate::service::ServiceError::Unexpected(e)) => Err(e),
        Err(e) => {
            eprintln!("admin: {}", crate::api::describe(&e).1);
            Ok(ExitCode::from(NOT_FOR_THIS_DATABASE))
        }
    }
}

async fn seed_observatory(
    records: u64,
    months: u32,
    seed: u64,
    inbox: bool,
) -> anyhow::Result<ExitCode> {
    use crate::service::observatory::seed;
    let settings = Settings::load()?;
    let db = Db::open(settings.database_url()).await?;
    let catalog = crate::service::catalog::Catalog::load(&settings.bank_dir)?;
    let competences: Vec<String> = catalog
        .bank
        .framework()
        .competences
        .iter()
        .map(|c| c.code.as_str().to_owned())
        .collect();
    let skills: Vec<String> = catalog
        .bank
        .framework()
        .beginner_skills
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let now = crate::db::now_ms();
    let started = std::time::Instant::now();
    let outcome = if inbox {
        seed::through_inbox(&db, &competences, &skills, records, seed, now).await
    } else {
        seed::seed(&db, &competences, &skills, records, months, seed, now)
            .await
            .map(|s| s.timings)
    };
    match outcome {
        Ok(t) => {
            println!(
                "{records} synthetic records: written in {} ms, pass (move and release) in {} ms, \
                 {} ms in all",
                t.written_ms,
                t.pass_ms,
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(crate::service::ServiceError::Unexpected(e)) => Err(e),
        Err(e) => Err(anyhow::anyhow!("{e:?}")),
    }
}

/// The address of an invitation: on `public_url` when set, else on the served address.
pub fn invitation_link(settings: &Settings, token: &str) -> String {
    format!("{}/invitation/{token}", settings.base_url())
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
