//! The second factor: time-based one-time codes (RFC 6238, SHA-1, 6 digits, 30 s), as every
//! authenticator app reads them (totp-rs). A code is accepted within one step of the server's
//! clock, and only once: the step of the last accepted code is stored, and a code of that step
//! or an earlier one is refused.

use totp_rs::{Algorithm, Secret, TOTP};

/// A new random secret (160 bits), base32-encoded for storage and for typing by hand.
pub fn new_secret() -> anyhow::Result<String> {
    let mut b = [0u8; 20];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(Secret::Raw(b.to_vec()).to_encoded().to_string())
}

fn totp(secret: &str, account: &str) -> anyhow::Result<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| anyhow::anyhow!("stored TOTP secret is not base32: {e:?}"))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("Tremplin".into()),
        account.to_owned(),
    )
    .map_err(|e| anyhow::anyhow!("TOTP secret refused: {e}"))
}

/// The `otpauth://` address an authenticator app reads (as a QR code or pasted).
pub fn provisioning_url(secret: &str, account: &str) -> anyhow::Result<String> {
    Ok(totp(secret, account)?.get_url())
}

/// The 30 s step of `unix_seconds`.
pub fn step(unix_seconds: u64) -> i64 {
    (unix_seconds / 30) as i64
}

/// The step at which `code` is valid for `secret` at `unix_seconds` (±1 step), if it is valid
/// and newer than `last_step`.
pub fn accept(
    secret: &str,
    account: &str,
    code: &str,
    unix_seconds: u64,
    last_step: Option<i64>,
) -> anyhow::Result<Option<i64>> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(secret, account)?;
    let now = step(unix_seconds);
    for s in [now - 1, now, now + 1] {
        if s < 0 || last_step.is_some_and(|l| s <= l) {
            continue;
        }
        if t.generate(s as u64 * 30) == code {
            return Ok(Some(s));
        }
    }
    Ok(None)
}

/// The code for `secret` at `unix_seconds` (tests and the enrolment check).
pub fn code_at(secret: &str, unix_seconds: u64) -> anyhow::Result<String> {
    Ok(totp(secret, "-")?.generate(unix_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_once_within_a_step_of_the_clock() {
        let secret = new_secret().unwrap();
        let t = 1_800_000_000u64;
        let code = code_at(&secret, t).unwrap();
        let step_now = step(t);
        assert_eq!(
            accept(&secret, "a", &code, t, None).unwrap(),
            Some(step_now)
        );
        assert_eq!(
            accept(&secret, "a", &code, t + 30, None).unwrap(),
            Some(step_now)
        );
        assert_eq!(accept(&secret, "a", &code, t + 90, None).unwrap(), None);
        // Replayed: refused.
        assert_eq!(
            accept(&secret, "a", &code, t, Some(step_now)).unwrap(),
            None
        );
        assert_eq!(accept(&secret, "a", "12345", t, None).unwrap(), None);
        assert_eq!(accept(&secret, "a", "abcdef", t, None).unwrap(), None);
    }

    #[test]
    fn the_provisioning_url_names_the_issuer_and_account() {
        let secret = new_secret().unwrap();
        let url = provisioning_url(&secret, "mediatrice@exemple.fr").unwrap();
        assert!(url.starts_with("otpauth://totp/Tremplin:"), "{url}");
        assert!(url.contains(&secret), "{url}");
    }
}
