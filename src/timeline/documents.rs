//! `check --documents DIR`: every quote attributed to a source that names its `file` must occur in that file.
//!
//! The comparison ignores whitespace entirely, because the documents are text extracted from PDFs: lines break
//! mid-sentence and hyphenated words are split across lines.

use std::collections::HashMap;
use std::path::Path;

use super::load::{Problem, locate};
use super::validate::{Finding, P, Severity};
use super::{Author, Timeline};

/// Problems for quotes not found in their documents, and for documents that cannot be read.
pub fn check_documents(t: &Timeline, text: &str, name: &str, dir: &Path) -> Vec<Problem> {
    let mut docs: HashMap<&str, Option<String>> = HashMap::new();
    let mut findings = Vec::new();
    for (i, s) in t.sources.iter().enumerate() {
        let Some(file) = &s.file else { continue };
        let content = std::fs::read_to_string(dir.join(file)).ok().map(|c| squeeze(&c));
        if content.is_none() {
            findings.push(Finding {
                path: vec![P::K("sources"), P::I(i), P::K("file")],
                at_key: false,
                severity: Severity::Error,
                message: format!("cannot read {}", dir.join(file).display()),
            });
        }
        docs.insert(s.id.as_str(), content);
    }
    let mut missing = |path: Vec<P>, source: &str, file: &str, quote: &str| {
        if let Some(Some(doc)) = docs.get(source)
            && !doc.contains(&squeeze(quote))
        {
            findings.push(Finding {
                path,
                at_key: false,
                severity: Severity::Error,
                message: format!("quote not found in {file}: {:?}", crate::text::inert(quote)),
            });
        }
    };
    for e in &t.events {
        let ev = |list, k, f| vec![P::K("events"), P::I(e.file_index), P::K(list), P::I(k), P::K(f)];
        for (k, c) in e.citations.iter().enumerate() {
            let s = t.source(c.source);
            if let (Some(q), Some(file)) = (&c.quote, &s.file) {
                missing(ev("sources", k, "quote"), &s.id, file, q);
            }
        }
        for (k, r) in e.readings.iter().enumerate() {
            if let Author::Source { source, quote: Some(q), .. } = &r.by {
                let s = t.source(*source);
                if let Some(file) = &s.file {
                    missing(ev("readings", k, "quote"), &s.id, file, q);
                }
            }
        }
    }
    locate(text, name, findings)
}

/// The text without any whitespace.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
