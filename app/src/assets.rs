//! The hydration bundle and the stylesheet as `make site` leaves them in `<site_root>/pkg`:
//! content-hashed names (`app.<16 hex digits of SHA-256>.wasm`), each with a brotli (`.br`) and
//! a gzip (`.gz`) copy beside it, and a manifest ([`MANIFEST`]) naming them. [`Assets`] is that
//! manifest, read once at startup so that pages name the files; [`service`] serves the folder,
//! precompressed, with hashed files cached for good.

use std::path::Path;

use anyhow::Context;
use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::Response,
};
use serde::Deserialize;
use tower_http::services::ServeDir;

/// The URL path under which `<site_root>/pkg` is served.
pub const PKG_PATH: &str = "/pkg";

/// The manifest's file name in `<site_root>/pkg`.
pub const MANIFEST: &str = "assets.json";

/// How long a content-hashed file may be cached: its name changes whenever its bytes do.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// URLs of the hydration bundle (JS glue and WASM) and the stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

/// `assets.json` as `make site` writes it: file names in `<site_root>/pkg`.
#[derive(Deserialize)]
struct Manifest {
    js: String,
    wasm: String,
    css: String,
}

impl Assets {
    /// The plain names of a site built without the manifest (`cargo test` builds no site).
    pub fn plain() -> Self {
        Self::named("app.js", "app.wasm", "app.css")
    }

    fn named(js: &str, wasm: &str, css: &str) -> Self {
        let url = |name: &str| format!("{PKG_PATH}/{name}");
        Self {
            js: url(js),
            wasm: url(wasm),
            css: url(css),
        }
    }

    /// Reads `<site_root>/pkg/assets.json`; without one, the plain names. A manifest that is
    /// there but unreadable or malformed is an error: the pages would name missing files.
    pub fn load(site_root: &Path) -> anyhow::Result<Self> {
        let path = site_root.join("pkg").join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), "no asset manifest: plain names, no long-term caching");
                return Ok(Self::plain());
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let manifest: Manifest = serde_json::from_str(&text)
            .with_context(|| format!("{}: not an asset manifest", path.display()))?;
        for name in [&manifest.js, &manifest.wasm, &manifest.css] {
            // The names go into HTML attributes and a script: plain file names only.
            anyhow::ensure!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')),
                "{}: `{name}` is not a plain file name",
                path.display()
            );
        }
        Ok(Self::named(&manifest.js, &manifest.wasm, &manifest.css))
    }

    /// The module script that loads the bundle and hydrates the page (what leptos's
    /// `HydrationScripts` writes, with our names).
    pub fn hydration_script(&self) -> String {
        format!(
            "import init, {{ hydrate }} from \"{js}\";\n\
             init({{ module_or_path: \"{wasm}\" }}).then(() => hydrate());",
            js = self.js,
            wasm = self.wasm,
        )
    }
}

/// Whether a file name carries a content hash: `<stem>.<16 hex digits>.<extension>`.
pub fn is_content_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (Some(extension), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !extension.is_empty()
        && !stem.is_empty()
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `<site_root>/pkg`, served with its precompressed copies (brotli, then gzip, as the client
/// accepts), hashed files cached for a year and everything else revalidated.
pub fn service(site_root: &Path) -> Router {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_policy))
}

async fn cache_policy(req: Request, next: Next) -> Response {
    let hashed = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(is_content_hashed);
    let mut res = next.run(req).await;
    let found = res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED;
    let policy = if hashed && found {
        IMMUTABLE
    } else {
        "no-cache"
    };
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // The same URL answers brotli, gzip or identity: shared caches must key on the header.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_16_digit_hex_hash_before_the_extension_are_hashed() {
        assert!(is_content_hashed("app.0123456789abcdef.wasm"));
        assert!(is_content_hashed("app.0123456789ABCDEF.css"));
        assert!(!is_content_hashed("app.wasm"));
        assert!(!is_content_hashed("app.0123456789abcde.js"), "15 digits");
        assert!(!is_content_hashed("app.0123456789abcdeg.js"), "not hex");
        assert!(!is_content_hashed(".0123456789abcdef.js"), "no stem");
        assert!(!is_content_hashed("assets.json"));
    }

    #[test]
    fn a_missing_manifest_means_the_plain_names_and_a_bad_one_is_an_error() {
        let root = std::env::temp_dir().join(format!("tremplin-assets-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        assert_eq!(Assets::load(&root).unwrap(), Assets::plain());
        assert_eq!(Assets::plain().wasm, "/pkg/app.wasm");

        let manifest = root.join("pkg").join(MANIFEST);
        std::fs::write(
            &manifest,
            r#"{"js":"app.1111111111111111.js","wasm":"app.2222222222222222.wasm","css":"app.3333333333333333.css"}"#,
        )
        .unwrap();
        let assets = Assets::load(&root).unwrap();
        assert_eq!(assets.wasm, "/pkg/app.2222222222222222.wasm");
        assert!(
            assets
                .hydration_script()
                .contains("from \"/pkg/app.1111111111111111.js\"")
        );

        std::fs::write(&manifest, r#"{"js":"app.js"}"#).unwrap();
        assert!(Assets::load(&root).is_err(), "a field is missing");
        std::fs::write(
            &manifest,
            r#"{"js":"x\"></script>.js","wasm":"app.wasm","css":"app.css"}"#,
        )
        .unwrap();
        assert!(Assets::load(&root).is_err(), "not a plain file name");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
