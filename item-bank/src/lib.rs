//! Placeholder: filled by the item-bank work.
