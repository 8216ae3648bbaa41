//! `spawn_app()`: the real server on a free port with a fresh database, SQLite or PostgreSQL
//! depending on `TREMPLIN_TEST_DATABASE` (`sqlite` by default, `postgres` to use the server at
//! `TREMPLIN_TEST_POSTGRES_URL`). Each test gets its own database, dropped when the test ends.

use std::path::PathBuf;

use app::{settings::Settings, startup::Application, state::AppState};
use reqwest::{Client, Response, StatusCode, redirect::Policy};
use serde_json::{Value, json};
use sqlx::Connection;

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub api: Client,
    db: std::sync::Arc<(TestDb, String)>,
}

/// The workspace root (the server runs from there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

enum TestDb {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

/// A new, empty directory of its own under the system's temporary directory.
pub fn fresh_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", random_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn random_suffix() -> String {
    let mut b = [0u8; 8];
    getrandom_fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn getrandom_fill(b: &mut [u8]) {
    // std has no RNG: mix time, a counter and the process id, enough for unique names.
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut x = t
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for byte in b.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *byte = x as u8;
    }
}

impl TestDb {
    async fn create() -> (Self, String) {
        sqlx::any::install_default_drivers();
        match std::env::var("TREMPLIN_TEST_DATABASE").as_deref() {
            Ok("postgres") => {
                let admin_url = std::env::var("TREMPLIN_TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
                let name = format!("tremplin_test_{}", random_suffix());
                let mut conn = sqlx::AnyConnection::connect(&admin_url)
                    .await
                    .expect("PostgreSQL must run at TREMPLIN_TEST_POSTGRES_URL");
                sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_owned())
                    .unwrap();
                let url = format!("{base}/{name}");
                (TestDb::Postgres { admin_url, name }, url)
            }
            _ => {
                let path =
                    std::env::temp_dir().join(format!("tremplin-test-{}.db", random_suffix()));
                let url = format!("sqlite://{}", path.display());
                (TestDb::Sqlite(path), url)
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            TestDb::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside async: use a small runtime of its own on another thread.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        if let Ok(mut conn) = sqlx::AnyConnection::connect(&admin_url).await {
                            let _ = sqlx::raw_sql(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(&mut conn)
                            .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// A fresh database of its own, dropped with the value: for servers run as processes.
pub struct FreshDb(std::sync::Arc<(TestDb, String)>);

impl FreshDb {
    pub async fn new() -> Self {
        FreshDb(std::sync::Arc::new(TestDb::create().await))
    }

    /// Its URL (with the password, if any).
    pub fn url(&self) -> &str {
        &self.0.1
    }
}

/// Starts the server with a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the server with a fresh database and settings adjusted by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let (db, database_url) = TestDb::create().await;
    start(std::sync::Arc::new((db, database_url)), adjust).await
}

/// Starts a server on the database `db` (a fresh one, or another test server's).
async fn start(
    db: std::sync::Arc<(TestDb, String)>,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = test_settings(&db.1);
    adjust(&mut settings);
    let app = Application::build(settings).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        state,
        // A request that gets no answer fails the test with its URL instead of hanging it.
        api: Client::builder()
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap(),
        db,
    }
}

/// The settings of a test server on a free port, with the real bank and `database_url`.
pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::defaults();
    settings.addr = "127.0.0.1:0".parse().unwrap();
    settings.database_url = database_url.into();
    settings.bank_dir = root().join("item-bank/data");
    settings.site_root = root().join("target/site");
    // Tests sign in often from one address; the limit itself is tested with its own settings.
    settings.logins_burst = 100;
    settings
}

/// An assessment started through the API.
pub struct Started {
    pub id: String,
    pub token: String,
}

impl TestApp {
    /// The URL of this server's database (with the password, if any).
    pub fn database_url(&self) -> &str {
        &self.db.1
    }

    /// The SQLite file of this server's database; none on PostgreSQL.
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        match &self.db.0 {
            TestDb::Sqlite(path) => Some(path),
            TestDb::Postgres { .. } => None,
        }
    }

    /// A second server on this one's database (as after a restart), with other settings.
    pub async fn restart_with(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        start(self.db.clone(), adjust).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `GET path`, with the cookie pair `name=value` if given.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let mut req = self.api.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header(reqwest::header::COOKIE, c);
        }
        req.send().await.unwrap()
    }

    /// The HTML of a page.
    pub async fn page(&self, path: &str, cookie: Option<&str>) -> String {
        self.get(path, cookie).await.text().await.unwrap()
    }

    /// Starts an assessment as a browser does (the form); returns the cookie pair to send back
    /// and the same assessment's credentials for the API.
    pub async fn start_in_browser(&self) -> (String, Started) {
        let res = self.api.post(self.url("/commencer")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let cookie = cookie_pair(&res);
        let (id, token) = cookie
            .split_once('=')
            .and_then(|(_, v)| v.split_once('.'))
            .unwrap();
        let started = Started {
            id: id.to_owned(),
            token: token.to_owned(),
        };
        (cookie, started)
    }

    /// `POST /api/v1/assessments` with `body`.
    pub async fn post_start(&self, body: &Value) -> Response {
        self.api
            .post(self.url("/api/v1/assessments"))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn start(&self) -> Started {
        let res = self.post_start(&json!({"path": "citizen"})).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        Started {
            id: body["id"].as_str().unwrap().to_owned(),
            token: body["token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn current(&self, s: &Started) -> Response {
        self.api
            .get(self.url(&format!("/api/v1/assessments/{}/current", s.id)))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
    }

    pub async fn answer(&self, s: &Started, item_id: &str, response: Value) -> Response {
        self.api
            .post(self.url(&format!("/api/v1/assessments/{}/answers", s.id)))
            .bearer_auth(&s.token)
            .json(&json!({"item_id": item_id, "response": response}))
            .send()
            .await
            .unwrap()
    }

    pub async fn result(&self, s: &Started) -> Response {
        self.api
            .get(self.url(&format!("/api/v1/assessments/{}/result", s.id)))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
    }

    /// Number of stored answers of an assessment.
    pub async fn stored_answers(&self, id: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE assessment_id = $1")
            .bind(id)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        n
    }

    /// Answers with "Je ne sais pas" until the end; returns the number of items served.
    pub async fn skip_to_the_end(&self, s: &Started) -> usize {
        let mut n = 0;
        let mut body: Value = self.current(s).await.json().await.unwrap();
        while body.get("done").is_none() {
            let item_id = body["item"]["id"].as_str().unwrap().to_owned();
            let res = self.answer(s, &item_id, json!({"skip": true})).await;
            assert_eq!(res.status(), StatusCode::OK);
            body = res.json().await.unwrap();
            n += 1;
            assert!(n <= 200, "the assessment never ends");
        }
        n
    }
}

/// The `name=value` pair of the session cookie a response sets, to send back.
pub fn cookie_pair(res: &Response) -> String {
    res.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Asserts the body is `{"error": "<sentence>"}` with the expected status.
pub async fn assert_json_error(res: Response, status: StatusCode) {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.expect("error bodies are JSON");
    let message = body["error"].as_str().expect("an `error` field");
    assert!(message.len() > 10, "a readable sentence: {message}");
}
