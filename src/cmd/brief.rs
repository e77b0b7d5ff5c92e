//! `annals brief TOUR`: load a tour against its timeline, then present it in the browser (presenter or
//! `--audience`), or with `--handout` write the Markdown handout.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use super::{CmdError, Out, exit};
use crate::app::{Role, brief};
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
    if !a.handout {
        return present(cli, a, timeline, &origin, tour, &warnings);
    }
    for w in &warnings {
        eprintln!("{}", crate::text::inert(&w.to_string()));
    }
    let text = handout(&timeline, &tour);
    match &a.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CmdError::Usage(format!("cannot write {}: {e}", path.display())))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(exit::OK)
}

/// The briefing view; tour warnings (budget) go to the status line rather than a screen about to be cleared.
fn present(
    cli: &Cli,
    a: &BriefArgs,
    timeline: crate::timeline::Timeline,
    origin: &Origin,
    tour: tour::Tour,
    warnings: &[crate::timeline::Problem],
) -> Result<u8, CmdError> {
    let n = tour.stops.len();
    let first = match a.tour_stop {
        None => 0,
        Some(s) if (1..=n).contains(&s) => s - 1,
        Some(s) => {
            return Err(CmdError::Usage(format!(
                "--tour-stop {s}: {} has {n} stop{} (use 1 to {n})",
                a.tour.display(),
                if n == 1 { "" } else { "s" }
            )));
        }
    };
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CmdError::Usage(
            "the briefing view needs a terminal (stdin and stdout); `annals brief TOUR --handout` writes the \
             handout for pipes and files"
                .to_string(),
        ));
    }
    let role = if a.audience { Role::Audience } else { Role::Presenter };
    let note = warnings.first().map(|w| {
        let more =
            if warnings.len() > 1 { format!(" (+{} more)", warnings.len() - 1) } else { String::new() };
        format!("Tour warning: {}{more}", w.message)
    });
    crate::term::run_with(timeline, origin, cli, |app| {
        brief::start(app, Arc::new(tour), role, first);
        if let Some(note) = note {
            app.set_message(note, true);
        }
    })?;
    Ok(exit::OK)
}
