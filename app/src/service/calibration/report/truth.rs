//! The simulation's truth file (`tremplin calibrate seed --truth`): `id,a,b,c,dif`.

use std::fmt::Write as _;
use std::path::Path;

use crate::service::calibration::seed::TrueItem;

/// The true parameters as CSV (`id,a,b,c,dif`).
pub fn truth_csv(truth: &[TrueItem]) -> String {
    let mut out = String::from("id,a,b,c,dif\n");
    for t in truth {
        let _ = writeln!(
            out,
            "{},{:.4},{:.4},{:.4},{:.4}",
            t.id, t.a, t.b, t.c, t.dif
        );
    }
    out
}

/// Reads a truth file; a problem as `file:line: problem`.
pub fn read_truth(path: &Path) -> Result<Vec<TrueItem>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}:1: cannot read: {e}", path.display()))?;
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, "id,a,b,c,dif")) => {}
        _ => {
            return Err(format!(
                "{}:1: expected the header `id,a,b,c,dif`",
                path.display()
            ));
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = |m: &str| format!("{}:{}: {m}", path.display(), i + 1);
        let fields: Vec<&str> = line.split(',').collect();
        let [id, a, b, c, dif] = fields[..] else {
            return Err(at(&format!("expected 5 fields, got {}", fields.len())));
        };
        let num = |name: &str, v: &str| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| at(&format!("`{name}` is not a number: `{v}`")))
        };
        out.push(TrueItem {
            id: id.trim().to_owned(),
            a: num("a", a)?,
            b: num("b", b)?,
            c: num("c", c)?,
            dif: num("dif", dif)?,
        });
    }
    Ok(out)
}
