//! The form controls of each way to answer. Without JavaScript every control posts with the
//! form; hotspot and task items are answered on the simulated screen (`screen.rs`), or without
//! JavaScript with labelled buttons and lists.

use leptos::prelude::*;

use super::screen::{Purpose, Screen};
use crate::domain::{AnswerWay, ItemDisplay, Labelled, Media, TaskAction, Zone};
use crate::i18n::{fill, use_i18n};

#[component]
pub fn ItemInputs(item: ItemDisplay, described: &'static str) -> impl IntoView {
    let t = &use_i18n().assessment;
    let media = item.media;
    match item.answer {
        AnswerWay::Choice { multiple, options } => {
            let input_type = if multiple { "checkbox" } else { "radio" };
            view! {
                <fieldset aria-describedby=described>
                    <legend>{if multiple { t.several_answers } else { t.your_answer }}</legend>
                    {options.into_iter().map(|o| {
                        let id = format!("choix-{}", o.id);
                        view! {
                            <div class="choice">
                                <input type=input_type name="choice" id=id.clone() value=o.id/>
                                <label for=id>{o.text}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        AnswerWay::Text { number } => view! {
            <div class="field">
                <label for="reponse-texte">{t.your_answer}</label>
                <input type="text" id="reponse-texte" name="text" autocomplete="off"
                    inputmode=if number { "decimal" } else { "text" } aria-describedby=described/>
            </div>
        }
        .into_any(),
        AnswerWay::Fields { fields } => view! {
            <fieldset aria-describedby=described>
                <legend>{t.your_answer}</legend>
                {fields.into_iter().map(|f| {
                    let id = format!("champ-{}", f.id);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{f.text}</label>
                            <input type="text" id=id name="text" autocomplete="off"/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        AnswerWay::Ordering { options } => view! {
            <fieldset aria-describedby=described>
                <legend>{t.ordering_hint}</legend>
                <OrderingInputs options/>
            </fieldset>
        }
        .into_any(),
        AnswerWay::Hotspot { regions } => view! {
            <fieldset aria-describedby=described>
                <legend>{t.hotspot_hint}</legend>
                <OnScreen media zones=regions.clone() purpose=Purpose::Point>
                    <ZoneButtons zones=regions.clone() name="zone"/>
                </OnScreen>
            </fieldset>
        }
        .into_any(),
        AnswerWay::Matching { left, right } => view! {
            <fieldset aria-describedby=described>
                <legend>{t.matching_hint}</legend>
                <MatchingInputs left right/>
            </fieldset>
        }
        .into_any(),
        // Typing is answered in a real text field, under the picture if there is one.
        AnswerWay::Task {
            action: TaskAction::TypeText,
            ..
        } => view! {
            <fieldset aria-describedby=described>
                <legend>{t.task_hint}</legend>
                {media.map(|m| view! { <img class="media" src=m.url alt=m.alt width=m.width height=m.height/> })}
                <div class="field">
                    <label for="tache-texte">{t.task_text_label}</label>
                    <input type="text" id="tache-texte" name="task_text" autocomplete="off"
                        autocapitalize="off" spellcheck="false"/>
                </div>
            </fieldset>
        }
        .into_any(),
        AnswerWay::Task { action, targets } => view! {
            <fieldset aria-describedby=described>
                <legend>{t.task_hint}</legend>
                <OnScreen media zones=targets.clone() purpose=Purpose::Task(action)>
                    <TaskFallback action targets=targets.clone()/>
                </OnScreen>
            </fieldset>
        }
        .into_any(),
    }
}

/// The simulated screen when the item has its picture (the bank requires one for every
/// hotspot and every task but typing), else the fallback alone.
#[component]
fn OnScreen(
    media: Option<Media>,
    zones: Vec<Zone>,
    purpose: Purpose,
    children: Children,
) -> impl IntoView {
    match media {
        Some(media) => view! { <Screen media zones purpose fallback=children/> }.into_any(),
        None => children().into_any(),
    }
}

/// One submit button per zone, posting `name=<zone id>`.
#[component]
fn ZoneButtons(zones: Vec<Zone>, name: &'static str) -> impl IntoView {
    view! {
        <div class="zones">
            {zones.into_iter().map(|z| view! {
                <button type="submit" class="zone" name=name value=z.id>{z.label}</button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn OrderingInputs(options: Vec<Labelled>) -> impl IntoView {
    let t = &use_i18n().assessment;
    let n = options.len();
    options
        .into_iter()
        .map(|o| {
            let id = format!("ordre-{}", o.id);
            let label = fill(t.ordering_position, &[("text", o.text.clone())]);
            view! {
                <div class="field inline">
                    <label for=id.clone()>{label}</label>
                    <select id=id name=format!("pos_{}", o.id)>
                        <option value="">"—"</option>
                        {(1..=n).map(|k| view! { <option value=k.to_string()>{k.to_string()}</option> }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view()
}

#[component]
fn MatchingInputs(left: Vec<Labelled>, right: Vec<Labelled>) -> impl IntoView {
    let t = &use_i18n().assessment;
    left.into_iter()
        .map(|l| {
            let id = format!("paire-{}", l.id);
            let right = right.clone();
            view! {
                <div class="field inline">
                    <label for=id.clone()>{l.text}</label>
                    <select id=id name=format!("pair_{}", l.id)>
                        <option value="">{t.matching_choose}</option>
                        {right.into_iter().map(|r| view! { <option value=r.id>{r.text}</option> }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view()
}

/// Without JavaScript: the task's elements as buttons (or lists for a drag), posted by id.
#[component]
fn TaskFallback(action: TaskAction, targets: Vec<Zone>) -> impl IntoView {
    let t = &use_i18n().assessment;
    match action {
        TaskAction::Swipe => view! {
            <div class="zones">
                <button type="submit" class="zone" name="direction" value="left">{t.swipe_left}</button>
                <button type="submit" class="zone" name="direction" value="right">{t.swipe_right}</button>
                <button type="submit" class="zone" name="direction" value="up">{t.swipe_up}</button>
                <button type="submit" class="zone" name="direction" value="down">{t.swipe_down}</button>
            </div>
        }
        .into_any(),
        TaskAction::Drag => {
            let options = move |zones: Vec<Zone>| {
                zones
                    .into_iter()
                    .map(|z| view! { <option value=z.id>{z.label}</option> })
                    .collect_view()
            };
            view! {
                <div class="field inline">
                    <label for="tache-source">{t.task_drag_source}</label>
                    <select id="tache-source" name="source">{options(targets.clone())}</select>
                </div>
                <div class="field inline">
                    <label for="tache-cible">{t.task_drag_target}</label>
                    <select id="tache-cible" name="target">{options(targets)}</select>
                </div>
            }
            .into_any()
        }
        TaskAction::TypeText
        | TaskAction::Click
        | TaskAction::DoubleClick
        | TaskAction::RightClick
        | TaskAction::ScrollFind
        | TaskAction::Tap => view! { <ZoneButtons zones=targets name="target"/> }.into_any(),
    }
}
