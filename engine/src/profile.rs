//! Multi-competence profile.
