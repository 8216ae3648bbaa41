//! The simulated screen of hotspot and task items: the item's picture drawn in an inline SVG
//! surface that the person acts on with a mouse, a pen, a finger or the keyboard.
//!
//! The screen only reports what it saw — which gesture, and where in picture coordinates, or
//! which element when the keyboard was used — by posting the item form; the server decides
//! whether it was right. The server renders a still picture with the fallback (labelled
//! buttons, lists); once the screen has hydrated, `live::attach` makes the surface respond,
//! gives its elements to the keyboard and removes the fallback. The view has no reactive part and its markup is written by the server: the
//! browser side is plain DOM work, which keeps the WASM bundle small.

#[cfg(feature = "hydrate")]
mod live;

use leptos::prelude::*;

use crate::domain::{Media, TaskAction, Zone};
use crate::i18n::use_i18n;

/// The id of the screen's root element (one screen per page at most).
pub const SCREEN_ID: &str = "ecran";

/// Height of a line of the context menu, in CSS pixels (the menu is scaled to the screen).
const MENU_LINE: u32 = 30;

/// What the screen answers: a hotspot item (a point) or a task (a gesture).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Purpose {
    Point,
    Task(TaskAction),
}

impl Purpose {
    pub fn action(self) -> Option<TaskAction> {
        match self {
            Purpose::Point => None,
            Purpose::Task(a) => Some(a),
        }
    }

    /// The frame around the picture: a phone for taps and swipes, a scrolling window for
    /// "scroll then click".
    fn frame_class(self) -> &'static str {
        match self.action() {
            Some(TaskAction::Tap | TaskAction::Swipe) => "screen phone",
            Some(TaskAction::ScrollFind) => "screen scroll",
            _ => "screen",
        }
    }

    /// Whether a finger on the surface performs the gesture rather than scrolling the page.
    pub fn moves(self) -> bool {
        matches!(self.action(), Some(TaskAction::Drag | TaskAction::Swipe))
    }
}

/// The surface and, until the page is live, `fallback`.
#[component]
pub fn Screen(
    media: Media,
    zones: Vec<Zone>,
    purpose: Purpose,
    fallback: Children,
) -> impl IntoView {
    let t = &use_i18n().assessment;
    crate::pages::when_live(crate::pages::reload_if_server_part_missing);
    #[cfg(feature = "hydrate")]
    crate::pages::when_live(|| live::attach(&use_i18n().assessment));
    // The surface and its panel are plain markup written by the server; the browser keeps
    // what it received (hydration does not rewrite an element's inner HTML), so none of it is
    // built in the WASM bundle.
    #[cfg(feature = "ssr")]
    let (surface, panel) = (
        markup::surface(&media, &zones, purpose),
        markup::panel(purpose),
    );
    #[cfg(not(feature = "ssr"))]
    let (surface, panel) = {
        let _ = (media, zones);
        (String::new(), String::new())
    };
    view! {
        <div id=SCREEN_ID class=purpose.frame_class() data-action=purpose.action().map(TaskAction::as_str)>
            <div class="screen-frame" data-server-part="" inner_html=surface></div>
            <div class="screen-live" hidden inner_html=panel></div>
            <div class="screen-fallback">
                <p class="hint">{t.screen_fallback}</p>
                {fallback()}
            </div>
        </div>
    }
}

/// The server's markup of the screen.
#[cfg(feature = "ssr")]
mod markup {
    use std::fmt::Write;

    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

    use super::{MENU_LINE, Purpose};
    use crate::domain::{Media, TaskAction, Zone};
    use crate::i18n::use_i18n;

    /// The SVG surface: the picture, the keyboard targets (named and focusable once the page is
    /// live), and the two drawings the browser moves into place: the mark of a press and the
    /// context menu of a right click.
    pub fn surface(media: &Media, zones: &[Zone], purpose: Purpose) -> String {
        let t = &use_i18n().assessment;
        let (w, h) = (media.width, media.height);
        let class = if purpose.moves() {
            "screen-surface moves"
        } else {
            "screen-surface"
        };
        let mut out = format!(
            r#"<svg class="{class}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{alt}"><image href="{url}" width="{w}" height="{h}"/>"#,
            alt = attr(&media.alt),
            url = attr(&media.url),
        );
        for z in zones {
            let _ = write!(
                out,
                r#"<rect class="screen-target" data-id="{id}" data-label="{label}" x="{x}" y="{y}" width="{zw}" height="{zh}"/>"#,
                id = attr(&z.id),
                label = attr(&z.label),
                x = z.x as i32,
                y = z.y as i32,
                zw = z.w as i32,
                zh = z.h as i32,
            );
        }
        out.push_str(r#"<circle class="screen-mark" r="14" display="none"/>"#);
        if purpose.action().is_some() {
            let entries = t.context_menu.len() as u32;
            let _ = write!(
                out,
                r#"<g class="screen-menu" display="none" font-size="16"><rect width="{mw}" height="{mh}"/>"#,
                mw = MENU_LINE * 9 / 2,
                mh = MENU_LINE * entries + MENU_LINE / 3,
            );
            for (i, entry) in t.context_menu.iter().enumerate() {
                let _ = write!(
                    out,
                    r#"<text x="{x}" y="{y}">{entry}</text>"#,
                    x = MENU_LINE / 3,
                    y = MENU_LINE * (i as u32 + 1) - MENU_LINE / 4,
                    entry = text(entry),
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</svg>");
        out
    }

    /// What the live screen adds under the surface: the status line read by screen readers,
    /// how to use it with the keyboard, and the button that shows it at full size.
    pub fn panel(purpose: Purpose) -> String {
        let t = &use_i18n().assessment;
        let hint = match purpose.action() {
            Some(TaskAction::Drag) => t.screen_keys_drag,
            Some(TaskAction::Swipe) => t.screen_keys_swipe,
            Some(TaskAction::RightClick) => t.screen_keys_menu,
            _ => t.screen_keys,
        };
        format!(
            r#"<p class="screen-status" role="status"></p><p class="hint">{hint}</p><button type="button" class="button secondary screen-zoom" aria-pressed="false">{zoom}</button>"#,
            hint = text(hint),
            zoom = text(t.screen_zoom),
        )
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn zone(id: &str, label: &str) -> Zone {
        Zone {
            id: id.into(),
            label: label.into(),
            x: 10.4,
            y: 20.0,
            w: 80.0,
            h: 44.9,
        }
    }

    #[test]
    fn the_surface_escapes_what_the_bank_says_and_draws_whole_units() {
        let media = Media {
            url: "/media/abc.svg".into(),
            alt: "Un bureau \"Windows\" & ses icônes".into(),
            width: 800,
            height: 500,
        };
        // Without a request, the strings are French (the default language).
        let svg = markup::surface(
            &media,
            &[zone("a", "Dossier <Photos>")],
            Purpose::Task(TaskAction::DoubleClick),
        );
        assert!(
            svg.contains(r#"aria-label="Un bureau &quot;Windows&quot; &amp; ses icônes""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"data-label="Dossier &lt;Photos&gt;""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"x="10" y="20" width="80" height="44""#),
            "{svg}"
        );
        assert!(svg.contains(r#"viewBox="0 0 800 500""#));
        assert!(
            svg.contains(">Ouvrir</text>"),
            "a task has its context menu"
        );
        let hotspot = markup::surface(&media, &[], Purpose::Point);
        assert!(
            !hotspot.contains("screen-menu"),
            "a hotspot has no context menu"
        );
    }

    #[test]
    fn task_actions_read_back_by_name() {
        for a in [TaskAction::Click, TaskAction::ScrollFind, TaskAction::Swipe] {
            assert_eq!(TaskAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(TaskAction::parse("pinch"), None);
    }
}
