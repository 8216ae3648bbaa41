//! The simulated screen with the keyboard.

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, KeyboardEvent, SvgElement};

use super::{Fields, Screen, Shared};
use crate::domain::TaskAction;
use crate::i18n::fill;

impl Screen {
    /// Keyboard on the screen: Enter or Space acts on the focused element, the context key or
    /// Shift+F10 opens its menu, arrows go to the next element; on a drag task Space or Enter
    /// picks the element up, then Enter or Space drops it on another one; on a swipe task the
    /// arrows swipe.
    pub(super) fn key(&mut self, screen: &Shared, ev: &KeyboardEvent) -> Option<Fields> {
        let key = ev.key();
        let action = self.purpose.action();
        let target: Element = ev.target()?.dyn_into().ok()?;
        if action == Some(TaskAction::Swipe) && target == self.svg {
            let direction = match key.as_str() {
                "ArrowLeft" => "left",
                "ArrowRight" => "right",
                "ArrowUp" => "up",
                "ArrowDown" => "down",
                _ => return None,
            };
            ev.prevent_default();
            return Some(vec![
                ("gesture", "swipe".into()),
                ("direction", direction.into()),
            ]);
        }
        let id = target.get_attribute("data-id")?;
        let label = target.get_attribute("data-label").unwrap_or_default();
        match key.as_str() {
            "ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" => {
                ev.prevent_default();
                let forward = key == "ArrowRight" || key == "ArrowDown";
                let next = if forward {
                    target.next_element_sibling()
                } else {
                    target.previous_element_sibling()
                };
                let next = next.filter(|n| n.get_attribute("data-id").is_some());
                if let Some(next) = next.and_then(|n| n.dyn_into::<SvgElement>().ok()) {
                    let _ = next.focus();
                }
                None
            }
            "Escape" => {
                if let Some(held) = self.held.take() {
                    let _ = held.remove_attribute("aria-pressed");
                }
                self.say("");
                None
            }
            "ContextMenu" | "F10" if key != "F10" || ev.shift_key() => {
                action?;
                ev.prevent_default();
                // The menu opens at the element's centre, in picture coordinates.
                let (r, page) = (
                    target.get_bounding_client_rect(),
                    self.svg.get_bounding_client_rect(),
                );
                let unit = self.w / page.width().max(1.0);
                let x = (r.left() + r.width() / 2.0 - page.left()) * unit;
                let y = (r.top() + r.height() / 2.0 - page.top()) * unit;
                let fields = vec![("gesture", "right_click".into()), ("target", id)];
                self.menu_then_send(screen, x, y, unit, fields);
                None
            }
            "Enter" | " " => {
                ev.prevent_default();
                let Some(action) = action else {
                    return Some(vec![("zone", id)]);
                };
                let gesture = match action {
                    TaskAction::Drag => match self.held.take() {
                        None => {
                            let _ = target.set_attribute("aria-pressed", "true");
                            self.say(&fill(self.t.screen_picked, &[("label", label)]));
                            self.held = Some(target);
                            return None;
                        }
                        Some(held) => {
                            let source = held.get_attribute("data-id")?;
                            return Some(vec![
                                ("gesture", "drag".into()),
                                ("source", source),
                                ("target", id),
                            ]);
                        }
                    },
                    TaskAction::DoubleClick | TaskAction::Tap | TaskAction::ScrollFind => {
                        action.as_str()
                    }
                    _ => "click",
                };
                Some(vec![("gesture", gesture.into()), ("target", id)])
            }
            _ => None,
        }
    }
}
