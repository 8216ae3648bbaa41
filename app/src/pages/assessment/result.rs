//! The result page: levels per competence (chart and table) and per domain, strengths and next
//! steps, every answer with its explanation (grouped by domain, folded; printed in full), and
//! the optional consent.

use leptos::prelude::*;
use leptos_meta::Title;

use super::chart::LevelChart;
use super::consent::ConsentForm;
use crate::domain::{AnswerReview, CompetenceLevel, PlacesNear, ResultPage as Page, ResultView};
use crate::i18n::{fill, use_i18n};
use crate::pages::layout::{NoSession, PrintButton};
use crate::server_fns::load_result_page;

#[component]
pub fn ResultPage() -> impl IntoView {
    let places = crate::pages::places::places_query();
    let page = Resource::new(|| (), move |_| load_result_page(places.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Page::Ready { result, places }) => {
                        view! { <ResultBody result=*result places/> }.into_any()
                    }
                    Ok(Page::Beginner { result, places }) => {
                        view! { <crate::pages::premiers_pas::BeginnerSheet result=*result places/> }.into_any()
                    }
                    Ok(Page::NotFinished) => {
                        let t = &use_i18n().assessment;
                        view! {
                            <h1>{t.result_title}</h1>
                            <p><a class="button" href="/evaluation" rel="external">{t.home_resume}</a></p>
                        }.into_any()
                    }
                    Ok(Page::NoSession) | Err(_) => view! { <NoSession/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn precision_word(se: f64) -> &'static str {
    let t = &use_i18n().assessment;
    if se <= 0.45 {
        t.precision_good
    } else if se <= 0.7 {
        t.precision_fair
    } else {
        t.precision_low
    }
}

/// The three strongest competences at level 3 or more, and the three weakest below level 6.
fn strengths_and_next_steps(
    competences: &[CompetenceLevel],
) -> (Vec<CompetenceLevel>, Vec<CompetenceLevel>) {
    let mut ranked = competences.to_vec();
    ranked.sort_by(|a, b| b.level.cmp(&a.level).then(a.code.cmp(&b.code)));
    let strengths = ranked
        .iter()
        .filter(|c| c.level >= 3)
        .take(3)
        .cloned()
        .collect();
    let next_steps = ranked
        .iter()
        .rev()
        .filter(|c| c.level < 6)
        .take(3)
        .cloned()
        .collect();
    (strengths, next_steps)
}

#[component]
fn ResultBody(result: ResultView, places: Option<PlacesNear>) -> impl IntoView {
    let site = use_i18n().common.site_name;
    let t = &use_i18n().assessment;
    let (strengths, next_steps) = strengths_and_next_steps(&result.competences);
    let advice_list = move |list: Vec<CompetenceLevel>, say: fn(&str) -> &'static str| {
        view! { <ul>{list.into_iter().map(|c| view! {
            <li>{format!("{} ({} {}) : {}", c.name, t.level_word, c.level, say(&c.code))}</li>
        }).collect_view()}</ul> }
    };
    view! {
        <Title text=format!("{} – {}", t.result_title, site)/>
        <h1>{t.result_title}</h1>
        <p class="lead">{t.result_intro}</p>
        <PrintButton label=t.print/>
        <LevelChart competences=result.competences.clone()/>
        <table id="tableau-niveaux" class="levels">
            <caption>{t.result_table_caption}</caption>
            <thead><tr>
                <th scope="col">{t.col_competence}</th>
                <th scope="col">{t.col_level}</th>
                <th scope="col">{t.col_precision}</th>
            </tr></thead>
            <tbody>
                {result.competences.iter().map(|c| view! {
                    <tr>
                        <th scope="row">{format!("{} {}", c.code, c.name)}</th>
                        <td>{c.level.to_string()}</td>
                        <td>{precision_word(c.se)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>{t.domains_title}</h2>
        <table class="levels">
            <thead><tr>
                <th scope="col">{t.col_domain}</th>
                <th scope="col">{t.col_level}</th>
            </tr></thead>
            <tbody>
                {result.domains.iter().map(|d| view! {
                    <tr>
                        <th scope="row">{format!("{} {}", d.code, d.name)}</th>
                        <td>{d.level.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>{t.strengths_title}</h2>
        {if strengths.is_empty() {
            view! { <p>{t.strengths_none}</p> }.into_any()
        } else {
            advice_list(strengths, |c| use_i18n().advice.strength(c)).into_any()
        }}
        <h2>{t.next_steps_title}</h2>
        {if next_steps.is_empty() {
            view! { <p>{t.next_steps_none}</p> }.into_any()
        } else {
            advice_list(next_steps, |c| use_i18n().advice.next_step(c)).into_any()
        }}
        {places.map(|places| view! { <crate::pages::places::PlacesNearby places/> })}
        <AnswersByDomain result=result.clone()/>
        <p class="small">{format!("{} : {}", t.framework_version, result.framework_version)}</p>
        <ConsentForm given=result.consent_given/>
        <crate::pages::layout::DeleteTest/>
    }
}

/// Every answer with its explanation, one folded group per domain (unfolded when printed).
#[component]
fn AnswersByDomain(result: ResultView) -> impl IntoView {
    let t = &use_i18n().assessment;
    let groups: Vec<(String, Vec<AnswerReview>)> = result
        .domains
        .iter()
        .map(|d| {
            let answers: Vec<AnswerReview> = result
                .answers
                .iter()
                .filter(|a| a.competence.split('.').next() == Some(d.code.as_str()))
                .cloned()
                .collect();
            (format!("{} {}", d.code, d.name), answers)
        })
        .filter(|(_, answers)| !answers.is_empty())
        .collect();
    view! {
        <h2>{t.answers_title}</h2>
        <p class="hint no-print">{t.answers_hint}</p>
        {groups.into_iter().map(|(name, answers)| {
            let count = fill(
                if answers.len() < 2 { t.answers_count_one } else { t.answers_count_many },
                &[("count", answers.len().to_string())],
            );
            view! {
                <details class="review-group">
                    <summary><span class="domain-name">{name}</span>" "<span class="count">{count}</span></summary>
                    <ol class="review">
                        {answers.into_iter().map(|a| view! { <Review answer=a/> }).collect_view()}
                    </ol>
                </details>
            }
        }).collect_view()}
    }
}

#[component]
fn Review(answer: AnswerReview) -> impl IntoView {
    let t = &use_i18n().assessment;
    let verdict = if answer.skipped {
        t.answer_skipped
    } else if answer.correct {
        t.answer_right
    } else {
        t.answer_wrong
    };
    view! {
        <li class=if answer.correct { "right" } else { "wrong" }>
            {answer.prompt.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
            <p class="verdict"><strong>{verdict}</strong></p>
            <p class="expected">{answer.expected.clone()}</p>
            {(!answer.explanation.is_empty()).then(|| view! { <p class="explanation">{answer.explanation.clone()}</p> })}
        </li>
    }
}
