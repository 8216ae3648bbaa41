//! The loader never panics: arbitrary bytes, arbitrary text and mangled versions of a valid
//! file all end in items or in problems that point at a real line.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use tremplin_bank::{Bank, Framework};

fn framework() -> &'static Framework {
    static F: OnceLock<Framework> = OnceLock::new();
    F.get_or_init(|| Framework::load(Path::new("data/framework.toml")).expect("framework"))
}

const VALID: &str = include_str!("fixtures/items/kinds.toml");

/// Checks `bytes` as an item file; asserts every problem has a line inside the file.
fn check(bytes: &[u8]) -> Result<usize, usize> {
    let path = Path::new("fuzz.toml");
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    match Bank::check_file_text(framework(), Path::new("tests/fixtures"), path, bytes) {
        Ok(items) => Ok(items.len()),
        Err(errors) => {
            assert!(!errors.0.is_empty());
            for p in &errors.0 {
                assert!(
                    p.line >= 1 && p.line <= lines,
                    "line {} of {lines}: {p}",
                    p.line
                );
                assert_eq!(p.path, path);
                assert!(!p.message.is_empty());
            }
            Err(errors.0.len())
        }
    }
}

#[test]
fn the_valid_fixture_loads_whole() {
    assert_eq!(check(VALID.as_bytes()), Ok(15));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_give_problems_with_lines(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        prop_assert!(check(&bytes).is_err());
    }

    #[test]
    fn arbitrary_text_gives_problems_with_lines(text in any::<String>()) {
        prop_assert!(check(text.as_bytes()).is_err());
    }

    #[test]
    fn toml_like_text_gives_problems_with_lines(text in "(\\[\\[item\\]\\]\n|[a-z_]{1,10} = |\"[a-z0-9 ]{0,8}\"|[0-9.-]{1,5}|\\[|\\]|\\{|\\}|, |\n){0,40}") {
        let _ = check(text.as_bytes());
    }

    #[test]
    fn a_mangled_valid_file_never_panics(start in 0usize..VALID.len(), len in 0usize..200, junk in "[ -~\n]{0,20}") {
        let bytes = VALID.as_bytes();
        let end = (start + len).min(bytes.len());
        let mut mangled = bytes[..start].to_vec();
        mangled.extend_from_slice(junk.as_bytes());
        mangled.extend_from_slice(&bytes[end..]);
        let _ = check(&mangled);
    }
}
