//! `tremplin calibrate` and `tremplin calibrate seed`: the command-line side of
//! `service::calibration` (files, exit codes, messages).

use std::process::ExitCode;

use super::CalibrateArgs;
use crate::{db::Db, settings::Settings};

pub(super) async fn seed_answers(
    persons: u64,
    seed: u64,
    truth: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    use crate::service::calibration::{report, seed};
    if truth.exists() {
        eprintln!(
            "calibrate seed: {} exists; choose another file",
            truth.display()
        );
        return Ok(ExitCode::from(2));
    }
    let settings = Settings::load()?;
    let db = Db::open(settings.database_url()).await?;
    let catalog = crate::service::catalog::Catalog::load(&settings.bank_dir)?;
    let started = std::time::Instant::now();
    // The truth is written first: without it the simulated answers could not be checked.
    {
        use std::io::Write as _;
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(truth)
        {
            Ok(f) => f,
            Err(e) => {
                eprintln!("calibrate seed: {}: {e}", truth.display());
                return Ok(ExitCode::from(2));
            }
        };
        file.write_all(report::truth_csv(&seed::truth(&catalog, seed)).as_bytes())?;
    }
    let seeded = match seed::seed(&db, &catalog, persons as usize, seed, crate::db::now_ms()).await
    {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(truth);
            eprintln!("calibrate seed: {e:#}");
            return Ok(ExitCode::from(2));
        }
    };
    println!(
        "{} simulated examinees, {} answers stored in {} ms; true parameters in {}",
        seeded.persons,
        seeded.answers,
        started.elapsed().as_millis(),
        truth.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn calibrate(args: CalibrateArgs) -> anyhow::Result<ExitCode> {
    use crate::service::calibration::{self, Answers, report};
    let usage = |message: String| {
        eprintln!("calibrate: {message}");
        Ok(ExitCode::from(2))
    };
    if args.out.exists() {
        return usage(format!(
            "{} exists; nothing is overwritten",
            args.out.display()
        ));
    }
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return usage(format!("{}: no such directory", parent.display()));
    }
    if args.report.exists() && std::fs::read_dir(&args.report)?.next().is_some() {
        return usage(format!(
            "{} is not empty; nothing is overwritten",
            args.report.display()
        ));
    }
    let truth = match &args.truth {
        None => None,
        Some(path) => match report::read_truth(path) {
            Ok(t) => Some(t),
            Err(problem) => return usage(problem),
        },
    };
    let settings = Settings::load()?;
    let db = Db::open(settings.database_url()).await?;
    let catalog = crate::service::catalog::Catalog::load(&settings.bank_dir)?;
    let started = std::time::Instant::now();
    let rows = crate::db::calibration::answers(&db.pool).await?;
    let answers = Answers::index(&catalog, rows);
    if answers.scored.is_empty() {
        return usage("no stored answer to calibrate from".into());
    }
    let previous_file = settings.bank_dir.join(tremplin_bank::CALIBRATION_FILE);
    let previous = match std::fs::read_to_string(&previous_file) {
        // The bank loaded it, so it parses.
        Ok(text) => Some(
            tremplin_bank::CalibrationFile::parse(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", previous_file.display()))?,
        ),
        Err(_) => None,
    };
    let run = calibration::run(
        &catalog,
        answers,
        calibration::Settings {
            previous,
            model: args.model.parse().map_err(|e| anyhow::anyhow!("{e}"))?,
            min_answers: args.min_answers as usize,
            date: crate::service::assessment::date_of(crate::db::now_ms()),
            note: args.note.clone(),
        },
        |code, e| {
            if e.iteration % 25 == 1 {
                eprintln!("competence {code}: EM cycle {}", e.iteration);
            }
        },
    )?;
    let report = report::Report::new(&catalog, &run, truth.as_deref());
    {
        use std::io::Write as _;
        // The file first, and only if it still does not exist.
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&args.out)?;
        out.write_all(run.file.to_toml().as_bytes())?;
    }
    std::fs::create_dir_all(&args.report)?;
    std::fs::write(args.report.join("report.html"), report.html())?;
    std::fs::write(args.report.join("items.csv"), report.items_csv())?;
    println!(
        "{} answers of {} assessments: {} items calibrated, {} kept their parameters, {} flagged \
         for fit, {} for DIF; {} pilot items, {} ready to go live; in {} ms",
        run.file.calibration.answers,
        run.file.calibration.persons,
        run.file.item.len(),
        report.kept(),
        report.fit_flags(),
        report.dif_flags(),
        report.pilots.len(),
        report.pilots_ready(),
        started.elapsed().as_millis()
    );
    println!(
        "calibration file: {} (review {}, then copy it to item-bank/data/calibration.toml and commit)",
        args.out.display(),
        args.report.join("report.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
