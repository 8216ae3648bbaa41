//! Who the caller is. Today: the holder of an anonymous assessment (cookie or bearer token);
//! staff sessions (mediators, analysts) arrive with their features.

pub mod credentials;
pub mod password;
pub mod staff;
pub mod totp;

pub use credentials::{CookiePolicy, Credentials, MissingCredentials, Token};
pub mod same_origin;
