//! The pages of accounts and structures: signing in, the one-time link's password, the second
//! factor, a structure's team, and the platform admins' list of structures.

use leptos::prelude::*;

use super::views::{commune_field, messages, role_label, staff_bar};
use crate::domain::mediation::Role;
use crate::i18n::fill;
use crate::i18n::mediation::Mediation;
use crate::service::mediation::{StaffMember, accounts::Invitation, structures::Structure};

pub fn sign_in(
    m: &'static Mediation,
    email: String,
    error: Option<String>,
    notice: Option<String>,
) -> impl IntoView {
    view! {
        <h1>{m.sign_in_title}</h1>
        {messages(error, notice)}
        <form method="post" action="/connexion" class="stack">
            <div class="field">
                <label for="email">{m.email}</label>
                <input id="email" name="email" type="email" autocomplete="username" required value=email/>
            </div>
            <div class="field">
                <label for="password">{m.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
            </div>
            <div class="field">
                <label for="totp">{m.code}</label>
                <p class="hint" id="totp-hint">{m.code_hint}</p>
                <input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9 ]{6,7}" aria-describedby="totp-hint"/>
            </div>
            <button type="submit" class="button">{m.sign_in_button}</button>
        </form>
    }
}

/// The page of a one-time link: choose the password of a new account, or (after an access
/// reset) a new password.
pub fn invitation(
    m: &'static Mediation,
    token: String,
    found: Invitation,
    error: Option<String>,
) -> impl IntoView {
    let (title, intro, button) = if found.renewal {
        (
            m.renewal_title,
            fill(m.renewal_intro, &[("email", found.email)]),
            m.renewal_button,
        )
    } else {
        (
            m.invitation_title,
            fill(
                m.invitation_intro,
                &[("email", found.email), ("structure", found.structure_name)],
            ),
            m.create_account_button,
        )
    };
    view! {
        <h1>{title}</h1>
        {messages(error, None)}
        <p>{intro}</p>
        <form method="post" action=format!("/invitation/{token}") class="stack">
            <div class="field">
                <label for="password">{m.new_password}</label>
                <p class="hint" id="password-hint">{m.password_hint}</p>
                <input id="password" name="password" type="password" autocomplete="new-password"
                    minlength="12" maxlength="128" required aria-describedby="password-hint"/>
            </div>
            <button type="submit" class="button">{button}</button>
        </form>
    }
}

pub fn totp_setup(
    m: &'static Mediation,
    required: bool,
    secret: String,
    qr_svg: String,
    error: Option<String>,
) -> impl IntoView {
    view! {
        <h1>{m.totp_title}</h1>
        {messages(error, None)}
        <p>{if required { m.totp_required } else { m.totp_offered }}</p>
        <p>{m.totp_steps}</p>
        <div class="qr" role="img" aria-label=m.totp_secret_label inner_html=qr_svg></div>
        <p>{m.totp_secret_label} " : " <code class="secret">{secret}</code></p>
        <form method="post" action="/mediation/securite" class="stack">
            <div class="field">
                <label for="totp">{m.code}</label>
                <input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9 ]{6,7}" required/>
            </div>
            <button type="submit" class="button">{m.totp_confirm_button}</button>
        </form>
    }
}

/// The second factor's page once it is set up.
pub fn totp_active(m: &'static Mediation, who: &StaffMember) -> impl IntoView {
    view! {
        {staff_bar(m, who)}
        <h1>{m.totp_title}</h1>
        <p>{m.totp_done}</p>
        <p>{m.totp_reset}</p>
    }
}

/// A structure's team: its own admins see `/mediation/equipe` (`own`), platform admins any
/// structure at `/mediation/structures/{id}`, with an access reset for each other person.
#[allow(clippy::too_many_arguments)]
pub fn team(
    m: &'static Mediation,
    who: &StaffMember,
    structure: Structure,
    staff: Vec<StaffMember>,
    own: bool,
    error: Option<String>,
    notice: Option<String>,
) -> impl IntoView {
    let roles: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| {
            who.role == Role::PlatformAdmin || matches!(r, Role::Mediator | Role::StructureAdmin)
        })
        .collect();
    let base = if own {
        "/mediation/equipe".to_owned()
    } else {
        format!("/mediation/structures/{}", structure.id)
    };
    let platform = who.role == Role::PlatformAdmin;
    let structure_id = structure.id.clone();
    view! {
        {staff_bar(m, who)}
        <h1>{m.team_title} " · " {structure.name}</h1>
        {messages(error, notice)}
        <ul class="team">
            {staff.into_iter().map(|s| {
                let reset = (platform && s.id != who.id).then(|| view! {
                    <form method="post" class="inline-form"
                        action=format!("/mediation/structures/{}/personnes/{}/reinitialiser", structure_id, s.id)>
                        <button type="submit" class="button secondary">
                            {m.access_reset_button}
                            <span class="visually-hidden">{format!(" ({})", s.email)}</span>
                        </button>
                    </form>
                });
                view! {
                    <li>
                        {s.email} " (" {role_label(m, s.role)} ", "
                        {if s.has_totp { m.totp_on } else { m.totp_off }} ")"
                        {reset}
                    </li>
                }
            }).collect_view()}
        </ul>
        <section aria-labelledby="inviter-titre">
            <h2 id="inviter-titre">{m.invite_title}</h2>
            <p>{m.invite_expiry}</p>
            <form method="post" action=base class="stack">
                <div class="field">
                    <label for="email">{m.email}</label>
                    <input id="email" name="email" type="email" autocomplete="off" required/>
                </div>
                <div class="field">
                    <label for="role">{m.role}</label>
                    <select id="role" name="role">
                        {roles.into_iter().map(|r| view! { <option value=r.as_str()>{role_label(m, r)}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{m.invite_button}</button>
            </form>
        </section>
        {own.then(|| view! {
            <section aria-labelledby="lieu-titre">
                <h2 id="lieu-titre">{m.place_title}</h2>
                <form method="post" action="/mediation/equipe/lieu" class="stack">
                    {commune_field(m.place_label, m.place_hint, structure.commune.clone().unwrap_or_default())}
                    <button type="submit" class="button">{m.place_button}</button>
                </form>
            </section>
        })}
    }
}

/// The platform admins' list of structures, and a form to create one.
pub fn structures(
    m: &'static Mediation,
    who: &StaffMember,
    list: Vec<Structure>,
    error: Option<String>,
) -> impl IntoView {
    view! {
        {staff_bar(m, who)}
        <h1>{m.structures_title}</h1>
        {messages(error, None)}
        <ul>
            {list.into_iter().map(|s| view! {
                <li><a href=format!("/mediation/structures/{}", s.id)>{s.name}</a></li>
            }).collect_view()}
        </ul>
        <section aria-labelledby="structure-titre">
            <h2 id="structure-titre">{m.new_structure_title}</h2>
            <form method="post" action="/mediation/structures" class="stack">
                <div class="field">
                    <label for="name">{m.structure_name}</label>
                    <input id="name" name="name" type="text" maxlength="120" autocomplete="off" required/>
                </div>
                {commune_field(m.place_label, m.place_hint, String::new())}
                <button type="submit" class="button">{m.create_structure_button}</button>
            </form>
        </section>
    }
}
