//! Loading and validating the bank: `framework.toml` and every `items/**/*.toml` file. Every
//! problem is collected (never only the first) and reported as `path:line: message`; no input
//! makes the loader panic.

pub mod calibration;
mod item;
mod svg;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::framework::Framework;
use crate::item::{Item, Status};

/// One problem found while loading, located in a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// File the problem is in (as reached from the directory given to [`Bank::load`]).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong (English, for the people who write the files).
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Every problem that prevented loading the bank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<Problem>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// The framework and every item (all statuses), validated.
#[derive(Clone, Debug)]
pub struct Bank {
    framework: Framework,
    items: Vec<Item>,
    index: HashMap<String, usize>,
    calibration: Option<calibration::CalibrationSource>,
}

impl Bank {
    /// Loads `dir/framework.toml` and every `dir/items/**/*.toml` (`dir` is usually
    /// `item-bank/data`). All problems are collected; the bank is returned only when there are
    /// none.
    pub fn load(dir: &Path) -> Result<Bank, LoadErrors> {
        let framework = Framework::load(&dir.join("framework.toml"))?;
        Bank::with_framework(framework, dir)
    }

    /// Loads every `dir/items/**/*.toml` against an already loaded framework (media paths are
    /// resolved under `dir`). All problems are collected.
    pub fn with_framework(framework: Framework, dir: &Path) -> Result<Bank, LoadErrors> {
        let mut problems = Vec::new();
        let items_dir = dir.join("items");
        let mut files = Vec::new();
        if items_dir.is_dir() {
            collect_toml_files(&items_dir, &mut files, &mut problems);
        } else {
            problems.push(Problem {
                path: items_dir.clone(),
                line: 1,
                message: "items directory not found".to_owned(),
            });
        }
        files.sort();
        let mut ctx = item::Context {
            framework: &framework,
            data_dir: dir,
            ids: HashMap::new(),
            problems: Vec::new(),
        };
        let mut items = Vec::new();
        for file in &files {
            match std::fs::read(file) {
                Ok(bytes) => items.extend(item::load_file(&mut ctx, file, &bytes)),
                Err(e) => ctx.problems.push(Problem {
                    path: file.clone(),
                    line: 1,
                    message: format!("cannot read file: {e}"),
                }),
            }
        }
        problems.append(&mut ctx.problems);
        let index: HashMap<String, usize> = items
            .iter()
            .enumerate()
            .map(|(i, it): (usize, &Item)| (it.id.clone(), i))
            .collect();
        let calibration = if problems.is_empty() {
            calibration::apply(dir, &mut items, &index, &mut problems)
        } else {
            None
        };
        if !problems.is_empty() {
            problems.sort();
            problems.dedup();
            return Err(LoadErrors(problems));
        }
        Ok(Bank {
            framework,
            items,
            index,
            calibration,
        })
    }

    /// Validates the items of one file's text against a framework, as [`Bank::load`] does
    /// (media paths are resolved under `data_dir`). Returns the items, or every problem.
    /// Used by tests and tools that check a file in isolation.
    pub fn check_file_text(
        framework: &Framework,
        data_dir: &Path,
        path: &Path,
        bytes: &[u8],
    ) -> Result<Vec<Item>, LoadErrors> {
        let mut ctx = item::Context {
            framework,
            data_dir,
            ids: HashMap::new(),
            problems: Vec::new(),
        };
        let items = item::load_file(&mut ctx, path, bytes);
        if ctx.problems.is_empty() {
            Ok(items)
        } else {
            ctx.problems.sort();
            Err(LoadErrors(ctx.problems))
        }
    }

    /// The framework.
    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    /// Every item, all statuses, ordered by file then position in the file.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Live items only.
    pub fn live(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.status == Status::Live)
    }

    /// Where the calibrated parameters come from, when `calibration.toml` is present.
    pub fn calibration(&self) -> Option<&calibration::CalibrationSource> {
        self.calibration.as_ref()
    }

    /// The item with this id, whatever its status.
    pub fn get(&self, id: &str) -> Option<&Item> {
        self.index.get(id).map(|&i| &self.items[i])
    }
}

impl Framework {
    /// Loads and checks a `framework.toml`, reporting problems as `path:line: message`.
    pub fn load(path: &Path) -> Result<Framework, LoadErrors> {
        let mut problems = Vec::new();
        match load_framework(path, &mut problems) {
            Some(f) => Ok(f),
            None => {
                problems.sort();
                Err(LoadErrors(problems))
            }
        }
    }
}

/// Loads and checks `framework.toml`; `None` (with problems pushed) when unusable.
fn load_framework(path: &Path, problems: &mut Vec<Problem>) -> Option<Framework> {
    let problem = |line: usize, message: String| Problem {
        path: path.to_owned(),
        line,
        message,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(problem(1, format!("cannot read framework: {e}")));
            return None;
        }
    };
    let framework: Framework = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(&text, s.start));
            problems.push(problem(line, first_line(e.message())));
            return None;
        }
    };
    let found = framework.problems();
    if found.is_empty() {
        Some(framework)
    } else {
        for (message, needle) in found {
            // The last line starting with the needle: a duplicate's second definition, a level
            // or skill named in the message.
            let line = needle
                .and_then(|needle| {
                    text.lines()
                        .enumerate()
                        .filter(|(_, l)| l.trim_start().starts_with(&needle))
                        .map(|(i, _)| i + 1)
                        .last()
                })
                .unwrap_or(1);
            problems.push(problem(line, message));
        }
        None
    }
}

/// Recursively lists `*.toml` files (hidden entries skipped).
fn collect_toml_files(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem {
                path: dir.to_owned(),
                line: 1,
                message: format!("cannot read directory: {e}"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_toml_files(&path, out, problems);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// 1-based line of a byte offset (clamped to the text).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// First line of a (possibly multi-line) parser message.
pub(crate) fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}
