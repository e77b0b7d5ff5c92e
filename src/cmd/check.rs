//! `annals check`: validate, then summarise coverage (events per decade and country, citations per source,
//! readings per theory, weak-only events) and list warnings.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::{CmdError, Out, exit};
use crate::cli::{CheckArgs, Format};
use crate::text::inert;
use crate::timeline::{
    Author, EMBEDDED, EMBEDDED_NAME, LoadError, Origin, Problem, Reliability, Timeline, check_documents,
    country_name,
    load::{load_bytes, read_file},
};

/// Coverage figures of a valid timeline.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub file: String,
    pub title: String,
    pub version: String,
    pub as_of: String,
    pub events: usize,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    pub sources: usize,
    pub citations: usize,
    pub eras: usize,
    pub events_per_decade: BTreeMap<i32, usize>,
    pub events_per_country: BTreeMap<String, usize>,
    pub citations_per_source: Vec<(String, usize)>,
    pub readings_per_theory: Vec<(String, usize)>,
    pub editorial_readings: usize,
    pub events_with_attributed_readings: usize,
    pub disputed_events: usize,
    pub unconfirmed_events: usize,
    pub weak_only_events: Vec<String>,
}

pub fn summarise(file: &str, t: &Timeline) -> Summary {
    let mut per_decade = BTreeMap::new();
    let mut per_country = BTreeMap::new();
    let mut per_source = vec![0usize; t.sources.len()];
    let mut per_theory = vec![0usize; t.theories.len()];
    let mut editorial = 0;
    let mut attributed_events = 0;
    let mut weak_only = Vec::new();
    for e in &t.events {
        *per_decade.entry(e.date.year().div_euclid(10) * 10).or_insert(0) += 1;
        for c in &e.countries {
            *per_country.entry(c.as_str()).or_insert(0) += 1;
        }
        for c in &e.citations {
            per_source[c.source.get()] += 1;
        }
        let mut attributed = false;
        for r in &e.readings {
            match r.by {
                Author::Source { .. } => {
                    per_theory[r.theory.get()] += 1;
                    attributed = true;
                }
                Author::Editorial => editorial += 1,
            }
        }
        attributed_events += usize::from(attributed);
        if e.citations.iter().all(|c| t.source(c.source).reliability == Reliability::Weak) {
            weak_only.push(e.id.clone());
        }
    }
    let mut citations_per_source: Vec<(String, usize)> =
        t.sources.iter().zip(per_source).map(|(s, n)| (s.id.clone(), n)).collect();
    citations_per_source.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Summary {
        file: file.to_string(),
        title: t.title.clone(),
        version: t.version.clone(),
        as_of: t.as_of.to_string(),
        events: t.events.len(),
        first_year: t.events.first().map(|e| e.date.year()),
        last_year: t.events.last().map(|e| e.date.year()),
        sources: t.sources.len(),
        citations: t.events.iter().map(|e| e.citations.len()).sum(),
        eras: t.eras.len(),
        events_per_decade: per_decade,
        events_per_country: per_country.into_iter().map(|(c, n)| (c.to_string(), n)).collect(),
        citations_per_source,
        readings_per_theory: t.theories.iter().zip(per_theory).map(|(th, n)| (th.id.clone(), n)).collect(),
        editorial_readings: editorial,
        events_with_attributed_readings: attributed_events,
        disputed_events: t.events.iter().filter(|e| !e.disputes.is_empty()).count(),
        unconfirmed_events: t.events.iter().filter(|e| e.unconfirmed).count(),
        weak_only_events: weak_only,
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    valid: bool,
    problems: &'a [Problem],
    summary: Option<Summary>,
}

pub fn run(origin: &Origin, args: &CheckArgs, out: &mut Out) -> Result<u8, CmdError> {
    let (name, bytes) =
        match args.path.as_ref().map(|p| Origin::File(p.clone())).unwrap_or_else(|| origin.clone()) {
            Origin::Embedded => (EMBEDDED_NAME.to_string(), EMBEDDED.as_bytes().to_vec()),
            Origin::File(p) => (p.display().to_string(), read_file(&p)?),
        };
    let result = load_bytes(&bytes, &name, crate::timeline::Date::today());
    let (timeline, mut problems) = match result {
        Ok(loaded) => (Some(loaded.timeline), loaded.warnings),
        Err(LoadError::Invalid { problems }) if args.format == Format::Json => (None, problems),
        Err(e) => return Err(e.into()),
    };
    if let (Some(t), Some(dir)) = (&timeline, &args.documents) {
        let text = String::from_utf8_lossy(&bytes);
        problems.extend(check_documents(t, text.strip_prefix('\u{feff}').unwrap_or(&text), &name, dir));
        problems.sort_by_key(|p| (p.line, p.column));
    }
    let valid = timeline.is_some() && !problems.iter().any(Problem::is_error);
    let summary = timeline.as_ref().map(|t| summarise(&name, t));
    match args.format {
        Format::Json => {
            let report = JsonReport { valid, problems: &problems, summary };
            crate::export::json::write_inert(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Text => write_text(out, summary.as_ref(), &problems)?,
        Format::Markdown => write_markdown(out, summary.as_ref(), &problems)?,
    }
    if !valid && args.format != Format::Json {
        return Err(LoadError::Invalid {
            problems: problems.into_iter().filter(Problem::is_error).collect(),
        }
        .into());
    }
    // The process ends next: freeing a large timeline value by value takes seconds and gives nothing back.
    std::mem::forget((timeline, bytes));
    Ok(if valid { exit::OK } else { exit::FAIL })
}

fn bar(n: usize, max: usize, width: usize) -> String {
    let len = if max == 0 { 0 } else { (n * width).div_ceil(max) };
    "█".repeat(len)
}

fn write_text(out: &mut Out, s: Option<&Summary>, problems: &[Problem]) -> std::io::Result<()> {
    let p = out.paint;
    for pr in problems.iter().filter(|p| !p.is_error()) {
        writeln!(out, "{}", p.yellow(&inert(&pr.to_string())))?;
    }
    let Some(s) = s else { return Ok(()) };
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        return Ok(());
    }
    let warnings = problems.len();
    let verdict =
        if warnings == 0 { p.green("valid") } else { p.yellow(&format!("valid, {warnings} warning(s)")) };
    writeln!(out, "{}: {verdict}", p.bold(&inert(&s.file)))?;
    writeln!(out, "{} — version {}, data as of {}", inert(&s.title), inert(&s.version), s.as_of)?;
    let span = match (s.first_year, s.last_year) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "no events".to_string(),
    };
    writeln!(
        out,
        "{} events ({span}), {} sources, {} citations, {} eras; {} disputed, {} unconfirmed",
        s.events, s.sources, s.citations, s.eras, s.disputed_events, s.unconfirmed_events
    )?;
    let pct = (s.events_with_attributed_readings * 100).checked_div(s.events).unwrap_or(0);
    writeln!(
        out,
        "{} events ({pct}%) have readings attributed to a source",
        s.events_with_attributed_readings
    )?;

    writeln!(out, "\n{}", p.bold("Events per decade"))?;
    let max = s.events_per_decade.values().copied().max().unwrap_or(0);
    for (decade, n) in &s.events_per_decade {
        writeln!(out, "  {decade}s {n:>4}  {}", p.cyan(&bar(*n, max, 40)))?;
    }
    writeln!(out, "\n{}", p.bold("Events per country"))?;
    for (c, n) in &s.events_per_country {
        writeln!(out, "  {c} {:<14} {n:>4}", country_name(c))?;
    }
    writeln!(out, "\n{}", p.bold("Citations per source"))?;
    for (id, n) in &s.citations_per_source {
        writeln!(out, "  {:<36} {n:>4}", inert(id))?;
    }
    writeln!(out, "\n{}", p.bold("Readings per theory (attributed)"))?;
    for (id, n) in &s.readings_per_theory {
        writeln!(out, "  {:<36} {n:>4}", inert(id))?;
    }
    writeln!(out, "  {:<36} {:>4}", "editorial (not counted above)", s.editorial_readings)?;
    writeln!(out, "\n{}", p.bold("Events resting only on a weak source"))?;
    if s.weak_only_events.is_empty() {
        writeln!(out, "  none")?;
    }
    for id in &s.weak_only_events {
        writeln!(out, "  {}", inert(id))?;
    }
    Ok(())
}

fn write_markdown(out: &mut Out, s: Option<&Summary>, problems: &[Problem]) -> std::io::Result<()> {
    use crate::export::markdown::md;
    if !problems.is_empty() {
        writeln!(out, "## Problems\n")?;
        for pr in problems {
            writeln!(
                out,
                "- `{}:{}:{}` {}: {}",
                md(&pr.file),
                pr.line,
                pr.column,
                md(&pr.field),
                md(&pr.message)
            )?;
        }
        writeln!(out)?;
    }
    let Some(s) = s else { return Ok(()) };
    writeln!(out, "# {}\n", md(&s.title))?;
    writeln!(out, "Version {}, data as of {}.\n", md(&s.version), s.as_of)?;
    writeln!(
        out,
        "| events | sources | citations | eras | disputed | unconfirmed |\n|---|---|---|---|---|---|"
    )?;
    writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n",
        s.events, s.sources, s.citations, s.eras, s.disputed_events, s.unconfirmed_events
    )?;
    writeln!(out, "## Events per decade\n\n| decade | events |\n|---|---|")?;
    for (d, n) in &s.events_per_decade {
        writeln!(out, "| {d}s | {n} |")?;
    }
    writeln!(out, "\n## Citations per source\n\n| source | citations |\n|---|---|")?;
    for (id, n) in &s.citations_per_source {
        writeln!(out, "| {} | {n} |", md(id))?;
    }
    writeln!(out, "\n## Readings per theory\n\n| theory | attributed readings |\n|---|---|")?;
    for (id, n) in &s.readings_per_theory {
        writeln!(out, "| {} | {n} |", md(id))?;
    }
    Ok(())
}
