//! `annals sources`: the bibliography, each source with the events that cite it.

use std::io::Write;

use super::{CmdError, Out, exit};
use crate::cli::{Format, SourcesArgs};
use crate::export::{json, markdown};
use crate::text::inert;
use crate::timeline::Timeline;

pub fn run(t: &Timeline, a: &SourcesArgs, out: &mut Out) -> Result<u8, CmdError> {
    match a.format {
        Format::Json => {
            let v: Vec<_> = t.sources.iter().map(|s| json::source(t, s)).collect();
            crate::export::json::write_inert(&mut *out, &v)?;
            writeln!(out)?;
        }
        Format::Markdown => {
            writeln!(out, "# Bibliography\n")?;
            for s in &t.sources {
                let cited: Vec<String> = s.cited_by.iter().map(|&e| format!("`{}`", t.event(e).id)).collect();
                writeln!(out, "- {}", markdown::reference(s))?;
                if let Some(n) = &s.note {
                    writeln!(out, "  - Note: {}", markdown::md(n))?;
                }
                writeln!(out, "  - Cited by {} event(s): {}", cited.len(), cited.join(", "))?;
            }
        }
        Format::Text => {
            let p = out.paint;
            for s in &t.sources {
                writeln!(out, "{} [{}]", p.bold(&inert(&s.id)), s.reliability.name())?;
                writeln!(out, "  {}", inert(&s.reference()))?;
                if let Some(u) = &s.url {
                    writeln!(out, "  {}", p.cyan(&inert(u)))?;
                }
                if let Some(n) = &s.note {
                    writeln!(out, "  note: {}", inert(n))?;
                }
                let cited: Vec<&str> = s.cited_by.iter().map(|&e| t.event(e).id.as_str()).collect();
                writeln!(out, "  cited by {}: {}", cited.len(), p.dim(&cited.join(", ")))?;
            }
        }
    }
    Ok(exit::OK)
}
