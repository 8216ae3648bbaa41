//! The simulated screen of hotspot and task items: the item's picture drawn in an inline SVG
//! surface that the person acts on with a mouse, a pen, a finger or the keyboard.
//!
//! The screen only reports what it saw — which gesture, and where in picture coordinates, or
//! which element when the keyboard was used — by posting the item form; the server decides
//! whether it was right. Without JavaScript the surface is a still picture and the fallback
//! (labelled buttons, lists) stays; once the page is live the fallback is gone.

use leptos::prelude::*;

use crate::domain::{Media, TaskAction, Zone};
use crate::i18n::use_i18n;

/// What the screen answers: a hotspot item (a point) or a task (a gesture).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Point,
    Task(TaskAction),
}

impl Purpose {
    fn action(self) -> Option<TaskAction> {
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
    fn moves(self) -> bool {
        matches!(self.action(), Some(TaskAction::Drag | TaskAction::Swipe))
    }
}

/// A feedback drawing on the surface, in picture units: where the person pressed, the element
/// being dragged, or the context menu that a right click opens.
#[derive(Clone, Copy, PartialEq)]
struct Mark {
    x: i32,
    y: i32,
    /// Picture units per CSS pixel, so that marks keep the same size on every screen.
    unit: f64,
    kind: MarkKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum MarkKind {
    Press,
    Drag,
    Menu,
}

/// The surface, its keyboard targets and, until the page is live, `fallback`.
#[component]
pub fn Screen(
    media: Media,
    zones: Vec<Zone>,
    purpose: Purpose,
    fallback: ChildrenFn,
) -> impl IntoView {
    let t = &use_i18n().assessment;
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let mark = RwSignal::new(None::<Mark>);
    let held = RwSignal::new(None::<(String, String)>);
    let status = RwSignal::new(String::new());
    let zoomed = RwSignal::new(false);
    let (w, h) = (media.width, media.height);
    let zones = StoredValue::new(zones);
    #[cfg(feature = "hydrate")]
    let press = live::Press::new(w, h, purpose, mark);

    let targets = move || {
        zones
            .get_value()
            .into_iter()
            .map(|z| {
                let id = StoredValue::new(z.id.clone());
                let label = StoredValue::new(z.label.clone());
                let centre = ((z.x + z.w / 2.0) as i32, (z.y + z.h / 2.0) as i32);
                let on_key = move |ev: leptos::ev::KeyboardEvent| {
                    #[cfg(feature = "hydrate")]
                    live::key(&ev, purpose, &id.get_value(), &label.get_value(), centre, held, status, mark);
                    #[cfg(not(feature = "hydrate"))]
                    let _ = (ev, id, label, centre);
                };
                view! {
                    <rect class="screen-target" x=z.x as i32 y=z.y as i32 width=z.w as i32 height=z.h as i32
                        tabindex="0" role="button" aria-label=z.label
                        aria-pressed=move || held.with(|h| h.as_ref().map(|(i, _)| (*i == id.get_value()).to_string()))
                        on:keydown=on_key/>
                }
            })
            .collect_view()
    };
    let drawn = move || {
        mark.get().map(|m| {
            let r = (14.0 * m.unit).round() as i32;
            match m.kind {
                MarkKind::Press => view! { <circle class="screen-mark" cx=m.x cy=m.y r=r/> }.into_any(),
                MarkKind::Drag => view! { <circle class="screen-mark dragging" cx=m.x cy=m.y r=r * 2/> }.into_any(),
                MarkKind::Menu => {
                    let line = (30.0 * m.unit).round() as i32;
                    let x = m.x.min(w as i32 - 9 * line / 2);
                    let y = m.y.min(h as i32 - line * 4);
                    view! {
                        <g class="screen-menu" font-size=(16.0 * m.unit).round() as i32>
                            <rect x=x y=y width=9 * line / 2 height=line * 4 - line / 3/>
                            {t.context_menu.iter().enumerate().map(|(i, entry)| view! {
                                <text x=x + line / 3 y=y + line * (i as i32 + 1) - line / 3>{*entry}</text>
                            }).collect_view()}
                        </g>
                    }
                    .into_any()
                }
            }
        })
    };

    view! {
        <div class=move || format!("{}{}", purpose.frame_class(), if zoomed.get() { " zoomed" } else { "" })
            data-action=purpose.action().map(TaskAction::as_str)>
            <div class="screen-frame">
                <svg class=if purpose.moves() { "screen-surface moves" } else { "screen-surface" }
                    viewBox=format!("0 0 {w} {h}") width=w height=h
                    role=move || if live.get() { "group" } else { "img" } aria-label=media.alt
                    tabindex=move || (live.get() && purpose == Purpose::Task(TaskAction::Swipe)).then_some("0")
                    on:pointerdown=move |ev| {
                        #[cfg(feature = "hydrate")]
                        press.down(&ev);
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                    on:pointermove=move |ev| {
                        #[cfg(feature = "hydrate")]
                        press.moved(&ev);
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                    on:pointerup=move |ev| {
                        #[cfg(feature = "hydrate")]
                        press.up(&ev);
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                    on:pointercancel=move |_| {
                        #[cfg(feature = "hydrate")]
                        press.cancel();
                    }
                    on:contextmenu=move |ev| {
                        #[cfg(feature = "hydrate")]
                        press.context(&ev);
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                    on:keydown=move |ev| {
                        #[cfg(feature = "hydrate")]
                        live::swipe_key(&ev, purpose);
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                >
                    <image href=media.url width=w height=h/>
                    <Show when=move || live.get()>{targets}</Show>
                    {drawn}
                </svg>
            </div>
            <Show when=move || live.get()>
                <p class="screen-status" role="status">{move || status.get()}</p>
                <p class="hint">{keyboard_hint(purpose)}</p>
                <button type="button" class="button secondary screen-zoom" aria-pressed=move || zoomed.get().to_string()
                    on:click=move |_| zoomed.update(|z| *z = !*z)>
                    {t.screen_zoom}
                </button>
            </Show>
            // Removed, not hidden: its lists would otherwise post along with the gesture.
            <Show when=move || !live.get()>{fallback()}</Show>
        </div>
    }
}

/// How to act on this screen with the keyboard.
fn keyboard_hint(purpose: Purpose) -> &'static str {
    let t = &use_i18n().assessment;
    match purpose.action() {
        Some(TaskAction::Drag) => t.screen_keys_drag,
        Some(TaskAction::Swipe) => t.screen_keys_swipe,
        Some(TaskAction::RightClick) => t.screen_keys_menu,
        _ => t.screen_keys,
    }
}

/// The browser side: turning pointer and keyboard events into the summary the server checks.
#[cfg(feature = "hydrate")]
mod live {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{
        Element, HtmlFormElement, HtmlInputElement, KeyboardEvent, MouseEvent, PointerEvent,
    };
    use std::time::Duration;

    use super::{Mark, MarkKind, Purpose};
    use crate::domain::TaskAction;
    use crate::i18n::{fill, use_i18n};

    /// Beyond this many CSS pixels between press and release, the press is a drag or a swipe.
    const MOVE_PX: f64 = 12.0;
    /// A second press within this time and distance makes a double click.
    const DOUBLE_MS: u64 = 500;
    /// How long the context menu is seen before the answer is sent.
    const MENU_MS: u64 = 700;

    /// A press in progress, in picture units.
    #[derive(Clone, Copy)]
    struct Down {
        x: f64,
        y: f64,
        unit: f64,
        moved: bool,
    }

    /// The pointer state of one screen.
    #[derive(Clone, Copy)]
    pub struct Press {
        w: f64,
        h: f64,
        purpose: Purpose,
        mark: RwSignal<Option<Mark>>,
        down: StoredValue<Option<Down>>,
        /// The first click of a possible double click, and its timer.
        pending: StoredValue<Option<(f64, f64, TimeoutHandle)>>,
        /// An answer is on its way: nothing more is reported.
        sent: StoredValue<bool>,
    }

    impl Press {
        pub fn new(w: u32, h: u32, purpose: Purpose, mark: RwSignal<Option<Mark>>) -> Self {
            Press {
                w: w as f64,
                h: h as f64,
                purpose,
                mark,
                down: StoredValue::new(None),
                pending: StoredValue::new(None),
                sent: StoredValue::new(false),
            }
        }

        /// The event's point in picture coordinates, and picture units per CSS pixel.
        fn point(&self, ev: &MouseEvent) -> Option<(f64, f64, f64)> {
            let surface: Element = ev.current_target()?.dyn_into().ok()?;
            let r = surface.get_bounding_client_rect();
            if r.width() <= 0.0 || r.height() <= 0.0 {
                return None;
            }
            let unit = self.w / r.width();
            let x = (ev.client_x() as f64 - r.left()) * unit;
            let y = (ev.client_y() as f64 - r.top()) * self.h / r.height();
            Some((x.clamp(0.0, self.w), y.clamp(0.0, self.h), unit))
        }

        fn show(&self, x: f64, y: f64, unit: f64, kind: MarkKind) {
            self.mark.set(Some(Mark {
                x: x as i32,
                y: y as i32,
                unit,
                kind,
            }));
        }

        pub fn down(&self, ev: &PointerEvent) {
            if ev.button() != 0 || self.sent.get_value() {
                return;
            }
            let Some((x, y, unit)) = self.point(ev) else {
                return;
            };
            if self.purpose.moves() {
                // Keep the pointer while it moves, even outside the surface.
                if let Some(el) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                {
                    let _ = el.set_pointer_capture(ev.pointer_id());
                }
                ev.prevent_default();
            }
            self.down.set_value(Some(Down {
                x,
                y,
                unit,
                moved: false,
            }));
            self.show(x, y, unit, MarkKind::Press);
        }

        pub fn moved(&self, ev: &PointerEvent) {
            let Some(mut d) = self.down.get_value() else {
                return;
            };
            let Some((x, y, _)) = self.point(ev) else {
                return;
            };
            if !d.moved && (x - d.x).hypot(y - d.y) / d.unit < MOVE_PX {
                return;
            }
            d.moved = true;
            self.down.set_value(Some(d));
            self.show(x, y, d.unit, MarkKind::Drag);
        }

        pub fn cancel(&self) {
            self.down.set_value(None);
        }

        pub fn up(&self, ev: &PointerEvent) {
            let Some(d) = self.down.get_value() else {
                return;
            };
            self.down.set_value(None);
            let Some((x, y, unit)) = self.point(ev) else {
                return;
            };
            let action = self.purpose.action();
            if d.moved || (x - d.x).hypot(y - d.y) / unit >= MOVE_PX {
                if action.is_none() {
                    // A hotspot answers with the point where the press ended.
                    return self.send(ev, vec![("x", num(x)), ("y", num(y))]);
                }
                let gesture = if action == Some(TaskAction::Swipe) {
                    "swipe"
                } else {
                    "drag"
                };
                return self.send(
                    ev,
                    vec![
                        ("gesture", gesture.into()),
                        ("x", num(d.x)),
                        ("y", num(d.y)),
                        ("x2", num(x)),
                        ("y2", num(y)),
                    ],
                );
            }
            let Some(action) = action else {
                return self.send(ev, vec![("x", num(x)), ("y", num(y))]);
            };
            // A second press close to the first one, in time: a double click.
            if let Some((px, py, timer)) = self.pending.get_value() {
                timer.clear();
                self.pending.set_value(None);
                if (x - px).hypot(y - py) / unit < MOVE_PX {
                    return self.send(
                        ev,
                        vec![
                            ("gesture", "double_click".into()),
                            ("x", num(px)),
                            ("y", num(py)),
                        ],
                    );
                }
            }
            let gesture = match action {
                TaskAction::Tap => "tap",
                TaskAction::ScrollFind => "scroll_find",
                _ => "click",
            };
            let fields = vec![("gesture", gesture.into()), ("x", num(x)), ("y", num(y))];
            if action != TaskAction::DoubleClick {
                return self.send(ev, fields);
            }
            // On a "double click" task a single click is reported once it cannot become double.
            let Some(form) = form_of(ev.current_target()) else {
                return;
            };
            let this = *self;
            let timer = set_timeout_with_handle(
                move || {
                    this.pending.set_value(None);
                    this.sent.set_value(true);
                    submit(&form, &fields);
                },
                Duration::from_millis(DOUBLE_MS),
            );
            if let Ok(timer) = timer {
                self.pending.set_value(Some((x, y, timer)));
            }
        }

        /// A right click (or a long press on a touch screen): the menu appears, then the answer goes.
        pub fn context(&self, ev: &MouseEvent) {
            ev.prevent_default();
            if self.sent.get_value() {
                return;
            }
            self.down.set_value(None);
            if let Some((_, _, timer)) = self.pending.get_value() {
                timer.clear();
                self.pending.set_value(None);
            }
            let Some((x, y, unit)) = self.point(ev) else {
                return;
            };
            if self.purpose.action().is_none() {
                return;
            }
            self.show(x, y, unit, MarkKind::Menu);
            let fields = vec![
                ("gesture", "right_click".to_owned()),
                ("x", num(x)),
                ("y", num(y)),
            ];
            self.sent.set_value(true);
            if let Some(form) = form_of(ev.current_target()) {
                set_timeout(
                    move || submit(&form, &fields),
                    Duration::from_millis(MENU_MS),
                );
            }
        }

        fn send(&self, ev: &MouseEvent, fields: Vec<(&'static str, String)>) {
            if self.sent.get_value() {
                return;
            }
            if let Some(form) = form_of(ev.current_target()) {
                self.sent.set_value(true);
                submit(&form, &fields);
            }
        }
    }

    /// Keyboard on one element of the screen: Enter or Space acts on it, the context key or
    /// Shift+F10 opens its menu, arrows go to the next element; on a drag task Space or Enter
    /// picks the element up, then Enter or Space drops it on another one.
    #[allow(clippy::too_many_arguments)]
    pub fn key(
        ev: &KeyboardEvent,
        purpose: Purpose,
        id: &str,
        label: &str,
        centre: (i32, i32),
        held: RwSignal<Option<(String, String)>>,
        status: RwSignal<String>,
        mark: RwSignal<Option<Mark>>,
    ) {
        let t = &use_i18n().assessment;
        let key = ev.key();
        let target = ev.target();
        let fields: Vec<(&'static str, String)> = match key.as_str() {
            "ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" => {
                ev.prevent_default();
                let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
                    return;
                };
                let forward = key == "ArrowRight" || key == "ArrowDown";
                let next = if forward {
                    el.next_element_sibling()
                } else {
                    el.previous_element_sibling()
                };
                if let Some(next) = next
                    .filter(|n| n.tag_name() == "rect")
                    .and_then(|n| n.dyn_into::<leptos::web_sys::SvgElement>().ok())
                {
                    let _ = next.focus();
                }
                return;
            }
            "Escape" => {
                held.set(None);
                status.set(String::new());
                return;
            }
            "ContextMenu" | "F10" if key != "F10" || ev.shift_key() => {
                if purpose.action().is_none() {
                    return;
                }
                ev.prevent_default();
                mark.set(Some(Mark {
                    x: centre.0,
                    y: centre.1,
                    unit: 1.0,
                    kind: MarkKind::Menu,
                }));
                vec![("gesture", "right_click".into()), ("target", id.into())]
            }
            "Enter" | " " => {
                ev.prevent_default();
                match purpose.action() {
                    None => vec![("zone", id.into())],
                    Some(TaskAction::Drag) => match held.get_untracked() {
                        None => {
                            held.set(Some((id.to_owned(), label.to_owned())));
                            status.set(fill(t.screen_picked, &[("label", label.to_owned())]));
                            return;
                        }
                        Some((source, _)) => {
                            vec![
                                ("gesture", "drag".into()),
                                ("source", source),
                                ("target", id.into()),
                            ]
                        }
                    },
                    Some(
                        a @ (TaskAction::DoubleClick | TaskAction::Tap | TaskAction::ScrollFind),
                    ) => {
                        vec![("gesture", a.as_str().into()), ("target", id.into())]
                    }
                    Some(_) => vec![("gesture", "click".into()), ("target", id.into())],
                }
            }
            _ => return,
        };
        if let Some(form) = form_of(ev.target()) {
            submit(&form, &fields);
        }
    }

    /// Arrow keys on the phone of a swipe task swipe in their direction.
    pub fn swipe_key(ev: &KeyboardEvent, purpose: Purpose) {
        if purpose != Purpose::Task(TaskAction::Swipe) {
            return;
        }
        let direction = match ev.key().as_str() {
            "ArrowLeft" => "left",
            "ArrowRight" => "right",
            "ArrowUp" => "up",
            "ArrowDown" => "down",
            _ => return,
        };
        ev.prevent_default();
        if let Some(form) = form_of(ev.target()) {
            submit(
                &form,
                &[("gesture", "swipe".into()), ("direction", direction.into())],
            );
        }
    }

    /// Picture coordinates as the form posts them (a tenth of a unit is plenty).
    fn num(v: f64) -> String {
        let tenths = (v * 10.0).round() as i64;
        format!("{}.{}", tenths / 10, tenths % 10)
    }

    fn form_of(target: Option<leptos::web_sys::EventTarget>) -> Option<HtmlFormElement> {
        let el: Element = target?.dyn_into().ok()?;
        el.closest("form").ok()??.dyn_into().ok()
    }

    /// Posts the item form with the gesture's fields, as a plain form post.
    fn submit(form: &HtmlFormElement, fields: &[(&'static str, String)]) {
        let Some(document) = form.owner_document() else {
            return;
        };
        for (name, value) in fields {
            let input = document.create_element("input").ok();
            if let Some(input) = input.and_then(|i| i.dyn_into::<HtmlInputElement>().ok()) {
                input.set_type("hidden");
                input.set_name(name);
                input.set_value(value);
                let _ = form.append_child(&input);
            }
        }
        let _ = form.request_submit();
    }
}
