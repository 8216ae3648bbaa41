//! The hydration bundle and stylesheet: pages name the content-hashed files of the site's
//! manifest, which are sent precompressed as the client accepts and cached for good.

use std::path::{Path, PathBuf};

use reqwest::{StatusCode, header};

use crate::helpers::{TestApp, spawn_app_with};

const JS: &str = "app.0123456789abcdef.js";
const WASM: &str = "app.fedcba9876543210.wasm";
const CSS: &str = "app.00112233aabbccdd.css";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A site folder of its own, removed when the test ends.
struct Site(PathBuf);

impl Site {
    /// `pkg/` with a manifest naming three hashed files, each with distinct `.br` and `.gz`
    /// copies so that a test can tell which one the server sent.
    fn with_manifest(name: &str) -> Self {
        let site = Self::empty(name);
        let pkg = site.0.join("pkg");
        std::fs::write(
            pkg.join("assets.json"),
            format!(r#"{{"js": "{JS}", "wasm": "{WASM}", "css": "{CSS}"}}"#),
        )
        .unwrap();
        for file in [JS, WASM, CSS] {
            std::fs::write(pkg.join(file), format!("identity bytes of {file}")).unwrap();
            std::fs::write(pkg.join(format!("{file}.br")), format!("br of {file}")).unwrap();
            std::fs::write(pkg.join(format!("{file}.gz")), format!("gz of {file}")).unwrap();
        }
        std::fs::write(pkg.join("app.js"), "an unhashed file").unwrap();
        site
    }

    fn empty(name: &str) -> Self {
        let dir = crate::helpers::fresh_dir(&format!("tremplin-site-{name}"));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        Self(dir)
    }

    fn root(&self) -> &Path {
        &self.0
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn serve(site: &Site) -> TestApp {
    let root = site.root().to_owned();
    spawn_app_with(move |s| s.site_root = root).await
}

async fn fetch(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut req = app.api.get(app.url(path));
    if let Some(accepted) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, accepted);
    }
    req.send().await.unwrap()
}

fn header_of(res: &reqwest::Response, name: header::HeaderName) -> Option<&str> {
    res.headers().get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn pages_name_the_hashed_files_of_the_manifest() {
    let site = Site::with_manifest("pages");
    let app = serve(&site).await;
    let html = fetch(&app, "/", None).await.text().await.unwrap();
    assert!(
        html.contains(&format!("<link rel=\"stylesheet\" href=\"/pkg/{CSS}\"")),
        "{html}"
    );
    assert!(html.contains(&format!("<link rel=\"modulepreload\" href=\"/pkg/{JS}\"")));
    assert!(html.contains(&format!("<link rel=\"preload\" href=\"/pkg/{WASM}\"")));
    assert!(
        html.contains(&format!("from \"/pkg/{JS}\"")),
        "the script imports it"
    );
    assert!(html.contains(&format!("module_or_path: \"/pkg/{WASM}\"")));
    for plain in ["/pkg/app.js\"", "/pkg/app.wasm\"", "/pkg/app.css\""] {
        assert!(!html.contains(plain), "{plain} named in {html}");
    }

    // The small error pages outside Leptos use the same stylesheet.
    let refused = app
        .api
        .post(app.url("/commencer"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let page = refused.text().await.unwrap();
    assert!(page.contains(&format!("href=\"/pkg/{CSS}\"")), "{page}");
}

#[tokio::test]
async fn without_a_manifest_pages_name_the_plain_files() {
    let site = Site::empty("plain");
    let app = serve(&site).await;
    let html = fetch(&app, "/", None).await.text().await.unwrap();
    assert!(html.contains("href=\"/pkg/app.css\""), "{html}");
    assert!(html.contains("from \"/pkg/app.js\""));
    assert!(html.contains("module_or_path: \"/pkg/app.wasm\""));
}

#[tokio::test]
async fn hashed_files_are_sent_precompressed_as_the_client_accepts_and_cached_for_good() {
    let site = Site::with_manifest("encodings");
    let app = serve(&site).await;
    for file in [JS, WASM, CSS] {
        let path = format!("/pkg/{file}");
        for (accepted, encoding, body) in [
            (Some("br, gzip"), Some("br"), format!("br of {file}")),
            (Some("gzip, deflate"), Some("gzip"), format!("gz of {file}")),
            (Some("identity"), None, format!("identity bytes of {file}")),
            (None, None, format!("identity bytes of {file}")),
        ] {
            let res = fetch(&app, &path, accepted).await;
            assert_eq!(res.status(), StatusCode::OK, "{path} {accepted:?}");
            assert_eq!(
                header_of(&res, header::CONTENT_ENCODING),
                encoding,
                "{path} {accepted:?}"
            );
            assert_eq!(header_of(&res, header::CACHE_CONTROL), Some(IMMUTABLE));
            assert_eq!(header_of(&res, header::VARY), Some("accept-encoding"));
            let content_type = header_of(&res, header::CONTENT_TYPE).unwrap().to_owned();
            // The type of the file asked for, whichever copy is sent (WASM streaming
            // compilation requires `application/wasm`).
            let expected_type = match file.rsplit('.').next().unwrap() {
                "wasm" => "application/wasm",
                "js" => "javascript",
                _ => "text/css",
            };
            assert!(
                content_type.contains(expected_type),
                "{path}: {content_type}"
            );
            assert_eq!(res.text().await.unwrap(), body, "{path} {accepted:?}");
        }
    }
}

#[tokio::test]
async fn unhashed_and_missing_files_are_never_cached_for_good() {
    let site = Site::with_manifest("unhashed");
    let app = serve(&site).await;
    for path in ["/pkg/app.js", "/pkg/assets.json"] {
        let res = fetch(&app, path, Some("br, gzip")).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), Some("no-cache"));
    }
    let res = fetch(&app, "/pkg/app.1111111111111111.wasm", Some("br")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_ne!(header_of(&res, header::CACHE_CONTROL), Some(IMMUTABLE));
}
