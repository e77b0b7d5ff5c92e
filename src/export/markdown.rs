//! Markdown for people: one event with its citations (used by `show --format markdown` and the browser's copy
//! key), event lists and the bibliography. All data text passes through `inert`.

use std::fmt::Write;

use crate::text::inert;
use crate::timeline::{Author, Event, Source, Timeline, country_name};

/// Escapes the characters Markdown would read as markup, after making the text inert.
pub fn md(s: &str) -> String {
    let s = inert(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A full reference for a source: `Author, *Title*. Publisher, Year. <url>`.
pub fn reference(s: &Source) -> String {
    let mut r = format!("{}, *{}*", md(&s.author), md(&s.title));
    if let Some(p) = &s.publisher {
        let _ = write!(r, ". {}", md(p));
    }
    if let Some(y) = s.year {
        let _ = write!(r, ", {y}");
    }
    r.push('.');
    if let Some(u) = &s.url {
        let _ = write!(r, " <{}>", inert(u));
    }
    let _ = write!(r, " ({})", s.reliability.name());
    r
}

/// One event in full, as a Markdown section starting with a level-`level` heading.
pub fn event(t: &Timeline, e: &Event, level: usize) -> String {
    let h = "#".repeat(level.clamp(1, 5));
    let mut o = String::new();
    let _ = writeln!(o, "{h} {}\n", md(&e.title));
    let countries: Vec<&str> = e.countries.iter().map(|c| country_name(c)).collect();
    let _ = writeln!(o, "**{}** · {} · `{}`", md(&e.when_human()), countries.join(", "), md(&e.id));
    if !e.eras.is_empty() {
        let eras: Vec<String> = e.eras.iter().map(|&x| md(&t.era(x).name)).collect();
        let _ = writeln!(o, "\nEra: {}", eras.join("; "));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|&g| format!("`{}`", t.tag(g).id)).collect();
        let _ = writeln!(o, "\nTags: {}", tags.join(", "));
    }
    if e.unconfirmed {
        let _ = writeln!(o, "\n> **Unconfirmed:** rests only on a weak source.");
    }
    let _ = writeln!(o, "\n{}", md(&e.summary));
    let _ = writeln!(o, "\n{h}# Sources\n");
    for c in &e.citations {
        let s = t.source(c.source);
        let _ = write!(o, "- {} — {}", reference(s), md(&c.locator));
        if let Some(q) = &c.quote {
            let _ = write!(o, ": “{}”", md(q));
        }
        o.push('\n');
    }
    if !e.readings.is_empty() {
        let _ = writeln!(o, "\n{h}# Theory readings\n");
        for r in &e.readings {
            let theory = &t.theory(r.theory).name;
            match &r.by {
                Author::Source { source, locator, quote } => {
                    let s = t.source(*source);
                    let _ = write!(
                        o,
                        "- **{}** — {} ({}, {})",
                        md(theory),
                        md(&r.text),
                        md(&s.author),
                        md(locator)
                    );
                    if let Some(q) = quote {
                        let _ = write!(o, ": “{}”", md(q));
                    }
                    o.push('\n');
                }
                Author::Editorial => {
                    let _ = writeln!(
                        o,
                        "- **{}** — *Editorial (the project's reading, not a source's):* {}",
                        md(theory),
                        md(&r.text)
                    );
                }
            }
        }
    }
    if !e.disputes.is_empty() {
        let _ = writeln!(o, "\n{h}# Disputed\n");
        for d in &e.disputes {
            let _ = writeln!(o, "- {}", md(&d.point));
            for side in &d.sides {
                let who: Vec<String> = side.sources.iter().map(|&s| md(&t.source(s).author)).collect();
                let _ = writeln!(o, "  - {} — {}", md(&side.claim), who.join("; "));
            }
            if let Some((fact, by)) = &d.settled {
                let _ = writeln!(o, "  - *Settled:* {} — {}", md(fact), md(&t.source(*by).author));
            }
        }
    }
    o
}
