//! Writes a synthetic but realistic timeline of N events to stdout, valid under `annals check`:
//! long summaries with accents, several citations, readings, disputes, eras and tags.
//!
//!     cargo run --release --example generate -- 100000 > /tmp/t100k.yaml
//!
//! Sizes follow the shipped timeline (about 620 bytes of YAML per event): a 4-10-word title and a 20-40-word
//! summary (about 320 bytes together, as in docs/PERFORMANCE.md's anchors), one or two citations with short
//! quotes, a reading on a third of the events and a dispute on one in ten.

use std::io::{BufWriter, Write};

const WORDS: &[&str] = &[
    "border",
    "army",
    "navy",
    "treaty",
    "Mérida",
    "Querétaro",
    "Niños",
    "Héroes",
    "cartel",
    "cooperation",
    "sovereignty",
    "training",
    "assistance",
    "Bogotá",
    "Colombia",
    "México",
    "intervention",
    "commission",
    "defence",
    "security",
    "helicopters",
    "interdiction",
    "frontier",
    "expedition",
    "alliance",
    "agreement",
    "realism",
    "constructivism",
    "negotiation",
    "ministry",
    "congress",
    "president",
    "secretary",
    "command",
    "revolution",
    "railway",
    "isthmus",
    "canal",
    "guerrilla",
    "extradition",
    "certification",
    "aid",
];
const TAGS: &[&str] = &["war", "treaty", "aid", "training", "drugs", "border", "diplomacy", "arms"];
const THEORIES: &[&str] = &["realism", "liberalism", "constructivism", "civil-military"];

/// A small deterministic generator (xorshift), so every run writes the same file.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| WORDS[self.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
    }
}

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut o = BufWriter::new(std::io::stdout().lock());
    writeln!(o, "title: Synthetic timeline of {n} events\ndescription: Generated for benchmarks.")?;
    writeln!(o, "version: \"1\"\nas_of: \"2026-01-01\"\nspan: {{start: 1836, end: present}}\ntheories:")?;
    for t in THEORIES {
        writeln!(o, "  - {{id: {t}, name: {t}, summary: A lens.}}")?;
    }
    writeln!(o, "sources:")?;
    for s in 0..50 {
        writeln!(
            o,
            "  - {{id: src-{s}, author: Autor Número {s}, title: \"{}\", kind: book, year: {}, reliability: scholarly}}",
            rng.words(6),
            1900 + s
        )?;
    }
    writeln!(o, "eras:")?;
    for (i, start) in (1836..2026).step_by(10).enumerate() {
        writeln!(
            o,
            "  - {{id: era-{i}, name: Decade {start}, start: \"{start}\", end: \"{}\", countries: [MX, CO], summary: A decade.}}",
            start + 9
        )?;
    }
    writeln!(o, "tags:")?;
    for t in TAGS {
        writeln!(o, "  - {{id: {t}, meaning: {t}.}}")?;
    }
    writeln!(o, "events:")?;
    for i in 0..n {
        let year = 1836 + (i * 190 / n.max(1)) as i32;
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let country = if rng.below(3) == 0 { "CO" } else { "MX" };
        writeln!(o, "  - id: event-{i}\n    date: \"{year}-{month:02}-{day:02}\"")?;
        let len = 4 + rng.below(6);
        writeln!(o, "    title: {}", rng.words(len))?;
        let len = 20 + rng.below(20);
        writeln!(o, "    summary: >-\n      {}", rng.words(len))?;
        writeln!(
            o,
            "    countries: [US, {country}]\n    tags: [{}, {}]",
            TAGS[rng.below(8)],
            TAGS[rng.below(8)]
        )?;
        writeln!(o, "    sources:")?;
        for _ in 0..1 + rng.below(2) {
            writeln!(
                o,
                "      - {{source: src-{}, locator: \"p. {}\", quote: \"{}\"}}",
                rng.below(50),
                1 + rng.below(300),
                rng.words(3)
            )?;
        }
        if rng.below(3) == 0 {
            let th = THEORIES[rng.below(4)];
            writeln!(
                o,
                "    readings:\n      - theory: {th}\n        by: src-{}\n        locator: \"ch. {}\"",
                rng.below(50),
                1 + rng.below(9)
            )?;
            writeln!(o, "        quote: \"{}\"\n        text: {}", rng.words(4), rng.words(12))?;
        }
        if rng.below(10) == 0 {
            writeln!(
                o,
                "    disputed:\n      - point: the date\n        sides:\n          - {{claim: {year}, sources: [src-1]}}\n          - {{claim: {}, sources: [src-2]}}",
                year + 1
            )?;
        }
    }
    o.flush()
}
