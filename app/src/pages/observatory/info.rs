//! The method page and the open data page.

use axum::{http::StatusCode, response::Response};
use leptos::prelude::*;

use super::*;
use crate::assets::Assets;
use crate::pages::mediation::public_page;

/// The method page.
pub fn method_page(assets: &Assets) -> Response {
    let t = strings();
    let body = view! {
        <h1>{t.method_title}</h1>
        {t.method.iter().map(|(title, paragraphs)| view! {
            <h2>{*title}</h2>
            {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        }).collect_view()}
        <p><a href=PATH>{t.back}</a></p>
    };
    public_page(assets, StatusCode::OK, t.method_title, body)
}

/// The open data page: every table, in CSV and JSON, with its columns' description.
pub fn data_page(assets: &Assets, tables: &[(&'static str, &'static str)], rule: &str) -> Response {
    let t = strings();
    let body = view! {
        <h1>{t.data_title}</h1>
        <p>{t.data_intro}</p>
        <p>{t.data_licence}</p>
        <p>{t.data_rule}" "{rule.to_owned()}</p>
        <h2>{t.data_files}</h2>
        <ul class="data-files">
            {tables.iter().map(|(name, title)| view! {
                <li>
                    <h3>{*title}</h3>
                    <ul>
                        <li><a href=format!("{DATA_PATH}/{name}.csv")>{format!("{} — {name}.csv", t.csv)}</a></li>
                        <li><a href=format!("/api/v1/observatory/tables/{name}")>{format!("{} — {name}", t.json)}</a></li>
                        <li><a href=format!("{DATA_PATH}/{name}.schema.json")>{format!("{} — {name}.schema.json", t.schema)}</a></li>
                    </ul>
                </li>
            }).collect_view()}
        </ul>
        <p><a href=PATH>{t.back}</a></p>
    };
    public_page(assets, StatusCode::OK, t.data_title, body)
}
