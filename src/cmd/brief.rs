//! `annals brief TOUR`: load a tour against its timeline; `--handout` writes the Markdown handout.

use std::io::Write;

use super::{CmdError, Out, exit};
use crate::cli::{BriefArgs, Cli};
use crate::export::handout::handout;
use crate::timeline::{Origin, load::load};
use crate::tour;

pub fn run(cli: &Cli, a: &BriefArgs, out: &mut Out) -> Result<u8, CmdError> {
    let file = tour::read(&a.tour)?;
    // --file overrides the tour's own `timeline:`.
    let origin = match &cli.file {
        Some(p) => Origin::File(p.clone()),
        None => file.timeline.clone(),
    };
    let timeline = load(&origin)?.timeline;
    let (tour, warnings) = file.resolve(&timeline)?;
    for w in &warnings {
        eprintln!("{}", crate::text::inert(&w.to_string()));
    }
    if !a.handout {
        return Err(CmdError::Usage(
            "the briefing view is not built yet; `annals brief TOUR --handout` writes the handout"
                .to_string(),
        ));
    }
    let text = handout(&timeline, &tour);
    match &a.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CmdError::Usage(format!("cannot write {}: {e}", path.display())))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(exit::OK)
}
