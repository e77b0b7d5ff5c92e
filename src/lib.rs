//! annals: a terminal timeline browser for U.S.–Mexico and U.S.–Colombia military and security relations.
//!
//! Module map (data flows top to bottom):
//! - [`timeline`]: the domain. `raw` serde types -> `validate` -> a resolved [`timeline::Timeline`]; `date` for
//!   historical dates; `yaml` is the only place that knows the YAML crates.
//! - [`text`]: folding text for search (lower case, no accents) and making data text inert for terminals.
//! - [`suggest`]: "did you mean" for ids and fields.
//! - [`cli`]: the command line (clap); [`cmd`]: one module per subcommand, each printing text, JSON, Markdown.
//! - [`kiosk`]: `--kiosk` (what a kiosk may run, settings from the command line only) and the idle timeout.
//! - [`search`]: query parsing and ranking (the only user of fuzzy-matcher is `search::fuzzy`).
//! - [`tour`]: briefing tours validated against a timeline; [`export`]: JSON shapes, Markdown, handouts.
//! - The browser, data flowing one way: key -> [`input`] (keymap per mode) -> [`app::Action`] ->
//!   [`app::update`] (pure; returns an [`app::Effect`]) -> [`ui::view`] (draws, never changes state).
//!   [`term`] is the local loop that carries out effects and restores the terminal on every way out.
//! - `serve` (feature `serve`, on by default): the SSH server; each connection gets its own app and terminal,
//!   viewers follow the presenter.

pub mod app;
pub mod cli;
pub mod cmd;
pub mod export;
pub mod input;
pub mod kiosk;
pub mod par;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod suggest;
pub mod term;
pub mod text;
pub mod timeline;
pub mod tour;
pub mod ui;
