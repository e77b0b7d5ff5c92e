//! `annals show ID` (one event in full) and `annals search QUERY` (the browser's search, printed).

use std::io::Write;

use super::list::text_line;
use super::{CmdError, Out, exit};
use crate::cli::{Format, SearchArgs, ShowArgs};
use crate::export::{json, markdown};
use crate::search::{Query, SearchIndex, rank};
use crate::suggest::hint;
use crate::text::inert;
use crate::timeline::{Author, Event, Timeline, country_name};

pub fn run(t: &Timeline, a: &ShowArgs, out: &mut Out) -> Result<u8, CmdError> {
    let Some(ix) = t.event_by_id(&a.id) else {
        return Err(CmdError::NotFound(format!(
            "no event with id {:?}{}",
            inert(&a.id),
            hint(&a.id, t.events.iter().map(|e| e.id.as_str()))
        )));
    };
    let e = t.event(ix);
    match a.format {
        Format::Json => {
            crate::export::json::write_inert(&mut *out, &json::event(t, e))?;
            writeln!(out)?;
        }
        Format::Markdown => write!(out, "{}", markdown::event(t, e, 1))?,
        Format::Text => text(t, e, out)?,
    }
    Ok(exit::OK)
}

/// Wraps `s` to `width` columns, each line after `indent`.
fn wrap(s: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty()
            && line.chars().count() + 1 + word.chars().count() > width.saturating_sub(indent.len())
        {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines.join("\n")
}

const WIDTH: usize = 88;

fn text(t: &Timeline, e: &Event, out: &mut Out) -> std::io::Result<()> {
    let p = out.paint;
    writeln!(out, "{}", p.bold(&inert(&e.title)))?;
    let countries: Vec<&str> = e.countries.iter().map(|c| country_name(c)).collect();
    writeln!(out, "{} · {} · {}", e.when_human(), countries.join(", "), p.dim(&e.id))?;
    if !e.eras.is_empty() {
        let eras: Vec<String> = e.eras.iter().map(|&x| inert(&t.era(x).name).into_owned()).collect();
        writeln!(out, "Era: {}", eras.join("; "))?;
    }
    if !e.tags.is_empty() {
        let tags: Vec<&str> = e.tags.iter().map(|&g| t.tag(g).id.as_str()).collect();
        writeln!(out, "Tags: {}", tags.join(", "))?;
    }
    if e.unconfirmed {
        writeln!(out, "{}", p.yellow("UNCONFIRMED: rests only on a weak source"))?;
    }
    writeln!(out, "\n{}", wrap(&inert(&e.summary), WIDTH, ""))?;
    writeln!(out, "\n{}", p.bold("Sources"))?;
    for (i, c) in e.citations.iter().enumerate() {
        let s = t.source(c.source);
        writeln!(out, "  [{}] {} [{}]", i + 1, inert(&s.reference()), s.reliability.name())?;
        writeln!(out, "      at: {}", inert(&c.locator))?;
        if let Some(q) = &c.quote {
            writeln!(out, "      quote: “{}”", inert(q))?;
        }
    }
    if !e.readings.is_empty() {
        writeln!(out, "\n{}", p.bold("Theory readings"))?;
        for r in &e.readings {
            let theory = &t.theory(r.theory).name;
            match &r.by {
                Author::Source { source, locator, quote } => {
                    let s = t.source(*source);
                    writeln!(
                        out,
                        "  {} — {} ({}, {})",
                        p.cyan(theory),
                        inert(&s.author),
                        s.id,
                        inert(locator)
                    )?;
                    writeln!(out, "{}", wrap(&inert(&r.text), WIDTH, "      "))?;
                    if let Some(q) = quote {
                        writeln!(out, "      quote: “{}”", inert(q))?;
                    }
                }
                Author::Editorial => {
                    writeln!(
                        out,
                        "  {} — {}",
                        p.cyan(theory),
                        p.yellow("EDITORIAL (the project's reading, not a source's)")
                    )?;
                    writeln!(out, "{}", wrap(&inert(&r.text), WIDTH, "      "))?;
                }
            }
        }
    }
    if !e.disputes.is_empty() {
        writeln!(out, "\n{}", p.bold("Disputed"))?;
        for d in &e.disputes {
            writeln!(out, "  {}", inert(&d.point))?;
            for side in &d.sides {
                let who: Vec<&str> = side.sources.iter().map(|&s| t.source(s).id.as_str()).collect();
                writeln!(out, "    - {} [{}]", inert(&side.claim), who.join(", "))?;
            }
            if let Some((fact, by)) = &d.settled {
                writeln!(out, "    settled: {} [{}]", inert(fact), t.source(*by).id)?;
            }
        }
    }
    Ok(())
}

pub fn search(t: &Timeline, a: &SearchArgs, out: &mut Out) -> Result<u8, CmdError> {
    let query = Query::parse(&a.query.join(" "));
    if query.is_empty() {
        return Err(CmdError::Usage("the query is empty".to_string()));
    }
    let index = SearchIndex::new(t);
    let mut hits = index.search(&query);
    if !a.date_order {
        rank(&mut hits);
    }
    match a.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct HitJson<'a> {
                score: i64,
                #[serde(flatten)]
                event: json::EventJson<'a>,
            }
            let v: Vec<_> = hits
                .iter()
                .map(|h| HitJson { score: h.score, event: json::event(t, t.event(h.event)) })
                .collect();
            crate::export::json::write_inert(&mut *out, &v)?;
            writeln!(out)?;
        }
        Format::Markdown => {
            for h in &hits {
                let e = t.event(h.event);
                writeln!(out, "- **{}** {} (`{}`)", markdown::md(&e.when()), markdown::md(&e.title), e.id)?;
            }
        }
        Format::Text => {
            for h in &hits {
                let marks =
                    if out.paint.enabled() { index.title_highlights(h.event, &query) } else { Vec::new() };
                text_line(out, t.event(h.event), Some(&marks))?;
            }
        }
    }
    Ok(if hits.is_empty() { exit::FAIL } else { exit::OK })
}
