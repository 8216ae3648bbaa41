//! Just enough SVG reading to check a picture's viewBox against the size an item declares.

/// The width and height of the root `<svg>` element's `viewBox`, or a message saying why they
/// cannot be read.
pub(crate) fn viewbox_size(text: &str) -> Result<(f64, f64), String> {
    let start = text
        .find("<svg")
        .ok_or_else(|| "is not an SVG file (no <svg> element)".to_owned())?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let pos = tag
        .find("viewBox")
        .ok_or_else(|| "has no viewBox on its <svg> element".to_owned())?;
    let rest = tag[pos + "viewBox".len()..].trim_start();
    let rest = rest
        .strip_prefix('=')
        .map(str::trim_start)
        .ok_or_else(|| "has an unreadable viewBox".to_owned())?;
    let quote = rest
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')
        .ok_or_else(|| "has an unreadable viewBox".to_owned())?;
    let value = &rest[1..];
    let value = &value[..value.find(quote).unwrap_or(value.len())];
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("has an unreadable viewBox \"{value}\""))?;
    match numbers[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() => Ok((w, h)),
        _ => Err(format!("has an unreadable viewBox \"{value}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_root_viewbox() {
        let svg = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400"><rect/></svg>"#;
        assert_eq!(viewbox_size(svg), Ok((640.0, 400.0)));
        assert_eq!(viewbox_size("<svg viewBox='0,0,10,20'>"), Ok((10.0, 20.0)));
        assert!(
            viewbox_size("<svg width='3'>")
                .unwrap_err()
                .contains("no viewBox")
        );
        assert!(viewbox_size("hello").unwrap_err().contains("not an SVG"));
        assert!(viewbox_size("<svg viewBox=\"0 0 a b\">").is_err());
        assert!(viewbox_size("<svg viewBox=").is_err());
    }
}
