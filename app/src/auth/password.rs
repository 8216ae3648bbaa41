//! Staff passwords, per OWASP ASVS: at least 12 characters (counted as characters, not bytes),
//! at most 128, no composition rules, refused when common (a list shipped with the repository)
//! or made of too few different characters; stored as Argon2id hashes (password-auth), hashed
//! and verified off the async threads (each takes tens of milliseconds on purpose).

/// Why a chosen password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
}

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("../../data/passwords/common.txt");

/// Checks a new password's length alone (what the API's schema states).
pub fn check_length(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    Ok(())
}

/// Checks a new password; `email` is the account's (a password containing its name part is
/// as guessable as a common one).
pub fn check(password: &str, email: &str) -> Result<(), PasswordProblem> {
    check_length(password)?;
    let lower = password.to_lowercase();
    let distinct = {
        let mut c: Vec<char> = lower.chars().collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let common = COMMON
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lower);
    if common || distinct < 4 || (local.chars().count() >= 4 && lower.contains(&local)) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// The Argon2id PHC string of `password`.
pub async fn hash(password: String) -> anyhow::Result<String> {
    Ok(tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?)
}

/// Whether `password` matches the stored `hash`.
pub async fn verify(password: String, hash: String) -> anyhow::Result<bool> {
    Ok(
        tokio::task::spawn_blocking(move || {
            password_auth::verify_password(password, &hash).is_ok()
        })
        .await?,
    )
}

/// A hash to verify against when the account does not exist, so that an unknown e-mail takes
/// as long to refuse as a wrong password. Made once ([`prepare_decoy`] at startup).
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| password_auth::generate_hash("tremplin-decoy-password"))
}

/// Makes the decoy hash off the async threads, so that no sign-in pays for it.
pub async fn prepare_decoy() -> anyhow::Result<()> {
    tokio::task::spawn_blocking(|| {
        decoy_hash();
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_and_nothing_else_is_required() {
        assert_eq!(check("court", "a@b.fr"), Err(PasswordProblem::TooShort));
        // 11 characters but 14 bytes: still too short.
        assert_eq!(
            check("ééécoucou12", "a@b.fr"),
            Err(PasswordProblem::TooShort)
        );
        // No digit, no capital, no symbol: accepted (no composition rules).
        assert_eq!(check("la mer est calme ce soir", "a@b.fr"), Ok(()));
        assert_eq!(
            check(&"x1".repeat(65), "a@b.fr"),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn common_and_guessable_passwords_are_refused() {
        for bad in [
            "qwerty123456",
            "QWERTY123456",
            "motdepasse123",
            "aaaaaaaaaaaaaa",
            "121212121212",
            "camille.martin2026",
        ] {
            assert_eq!(
                check(bad, "camille.martin@exemple.fr"),
                Err(PasswordProblem::Common),
                "{bad}"
            );
        }
    }

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let h = hash("la mer est calme ce soir".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(
            verify("la mer est calme ce soir".into(), h.clone())
                .await
                .unwrap()
        );
        assert!(!verify("la mer est calme ce matin".into(), h).await.unwrap());
    }
}
