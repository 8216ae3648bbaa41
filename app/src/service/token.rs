//! Assessment ids and bearer tokens.

use sha2::{Digest, Sha256};

/// 128 random bits as 32 hex digits.
pub fn new_id() -> anyhow::Result<String> {
    random_hex::<16>()
}

/// 256 random bits as 64 hex digits.
pub fn new_token() -> anyhow::Result<String> {
    random_hex::<32>()
}

/// A random engine seed.
pub fn new_seed() -> anyhow::Result<i64> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(i64::from_le_bytes(b))
}

fn random_hex<const N: usize>() -> anyhow::Result<String> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(hex::encode(b))
}

/// What is stored instead of the token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares a presented token with a stored hash in constant time.
pub fn matches(token: &str, stored_hash: &str) -> bool {
    let given = hash(token);
    given.len() == stored_hash.len()
        && given
            .bytes()
            .zip(stored_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(new_id().unwrap().len(), 32);
    }

    #[test]
    fn only_the_right_token_matches_its_hash() {
        let t = new_token().unwrap();
        let h = hash(&t);
        assert!(matches(&t, &h));
        assert!(!matches(&new_token().unwrap(), &h));
        assert!(!matches("", &h));
    }
}
