//! `tremplin`: the Tremplin server. Settings come from the environment (see README.md).

use app::{settings::Settings, startup::Application};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    if command != "serve" {
        anyhow::bail!("unknown command `{command}` (available: serve)");
    }
    let settings = Settings::from_env()?;
    let app = Application::build(settings.clone()).await?;
    tracing::info!(
        "Tremplin listens on http://{}:{}",
        settings.addr.ip(),
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(())
}
