//! Parsing and validating the items of one file.
//!
//! The file is parsed into toml's spanned document (`DeTable`), so that every problem can name
//! its line. Each `[[item]]` table is then read into a loose [`RawItem`] (every field optional
//! and spanned) and checked field by field, collecting all problems.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Problem, first_line, line_of, svg};
use crate::check::normalize::{normalize, parse_number};
use crate::framework::{CompetenceCode, Framework, MAX_LEVEL};
use crate::item::{
    Accepted, Action, Body, Choice, Field, FieldMode, Item, Kind, Media, Region, Status,
    TaskSolution,
};
use crate::params::IrtParams;

/// Shared state while loading files.
pub(crate) struct Context<'a> {
    pub(crate) framework: &'a Framework,
    pub(crate) data_dir: &'a Path,
    /// id → where it was first defined.
    pub(crate) ids: HashMap<String, (PathBuf, usize)>,
    pub(crate) problems: Vec<Problem>,
}

const COMMON_FIELDS: &[&str] = &[
    "id",
    "competence",
    "level",
    "kind",
    "status",
    "prompt",
    "explanation",
    "beginner_skill",
    "media",
    "irt",
    "solution",
];

/// Fields that only some kinds use.
fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Qcu | Kind::Qcm | Kind::Ordering => &["options"],
        Kind::Qroc => &["input", "typo_tolerance", "tolerance"],
        Kind::Qrocm => &["fields", "mode", "input", "typo_tolerance", "tolerance"],
        Kind::Hotspot => &["regions"],
        Kind::Matching => &["left", "right"],
        Kind::Task => &["action", "targets"],
    }
}

fn is_known_field(name: &str) -> bool {
    COMMON_FIELDS.contains(&name) || Kind::ALL.iter().any(|k| kind_fields(*k).contains(&name))
}

#[derive(Deserialize)]
struct RawItem {
    id: Option<Spanned<String>>,
    competence: Option<Spanned<String>>,
    level: Option<Spanned<i64>>,
    kind: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    prompt: Option<Spanned<String>>,
    explanation: Option<Spanned<String>>,
    beginner_skill: Option<Spanned<String>>,
    media: Option<Spanned<RawMedia>>,
    irt: Option<Spanned<RawIrt>>,
    solution: Option<Spanned<toml::Value>>,
    options: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    input: Option<Spanned<String>>,
    typo_tolerance: Option<Spanned<bool>>,
    tolerance: Option<Spanned<f64>>,
    fields: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    mode: Option<Spanned<String>>,
    regions: Option<Spanned<Vec<Spanned<RawRegion>>>>,
    left: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    right: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    action: Option<Spanned<String>>,
    targets: Option<Spanned<Vec<Spanned<RawRegion>>>>,
}

/// Just the id, read when the full item does not deserialise.
#[derive(Deserialize)]
struct IdOnly {
    id: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMedia {
    file: String,
    alt: String,
    width: u32,
    height: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIrt {
    a: Option<f64>,
    b: Option<f64>,
    c: Option<f64>,
    d: Option<f64>,
    calibrated: Option<bool>,
}

/// An option, a matching element or a field: an id and a text (`label` for fields).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: String,
    #[serde(alias = "label")]
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    label: String,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Problems of one file, with line lookup.
struct FileCtx<'t> {
    path: &'t Path,
    text: &'t str,
    problems: Vec<Problem>,
}

impl FileCtx<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            path: self.path.to_owned(),
            line: line_of(self.text, offset),
            message: message.into(),
        });
    }
}

/// Parses and validates one item file; valid items are returned, problems go to `ctx`.
pub(crate) fn load_file(ctx: &mut Context<'_>, path: &Path, bytes: &[u8]) -> Vec<Item> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            ctx.problems.push(Problem {
                path: path.to_owned(),
                line,
                message: "file is not valid UTF-8".to_owned(),
            });
            return Vec::new();
        }
    };
    let mut file = FileCtx {
        path,
        text,
        problems: Vec::new(),
    };
    let items = parse_items(ctx, &mut file);
    ctx.problems.append(&mut file.problems);
    items
}

fn parse_items(ctx: &mut Context<'_>, file: &mut FileCtx<'_>) -> Vec<Item> {
    let root = match DeTable::parse(file.text) {
        Ok(root) => root,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            file.at(offset, format!("TOML syntax: {}", first_line(e.message())));
            return Vec::new();
        }
    };
    let root_span = root.span();
    let root = root.into_inner();
    let mut item_values = Vec::new();
    for (key, value) in root {
        if key.get_ref().as_ref() != "item" {
            file.at(
                key.span().start,
                format!(
                    "unknown top-level key `{}` (a file holds `[[item]]` tables)",
                    key.get_ref()
                ),
            );
            continue;
        }
        match value.get_ref() {
            DeValue::Array(array) => {
                for v in array.iter() {
                    item_values.push(v.clone());
                }
            }
            _ => file.at(value.span().start, "`item` must be written `[[item]]`"),
        }
    }
    if item_values.is_empty() && file.problems.is_empty() {
        file.at(root_span.start, "no `[[item]]` in this file");
    }
    let mut items = Vec::new();
    for value in item_values {
        if let Some(item) = parse_item(ctx, file, value) {
            items.push(item);
        }
    }
    items
}

fn parse_item(
    ctx: &mut Context<'_>,
    file: &mut FileCtx<'_>,
    value: Spanned<DeValue<'_>>,
) -> Option<Item> {
    let item_start = value.span().start;
    let DeValue::Table(table) = value.get_ref() else {
        file.at(item_start, "an item must be a table (`[[item]]`)");
        return None;
    };
    let before = file.problems.len();
    // Unknown keys first, each at its own line (serde would stop at the first one).
    let mut keys: Vec<(String, usize)> = Vec::new();
    for key in table.keys() {
        let name = key.get_ref().to_string();
        if !is_known_field(&name) {
            file.at(key.span().start, format!("unknown field `{name}`"));
        }
        keys.push((name, key.span().start));
    }
    let raw = match RawItem::deserialize(value.clone().into_deserializer()) {
        Ok(raw) => raw,
        Err(e) => {
            let offset = e.span().map_or(item_start, |s| s.start);
            file.at(offset, first_line(e.message()));
            // Still register the id, so that a duplicate is reported too.
            if let Ok(IdOnly { id: Some(id) }) = IdOnly::deserialize(value.into_deserializer()) {
                let mut v = Validator {
                    ctx,
                    file,
                    item_start,
                };
                v.id(&id);
            }
            return None;
        }
    };
    let mut v = Validator {
        ctx,
        file,
        item_start,
    };
    let item = v.item(raw, &keys);
    if file_has_new_problems(v.file, before) {
        None
    } else {
        item
    }
}

fn file_has_new_problems(file: &FileCtx<'_>, before: usize) -> bool {
    file.problems.len() > before
}

struct Validator<'c, 'a, 'f, 't> {
    ctx: &'c mut Context<'a>,
    file: &'f mut FileCtx<'t>,
    item_start: usize,
}

fn id_syntax_ok(id: &str) -> bool {
    (3..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn sub_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Validator<'_, '_, '_, '_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        self.file.at(offset, message);
    }

    fn missing(&mut self, field: &str) {
        self.at(self.item_start, format!("missing field `{field}`"));
    }

    /// A required field: reports it missing, or parses it and reports the parse error at the
    /// value's line.
    fn required<T, U>(
        &mut self,
        field: &str,
        value: &Option<Spanned<T>>,
        parse: impl FnOnce(&T) -> Result<U, String>,
    ) -> Option<U> {
        let Some(v) = value else {
            self.missing(field);
            return None;
        };
        parse(v.get_ref())
            .map_err(|message| self.at(v.span().start, message))
            .ok()
    }

    /// Checks the id's syntax and uniqueness, and registers it.
    fn id(&mut self, id: &Spanned<String>) -> Option<String> {
        let (span, id) = (id.span(), id.get_ref());
        if !id_syntax_ok(id) {
            self.at(
                span.start,
                format!("id `{id}`: use 3 to 64 characters among a-z, 0-9 and '-'"),
            );
            None
        } else if let Some((path, line)) = self.ctx.ids.get(id) {
            let message = format!(
                "duplicate id `{id}` (first defined at {}:{line})",
                path.display()
            );
            self.at(span.start, message);
            None
        } else {
            let line = line_of(self.file.text, span.start);
            self.ctx
                .ids
                .insert(id.clone(), (self.file.path.to_owned(), line));
            Some(id.clone())
        }
    }

    fn item(&mut self, raw: RawItem, keys: &[(String, usize)]) -> Option<Item> {
        let id = match &raw.id {
            None => {
                self.missing("id");
                None
            }
            Some(id) => self.id(id),
        };

        let framework = self.ctx.framework;
        let competence = self.required("competence", &raw.competence, |c: &String| {
            CompetenceCode::parse(c)
                .filter(|code| framework.competence(code.as_str()).is_some())
                .ok_or_else(|| format!("unknown competence `{c}`"))
        });
        let level = self.required("level", &raw.level, |l| match u8::try_from(*l) {
            Ok(n) if (1..=MAX_LEVEL).contains(&n) => Ok(n),
            _ => Err(format!("level {l} is out of range 1..8")),
        });
        let kind = self.required("kind", &raw.kind, |k: &String| {
            Kind::parse(k).ok_or_else(|| {
                format!(
                    "unknown kind `{k}` (qcu, qcm, qroc, qrocm, ordering, hotspot, matching, task)"
                )
            })
        });
        if let Some(kind) = kind {
            for (name, offset) in keys {
                if is_known_field(name)
                    && !COMMON_FIELDS.contains(&name.as_str())
                    && !kind_fields(kind).contains(&name.as_str())
                {
                    self.at(
                        *offset,
                        format!("field `{name}` is not used by kind `{kind}`"),
                    );
                }
            }
        }

        let status = self.required("status", &raw.status, |st: &String| {
            Status::parse(st)
                .ok_or_else(|| format!("unknown status `{st}` (draft, live, pilot, retired)"))
        });

        // prompt, explanation
        let prompt = match &raw.prompt {
            None => {
                self.missing("prompt");
                None
            }
            Some(p) if p.get_ref().trim().is_empty() => {
                self.at(p.span().start, "prompt is empty");
                None
            }
            Some(p) => Some(p.get_ref().trim().to_owned()),
        };
        let explanation = match &raw.explanation {
            Some(e) if e.get_ref().trim().is_empty() => {
                self.at(
                    e.span().start,
                    "explanation is empty (remove it or write it)",
                );
                None
            }
            e => e.as_ref().map(|e| e.get_ref().trim().to_owned()),
        };

        // beginner skill
        let beginner_skill = raw.beginner_skill.as_ref().and_then(|s| {
            let offset = s.span().start;
            let Some(skill) = self.ctx.framework.beginner_skill(s.get_ref()) else {
                self.at(offset, format!("unknown beginner skill `{}`", s.get_ref()));
                return None;
            };
            let skill = skill.clone();
            if skill.observed {
                self.at(
                    offset,
                    format!(
                        "beginner skill `{}` is observed by a mediator and has no bank item",
                        skill.id
                    ),
                );
            }
            if let Some(code) = &competence
                && *code != skill.competence
            {
                self.at(
                    offset,
                    format!(
                        "beginner skill `{}` belongs to competence {}, not {code}",
                        skill.id, skill.competence
                    ),
                );
            }
            if let Some(l) = level
                && l > 2
            {
                self.at(offset, format!("beginner items are level 1 or 2, not {l}"));
            }
            Some(skill.id)
        });

        self.folder_fits(competence.as_ref(), raw.beginner_skill.is_some());

        // media
        let media = raw.media.as_ref().and_then(|m| self.media(m));

        // kind-specific body
        let body = kind.and_then(|k| self.body(k, &raw, media.as_ref()));

        // IRT parameters
        let centre = level.and_then(|l| self.ctx.framework.level_centre(l));
        let mut params = IrtParams::provisional(centre.unwrap_or(0.0), body.as_ref());
        if let Some(irt) = &raw.irt {
            let r = irt.get_ref();
            params = IrtParams {
                a: r.a.unwrap_or(params.a),
                b: r.b.unwrap_or(params.b),
                c: r.c.unwrap_or(params.c),
                d: r.d.unwrap_or(params.d),
                calibrated: r.calibrated.unwrap_or(false),
            };
            if let Some(message) = params.problem() {
                self.at(irt.span().start, message);
            }
        }

        Some(Item {
            id: id?,
            competence: competence?,
            level: level?,
            status: status?,
            prompt: prompt?,
            explanation,
            beginner_skill,
            media,
            params,
            body: body?,
            source: self.file.path.to_owned(),
            line: line_of(self.file.text, self.item_start),
        })
    }

    /// Files are grouped by folder: `items/<competence>/…` holds items of that competence and
    /// `items/debutants/…` holds beginner items only. Files outside `items/` are not checked.
    fn folder_fits(&mut self, competence: Option<&CompetenceCode>, beginner: bool) {
        let items_dir = self.ctx.data_dir.join("items");
        let Ok(relative) = self.file.path.strip_prefix(&items_dir) else {
            return;
        };
        let mut parts = relative.components();
        let (Some(folder), Some(_)) = (parts.next(), parts.next()) else {
            return;
        };
        let folder = folder.as_os_str().to_string_lossy();
        if folder == "debutants" {
            if !beginner {
                self.at(
                    self.item_start,
                    "items under items/debutants/ need a `beginner_skill`",
                );
            }
        } else if let Some(code) = competence
            && CompetenceCode::parse(&folder).is_some()
            && code.as_str() != folder
        {
            self.at(
                self.item_start,
                format!("an item of competence {code} does not belong in items/{folder}/"),
            );
        }
    }

    fn media(&mut self, m: &Spanned<RawMedia>) -> Option<Media> {
        let offset = m.span().start;
        let raw = m.get_ref();
        let mut ok = true;
        if raw.alt.trim().is_empty() {
            self.at(offset, "media: `alt` (alternative text) is empty");
            ok = false;
        }
        if raw.width == 0 || raw.height == 0 {
            self.at(offset, "media: `width` and `height` must be > 0");
            ok = false;
        }
        let file = raw.file.as_str();
        let safe = file.starts_with("media/")
            && file.ends_with(".svg")
            && !file.contains('\\')
            && file.split('/').all(|part| !part.is_empty() && part != "..");
        if !safe {
            self.at(
                offset,
                format!("media: file `{file}` must be `media/<folder>/<name>.svg`"),
            );
            return None;
        }
        let path = self.ctx.data_dir.join(file);
        match std::fs::read(&path) {
            Err(_) => {
                self.at(offset, format!("media: file `{file}` not found"));
                ok = false;
            }
            Ok(bytes) => match svg::viewbox_size(&String::from_utf8_lossy(&bytes)) {
                Err(why) => {
                    self.at(offset, format!("media: `{file}` {why}"));
                    ok = false;
                }
                Ok((w, h)) => {
                    if (w - f64::from(raw.width)).abs() > 1e-9
                        || (h - f64::from(raw.height)).abs() > 1e-9
                    {
                        self.at(
                            offset,
                            format!(
                                "media: `{file}` has viewBox size {w}x{h} but the item says {}x{}",
                                raw.width, raw.height
                            ),
                        );
                        ok = false;
                    }
                }
            },
        }
        ok.then(|| Media {
            file: file.to_owned(),
            alt: raw.alt.trim().to_owned(),
            width: raw.width,
            height: raw.height,
        })
    }

    /// Checks a list of `{id, text}` elements: count in `min..=max`, ids valid and unique,
    /// texts non-empty.
    fn choices(
        &mut self,
        name: &str,
        list: Option<&Spanned<Vec<Spanned<RawChoice>>>>,
        min: usize,
        max: usize,
    ) -> (Vec<Choice>, bool) {
        let Some(list) = list else {
            self.missing(name);
            return (Vec::new(), false);
        };
        let mut ok = true;
        let n = list.get_ref().len();
        if !(min..=max).contains(&n) {
            self.at(
                list.span().start,
                format!("`{name}` needs {min} to {max} entries (has {n})"),
            );
            ok = false;
        }
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for c in list.get_ref() {
            let (offset, c) = (c.span().start, c.get_ref());
            ok &= self.sub_id(name, offset, &c.id, &mut seen);
            if c.text.trim().is_empty() {
                self.at(offset, format!("{name}: `{}` has an empty text", c.id));
                ok = false;
            }
            out.push(Choice {
                id: c.id.clone(),
                text: c.text.trim().to_owned(),
            });
        }
        (out, ok)
    }

    /// Checks the id of an option, field, region or target: valid syntax and unique within
    /// `seen` (the ids of the same list so far). Reports at `offset`; false when wrong.
    fn sub_id(&mut self, name: &str, offset: usize, id: &str, seen: &mut BTreeSet<String>) -> bool {
        if !sub_id_ok(id) {
            self.at(
                offset,
                format!("{name}: id `{id}` must be letters, digits, '-' or '_'"),
            );
            false
        } else if !seen.insert(id.to_owned()) {
            self.at(offset, format!("{name}: duplicate id `{id}`"));
            false
        } else {
            true
        }
    }

    /// Checks regions or targets: ids valid and unique, labels non-empty, rectangles with
    /// positive size inside the picture.
    fn regions(
        &mut self,
        name: &str,
        list: &Spanned<Vec<Spanned<RawRegion>>>,
        media: Option<&Media>,
    ) -> (Vec<Region>, bool) {
        let mut ok = true;
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for r in list.get_ref() {
            let (offset, r) = (r.span().start, r.get_ref());
            ok &= self.sub_id(name, offset, &r.id, &mut seen);
            if r.label.trim().is_empty() {
                self.at(offset, format!("{name}: `{}` has an empty label", r.id));
                ok = false;
            }
            let finite = [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite());
            if !finite || r.w <= 0.0 || r.h <= 0.0 || r.x < 0.0 || r.y < 0.0 {
                self.at(
                    offset,
                    format!("{name}: `{}` needs x, y >= 0 and w, h > 0", r.id),
                );
                ok = false;
            } else if let Some(m) = media
                && (r.x + r.w > f64::from(m.width) || r.y + r.h > f64::from(m.height))
            {
                self.at(
                    offset,
                    format!(
                        "{name}: `{}` goes outside the {}x{} picture",
                        r.id, m.width, m.height
                    ),
                );
                ok = false;
            }
            out.push(Region {
                id: r.id.clone(),
                label: r.label.trim().to_owned(),
                x: r.x,
                y: r.y,
                w: r.w,
                h: r.h,
            });
        }
        (out, ok)
    }

    /// The solution as a list of strings.
    fn solution_list(&mut self, raw: &RawItem) -> Option<(usize, Vec<String>)> {
        let Some(sol) = &raw.solution else {
            self.missing("solution");
            return None;
        };
        let offset = sol.span().start;
        let list = match sol.get_ref() {
            toml::Value::Array(values) => values
                .iter()
                .map(|v| match v {
                    toml::Value::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Option<Vec<String>>>(),
            _ => None,
        };
        match list {
            Some(list) if !list.is_empty() => Some((offset, list)),
            _ => {
                self.at(
                    offset,
                    "solution must be a non-empty list of strings, e.g. [\"b\"]",
                );
                None
            }
        }
    }

    /// Every solution id must exist in `known`, and appear once.
    fn ids_exist(&mut self, offset: usize, ids: &[String], known: &[&str], what: &str) -> bool {
        let mut ok = true;
        let mut seen = BTreeSet::new();
        for id in ids {
            if !known.contains(&id.as_str()) {
                self.at(offset, format!("solution `{id}` is not among the {what}"));
                ok = false;
            } else if !seen.insert(id) {
                self.at(offset, format!("solution `{id}` is given twice"));
                ok = false;
            }
        }
        ok
    }

    fn body(&mut self, kind: Kind, raw: &RawItem, media: Option<&Media>) -> Option<Body> {
        match kind {
            Kind::Qcu | Kind::Qcm => {
                let (options, options_ok) = self.choices("options", raw.options.as_ref(), 2, 6);
                let (offset, solution) = self.solution_list(raw)?;
                let known: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                if !self.ids_exist(offset, &solution, &known, "options") || !options_ok {
                    return None;
                }
                if kind == Kind::Qcu {
                    if solution.len() != 1 {
                        self.at(offset, "qcu needs exactly one solution");
                        return None;
                    }
                    Some(Body::Qcu {
                        options,
                        solution: solution[0].clone(),
                    })
                } else {
                    if !normalize(raw.prompt.as_ref().map_or("", |p| p.get_ref()))
                        .contains("plusieurs")
                    {
                        self.at(
                            self.item_start,
                            "qcm prompt must say that several answers are possible (« Plusieurs réponses possibles »)",
                        );
                        return None;
                    }
                    Some(Body::Qcm {
                        options,
                        solution: solution.into_iter().collect(),
                    })
                }
            }
            Kind::Qroc => {
                let (offset, answers) = self.solution_list(raw)?;
                let accepted = self.accepted(raw, offset, &answers)?;
                Some(Body::Qroc { accepted })
            }
            Kind::Qrocm => self.qrocm(raw),
            Kind::Ordering => {
                let (options, options_ok) = self.choices("options", raw.options.as_ref(), 3, 7);
                let (offset, solution) = self.solution_list(raw)?;
                let known: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                if !self.ids_exist(offset, &solution, &known, "options") || !options_ok {
                    return None;
                }
                if solution.len() != options.len() {
                    self.at(
                        offset,
                        "ordering: the solution must list every option exactly once",
                    );
                    return None;
                }
                Some(Body::Ordering { options, solution })
            }
            Kind::Hotspot => {
                if raw.media.is_none() {
                    self.at(self.item_start, "hotspot needs `media` (the picture)");
                }
                let Some(list) = &raw.regions else {
                    self.missing("regions");
                    return None;
                };
                let (regions, mut regions_ok) = self.regions("regions", list, media);
                if list.get_ref().len() < 3 {
                    self.at(list.span().start, "hotspot needs at least 3 regions");
                    regions_ok = false;
                }
                let (offset, solution) = self.solution_list(raw)?;
                let known: Vec<&str> = regions.iter().map(|r| r.id.as_str()).collect();
                if !self.ids_exist(offset, &solution, &known, "regions") || !regions_ok {
                    return None;
                }
                Some(Body::Hotspot {
                    regions,
                    solution: solution.into_iter().collect(),
                })
            }
            Kind::Matching => self.matching(raw),
            Kind::Task => self.task(raw, media),
        }
    }

    /// Accepted answers of a text or number field.
    fn accepted(&mut self, raw: &RawItem, offset: usize, answers: &[String]) -> Option<Accepted> {
        let number = match raw.input.as_ref() {
            None => false,
            Some(i) => match i.get_ref().as_str() {
                "text" => false,
                "number" => true,
                other => {
                    self.at(
                        i.span().start,
                        format!("unknown input `{other}` (text, number)"),
                    );
                    return None;
                }
            },
        };
        if number {
            if let Some(t) = &raw.typo_tolerance {
                self.at(
                    t.span().start,
                    "`typo_tolerance` applies to text answers only",
                );
            }
            let tolerance = match &raw.tolerance {
                None => 0.0,
                Some(t) if t.get_ref().is_finite() && *t.get_ref() >= 0.0 => *t.get_ref(),
                Some(t) => {
                    self.at(t.span().start, "`tolerance` must be a number >= 0");
                    return None;
                }
            };
            let mut numbers = Vec::new();
            for a in answers {
                match parse_number(a) {
                    Some(n) => numbers.push(n),
                    None => {
                        self.at(offset, format!("solution `{a}` is not a number"));
                        return None;
                    }
                }
            }
            Some(Accepted::Number {
                answers: numbers,
                tolerance,
            })
        } else {
            if let Some(t) = &raw.tolerance {
                self.at(
                    t.span().start,
                    "`tolerance` applies to input = \"number\" only",
                );
            }
            if let Some(a) = answers.iter().find(|a| normalize(a).is_empty()) {
                self.at(
                    offset,
                    format!("accepted answer `{a}` is empty once normalised (it can never match)"),
                );
                return None;
            }
            Some(Accepted::Text {
                answers: answers.to_vec(),
                typo: raw.typo_tolerance.as_ref().is_none_or(|t| *t.get_ref()),
            })
        }
    }

    fn qrocm(&mut self, raw: &RawItem) -> Option<Body> {
        let (fields, fields_ok) = self.choices("fields", raw.fields.as_ref(), 2, 6);
        let mode = match raw.mode.as_ref() {
            None => Some(FieldMode::Independent),
            Some(m) => match m.get_ref().as_str() {
                "independent" => Some(FieldMode::Independent),
                "any_order" => Some(FieldMode::AnyOrder),
                other => {
                    self.at(
                        m.span().start,
                        format!("unknown mode `{other}` (independent, any_order)"),
                    );
                    None
                }
            },
        };
        let Some(sol) = &raw.solution else {
            self.missing("solution");
            return None;
        };
        let offset = sol.span().start;
        let Some(table) = sol.get_ref().as_table() else {
            self.at(
                offset,
                "qrocm solution must be a table of accepted answers per field, e.g. { f1 = [\"…\"] }",
            );
            return None;
        };
        let fields: Vec<Field> = fields
            .into_iter()
            .map(|c| Field {
                id: c.id,
                label: c.text,
            })
            .collect();
        let mut ok = true;
        for key in table.keys() {
            if !fields.iter().any(|f| &f.id == key) {
                self.at(offset, format!("solution names unknown field `{key}`"));
                ok = false;
            }
        }
        let mut accepted = Vec::new();
        for f in &fields {
            let answers = match table.get(&f.id) {
                Some(toml::Value::Array(values)) => values
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>()
                    .filter(|l| !l.is_empty()),
                _ => None,
            };
            match answers {
                Some(answers) => match self.accepted(raw, offset, &answers) {
                    Some(a) => accepted.push(a),
                    None => ok = false,
                },
                None => {
                    self.at(
                        offset,
                        format!(
                            "solution for field `{}` must be a non-empty list of strings",
                            f.id
                        ),
                    );
                    ok = false;
                }
            }
        }
        if !ok || !fields_ok {
            return None;
        }
        Some(Body::Qrocm {
            fields,
            mode: mode?,
            accepted,
        })
    }

    fn matching(&mut self, raw: &RawItem) -> Option<Body> {
        let (left, left_ok) = self.choices("left", raw.left.as_ref(), 2, 8);
        let (right, right_ok) = self.choices("right", raw.right.as_ref(), 2, 8);
        let Some(sol) = &raw.solution else {
            self.missing("solution");
            return None;
        };
        let offset = sol.span().start;
        let Some(table) = sol.get_ref().as_table() else {
            self.at(
                offset,
                "matching solution must be a table left id = right id, e.g. { l1 = \"r2\" }",
            );
            return None;
        };
        let mut ok = left_ok && right_ok;
        let mut solution = BTreeMap::new();
        for (l, r) in table {
            if !left.iter().any(|c| &c.id == l) {
                self.at(offset, format!("solution names unknown left id `{l}`"));
                ok = false;
                continue;
            }
            match r.as_str() {
                Some(r) if right.iter().any(|c| c.id == r) => {
                    solution.insert(l.clone(), r.to_owned());
                }
                _ => {
                    self.at(offset, format!("solution for `{l}` is not a right id: {r}"));
                    ok = false;
                }
            }
        }
        for l in &left {
            if !table.contains_key(&l.id) {
                self.at(offset, format!("solution does not pair left id `{}`", l.id));
                ok = false;
            }
        }
        ok.then_some(Body::Matching {
            left,
            right,
            solution,
        })
    }

    fn task(&mut self, raw: &RawItem, media: Option<&Media>) -> Option<Body> {
        let Some(action_raw) = &raw.action else {
            self.missing("action");
            return None;
        };
        let Some(action) = Action::parse(action_raw.get_ref()) else {
            self.at(
                action_raw.span().start,
                format!(
                    "unknown action `{}` (click, double_click, right_click, drag, scroll_find, type_text, tap, swipe)",
                    action_raw.get_ref()
                ),
            );
            return None;
        };
        if raw.media.is_none() && action != Action::TypeText {
            self.at(
                self.item_start,
                format!(
                    "task `{}` needs `media` (the simulated screen)",
                    action.as_str()
                ),
            );
        }
        let (targets, targets_ok) = match &raw.targets {
            Some(list) => self.regions("targets", list, media),
            None => (Vec::new(), true),
        };
        let Some(sol) = &raw.solution else {
            self.missing("solution");
            return None;
        };
        let offset = sol.span().start;
        let Some(table) = sol.get_ref().as_table() else {
            self.at(
                offset,
                "task solution must be a table, e.g. { target = \"dossier\" }",
            );
            return None;
        };
        let allowed: &[&str] = match action {
            Action::Drag => &["source", "target"],
            Action::Swipe => &["direction"],
            Action::TypeText => &["text", "exact"],
            _ => &["target"],
        };
        let mut ok = targets_ok;
        for key in table.keys() {
            if !allowed.contains(&key.as_str()) {
                self.at(
                    offset,
                    format!(
                        "solution key `{key}` does not apply to action `{}`",
                        action.as_str()
                    ),
                );
                ok = false;
            }
        }
        let target_id = |this: &mut Self, key: &str| -> Option<String> {
            match table.get(key).and_then(|v| v.as_str()) {
                Some(id) if targets.iter().any(|t| t.id == id) => Some(id.to_owned()),
                Some(id) => {
                    this.at(
                        offset,
                        format!("solution {key} `{id}` is not among the targets"),
                    );
                    None
                }
                None => {
                    this.at(offset, format!("task solution needs `{key}` (a target id)"));
                    None
                }
            }
        };
        let solution = match action {
            Action::Drag => {
                let source = target_id(self, "source");
                let target = target_id(self, "target");
                match (source, target) {
                    (Some(source), Some(target)) => Some(TaskSolution::Drag { source, target }),
                    _ => None,
                }
            }
            Action::Swipe => match table.get("direction").and_then(|v| v.as_str()) {
                Some(d @ ("left" | "right" | "up" | "down")) => {
                    Some(TaskSolution::Swipe(d.to_owned()))
                }
                _ => {
                    self.at(
                        offset,
                        "swipe solution needs direction = left, right, up or down",
                    );
                    None
                }
            },
            Action::TypeText => {
                let text = table.get("text").and_then(|v| v.as_str());
                let exact = match table.get("exact") {
                    None => Some(false),
                    Some(v) => v.as_bool(),
                };
                match (text, exact) {
                    (Some(t), Some(exact)) if !t.trim().is_empty() => Some(TaskSolution::Text {
                        text: t.to_owned(),
                        exact,
                    }),
                    _ => {
                        self.at(
                            offset,
                            "type_text solution needs a non-empty `text` (and `exact` = true/false)",
                        );
                        None
                    }
                }
            }
            _ => target_id(self, "target").map(TaskSolution::Target),
        };
        if !ok {
            return None;
        }
        Some(Body::Task {
            action,
            targets,
            solution: solution?,
        })
    }
}
