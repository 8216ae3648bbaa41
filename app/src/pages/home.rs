//! The home page: what Tremplin is, how long it takes, privacy, start or resume.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_i18n;
use crate::server_fns::has_assessment;

#[component]
pub fn HomePage() -> impl IntoView {
    let site = use_i18n().common.site_name;
    let t = &use_i18n().assessment;
    let pp = &use_i18n().premiers_pas;
    let resumable = Resource::new(|| (), |_| has_assessment());
    let deleted = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("efface")
        .is_some();
    view! {
        <Title text=format!("{} – {}", t.home_title, site)/>
        {deleted.then(|| view! { <p class="notice" role="status">{use_i18n().common.deleted}</p> })}
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
                            <a class="button" href="/evaluation" rel="external">{t.home_resume}</a>
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
        <section class="beginner-entry" aria-labelledby="premiers-pas">
            <h2 id="premiers-pas">{pp.home_title}</h2>
            <p>{pp.home_text}</p>
            <p><a class="button secondary big" href="/premiers-pas">{pp.home_link}</a></p>
        </section>
    }
}
