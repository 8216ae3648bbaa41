//! The browser side of the simulated screen: once the page is live, the surface's elements get
//! their names and the keyboard, the fallback goes, and one listener turns pointer and keyboard
//! events into the summary the server checks (posted with the item form).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, closure::Closure};
use leptos::web_sys::{Document, Element, Event, HtmlFormElement, MouseEvent, PointerEvent};

mod keys;

use super::{MENU_LINE, Purpose, SCREEN_ID};
use crate::domain::TaskAction;
use crate::i18n::Assessment;

/// Beyond this many CSS pixels between press and release, the press is a drag or a swipe.
const MOVE_PX: f64 = 12.0;
/// A second press within this time and distance makes a double click.
const DOUBLE_MS: u64 = 500;
/// How long the context menu is seen before the answer is sent.
const MENU_MS: u64 = 700;
const EVENTS: [&str; 6] = [
    "pointerdown",
    "pointermove",
    "pointerup",
    "pointercancel",
    "contextmenu",
    "keydown",
];

/// A press in progress, in picture units (`unit`: picture units per CSS pixel).
#[derive(Clone, Copy)]
struct Down {
    x: f64,
    y: f64,
    unit: f64,
    moved: bool,
}

struct Screen {
    purpose: Purpose,
    t: &'static Assessment,
    w: f64,
    h: f64,
    document: Document,
    svg: Element,
    status: Option<Element>,
    form: HtmlFormElement,
    down: Option<Down>,
    /// The first click of a possible double click, and its timer.
    pending: Option<(f64, f64, TimeoutHandle)>,
    /// The element picked up with the keyboard (drag).
    held: Option<Element>,
    /// The mark of a press, and the context menu (drawn by the server, hidden).
    mark: Option<Element>,
    menu: Option<Element>,
    /// An answer is on its way: nothing more is reported.
    sent: bool,
    /// The form was posted: whatever else was waiting is dropped.
    posted: bool,
}

type Shared = Rc<RefCell<Screen>>;
/// The fields the form posts: name, value.
type Fields = Vec<(&'static str, String)>;

/// Makes the screen of this page, if there is one, respond (once). Called when the page has
/// hydrated; what the screen is for and its picture's size are read from its markup.
pub fn attach(t: &'static Assessment) {
    let document = document();
    let Some(root) = document.get_element_by_id(SCREEN_ID) else {
        return;
    };
    if root.get_attribute("data-live").is_some() {
        return;
    }
    let found = (|| {
        let svg = root.query_selector("svg").ok()??;
        let form: HtmlFormElement = root.closest("form").ok()??.unchecked_into();
        let size = |name| svg.get_attribute(name)?.parse::<u32>().ok();
        let (w, h) = (size("width")?, size("height")?);
        let purpose = match root.get_attribute("data-action") {
            None => Purpose::Point,
            Some(a) => Purpose::Task(TaskAction::parse(&a)?),
        };
        Some((svg, form, w, h, purpose))
    })();
    let Some((svg, form, w, h, purpose)) = found else {
        return;
    };
    let _ = root.set_attribute("data-live", "");
    // The fallback's buttons and lists would post along with the gesture: they go.
    if let Ok(Some(fallback)) = root.query_selector(".screen-fallback") {
        fallback.remove();
    }
    // The gesture is the answer: there is nothing left to "validate".
    if let Some(submit) = document.get_element_by_id("valider") {
        let _ = submit.set_attribute("hidden", "");
    }
    if let Ok(Some(panel)) = root.query_selector(".screen-live") {
        panel.remove_attribute("hidden").ok();
    }
    let _ = svg.set_attribute("role", "group");
    if purpose == Purpose::Task(TaskAction::Swipe) {
        let _ = svg.set_attribute("tabindex", "0");
    }
    let mut child = svg.first_element_child();
    while let Some(el) = child {
        if let Some(label) = el.get_attribute("data-label") {
            let _ = el.set_attribute("aria-label", &label);
            let _ = el.set_attribute("role", "button");
            let _ = el.set_attribute("tabindex", "0");
        }
        child = el.next_element_sibling();
    }
    let status = root.query_selector(".screen-status").ok().flatten();
    let screen: Shared = Rc::new(RefCell::new(Screen {
        purpose,
        t,
        w: w as f64,
        h: h as f64,
        document,
        svg: svg.clone(),
        status,
        form,
        down: None,
        pending: None,
        held: None,
        mark: svg.query_selector(".screen-mark").ok().flatten(),
        menu: svg.query_selector(".screen-menu").ok().flatten(),
        sent: false,
        posted: false,
    }));
    let on_event = {
        let screen = screen.clone();
        Closure::<dyn FnMut(Event)>::new(move |ev: Event| handle(&screen, ev))
    };
    for name in EVENTS {
        let _ = svg.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
    }
    // The page lives as long as the screen: the listener is never removed.
    on_event.forget();
    if let Ok(Some(zoom)) = root.query_selector(".screen-zoom") {
        let button = zoom.clone();
        let on_zoom = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let class = root.get_attribute("class").unwrap_or_default();
            let (class, on) = match class.strip_suffix(" zoomed") {
                Some(plain) => (plain.to_owned(), "false"),
                None => (class + " zoomed", "true"),
            };
            let _ = root.set_attribute("class", &class);
            let _ = button.set_attribute("aria-pressed", on);
        });
        let _ = zoom.add_event_listener_with_callback("click", on_zoom.as_ref().unchecked_ref());
        on_zoom.forget();
    }
}

fn handle(screen: &Shared, ev: Event) {
    let kind = ev.type_();
    let fields = {
        let mut s = screen.borrow_mut();
        if s.sent {
            if kind == "contextmenu" {
                ev.prevent_default();
            }
            return;
        }
        // The listener is only added for these events: each name says the event's type.
        match kind.as_str() {
            "keydown" => s.key(screen, ev.unchecked_ref()),
            "contextmenu" => s.context(screen, ev.unchecked_ref()),
            "pointercancel" => {
                s.down = None;
                None
            }
            "pointerdown" => s.press(ev.unchecked_ref()),
            "pointermove" => s.moved(ev.unchecked_ref()),
            _ => s.release(screen, ev.unchecked_ref()),
        }
    };
    if let Some(fields) = fields {
        send(screen, fields);
    }
}

/// Posts the form with the gesture's fields, unless an answer was sent already.
fn send(screen: &Shared, fields: Fields) {
    if !screen.borrow().sent {
        post(screen, fields);
    }
}

/// Posts the form with the gesture's fields: nothing more is taken after that.
fn post(screen: &Shared, fields: Fields) {
    let mut s = screen.borrow_mut();
    if s.posted {
        return;
    }
    s.posted = true;
    s.sent = true;
    if let Some((_, _, timer)) = s.pending.take() {
        timer.clear();
    }
    for (name, value) in &fields {
        if let Ok(input) = s.document.create_element("input") {
            let _ = input.set_attribute("type", "hidden");
            let _ = input.set_attribute("name", name);
            let _ = input.set_attribute("value", value);
            let _ = s.form.append_child(&input);
        }
    }
    let _ = s.form.request_submit();
}

/// Posts `fields` in `ms` milliseconds, unless the timer is cleared before.
fn post_later(screen: &Shared, fields: Fields, ms: u64) -> Option<TimeoutHandle> {
    let screen = screen.clone();
    let post_now = move || {
        screen.borrow_mut().pending = None;
        post(&screen, fields);
    };
    set_timeout_with_handle(post_now, Duration::from_millis(ms)).ok()
}

/// Picture coordinates as the form posts them (a tenth of a unit is plenty).
fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Whether a move of (dx, dy) picture units is more than `MOVE_PX` CSS pixels.
fn far(dx: f64, dy: f64, unit: f64) -> bool {
    dx * dx + dy * dy >= (MOVE_PX * unit) * (MOVE_PX * unit)
}

fn at(gesture: &str, x: f64, y: f64) -> Fields {
    vec![
        ("gesture", gesture.to_owned()),
        ("x", num(x)),
        ("y", num(y)),
    ]
}

impl Screen {
    /// The event's point in picture coordinates, and picture units per CSS pixel.
    fn point(&self, ev: &MouseEvent) -> Option<(f64, f64, f64)> {
        let r = self.svg.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return None;
        }
        let unit = self.w / r.width();
        let x = (ev.client_x() as f64 - r.left()) * unit;
        let y = (ev.client_y() as f64 - r.top()) * self.h / r.height();
        // Not `clamp`: its check formats floats, a cost in the bundle.
        Some((x.max(0.0).min(self.w), y.max(0.0).min(self.h), unit))
    }

    /// Shows the mark of a press at (x, y) (`dragging` while it moves), or the context menu.
    fn draw(&self, x: f64, y: f64, unit: f64, what: &str) {
        let hide = |el: &Option<Element>| {
            if let Some(el) = el {
                let _ = el.set_attribute("display", "none");
            }
        };
        let show = |el: &Element, attributes: &[(&str, String)]| {
            for (name, value) in attributes {
                let _ = el.set_attribute(name, value);
            }
            let _ = el.remove_attribute("display");
        };
        if what == "menu" {
            hide(&self.mark);
            let Some(menu) = &self.menu else { return };
            let line = MENU_LINE as f64 * unit;
            let (mw, mh) = (4.5 * line, line * (self.t.context_menu.len() as f64 + 0.34));
            let (x, y) = (x.min(self.w - mw).max(0.0), y.min(self.h - mh).max(0.0));
            let transform = format!("translate({} {}) scale({})", num(x), num(y), num(unit));
            show(menu, &[("transform", transform)]);
        } else if let Some(mark) = &self.mark {
            let r = if what == "screen-mark" { 14.0 } else { 24.0 } * unit;
            show(
                mark,
                &[
                    ("class", what.to_owned()),
                    ("cx", num(x)),
                    ("cy", num(y)),
                    ("r", num(r)),
                ],
            );
        }
    }

    fn say(&self, text: &str) {
        if let Some(status) = &self.status {
            status.set_text_content(Some(text));
        }
    }

    fn press(&mut self, ev: &PointerEvent) -> Option<Fields> {
        if ev.button() != 0 {
            return None;
        }
        let (x, y, unit) = self.point(ev)?;
        if self.purpose.moves() {
            // Keep the pointer while it moves, even outside the surface.
            let _ = self.svg.set_pointer_capture(ev.pointer_id());
            ev.prevent_default();
        }
        self.down = Some(Down {
            x,
            y,
            unit,
            moved: false,
        });
        self.draw(x, y, unit, "screen-mark");
        None
    }

    fn moved(&mut self, ev: &PointerEvent) -> Option<Fields> {
        let mut d = self.down?;
        let (x, y, _) = self.point(ev)?;
        if !d.moved && !far(x - d.x, y - d.y, d.unit) {
            return None;
        }
        d.moved = true;
        self.down = Some(d);
        self.draw(x, y, d.unit, "screen-mark dragging");
        None
    }

    fn release(&mut self, screen: &Shared, ev: &PointerEvent) -> Option<Fields> {
        let d = self.down.take()?;
        let (x, y, unit) = self.point(ev)?;
        let Some(action) = self.purpose.action() else {
            // A hotspot answers with the point where the press ended.
            return Some(vec![("x", num(x)), ("y", num(y))]);
        };
        if d.moved || far(x - d.x, y - d.y, unit) {
            let gesture = if action == TaskAction::Swipe {
                "swipe"
            } else {
                "drag"
            };
            let mut fields = at(gesture, d.x, d.y);
            fields.extend([("x2", num(x)), ("y2", num(y))]);
            return Some(fields);
        }
        // A second press close to the first one, in time: a double click.
        if let Some((px, py, timer)) = self.pending.take() {
            timer.clear();
            if !far(x - px, y - py, unit) {
                return Some(at("double_click", px, py));
            }
        }
        let gesture = match action {
            TaskAction::Tap => "tap",
            TaskAction::ScrollFind => "scroll_find",
            _ => "click",
        };
        if action != TaskAction::DoubleClick {
            return Some(at(gesture, x, y));
        }
        // On a "double click" task a single click is reported once it cannot become double.
        self.pending = post_later(screen, at(gesture, x, y), DOUBLE_MS).map(|t| (x, y, t));
        None
    }

    /// A right click (or a long press on a touch screen): the menu appears, then the answer goes.
    fn context(&mut self, screen: &Shared, ev: &MouseEvent) -> Option<Fields> {
        ev.prevent_default();
        self.down = None;
        if let Some((_, _, timer)) = self.pending.take() {
            timer.clear();
        }
        self.purpose.action()?;
        let (x, y, unit) = self.point(ev)?;
        self.menu_then_send(screen, x, y, unit, at("right_click", x, y));
        None
    }

    /// Shows the context menu, then posts the answer; nothing else is taken meanwhile.
    fn menu_then_send(&mut self, screen: &Shared, x: f64, y: f64, unit: f64, fields: Fields) {
        self.draw(x, y, unit, "menu");
        self.sent = true;
        // A click waiting to become a double click is over: the right click is the answer.
        if let Some((_, _, timer)) = self.pending.take() {
            timer.clear();
        }
        self.pending = post_later(screen, fields, MENU_MS).map(|t| (x, y, t));
    }
}
