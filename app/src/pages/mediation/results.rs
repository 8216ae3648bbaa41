//! What the mediator reads of a beneficiary's finished diagnostics (results, observations,
//! progress as a chart with its table) and the report handed to the person.

use std::fmt::Write;

use html_escape::encode_text as text;
use leptos::prelude::*;

use super::views::{day, path_label};
use crate::domain::premiers_pas::{Orientation, Outcome};
use crate::i18n::mediation::Mediation;
use crate::i18n::{FR, fill};
use crate::service::assessment::{AssessmentResult, Path};
use crate::service::mediation::results::{Done, Observed, Progress};

fn outcome_label(m: &'static Mediation, o: Outcome) -> &'static str {
    match o {
        Outcome::Acquis => m.outcome_acquis,
        Outcome::EnCours => m.outcome_en_cours,
        Outcome::ATravailler => m.outcome_a_travailler,
    }
}

fn orientation_label(m: &'static Mediation, o: Orientation) -> &'static str {
    match o {
        Orientation::Urgence => m.orientation_urgence,
        Orientation::Accompagnement => m.orientation_accompagnement,
        Orientation::Autonomie => m.orientation_autonomie,
    }
}

fn step_label(m: &'static Mediation, step: &str) -> &'static str {
    match step {
        "pas_encore" => m.observation_not_yet,
        "avec_aide" => m.observation_with_help,
        "autonomie" => m.observation_autonomous,
        _ => "",
    }
}

/// A result as a table: competences and levels, or skills and outcomes (mediator's words).
fn result_table(m: &'static Mediation, result: &AssessmentResult, caption: String) -> AnyView {
    match result {
        AssessmentResult::Citizen(v) => view! {
            <table class="levels">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{m.competence_header}</th><th scope="col">{m.level_header}</th></tr></thead>
                <tbody>
                    {v.competences.iter().map(|c| view! {
                        <tr><th scope="row">{format!("{} {}", c.code, c.name)}</th><td>{c.level}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        AssessmentResult::Beginner(b) => view! {
            <p>{fill(m.beginner_summary, &[("tasks", b.tasks.to_string())])} " " {orientation_label(m, b.orientation)}</p>
            <table class="levels">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{m.skill_header}</th><th scope="col">{m.result_header}</th></tr></thead>
                <tbody>
                    {b.skills.iter().map(|s| view! {
                        <tr><th scope="row">{s.name.clone()}</th><td>{outcome_label(m, s.outcome)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
}

fn observations(m: &'static Mediation, list: &[Observed]) -> AnyView {
    if list.is_empty() {
        return view! { <p>{m.no_observation}</p> }.into_any();
    }
    view! {
        <ul class="observations">
            {list.iter().map(|o| {
                let mut words = vec![o.about.clone()];
                if let Some(step) = &o.step {
                    words.push(step_label(m, step).to_owned());
                }
                if let Some(comment) = &o.comment {
                    words.push(format!("« {comment} »"));
                }
                view! { <li>{words.join(" · ")}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A finished diagnostic's result and observations, folded (on the beneficiary's page).
pub fn finished_details(m: &'static Mediation, d: &Done) -> impl IntoView + use<> {
    let caption = format!("{} · {}", path_label(m, d.path), day(d.finished_at));
    let about = format!(" ({caption})");
    view! {
        <details class="result-details">
            <summary>{m.result_details}<span class="visually-hidden">{about}</span></summary>
            {result_table(m, &d.result, caption)}
            <h3>{m.observations_title}</h3>
            {observations(m, &d.observations)}
        </details>
    }
}

/// The progress chart's SVG: per row, the name, then the first diagnostic's bar (light) above
/// the last one's (dark), on a 0–`max` scale; whole units. Its figure's caption names it.
fn progress_svg(p: &Progress, labelled_by: &str) -> String {
    const ROW: usize = 52;
    const LEFT: usize = 8;
    const WIDTH: usize = 400;
    let span = (WIDTH - LEFT - 16) / usize::from(p.max.max(1));
    let height = ROW * p.rows.len() + 26;
    let mut out = format!(
        r#"<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{labelled_by}" width="100%">"#
    );
    for l in 0..=usize::from(p.max) {
        let x = LEFT + l * span;
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="0" x2="{x}" y2="{y2}" class="grid"/><text x="{x}" y="{ty}" class="axis" text-anchor="middle">{l}</text>"#,
            y2 = height - 22,
            ty = height - 4,
        );
    }
    for (i, r) in p.rows.iter().enumerate() {
        let y = i * ROW;
        let _ = write!(
            out,
            r#"<text x="{LEFT}" y="{ly}" class="label">{name}</text><rect x="{LEFT}" y="{y1}" width="{w1}" height="12" class="bar before"/><rect x="{LEFT}" y="{y2}" width="{w2}" height="12" class="bar after"/>"#,
            ly = y + 15,
            name = text(&r.name),
            y1 = y + 21,
            w1 = (usize::from(r.before) * span).max(2),
            y2 = y + 35,
            w2 = (usize::from(r.after) * span).max(2),
        );
    }
    out.push_str("</svg>");
    out
}

/// One path's progress: the chart and the table that says the same.
fn progress_view(m: &'static Mediation, p: &Progress, n: usize) -> impl IntoView + use<> {
    let caption_id = format!("progres-titre-{n}");
    let table_id = format!("progres-tableau-{n}");
    let svg = progress_svg(p, &caption_id);
    let caption = fill(
        m.progress_caption,
        &[
            ("path", path_label(m, p.path).to_owned()),
            ("before", day(p.before_at)),
            ("after", day(p.after_at)),
        ],
    );
    let value = move |v: u8| -> String {
        if p.path == Path::Beginner {
            match v {
                0 => m.outcome_a_travailler.to_owned(),
                1 => m.outcome_en_cours.to_owned(),
                _ => m.outcome_acquis.to_owned(),
            }
        } else {
            v.to_string()
        }
    };
    let rows = p
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", r.code, r.name)}</th>
                    <td>{value(r.before)}</td>
                    <td>{value(r.after)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart progress">
            <figcaption id=caption_id.clone()>{caption.clone()}</figcaption>
            <p class="small">{m.progress_legend}</p>
            <div class="chart-drawing" inner_html=svg></div>
        </figure>
        <table class="levels" id=table_id>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{if p.path == Path::Beginner { m.skill_header } else { m.competence_header }}</th>
                    <th scope="col">{m.progress_before}</th>
                    <th scope="col">{m.progress_after}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The progress section: one chart and table per path diagnosed twice or more.
pub fn progress_section(m: &'static Mediation, list: &[Progress]) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby="progres-titre">
            <h2 id="progres-titre">{m.progress_title}</h2>
            {if list.is_empty() {
                view! { <p>{m.progress_none}</p> }.into_any()
            } else {
                list.iter().enumerate().map(|(n, p)| progress_view(m, p, n)).collect_view().into_any()
            }}
        </section>
    }
}

/// The report handed to the person: the last result of each path in their words, what to
/// do next, the progress, and where to come back. Printable (the site's print sheet hides the
/// header, the footer and `.no-print`).
pub fn report(
    m: &'static Mediation,
    pseudonym: String,
    beneficiary_id: String,
    structure: String,
    done: Vec<Done>,
    progress: Vec<Progress>,
) -> impl IntoView {
    let pp = &FR.premiers_pas;
    let advice = &FR.advice;
    let date = done.last().map(|d| day(d.finished_at)).unwrap_or_default();
    let last_of = |path: Path| done.iter().rev().find(|d| d.path == path).cloned();
    let beginner = last_of(Path::Beginner).and_then(|d| match d.result {
        AssessmentResult::Beginner(b) => Some(b),
        AssessmentResult::Citizen(_) => None,
    });
    let citizen = last_of(Path::Citizen).and_then(|d| match d.result {
        AssessmentResult::Citizen(v) => Some(v),
        AssessmentResult::Beginner(_) => None,
    });
    let nothing = beginner.is_none() && citizen.is_none();
    let beginner_view = beginner.map(|b| {
        let words = |o: Outcome| match o {
            Outcome::Acquis => pp.acquis,
            Outcome::EnCours => pp.en_cours,
            Outcome::ATravailler => pp.a_travailler,
        };
        let next = match b.orientation {
            Orientation::Urgence => pp.urgence,
            Orientation::Accompagnement => pp.accompagnement,
            Orientation::Autonomie => pp.autonomie,
        };
        view! {
            <section aria-labelledby="rapport-premiers-pas">
                <h2 id="rapport-premiers-pas">{pp.skills_title}</h2>
                <p>{fill(pp.tasks_done, &[("count", b.tasks.to_string())])}</p>
                <ul class="skills">
                    {b.skills.iter().map(|s| view! {
                        <li><strong>{s.name.clone()}</strong> " : " {words(s.outcome)}</li>
                    }).collect_view()}
                </ul>
                <h3>{pp.next_title}</h3>
                <p>{next}</p>
            </section>
        }
    });
    let citizen_view = citizen.map(|v| {
        let mut lowest: Vec<_> = v.competences.iter().collect();
        lowest.sort_by_key(|c| c.level);
        let next: Vec<(String, &'static str)> = lowest
            .iter()
            .take(3)
            .map(|c| (c.name.clone(), advice.next_step(&c.code)))
            .collect();
        view! {
            <section aria-labelledby="rapport-niveaux">
                <h2 id="rapport-niveaux">{m.report_citizen_title}</h2>
                <p>{m.report_citizen_intro}</p>
                <table class="levels">
                    <caption>{m.report_citizen_title}</caption>
                    <thead><tr><th scope="col">{m.competence_header}</th><th scope="col">{m.level_header}</th></tr></thead>
                    <tbody>
                        {v.competences.iter().map(|c| view! {
                            <tr><th scope="row">{c.name.clone()}</th><td>{c.level}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h3>{m.report_next_title}</h3>
                <ul>
                    {next.into_iter().map(|(name, step)| view! {
                        <li><strong>{name}</strong> " : " {step}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let has_progress = !progress.is_empty();
    view! {
        <article class="report">
            <h1>{fill(m.report_title, &[("name", pseudonym)])}</h1>
            <p>{fill(m.report_intro, &[("structure", structure.clone()), ("date", date)])}</p>
            <p class="no-print">{m.report_print_hint}</p>
            {nothing.then(|| view! { <p>{m.report_none}</p> })}
            {beginner_view}
            {citizen_view}
            {has_progress.then(|| progress_section(m, &progress))}
            <p>{fill(m.report_where, &[("structure", structure)])}</p>
            <p class="no-print"><a href=format!("/mediation/beneficiaires/{beneficiary_id}")>{m.report_back}</a></p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::mediation::results::ProgressRow;

    #[test]
    fn the_progress_chart_draws_both_bars_in_whole_units_and_escapes_names() {
        let p = Progress {
            path: Path::Citizen,
            before_at: 0,
            after_at: 1,
            max: 8,
            rows: vec![ProgressRow {
                code: "1.1".into(),
                name: "<x>".into(),
                before: 0,
                after: 4,
            }],
        };
        let svg = progress_svg(&p, "t");
        assert!(svg.contains(">&lt;x&gt;</text>"), "{svg}");
        assert!(
            svg.contains(r#"width="2" height="12" class="bar before""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"width="188" height="12" class="bar after""#),
            "{svg}"
        );
    }
}
