//! "Écouter": every instruction of Premiers pas can be heard, with the browser's own speech
//! synthesis (a French voice when there is one), and read automatically if the person chooses
//! it (remembered on this device). Shown only once the page is live and the browser can speak:
//! nothing is sent anywhere.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The button, and the choice to read every instruction automatically.
#[component]
pub fn Listen(text: String) -> impl IntoView {
    let t = &use_i18n().premiers_pas;
    let (available, set_available) = signal(false);
    let (auto, set_auto) = signal(false);
    let text = StoredValue::new(text);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if speech::available() {
            set_available.set(true);
            let on = speech::auto_read();
            set_auto.set(on);
            if on {
                speech::say(&text.get_value());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (set_available, set_auto, text);
    });
    view! {
        <Show when=move || available.get()>
            <div class="listen">
                <button type="button" class="button secondary listen-button" on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    speech::say(&text.get_value());
                }>
                    <span aria-hidden="true">"🔊 "</span>{t.listen}
                </button>
                <div class="choice">
                    <input type="checkbox" id="lecture-auto" prop:checked=move || auto.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            set_auto.set(on);
                            #[cfg(feature = "hydrate")]
                            speech::set_auto_read(on);
                        }/>
                    <label for="lecture-auto">{t.auto_read}</label>
                </div>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod speech {
    use wasm_bindgen::JsCast;
    use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

    const AUTO_KEY: &str = "tremplin-lecture-auto";

    fn synth() -> Option<SpeechSynthesis> {
        web_sys::window()?.speech_synthesis().ok()
    }

    pub fn available() -> bool {
        synth().is_some()
    }

    /// Says `text` in French, interrupting what was being said.
    pub fn say(text: &str) {
        let Some(synth) = synth() else { return };
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
            return;
        };
        utterance.set_lang("fr-FR");
        utterance.set_rate(0.9);
        let french = synth
            .get_voices()
            .iter()
            .filter_map(|v| v.dyn_into::<SpeechSynthesisVoice>().ok())
            .find(|v| {
                v.lang()
                    .get(..2)
                    .is_some_and(|l| l.eq_ignore_ascii_case("fr"))
            });
        if let Some(voice) = french {
            utterance.set_voice(Some(&voice));
        }
        synth.cancel();
        synth.speak(&utterance);
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn auto_read() -> bool {
        storage()
            .and_then(|s| s.get_item(AUTO_KEY).ok().flatten())
            .is_some_and(|v| v == "1")
    }

    pub fn set_auto_read(on: bool) {
        if let Some(s) = storage() {
            let _ = if on {
                s.set_item(AUTO_KEY, "1")
            } else {
                s.remove_item(AUTO_KEY)
            };
        }
    }
}
