//! The mediators' page bodies: what every page shares (the staff bar, messages, dates,
//! labels), the list of people, a person's page, the code page and the guided task's
//! observation. Accounts' and structures' pages are in `accounts`, results in `results`.

use leptos::prelude::*;

use crate::domain::mediation::{AGE_BANDS, Role, SITUATIONS};
use crate::i18n::fill;
use crate::i18n::mediation::Mediation;
use crate::service::assessment::Path;
use crate::service::mediation::{
    StaffMember,
    beneficiaries::Beneficiary,
    diagnostics::{Diagnostic, Mode, Status},
    results::{Done, Progress},
};

/// `dd/mm/yyyy` of a time in ms since the epoch (UTC).
pub fn day(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|d| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()))
        .unwrap_or_default()
}

pub(super) fn path_label(m: &'static Mediation, p: Path) -> &'static str {
    match p {
        Path::Beginner => m.path_beginner,
        Path::Citizen => m.path_citizen,
    }
}

pub(super) fn status_text(m: &'static Mediation, s: &Status) -> String {
    match s {
        Status::Waiting { code, expires_at } => fill(
            m.status_waiting,
            &[("code", code.clone()), ("expires", day(*expires_at))],
        ),
        Status::Expired => m.status_expired.to_owned(),
        Status::InProgress { answered } => {
            fill(m.status_in_progress, &[("answered", answered.to_string())])
        }
        Status::Finished { at } => fill(m.status_finished, &[("date", day(*at))]),
        Status::Gone => m.status_gone.to_owned(),
    }
}

/// The field of an INSEE commune code (`commune`), with its label, hint and value.
pub(super) fn commune_field(
    label: &'static str,
    hint: &'static str,
    value: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="commune">{label}</label>
            <p class="hint" id="commune-hint">{hint}</p>
            <input id="commune" name="commune" type="text" maxlength="5" autocomplete="off"
                pattern="[0-9AB]{5}" aria-describedby="commune-hint" value=value/>
        </div>
    }
}

/// An error (`role="alert"`) or a notice, if any.
pub(super) fn messages(error: Option<String>, notice: Option<String>) -> impl IntoView {
    view! {
        {error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
    }
}

pub(super) fn role_label(m: &'static Mediation, role: Role) -> &'static str {
    match role {
        Role::Mediator => m.role_mediator,
        Role::StructureAdmin => m.role_structure_admin,
        Role::PlatformAdmin => m.role_platform_admin,
        Role::Analyst => m.role_analyst,
    }
}

pub(super) fn situation_label(code: &str) -> &'static str {
    SITUATIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// The bar of a signed-in page: who, the second factor, the team (admins), sign out.
pub fn staff_bar(m: &'static Mediation, who: &StaffMember) -> impl IntoView {
    let admin = matches!(who.role, Role::StructureAdmin | Role::PlatformAdmin);
    let mediates = who.role.mediates();
    view! {
        <nav class="staff-bar" aria-label=m.space_title>
            <span>{who.email.clone()} " (" {role_label(m, who.role)} ")"</span>
            {mediates.then(|| view! { <a href="/mediation">{m.beneficiaries_title}</a> })}
            {(!mediates).then(|| view! { <a href="/observatoire/analyse">{m.analysis_link}</a> })}
            {admin.then(|| view! { <a href="/mediation/equipe">{m.team_title}</a> })}
            {(who.role == Role::PlatformAdmin).then(|| view! { <a href="/mediation/structures">{m.structures_title}</a> })}
            <a href="/mediation/securite">{m.totp_link}</a>
            <form method="post" action="/deconnexion" class="inline-form">
                <button type="submit" class="button secondary">{m.sign_out_button}</button>
            </form>
        </nav>
    }
}

pub fn dashboard(
    m: &'static Mediation,
    who: &StaffMember,
    keep_months: u32,
    list: Vec<Beneficiary>,
    error: Option<String>,
    notice: Option<String>,
) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        {staff_bar(m, who)}
        <h1>{m.beneficiaries_title}</h1>
        {messages(error, notice)}
        {if empty {
            view! { <p>{m.no_beneficiary}</p> }.into_any()
        } else {
            view! {
                <ul class="beneficiaries">
                    {list.into_iter().map(|b| view! {
                        <li><a href=format!("/mediation/beneficiaires/{}", b.id)>{b.pseudonym}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <section aria-labelledby="nouveau-titre">
            <h2 id="nouveau-titre">{m.new_beneficiary_title}</h2>
            <form method="post" action="/mediation/beneficiaires" class="stack">
                <div class="field">
                    <label for="pseudonym">{m.pseudonym}</label>
                    <p class="hint" id="pseudonym-hint">{m.pseudonym_hint}</p>
                    <input id="pseudonym" name="pseudonym" type="text" maxlength="40" required
                        autocomplete="off" aria-describedby="pseudonym-hint"/>
                </div>
                <div class="field">
                    <label for="age_band">{m.age_band}</label>
                    <select id="age_band" name="age_band">
                        <option value="">{m.not_given}</option>
                        {AGE_BANDS.iter().map(|a| view! { <option value=*a>{*a}</option> }).collect_view()}
                    </select>
                </div>
                {commune_field(m.commune, m.commune_hint, String::new())}
                <div class="field">
                    <label for="situation">{m.situation}</label>
                    <select id="situation" name="situation">
                        <option value="">{m.not_given}</option>
                        {SITUATIONS.iter().map(|(c, l)| view! { <option value=*c>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <fieldset>
                    <legend>{m.consent_title}</legend>
                    <p>{fill(m.consent_text, &[("months", keep_months.to_string())])}</p>
                    <div class="choice">
                        <input type="checkbox" id="consent" name="consent" value="oui" required/>
                        <label for="consent">{m.consent_kept}</label>
                    </div>
                    <div class="choice">
                        <input type="checkbox" id="observatory" name="observatory" value="oui"/>
                        <label for="observatory">{m.consent_observatory}</label>
                    </div>
                </fieldset>
                <button type="submit" class="button">{m.create_button}</button>
            </form>
        </section>
        <section aria-labelledby="exports-titre">
            <h2 id="exports-titre">{m.exports_title}</h2>
            <p>{m.exports_hint}</p>
            <ul>
                <li><a href="/mediation/export/donnees.csv" download="">{m.export_data}</a></li>
                <li><a href="/mediation/export/activites.csv" download="">{m.export_activities_csv}</a></li>
                <li><a href="/mediation/export/activites.json" download="">{m.export_activities_json}</a></li>
            </ul>
        </section>
    }
}

/// A diagnostic as listed, with the QR code of its waiting code (server-made SVG).
pub struct Listed {
    pub diagnostic: Diagnostic,
    pub qr_svg: Option<String>,
}

pub fn beneficiary(
    m: &'static Mediation,
    who: &StaffMember,
    b: Beneficiary,
    diagnostics: Vec<Listed>,
    done: Vec<Done>,
    progress: Vec<Progress>,
    code_url: String,
) -> impl IntoView {
    let not_given = || m.not_given.to_owned();
    let empty = diagnostics.is_empty();
    let any_done = !done.is_empty();
    let diagnostics_view = diagnostics
        .into_iter()
        .map(|l| {
            let d = l.diagnostic;
            let details = done
                .iter()
                .find(|f| f.diagnostic_id == d.id)
                .map(|f| super::results::finished_details(m, f));
            let waiting = matches!(d.status, Status::Waiting { .. });
            view! {
                <li>
                    <p>
                        <strong>{path_label(m, d.path)}</strong>
                        " · " {if d.mode == Mode::Guided { m.mode_guided } else { m.mode_code }}
                        " · " {day(d.created_at)}
                    </p>
                    <p>{status_text(m, &d.status)}</p>
                    {waiting.then(|| view! {
                        <p>{fill(m.code_instructions, &[("url", code_url.clone())])}</p>
                    })}
                    {l.qr_svg.map(|svg| view! {
                        <div class="qr" role="img" aria-label=m.qr_label inner_html=svg></div>
                    })}
                    {details}
                </li>
            }
        })
        .collect_view();
    view! {
        {staff_bar(m, who)}
        <h1>{b.pseudonym.clone()}</h1>
        <dl class="facts">
            <dt>{m.age_band}</dt><dd>{b.age_band.clone().unwrap_or_else(not_given)}</dd>
            <dt>{m.commune}</dt><dd>{b.commune.clone().unwrap_or_else(not_given)}</dd>
            <dt>{m.situation}</dt>
            <dd>{b.situation.as_deref().map(situation_label).map(str::to_owned).unwrap_or_else(not_given)}</dd>
        </dl>
        <p>{if b.observatory_consent { m.observatory_yes } else { m.observatory_no }}</p>
        <section aria-labelledby="diagnostics-titre">
            <h2 id="diagnostics-titre">{m.diagnostics_title}</h2>
            {if empty {
                view! { <p>{m.no_diagnostic}</p> }.into_any()
            } else {
                view! { <ul class="diagnostics">{diagnostics_view}</ul> }.into_any()
            }}
            {any_done.then(|| view! {
                <p><a href=format!("/mediation/beneficiaires/{}/rapport", b.id)>{m.report_link}</a></p>
            })}
            <h3>{m.start_diagnostic_title}</h3>
            <form method="post" action=format!("/mediation/beneficiaires/{}/diagnostics", b.id) class="stack">
                <fieldset>
                    <legend>{m.path_label}</legend>
                    <div class="choice">
                        <input type="radio" id="path-beginner" name="path" value="beginner" checked/>
                        <label for="path-beginner">{m.path_beginner}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="path-citizen" name="path" value="citizen"/>
                        <label for="path-citizen">{m.path_citizen}</label>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{m.mode_label}</legend>
                    <div class="choice">
                        <input type="radio" id="mode-guided" name="mode" value="guided" checked/>
                        <label for="mode-guided">{m.mode_guided}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="mode-code" name="mode" value="code"/>
                        <label for="mode-code">{m.mode_code}</label>
                    </div>
                </fieldset>
                <button type="submit" class="button">{m.start_diagnostic_button}</button>
            </form>
        </section>
        {super::results::progress_section(m, &progress)}
        <section aria-labelledby="supprimer-titre">
            <h2 id="supprimer-titre">{m.delete_beneficiary_title}</h2>
            <p>{m.delete_beneficiary_text}</p>
            <form method="post" action=format!("/mediation/beneficiaires/{}/supprimer", b.id)>
                <div class="choice">
                    <input type="checkbox" id="confirme" name="confirme" value="oui" required/>
                    <label for="confirme">{m.delete_beneficiary_confirm}</label>
                </div>
                <button type="submit" class="button secondary">{m.delete_beneficiary_button}</button>
            </form>
        </section>
        <p><a href="/mediation">{m.back_to_list}</a></p>
    }
}

/// The public page where a person types the code a mediator gave them.
pub fn join(m: &'static Mediation, code: String, error: Option<String>) -> impl IntoView {
    view! {
        <h1>{m.join_title}</h1>
        {messages(error, None)}
        <p>{m.join_intro}</p>
        <form method="post" action="/code" class="stack">
            <div class="field">
                <label for="code">{m.join_code_label}</label>
                <p class="hint" id="code-hint">{m.join_code_hint}</p>
                <input id="code" name="code" type="text" class="big" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" maxlength="12" required
                    aria-describedby="code-hint" value=code/>
            </div>
            <button type="submit" class="button big">{m.join_button}</button>
        </form>
    }
}

/// The observation fieldset of a guided task (see `observation_fields`).
pub fn observation(m: &'static Mediation) -> impl IntoView {
    let choices = [
        ("pas_encore", m.observation_not_yet),
        ("avec_aide", m.observation_with_help),
        ("autonomie", m.observation_autonomous),
    ];
    view! {
        <fieldset class="observation">
            <legend>{m.observation_legend}</legend>
            <p class="hint">{m.observation_hint}</p>
            {choices.into_iter().map(|(value, label)| {
                let id = format!("observation-{value}");
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="observation" value=value/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
            <div class="field">
                <label for="observation-commentaire">{m.observation_comment}</label>
                <textarea id="observation-commentaire" name="comment" maxlength="280" rows="2"></textarea>
            </div>
            <button type="submit" formaction="/terminer" formnovalidate class="button secondary">
                {m.finish_guided}
            </button>
        </fieldset>
    }
}
