//! The citizen's pages: home, one item at a time, result. Every form posts to a plain HTML
//! endpoint (see `web.rs`), so the whole path works without JavaScript; once hydrated the pages
//! add small comforts (focus on the question, a print button).

use crate::i18n::{fill, strings};
use crate::model::{
    AGE_BANDS, CompetenceLevel, CurrentPage, ItemDisplay, Progress, ResultPage, ResultView,
    departements,
};
use crate::server_fns::{has_assessment, load_current_page, load_result_page};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    hooks::use_query_map,
    path,
};

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let t = strings();
    #[cfg(feature = "ssr")]
    set_page_csp();
    view! {
        <!DOCTYPE html>
        <html lang=t.lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Sends this page's Content-Security-Policy, allowing only scripts that carry its nonce.
#[cfg(feature = "ssr")]
fn set_page_csp() {
    use axum::http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(v) = HeaderValue::from_str(&crate::startup::page_csp(&nonce.to_string()))
    {
        res.insert_header(CONTENT_SECURITY_POLICY, v);
    }
}

/// Marks the document once the WASM bundle has taken over (effects run only in the browser).
fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();
    let t = strings();
    view! {
        <Stylesheet id="app-css" href="/pkg/app.css"/>
        <Title text=t.site_name/>
        <Router>
            <a class="skip-link" href="#contenu">{t.skip_link}</a>
            <header class="site-header">
                <a class="brand" href="/">{t.site_name}</a>
            </header>
            <main id="contenu" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("evaluation") view=ItemPage ssr=SsrMode::Async/>
                    <Route path=path!("resultat") view=ResultPageView ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t.footer_accessibility}</p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let t = strings();
    view! {
        <h1>{t.error_title}</h1>
        <p><a href="/">{t.back_home}</a></p>
    }
}

#[component]
fn HomePage() -> impl IntoView {
    let t = strings();
    let resumable = Resource::new(|| (), |_| has_assessment());
    view! {
        <Title text=format!("{} – {}", t.home_title, t.site_name)/>
        <h1>{t.home_title}</h1>
        <p class="lead">{t.home_intro}</p>
        <p>{t.home_what}</p>
        <ul class="facts">
            <li>{t.home_how_long}</li>
            <li>{t.home_no_account}</li>
        </ul>
        <section aria-labelledby="vie-privee">
            <h2 id="vie-privee">{t.home_privacy_title}</h2>
            <p>{t.home_privacy_1}</p>
            <p>{t.home_privacy_2}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let resume = matches!(resumable.await, Ok(true));
                view! {
                    <div class="actions">
                        {resume.then(|| view! {
                            <a class="button" href="/evaluation">{t.home_resume}</a>
                        })}
                        <form method="post" action="/commencer">
                            <button type="submit" class=if resume { "button secondary" } else { "button" }>
                                {t.home_start}
                            </button>
                        </form>
                    </div>
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemPage() -> impl IntoView {
    let t = strings();
    let page = Resource::new(|| (), |_| load_current_page());
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let error = query.read_untracked().get("erreur");
                match page.await {
                    Ok(CurrentPage::Item { item, progress }) => {
                        view! { <ItemForm item=*item progress error/> }.into_any()
                    }
                    Ok(CurrentPage::Done) => view! {
                        <Title text=format!("{} – {}", t.done_title, t.site_name)/>
                        <h1>{t.done_title}</h1>
                        <p><a class="button" href="/resultat">{t.see_result}</a></p>
                    }.into_any(),
                    Ok(CurrentPage::NoSession) | Err(_) => view! { <NoSession/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NoSession() -> impl IntoView {
    let t = strings();
    view! {
        <Title text=format!("{} – {}", t.no_session_title, t.site_name)/>
        <h1>{t.no_session_title}</h1>
        <p>{t.no_session_text}</p>
        <p><a class="button" href="/">{t.back_home}</a></p>
    }
}

#[component]
fn ProgressBar(progress: Progress) -> impl IntoView {
    let t = strings();
    let words = fill(
        t.progress_words,
        &[
            ("answered", progress.answered.to_string()),
            ("expected", progress.expected.to_string()),
        ],
    );
    view! {
        <div class="progress">
            <p id="avancement">{words.clone()}</p>
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
    match code {
        "vide" => strings().error_empty,
        "ordre" => strings().error_order,
        _ => strings().error_other,
    }
}

#[component]
fn ItemForm(item: ItemDisplay, progress: Progress, error: Option<String>) -> impl IntoView {
    let t = strings();
    let heading = format!("{} {}", t.item_title, progress.answered + 1);
    let described = if error.is_some() {
        "erreur consigne"
    } else {
        "consigne"
    };
    view! {
        <Title text=format!("{} – {}", heading, t.site_name)/>
        <ProgressBar progress/>
        <form method="post" action="/evaluation" class="item" aria-labelledby="question-titre">
            <input type="hidden" name="item_id" value=item.id.clone()/>
            <h1 id="question-titre">{heading}</h1>
            {error.map(|code| view! {
                <p id="erreur" class="error" role="alert">{error_message(&code)}</p>
            })}
            <div id="consigne" class="prompt">
                {item.prompt.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
            </div>
            {item.media.clone().filter(|_| item.kind != "hotspot" && item.kind != "task").map(|m| view! {
                <img class="media" src=m.url alt=m.alt width=m.width height=m.height/>
            })}
            <ItemInputs item=item.clone() described/>
            <div class="item-actions">
                <button type="submit" class="button">{t.submit}</button>
                <button type="submit" name="skip" value="1" class="button secondary">{t.skip}</button>
            </div>
            <p class="hint">{t.skip_hint}</p>
            <p class="hint">{t.leave_hint}</p>
        </form>
    }
}

#[component]
fn ItemInputs(item: ItemDisplay, described: &'static str) -> impl IntoView {
    let t = strings();
    match item.kind.as_str() {
        "qcu" | "qcm" => {
            let multiple = item.kind == "qcm";
            let input_type = if multiple { "checkbox" } else { "radio" };
            view! {
                <fieldset aria-describedby=described>
                    <legend>{if multiple { t.several_answers } else { t.your_answer }}</legend>
                    {item.options.into_iter().map(|o| {
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
        "qroc" => {
            let number = item.input.as_deref() == Some("number");
            view! {
                <div class="field">
                    <label for="reponse-texte">{t.your_answer}</label>
                    <input type="text" id="reponse-texte" name="text" autocomplete="off"
                        inputmode=if number { "decimal" } else { "text" } aria-describedby=described/>
                </div>
            }.into_any()
        }
        "qrocm" => view! {
            <fieldset aria-describedby=described>
                <legend>{t.your_answer}</legend>
                {item.fields.into_iter().map(|f| {
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
        "ordering" => {
            let n = item.options.len();
            view! {
                <fieldset aria-describedby=described>
                    <legend>{t.ordering_hint}</legend>
                    {item.options.into_iter().map(|o| {
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
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
        "hotspot" => view! {
            <fieldset aria-describedby=described>
                <legend>{t.hotspot_hint}</legend>
                <ZonePicture item=item.clone()/>
                <div class="zones">
                    {item.zones.into_iter().map(|z| view! {
                        <button type="submit" class="zone" name="zone" value=z.id>{z.label}</button>
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        "matching" => {
            let right = item.right.clone();
            view! {
                <fieldset aria-describedby=described>
                    <legend>{t.matching_hint}</legend>
                    {item.left.into_iter().map(|l| {
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
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
        "task" => {
            let action = item.action.clone().unwrap_or_default();
            let body = match action.as_str() {
                "type_text" => view! {
                    <div class="field">
                        <label for="tache-texte">{t.task_text_label}</label>
                        <input type="text" id="tache-texte" name="task_text" autocomplete="off"/>
                    </div>
                }.into_any(),
                "swipe" => view! {
                    <div class="zones">
                        <button type="submit" class="zone" name="direction" value="left">{t.swipe_left}</button>
                        <button type="submit" class="zone" name="direction" value="right">{t.swipe_right}</button>
                        <button type="submit" class="zone" name="direction" value="up">{t.swipe_up}</button>
                        <button type="submit" class="zone" name="direction" value="down">{t.swipe_down}</button>
                    </div>
                }.into_any(),
                "drag" => {
                    let zones = item.zones.clone();
                    view! {
                        <div class="field inline">
                            <label for="tache-source">{t.task_drag_source}</label>
                            <select id="tache-source" name="source">
                                {zones.clone().into_iter().map(|z| view! { <option value=z.id>{z.label}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field inline">
                            <label for="tache-cible">{t.task_drag_target}</label>
                            <select id="tache-cible" name="target">
                                {zones.into_iter().map(|z| view! { <option value=z.id>{z.label}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                }
                _ => view! {
                    <div class="zones">
                        {item.zones.clone().into_iter().map(|z| view! {
                            <button type="submit" class="zone" name="target" value=z.id>{z.label}</button>
                        }).collect_view()}
                    </div>
                }.into_any(),
            };
            view! {
                <fieldset aria-describedby=described>
                    <legend>{t.task_hint}</legend>
                    <ZonePicture item=item.clone()/>
                    {body}
                </fieldset>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// The picture of a hotspot or task item.
#[component]
fn ZonePicture(item: ItemDisplay) -> impl IntoView {
    item.media.map(|m| {
        view! { <img class="media" src=m.url alt=m.alt width=m.width height=m.height/> }
    })
}

#[component]
fn ResultPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_result_page());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(ResultPage::Ready(result)) => view! { <ResultBody result=*result/> }.into_any(),
                    Ok(ResultPage::NotFinished) => {
                        let t = strings();
                        view! {
                            <h1>{t.result_title}</h1>
                            <p><a class="button" href="/evaluation">{t.home_resume}</a></p>
                        }.into_any()
                    }
                    Ok(ResultPage::NoSession) | Err(_) => view! { <NoSession/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn precision_word(se: f64) -> &'static str {
    let t = strings();
    if se <= 0.45 {
        t.precision_good
    } else if se <= 0.7 {
        t.precision_fair
    } else {
        t.precision_low
    }
}

/// Bar chart of the 16 competence levels (0–8), drawn as SVG; the table below says the same.
#[component]
fn LevelChart(competences: Vec<CompetenceLevel>) -> impl IntoView {
    let t = strings();
    let row = 26.0;
    let left = 56.0;
    let width = 560.0;
    let scale = (width - left - 16.0) / 8.0;
    let height = row * competences.len() as f64 + 30.0;
    view! {
        <figure class="chart">
            <figcaption id="graphique-titre">{t.result_chart_title}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby="graphique-titre"
                aria-describedby="tableau-niveaux" width="100%">
                {(0..=8).map(|l| {
                    let x = left + l as f64 * scale;
                    view! {
                        <line x1=x y1="0" x2=x y2=height - 24.0 class="grid"/>
                        <text x=x y=height - 8.0 class="axis" text-anchor="middle">{l.to_string()}</text>
                    }
                }).collect_view()}
                {competences.into_iter().enumerate().map(|(i, c)| {
                    let y = i as f64 * row + 4.0;
                    let w = (c.level as f64 * scale).max(2.0);
                    view! {
                        <text x=left - 8.0 y=y + row / 2.0 + 2.0 class="label" text-anchor="end">{c.code.clone()}</text>
                        <rect x=left y=y + 3.0 width=w height=row - 8.0 class=format!("bar d{}", c.domain)/>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

#[component]
fn ResultBody(result: ResultView) -> impl IntoView {
    let t = strings();
    let (printable, set_printable) = signal(false);
    Effect::new(move |_| set_printable.set(true));
    let mut ranked = result.competences.clone();
    ranked.sort_by(|a, b| b.level.cmp(&a.level).then(a.code.cmp(&b.code)));
    let strengths: Vec<CompetenceLevel> = ranked
        .iter()
        .filter(|c| c.level >= 3)
        .take(3)
        .cloned()
        .collect();
    let mut weakest = ranked.clone();
    weakest.reverse();
    let next_steps: Vec<CompetenceLevel> = weakest
        .into_iter()
        .filter(|c| c.level < 6)
        .take(3)
        .collect();
    view! {
        <Title text=format!("{} – {}", t.result_title, t.site_name)/>
        <h1>{t.result_title}</h1>
        <p class="lead">{t.result_intro}</p>
        <Show when=move || printable.get()>
            <button type="button" class="button secondary no-print" on:click=move |_| {
                let _ = window().print();
            }>{t.print}</button>
        </Show>
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
            view! { <ul>{strengths.into_iter().map(|c| view! {
                <li>{format!("{} ({} {}) : {}", c.name, t.level_word, c.level, crate::advice::strength(&c.code))}</li>
            }).collect_view()}</ul> }.into_any()
        }}
        <h2>{t.next_steps_title}</h2>
        {if next_steps.is_empty() {
            view! { <p>{t.next_steps_none}</p> }.into_any()
        } else {
            view! { <ul>{next_steps.into_iter().map(|c| view! {
                <li>{format!("{} ({} {}) : {}", c.name, t.level_word, c.level, crate::advice::next_step(&c.code))}</li>
            }).collect_view()}</ul> }.into_any()
        }}
        <h2>{t.answers_title}</h2>
        <ol class="review">
            {result.answers.iter().map(|a| {
                let verdict = if a.skipped { t.answer_skipped } else if a.correct { t.answer_right } else { t.answer_wrong };
                view! {
                    <li class=if a.correct { "right" } else { "wrong" }>
                        {a.prompt.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                        <p class="verdict"><strong>{verdict}</strong></p>
                        <p class="expected">{a.expected.clone()}</p>
                        {(!a.explanation.is_empty()).then(|| view! { <p class="explanation">{a.explanation.clone()}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="small">{format!("{} : {}", t.framework_version, result.framework_version)}</p>
        <ConsentForm given=result.consent_given/>
    }
}

#[component]
fn ConsentForm(given: bool) -> impl IntoView {
    let t = strings();
    if given {
        return view! {
            <section class="consent no-print" aria-labelledby="consentement">
                <h2 id="consentement">{t.consent_title}</h2>
                <p role="status">{t.consent_thanks}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="consent no-print" aria-labelledby="consentement">
            <h2 id="consentement">{t.consent_title}</h2>
            <p>{t.consent_text}</p>
            <form method="post" action="/resultat/consentement">
                <div class="choice">
                    <input type="checkbox" id="consent" name="consent" value="oui" required=true/>
                    <label for="consent">{t.consent_checkbox}</label>
                </div>
                <div class="field inline">
                    <label for="departement">{t.consent_departement}</label>
                    <select id="departement" name="departement">
                        <option value="">{t.consent_optional}</option>
                        {departements().into_iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field inline">
                    <label for="age">{t.consent_age}</label>
                    <select id="age" name="age_band">
                        <option value="">{t.consent_optional}</option>
                        {AGE_BANDS.iter().map(|a| view! { <option value=*a>{*a}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t.consent_submit}</button>
            </form>
        </section>
    }
    .into_any()
}
