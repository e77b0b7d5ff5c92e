//! Helpers shared by the integration tests (each test crate includes this with `mod support;`).

pub mod fixture;
pub mod tmux;
