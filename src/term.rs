//! The local terminal loop (placeholder until the browser lands).

use crate::cli::Cli;
use crate::timeline::{Origin, Timeline};

pub fn run(_timeline: Timeline, _origin: &Origin, _cli: &Cli) -> std::io::Result<()> {
    Err(std::io::Error::other("the browser is not built yet"))
}
