//! The item bank as the service needs it, built once at start-up: the engine's view of every
//! item (live ones are selectable; retired and draft ones only replay old answers), the
//! framework, the bank's version (a content hash) and the pictures under opaque URLs.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
};

use anyhow::{Context, anyhow};
use sha2::{Digest, Sha256};
use tremplin_bank::{Bank, Item, Status};
use tremplin_engine::{
    irt::ItemParams,
    levels::CutScores,
    profile::{ProfileBank, ProfileConfig, ProfileItem},
};

/// The stopping rule of the citizen path: the engine's profile defaults (every competence's SE
/// under the target, at least `min_per_competence` items each, at most 48 items). The mean
/// length measured with the simulator is in README.md.
pub fn citizen_config() -> ProfileConfig {
    ProfileConfig {
        max_items: 48,
        ..ProfileConfig::default()
    }
}

/// A picture served at `/media/<hash>.<ext>`.
pub struct MediaFile {
    /// Shared: sending a picture copies no bytes.
    pub bytes: axum::body::Bytes,
    pub content_type: &'static str,
}

/// Everything the assessment service needs from the bank.
pub struct Catalog {
    pub bank: Bank,
    /// Content hash of the framework, the item files and their pictures (16 hex digits).
    pub version: String,
    /// Every item id; the position is the engine's item index.
    pub items: Vec<String>,
    index: HashMap<String, usize>,
    /// Engine indices of items that are not live (never selected; replayed if answered).
    not_live: Vec<usize>,
    /// Engine indices of the citizen path's pilot items (served unscored, now and then).
    pilot: Vec<usize>,
    pub profile_bank: ProfileBank,
    pub config: ProfileConfig,
    pub cuts: CutScores,
    /// Media file (as named in items, `media/…`) → opaque URL.
    media_urls: HashMap<String, String>,
    /// Opaque name (`<hash>.<ext>`) → file.
    media: HashMap<String, MediaFile>,
    /// Media file (as named in items) → its markup, cleaned, for drawing inline (SVG only).
    inline: HashMap<String, String>,
    /// Engine replays run by this process (one per answer; none to show an item).
    replays: AtomicU64,
}

impl Catalog {
    /// Loads and validates the bank in `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let bank = Bank::load(dir)
            .map_err(|e| anyhow!("the item bank in {} is invalid:\n{e}", dir.display()))?;
        Self::from_bank(bank, dir, citizen_config())
    }

    /// Numbers the items, builds the engine's view of them, hashes the bank and its pictures.
    pub fn from_bank(bank: Bank, dir: &Path, config: ProfileConfig) -> anyhow::Result<Self> {
        let framework = bank.framework();
        let competence_index: HashMap<&str, usize> = framework
            .competences
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let mut items = Vec::new();
        let mut profile_items = Vec::new();
        let mut not_live = Vec::new();
        let mut pilot = Vec::new();
        for item in bank.items() {
            let competence = *competence_index
                .get(item.competence().as_str())
                .with_context(|| format!("item {} names an unknown competence", item.id()))?;
            let p = item.params();
            let params = ItemParams::new(p.a, p.b, p.c, p.d)
                .map_err(|e| anyhow!("item {}: invalid IRT parameters: {e}", item.id()))?;
            if item.status() != Status::Live {
                not_live.push(items.len());
            }
            if item.status() == Status::Pilot && item.beginner_skill().is_none() {
                pilot.push(items.len());
            }
            items.push(item.id().to_owned());
            profile_items.push(ProfileItem { params, competence });
        }
        let profile_bank = ProfileBank::new(profile_items, framework.competences.len())
            .map_err(|e| anyhow!("cannot build the engine's bank: {e}"))?;
        let cuts = CutScores::new(framework.cut_scores())
            .map_err(|e| anyhow!("invalid cut scores: {e}"))?;
        let index = items
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        let (media_urls, media, inline) = load_media(&bank, dir)?;
        Ok(Self {
            version: bank_version(dir)?,
            bank,
            items,
            index,
            not_live,
            pilot,
            profile_bank,
            config,
            cuts,
            media_urls,
            media,
            inline,
            replays: AtomicU64::new(0),
        })
    }

    /// Counts one engine replay.
    pub fn count_replay(&self) {
        self.replays.fetch_add(1, Ordering::Relaxed);
    }

    /// Engine replays run so far by this process.
    pub fn replays(&self) -> u64 {
        self.replays.load(Ordering::Relaxed)
    }

    /// Engine index of an item (live or not).
    pub fn index_of(&self, item_id: &str) -> Option<usize> {
        self.index.get(item_id).copied()
    }

    /// The item, if it is live (served to candidates).
    pub fn live(&self, item_id: &str) -> Option<&Item> {
        self.bank
            .get(item_id)
            .filter(|i| i.status() == Status::Live)
    }

    /// The item, if it may be served: live, or pilot.
    pub fn servable(&self, item_id: &str) -> Option<&Item> {
        self.bank
            .get(item_id)
            .filter(|i| matches!(i.status(), Status::Live | Status::Pilot))
    }

    /// Whether the item is a pilot item (its answers are unscored).
    pub fn is_pilot(&self, item_id: &str) -> bool {
        self.bank
            .get(item_id)
            .is_some_and(|i| i.status() == Status::Pilot)
    }

    /// Engine indices of the citizen path's pilot items.
    pub fn pilot_items(&self) -> &[usize] {
        &self.pilot
    }

    /// The engine configuration for an assessment that answered `answered` (engine indices):
    /// items that are not live are excluded, except those already answered, which replay.
    pub fn config_for(&self, answered: &[usize]) -> ProfileConfig {
        let mut config = self.config.clone();
        config.excluded = self
            .not_live
            .iter()
            .copied()
            .filter(|i| !answered.contains(i))
            .collect();
        config
    }

    /// Opaque URL of a picture named in an item (`media/…`).
    pub fn media_url(&self, file: &str) -> Option<&str> {
        self.media_urls.get(file).map(String::as_str)
    }

    /// The cleaned markup of an SVG picture named in an item (`media/…`), for drawing inline.
    pub fn media_inline(&self, file: &str) -> Option<&str> {
        self.inline.get(file).map(String::as_str)
    }

    /// The picture served under an opaque name.
    pub fn media(&self, name: &str) -> Option<&MediaFile> {
        self.media.get(name)
    }
}

fn hex16(digest: &[u8]) -> String {
    hex::encode(&digest[..8])
}

/// Every file of the bank whose content defines it: the framework, the calibration file, the
/// item files and the pictures, sorted by path.
fn bank_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = vec![dir.join("framework.toml")];
    let calibration = dir.join(tremplin_bank::CALIBRATION_FILE);
    if calibration.is_file() {
        files.push(calibration);
    }
    for sub in ["items", "media"] {
        if dir.join(sub).is_dir() {
            walk(&dir.join(sub), &mut files)?;
        }
    }
    files.sort();
    Ok(files)
}

/// The bank's version: SHA-256 over every defining file's relative path and bytes.
pub fn bank_version(dir: &Path) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    for file in bank_files(dir)? {
        let bytes =
            std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let name = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy();
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hex16(&hasher.finalize()))
}

type MediaIndex = (
    HashMap<String, String>,
    HashMap<String, MediaFile>,
    HashMap<String, String>,
);

/// Reads every picture named by an item and gives it a content-hashed name; SVG pictures are
/// cleaned first ([`clean_svg`]) and kept as text to be drawn inline.
fn load_media(bank: &Bank, dir: &Path) -> anyhow::Result<MediaIndex> {
    let mut urls = HashMap::new();
    let mut files = HashMap::new();
    let mut inline = HashMap::new();
    for media in bank.items().iter().filter_map(|i| i.media()) {
        if urls.contains_key(&media.file) {
            continue;
        }
        let path = dir.join(&media.file);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let (ext, content_type) = match path.extension().and_then(|e| e.to_str()) {
            Some("svg") => ("svg", "image/svg+xml"),
            Some("png") => ("png", "image/png"),
            Some("jpg" | "jpeg") => ("jpg", "image/jpeg"),
            Some("webp") => ("webp", "image/webp"),
            _ => anyhow::bail!("{}: unsupported picture type", path.display()),
        };
        let bytes = if ext == "svg" {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{}: an SVG must be UTF-8", path.display()))?;
            let cleaned = clean_svg(&text);
            inline.insert(media.file.clone(), cleaned.clone());
            cleaned.into_bytes()
        } else {
            bytes
        };
        let name = format!("{}.{ext}", hex16(&Sha256::digest(&bytes)));
        urls.insert(media.file.clone(), format!("/media/{name}"));
        files.insert(
            name,
            MediaFile {
                bytes: bytes.into(),
                content_type,
            },
        );
    }
    Ok((urls, files, inline))
}

/// An SVG of the team's as a candidate may receive it: nothing in it may name a zone or the
/// answer. Removes comments, processing instructions, `<title>` and `<desc>` elements and
/// `class` attributes; renames every `id` (and the `url(#…)` and `href="#…"` pointing at it)
/// to a meaningless one; the root's `role="img"` becomes `aria-hidden="true"` (the page names
/// the picture with the item's alternative text).
pub fn clean_svg(svg: &str) -> String {
    let mut out = remove_between(svg, "<!--", "-->");
    out = remove_between(&out, "<?", "?>");
    for tag in ["title", "desc"] {
        out = remove_between(&out, &format!("<{tag}"), &format!("</{tag}>"));
    }
    out = remove_between(&out, " class=\"", "\"");
    let mut ids = Vec::new();
    let mut rest = out.as_str();
    while let Some(start) = rest.find(" id=\"") {
        rest = &rest[start + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        ids.push(rest[..end].to_owned());
    }
    for (n, id) in ids.iter().enumerate() {
        let new = format!("z{n}");
        out = out
            .replace(&format!(" id=\"{id}\""), &format!(" id=\"{new}\""))
            .replace(&format!("url(#{id})"), &format!("url(#{new})"))
            .replace(&format!("href=\"#{id}\""), &format!("href=\"#{new}\""));
    }
    out.replacen(
        " role=\"img\"",
        " aria-hidden=\"true\" focusable=\"false\"",
        1,
    )
    .trim()
    .to_owned()
}

/// `text` without every span from `open` to the next `close` (both included).
fn remove_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        match rest[start + open.len()..].find(close) {
            Some(end) => rest = &rest[start + open.len() + end + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cleaned_svg_names_nothing() {
        let svg = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">
  <title>Écran</title><desc>Le bon lien</desc>
  <!-- result 2 (official) -->
  <defs><clipPath id="coin-officiel"><rect width="4" height="4"/></clipPath></defs>
  <rect class="bonne-reponse" clip-path="url(#coin-officiel)" width="5" height="5"/>
  <use href="#coin-officiel"/>
  <text x="1" y="1">Payer ici</text>
</svg>"##;
        let clean = clean_svg(svg);
        for gone in [
            "official", "Écran", "bon lien", "bonne", "coin", "<?xml", "role=",
        ] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
        assert!(clean.contains(r#"<clipPath id="z0">"#));
        assert!(clean.contains(r#"clip-path="url(#z0)""#));
        assert!(clean.contains(r##"<use href="#z0"/>"##));
        assert!(clean.contains("Payer ici"), "the drawing's own text stays");
        assert!(clean.starts_with("<svg") && clean.ends_with("</svg>"));
    }
}
