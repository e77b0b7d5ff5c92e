//! `annals list`: events in date order, filtered by year, country, tag, theory, source or era.

use std::io::Write;

use super::{CmdError, Out, exit};
use crate::cli::{ListArgs, ListFormat};
use crate::export::{json, markdown::md};
use crate::suggest::hint;
use crate::text::inert;
use crate::timeline::{Event, Timeline};

/// The events passing every filter given.
pub fn select<'a>(t: &'a Timeline, a: &ListArgs) -> Result<Vec<&'a Event>, CmdError> {
    let tag = resolve("tag", a.tag.as_deref(), |v| t.tag_by_id(v), t.tags.iter().map(|x| x.id.as_str()))?;
    let theory = resolve(
        "theory",
        a.theory.as_deref(),
        |v| t.theory_by_id(v),
        t.theories.iter().map(|x| x.id.as_str()),
    )?;
    let source = resolve(
        "source",
        a.source.as_deref(),
        |v| t.source_by_id(v),
        t.sources.iter().map(|x| x.id.as_str()),
    )?;
    let era = resolve("era", a.era.as_deref(), |v| t.era_by_id(v), t.eras.iter().map(|x| x.id.as_str()))?;
    let country = a.country.as_ref().map(|c| c.to_ascii_uppercase());
    Ok(t.events
        .iter()
        .filter(|e| a.from.is_none_or(|y| e.date.year() >= y))
        .filter(|e| a.to.is_none_or(|y| e.date.year() <= y))
        .filter(|e| country.as_ref().is_none_or(|c| e.countries.contains(c)))
        .filter(|e| tag.is_none_or(|g| e.tags.contains(&g)))
        .filter(|e| theory.is_none_or(|th| e.read_by(th)))
        .filter(|e| source.is_none_or(|s| e.cites(s)))
        .filter(|e| era.is_none_or(|x| e.eras.contains(&x)))
        .collect())
}

pub fn run(t: &Timeline, a: &ListArgs, out: &mut Out) -> Result<u8, CmdError> {
    let events = select(t, a)?;
    match a.format {
        ListFormat::Text => {
            for e in &events {
                text_line(out, e, None)?;
            }
        }
        ListFormat::Json => {
            let v: Vec<_> = events.iter().map(|e| json::event(t, e)).collect();
            crate::export::json::write_inert(&mut *out, &v)?;
            writeln!(out)?;
        }
        ListFormat::Markdown => {
            writeln!(out, "| date | event | countries | id |\n|---|---|---|---|")?;
            for e in &events {
                writeln!(
                    out,
                    "| {} | {} | {} | `{}` |",
                    md(&e.when()),
                    md(&e.title),
                    e.countries.join(" "),
                    e.id
                )?;
            }
        }
        ListFormat::Csv => {
            writeln!(out, "id,date,end,title,countries,tags,sources,unconfirmed")?;
            for e in &events {
                let tags: Vec<&str> = e.tags.iter().map(|&g| t.tag(g).id.as_str()).collect();
                let sources: Vec<&str> = e.citations.iter().map(|c| t.source(c.source).id.as_str()).collect();
                let row = [
                    e.id.clone(),
                    e.date.to_string(),
                    e.end.map(|x| x.to_string()).unwrap_or_default(),
                    e.title.clone(),
                    e.countries.join(" "),
                    tags.join(" "),
                    sources.join(" "),
                    e.unconfirmed.to_string(),
                ];
                let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
        }
    }
    Ok(exit::OK)
}

/// Looks up an optional id given on the command line; an unknown one is a usage error with a suggestion.
fn resolve<'a, T>(
    what: &str,
    value: Option<&str>,
    lookup: impl Fn(&str) -> Option<T>,
    all: impl Iterator<Item = &'a str>,
) -> Result<Option<T>, CmdError> {
    let Some(v) = value else { return Ok(None) };
    lookup(v).map(Some).ok_or_else(|| CmdError::Usage(format!("unknown {what} {v:?}{}", hint(v, all))))
}

/// One event on one line: date, partner countries, title (with highlights), id.
pub fn text_line(out: &mut Out, e: &Event, highlights: Option<&[usize]>) -> std::io::Result<()> {
    let p = out.paint;
    let partners: Vec<&str> = e.countries.iter().map(String::as_str).filter(|c| *c != "US").collect();
    let title = inert(&e.title);
    let title = match highlights {
        Some(h) if p.enabled() && !h.is_empty() => title
            .chars()
            .enumerate()
            .map(|(i, c)| if h.contains(&i) { p.matched(&c.to_string()) } else { c.to_string() })
            .collect(),
        _ => title.into_owned(),
    };
    let flag = if e.unconfirmed { " [unconfirmed]" } else { "" };
    writeln!(
        out,
        "{:<12} {:<5} {title}{}  {}",
        e.date.to_string(),
        partners.join(","),
        p.yellow(flag),
        p.dim(&e.id)
    )
}

/// A CSV cell, quoted when needed (RFC 4180), with data made inert.
fn csv_cell(s: &str) -> String {
    let s = inert(s);
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.into_owned() }
}
