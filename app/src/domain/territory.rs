//! Territory (INSEE départements) and age bands offered with the consent.

/// Age bands offered with the consent (Eurostat bands, plus 75+).
pub const AGE_BANDS: [&str; 8] = [
    "16-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65-74",
    "75+",
    "moins de 16",
];

/// The 101 département codes of the INSEE geography (COG 2026).
pub fn departements() -> Vec<String> {
    let mut codes: Vec<String> = (1..=95)
        .filter(|n| *n != 20)
        .map(|n| format!("{n:02}"))
        .collect();
    let at = codes.iter().position(|c| c == "21").unwrap_or(codes.len());
    codes.insert(at, "2B".into());
    codes.insert(at, "2A".into());
    codes.extend(["971", "972", "973", "974", "976"].map(String::from));
    codes
}

/// The same codes as [`departements`], as a regular expression (for the OpenAPI document; a
/// test checks that both agree).
pub const DEPARTEMENT_PATTERN: &str = "^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-46])$";

/// Year of the geography [`departements`] follows.
pub const COG_YEAR: i64 = 2026;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_101_departements_with_corsica_split() {
        let d = departements();
        assert_eq!(d.len(), 101);
        assert!(d.contains(&"2A".to_string()) && d.contains(&"2B".to_string()));
        assert!(!d.contains(&"20".to_string()));
        assert_eq!(d.last().map(String::as_str), Some("976"));
    }

    #[test]
    fn the_pattern_matches_exactly_the_departements() {
        let pattern = regex::Regex::new(DEPARTEMENT_PATTERN).unwrap();
        let codes: std::collections::HashSet<String> = departements().into_iter().collect();
        // Every string of 1 to 4 characters over the digits, the letters of Corsica's codes,
        // their neighbours and a space.
        let alphabet: Vec<char> = ('0'..='9').chain(['A', 'B', 'C', 'a', ' ']).collect();
        let mut candidates: Vec<String> = vec![String::new()];
        let mut matched = 0;
        for _ in 0..4 {
            candidates = candidates
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            for c in &candidates {
                assert_eq!(pattern.is_match(c), codes.contains(c), "{c:?}");
                matched += usize::from(pattern.is_match(c));
            }
        }
        assert_eq!(matched, 101);
    }
}
