//! The item page: progress, the prompt, the way to answer, "Valider" and "Je ne sais pas".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::inputs::ItemInputs;
use crate::domain::{AnswerWay, CurrentPage, ItemDisplay, Progress};
use crate::i18n::{fill, use_i18n};
use crate::pages::layout::NoSession;
use crate::server_fns::load_current_page;

#[component]
pub fn ItemPage() -> impl IntoView {
    let site = use_i18n().common.site_name;
    let t = &use_i18n().assessment;
    let page = Resource::new(|| (), |_| load_current_page());
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let error = query.read_untracked().get("erreur");
                match page.await {
                    Ok(CurrentPage::Item { item, progress, beginner, guided }) => {
                        view! { <ItemForm item=*item progress error beginner guided/> }.into_any()
                    }
                    Ok(CurrentPage::Done) => view! {
                        <Title text=format!("{} – {}", t.done_title, site)/>
                        <h1>{t.done_title}</h1>
                        <p><a class="button" href="/resultat" rel="external">{t.see_result}</a></p>
                    }.into_any(),
                    Ok(CurrentPage::NoSession) | Err(_) => view! { <NoSession/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "3 questions répondues sur environ 40" (singular for 0 and 1, as French says).
pub fn progress_words(progress: Progress, beginner: bool) -> String {
    if beginner {
        let t = &use_i18n().premiers_pas;
        let template = if progress.answered < 2 {
            t.progress_one
        } else {
            t.progress_many
        };
        let left = progress.expected.saturating_sub(progress.answered);
        return fill(
            template,
            &[
                ("answered", progress.answered.to_string()),
                ("left", left.to_string()),
            ],
        );
    }
    let t = &use_i18n().assessment;
    let template = if progress.answered < 2 {
        t.progress_words_one
    } else {
        t.progress_words_many
    };
    fill(
        template,
        &[
            ("answered", progress.answered.to_string()),
            ("expected", progress.expected.to_string()),
        ],
    )
}

#[component]
fn ProgressBar(progress: Progress, beginner: bool) -> impl IntoView {
    view! {
        <div class="progress">
            <p id="avancement">{progress_words(progress, beginner)}</p>
            <progress
                aria-labelledby="avancement"
                max=progress.expected.max(1).to_string()
                value=progress.answered.min(progress.expected).to_string()
            >
                {format!("{} %", progress.percent())}
            </progress>
        </div>
    }
}

/// Error messages for `?erreur=…` after a plain form post that could not be accepted.
fn error_message(code: &str) -> &'static str {
    let t = &use_i18n().assessment;
    match code {
        "vide" => t.error_empty,
        "ordre" => t.error_order,
        _ => t.error_other,
    }
}

#[component]
fn ItemForm(
    item: ItemDisplay,
    progress: Progress,
    error: Option<String>,
    beginner: bool,
    guided: Option<String>,
) -> impl IntoView {
    let site = use_i18n().common.site_name;
    let t = &use_i18n().assessment;
    let pp = &use_i18n().premiers_pas;
    let number = (progress.answered + 1).to_string();
    let heading = if beginner {
        fill(pp.task_title, &[("n", number)])
    } else {
        format!("{} {}", t.item_title, number)
    };
    // Premiers pas speaks more gently: "Je n'y arrive pas", no hurry, every instruction heard.
    let (skip, skip_hint) = if beginner {
        (pp.cant_do, pp.cant_do_hint)
    } else {
        (t.skip, t.skip_hint)
    };
    let spoken = item.prompt.join(" ");
    let described = if error.is_some() {
        "erreur consigne"
    } else {
        "consigne"
    };
    // Hotspot and task items show their picture inside the way to answer.
    let picture_apart = !matches!(
        item.answer,
        AnswerWay::Hotspot { .. } | AnswerWay::Task { .. }
    );
    view! {
        <Title text=format!("{} – {}", heading, site)/>
        <ProgressBar progress beginner/>
        <form method="post" action="/evaluation" class="item" aria-labelledby="question-titre">
            <input type="hidden" name="item_id" value=item.id.clone()/>
            {(beginner && progress.answered > 0).then(|| view! {
                <p class="encourage" role="status">{pp.encourage}</p>
            })}
            <h1 id="question-titre">{heading}</h1>
            {error.map(|code| view! {
                <p id="erreur" class="error" role="alert">{error_message(&code)}</p>
            })}
            <div id="consigne" class="prompt">
                {item.prompt.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
            </div>
            {beginner.then(|| view! { <crate::pages::premiers_pas::Listen text=spoken/> })}
            {item.media.clone().filter(|_| picture_apart).map(|m| view! {
                <img class="media" src=m.url alt=m.alt width=m.width height=m.height/>
            })}
            <ItemInputs item=item.clone() described/>
            {guided.map(|html| view! { <div class="guided" data-server-part inner_html=html></div> })}
            <div class="item-actions">
                <button type="submit" id="valider" class="button">{t.submit}</button>
                <button type="submit" name="skip" value="1" class="button secondary">{skip}</button>
            </div>
            <p class="hint">{skip_hint}</p>
            {beginner.then(|| view! { <p class="hint">{pp.no_hurry}</p> })}
            <p class="hint">{t.leave_hint}</p>
        </form>
    }
}
