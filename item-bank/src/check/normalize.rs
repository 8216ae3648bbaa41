//! Text normalisation and typo tolerance for short answers.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Largest accepted Levenshtein distance / longest length, on normalised strings.
pub const TYPO_RATIO: f64 = 0.25;

/// Normalises an answer: compatibility decomposition, lower case, accents (combining marks)
/// removed, œ/æ spelt out, punctuation and symbols dropped, whitespace collapsed and trimmed.
/// Idempotent: `normalize(normalize(s)) == normalize(s)`.
pub fn normalize(s: &str) -> String {
    // One pass does the job for ordinary text; a few exotic characters only reach their final
    // form on a second pass (e.g. a lower-case mapping that yields a decomposable letter), so
    // iterate to the fixed point (at most a handful of passes).
    let mut current = pass(s);
    for _ in 0..4 {
        let next = pass(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn pass(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let lowered: String = s.nfkd().flat_map(char::to_lowercase).collect();
    for c in lowered.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if !c.is_alphanumeric() {
            // Punctuation and symbols are dropped without leaving a gap: "e-mail" = "email".
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether two already-normalised strings are within the typo tolerance:
/// Levenshtein distance / max(length in characters) ≤ [`TYPO_RATIO`].
pub fn within_typo(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return true;
    }
    let distance = strsim::levenshtein(a, b);
    (distance as f64) / (longest as f64) <= TYPO_RATIO
}

/// Whether `given` matches one of the accepted texts. With `typo`, a near miss is accepted, but
/// the digits must still be exactly the accepted answer's digits: "B2:B6" is not a typo of
/// "B2:B5", it is another range.
pub fn text_matches(given: &str, accepted: &[String], typo: bool) -> bool {
    let given = normalize(given);
    if given.is_empty() {
        return false;
    }
    accepted.iter().any(|a| {
        let a = normalize(a);
        if typo {
            digits(&given).eq(digits(&a)) && within_typo(&given, &a)
        } else {
            given == a
        }
    })
}

fn digits(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(char::is_ascii_digit)
}

/// Parses a number as people type it: surrounding and inner spaces ignored (also non-breaking
/// ones), decimal comma or point. `None` when it is not a finite number.
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .map(|c| match c {
            ',' => '.',
            // The typographic minus (as French prompts print it) and the hyphen-minus are one.
            '\u{2212}' => '-',
            c => c,
        })
        .collect();
    if cleaned.is_empty() || cleaned.contains(['e', 'E', 'i', 'I', 'n', 'N']) {
        // Exponents, "inf" and "NaN" are not how people write answers.
        return None;
    }
    let n: f64 = cleaned.parse().ok()?;
    n.is_finite().then_some(n)
}

/// Whether `given` parses to a number within `tolerance` of an accepted one.
pub fn number_matches(given: &str, accepted: &[f64], tolerance: f64) -> bool {
    match parse_number(given) {
        // A tiny epsilon so that 0.1 + 0.2-style binary noise never rejects an exact answer.
        Some(n) => accepted
            .iter()
            .any(|a| (n - a).abs() <= tolerance + 1e-9 * a.abs().max(1.0)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_typographic_minus_reads_as_a_minus() {
        assert_eq!(parse_number("\u{2212}18"), Some(-18.0));
        assert_eq!(parse_number("\u{2212} 6,5"), Some(-6.5));
        assert_eq!(parse_number("-18"), Some(-18.0));
        assert!(number_matches("\u{2212}18", &[-18.0], 0.2));
        assert!(!number_matches("\u{2212}18", &[18.0], 0.2));
    }

    #[test]
    fn case_accents_spaces_and_punctuation_do_not_count() {
        assert_eq!(normalize("  Élève   À l'ÉCOLE ! "), "eleve a lecole");
        assert_eq!(normalize("e-mail"), normalize("Email"));
        assert_eq!(normalize("Cœur"), "coeur");
        assert_eq!(normalize("www.Service-Public.fr"), "wwwservicepublicfr");
        assert_eq!(normalize("?!…"), "");
    }

    #[test]
    fn one_typo_in_a_word_of_four_letters_or_more_is_tolerated() {
        assert!(text_matches("mot de pase", &["mot de passe".into()], true));
        assert!(!text_matches(
            "mot de pase",
            &["mot de passe".into()],
            false
        ));
        assert!(text_matches(
            "MOT DE PASSE",
            &["mot de passe".into()],
            false
        ));
        assert!(!text_matches("chat", &["chien".into()], true));
        assert!(!text_matches("", &["a".into()], true));
        assert!(!text_matches("!!", &["a".into()], true));
    }

    #[test]
    fn a_different_digit_is_never_a_typo() {
        let range = ["=SOMME(B2:B5)".to_owned()];
        assert!(text_matches("=somme(b2:b5)", &range, true));
        assert!(text_matches("=some(B2:B5)", &range, true));
        assert!(!text_matches("=SOMME(B2:B6)", &range, true));
        assert!(!text_matches("3019", &["3018".into()], true));
    }

    #[test]
    fn numbers_accept_comma_point_and_spaces() {
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number(" 12.5 "), Some(12.5));
        assert_eq!(parse_number(" 12 "), Some(12.0));
        assert_eq!(parse_number("1 000"), Some(1000.0));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("douze"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1e3"), None);
        assert_eq!(parse_number(""), None);
        assert!(number_matches("12,49", &[12.5], 0.01));
        assert!(!number_matches("12,4", &[12.5], 0.01));
        assert!(number_matches("0,3", &[0.1 + 0.2], 0.0));
    }

    proptest! {
        #[test]
        fn normalisation_is_idempotent(s in any::<String>()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalisation_is_idempotent_on_french_like_text(s in "[a-zA-Zéèêëàâçîïôœùûü'’ ,.!?-]{0,40}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn a_text_matches_itself_in_any_case(s in "[a-zA-Zéèàç]{1,12}( [a-zA-Z]{1,8}){0,3}") {
            prop_assert!(text_matches(&s.to_uppercase(), std::slice::from_ref(&s), false));
        }
    }
}
