//! A copy of the real bank that a test edits (items retired, re-parameterised, reworded, made
//! pilot; a calibration file added), then serves from.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::helpers::root;

/// A copy of the real bank in a fresh temporary directory, removed on drop.
pub struct BankCopy(pub PathBuf);

impl Drop for BankCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl BankCopy {
    pub fn new() -> Self {
        let dir = crate::helpers::fresh_dir("tremplin-bank");
        copy_dir(&root().join("item-bank/data"), &dir);
        BankCopy(dir)
    }

    /// Rewrites the `[[item]]` block of `id` with `edit`.
    pub fn edit(&self, id: &str, edit: impl Fn(&str) -> String) {
        let file = find_item_file(&self.0.join("items"), id).expect("the item is in the bank");
        let text = std::fs::read_to_string(&file).unwrap();
        let at = text
            .find(&format!("id = \"{id}\"\n"))
            .expect("the item's id line");
        let start = text[..at].rfind("[[item]]").expect("its [[item]] header");
        let end = text[at..].find("[[item]]").map_or(text.len(), |e| at + e);
        let edited = format!(
            "{}{}{}",
            &text[..start],
            edit(&text[start..end]),
            &text[end..]
        );
        assert_ne!(edited, text, "the edit of {id} changed nothing");
        std::fs::write(&file, edited).unwrap();
    }

    pub fn retire(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen("status = \"live\"", "status = \"retired\"", 1)
        });
    }

    pub fn reparameterise(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen(
                "status = \"live\"\n",
                "status = \"live\"\nirt = { a = 0.7, b = 1.9 }\n",
                1,
            )
        });
    }

    pub fn reword(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen(
                "prompt = \"\"\"\n",
                "prompt = \"\"\"\nÉnoncé révisé.\n\n",
                1,
            )
            .replacen(
                "explanation = \"",
                "explanation = \"Explication révisée. ",
                1,
            )
        });
    }

    pub fn remove(&self, id: &str) {
        self.edit(id, |_| String::new());
    }

    /// A copy where one live citizen item in 25 is a pilot item; with their ids.
    pub fn with_pilots() -> (BankCopy, HashSet<String>) {
        let real = tremplin_bank::Bank::load(&root().join("item-bank/data")).unwrap();
        let pilots: HashSet<String> = real
            .live()
            .filter(|i| i.beginner_skill().is_none())
            .enumerate()
            .filter(|(k, _)| k % 25 == 0)
            .map(|(_, i)| i.id().to_owned())
            .collect();
        let bank = BankCopy::new();
        for id in &pilots {
            bank.pilot(id);
        }
        (bank, pilots)
    }

    /// Makes a live item a pilot item.
    pub fn pilot(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen("status = \"live\"", "status = \"pilot\"", 1)
        });
    }
}

fn find_item_file(dir: &Path, id: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = find_item_file(&path, id) {
                return Some(found);
            }
        } else if std::fs::read_to_string(&path)
            .ok()?
            .contains(&format!("id = \"{id}\"\n"))
        {
            return Some(path);
        }
    }
    None
}
