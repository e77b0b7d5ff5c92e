//! The briefing handout: a Markdown document for the audience, one section per stop (the event or era, its
//! dates, summary, citations with full references, theory readings and disagreements), then a bibliography of
//! every source cited. Talking points are the presenter's and stay out.

use std::fmt::Write;

use super::markdown::{event, md, reference};
use crate::timeline::{SourceIx, Timeline};
use crate::tour::{Target, Tour};

pub fn handout(t: &Timeline, tour: &Tour) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", md(&tour.title));
    let _ = writeln!(
        o,
        "*For {}. A {}-minute briefing in {} stops.*\n",
        md(&tour.audience),
        tour.minutes,
        tour.stops.len()
    );
    let _ = writeln!(
        o,
        "Drawn from *{}*, version {}, data as of {}. Every event cites its sources; quotes are marked “thus”; \
         readings marked *editorial* are the project's own, not a source's.\n",
        md(&t.title),
        md(&t.version),
        t.as_of
    );
    let mut cited: Vec<SourceIx> = Vec::new();
    for (i, stop) in tour.stops.iter().enumerate() {
        let _ = writeln!(o, "---\n\n## Stop {} of {}\n", i + 1, tour.stops.len());
        match stop.target {
            Target::Event(ix) => {
                let e = t.event(ix);
                o.push_str(&event(t, e, 3));
                cited.extend(e.citations.iter().map(|c| c.source));
                cited.extend(e.readings.iter().filter_map(|r| match r.by {
                    crate::timeline::Author::Source { source, .. } => Some(source),
                    crate::timeline::Author::Editorial => None,
                }));
                for d in &e.disputes {
                    cited.extend(d.sides.iter().flat_map(|s| s.sources.iter().copied()));
                    cited.extend(d.settled.as_ref().map(|s| s.1));
                }
            }
            Target::Era(ix) => {
                let era = t.era(ix);
                let _ = writeln!(o, "### {}\n", md(&era.name));
                let _ = writeln!(o, "**{} – {}** · era\n", era.start.human(), era.end.human());
                let _ = writeln!(o, "{}\n", md(&era.summary));
                if !era.events.is_empty() {
                    let _ = writeln!(o, "#### Events in this era\n");
                    for &e in &era.events {
                        let e = t.event(e);
                        let _ = writeln!(o, "- {} — {}", md(&e.when_human()), md(&e.title));
                    }
                }
            }
        }
        o.push('\n');
    }
    cited.sort();
    cited.dedup();
    let _ = writeln!(o, "---\n\n## Bibliography\n");
    let mut refs: Vec<String> = cited.iter().map(|&s| reference(t.source(s))).collect();
    refs.sort();
    for r in refs {
        let _ = writeln!(o, "- {r}");
    }
    o
}
