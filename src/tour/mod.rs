//! Tours: a briefer's path through a timeline. A tour file names stops (events or eras) with talking points,
//! minutes and a view; it is validated against the timeline it tours, with `FILE:LINE:COL` problems.

mod raw;

use std::path::{Path, PathBuf};

use crate::suggest::hint;
use crate::timeline::load::{decode, locate, read_file, syntax_problem, unknown_keys};
use crate::timeline::validate::{Finding, P, Severity};
use crate::timeline::yaml::{self, PositionIndex, Seg};
use crate::timeline::{EraIx, EventIx, LoadError, Origin, TheoryIx, Timeline};
use raw::{RawTour, STOP_FIELDS, TOUR_FIELDS, VIEW_FIELDS};

/// The panes a stop can ask for.
pub const PANES: &[&str] = &["events", "detail", "sources", "theories"];

#[derive(Debug, Clone)]
pub struct Tour {
    pub title: String,
    pub audience: String,
    /// The whole briefing's budget.
    pub minutes: u32,
    pub stops: Vec<Stop>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Event(EventIx),
    Era(EraIx),
}

#[derive(Debug, Clone)]
pub struct Stop {
    pub target: Target,
    /// Talking points, for the presenter only.
    pub notes: Vec<String>,
    pub minutes: Option<u32>,
    pub view: View,
}

/// How the browser should look at a stop.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub search: Option<String>,
    pub lens: Option<TheoryIx>,
    pub panes: Vec<String>,
}

/// A tour file read but not yet checked against a timeline: it names the timeline it wants.
pub struct TourFile {
    name: String,
    text: String,
    raw: RawTour,
    /// `timeline:` resolved against the tour file's folder; `None` means the embedded timeline.
    pub timeline: Origin,
}

/// Reads and parses a tour file (syntax and shape only).
pub fn read(path: &Path) -> Result<TourFile, LoadError> {
    let name = path.display().to_string();
    let bytes = read_file(path)?;
    let text = decode(&bytes, &name)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
    if let Some(at) = yaml::first_alias(&text) {
        let message = "an alias (`*name`): tours refuse YAML anchors and aliases, since an alias repeated in a \
                       list can expand to gigabytes; write the value out";
        let problem = crate::timeline::Problem {
            file: name,
            line: at.line,
            column: at.column,
            field: String::new(),
            message: message.into(),
            severity: crate::timeline::load::SeverityName::Error,
        };
        return Err(LoadError::Invalid { problems: vec![problem] });
    }
    let raw: RawTour = yaml::from_str(&text).map_err(|e| {
        let index = PositionIndex::build(&text);
        let mut problems = unknown_keys(&index, &name, &[], TOUR_FIELDS);
        for i in 0..index.len(&[Seg::Key("stops")]) {
            let stop = [P::K("stops"), P::I(i)];
            problems.extend(unknown_keys(&index, &name, &stop, STOP_FIELDS));
            problems.extend(unknown_keys(&index, &name, &[stop[0], stop[1], P::K("view")], VIEW_FIELDS));
        }
        if problems.is_empty() {
            problems.push(syntax_problem(&text, &name, e));
        }
        LoadError::Invalid { problems }
    })?;
    let timeline = match &raw.timeline {
        Some(t) => {
            let p = PathBuf::from(t);
            Origin::File(if p.is_absolute() { p } else { path.parent().unwrap_or(Path::new(".")).join(p) })
        }
        None => Origin::Embedded,
    };
    Ok(TourFile { name, text, raw, timeline })
}

impl TourFile {
    /// Checks every stop against the timeline; collects all problems.
    pub fn resolve(self, t: &Timeline) -> Result<(Tour, Vec<crate::timeline::Problem>), LoadError> {
        let mut findings = Vec::new();
        let mut err = |path: Vec<P>, message: String| {
            findings.push(Finding { path, at_key: false, severity: Severity::Error, message });
        };
        let raw = &self.raw;
        if raw.title.trim().is_empty() {
            err(vec![P::K("title")], "title is empty".into());
        }
        if raw.minutes == 0 {
            err(vec![P::K("minutes")], "a briefing needs a time budget of at least one minute".into());
        }
        if raw.stops.is_empty() {
            err(vec![P::K("stops")], "a tour needs at least one stop".into());
        }
        let mut stops = Vec::new();
        for (i, s) in raw.stops.iter().enumerate() {
            let at = |f| vec![P::K("stops"), P::I(i), P::K(f)];
            let target = match (&s.event, &s.era) {
                (Some(id), None) => match t.event_by_id(id) {
                    Some(ix) => Some(Target::Event(ix)),
                    None => {
                        let h = hint(id, t.events.iter().map(|e| e.id.as_str()));
                        err(at("event"), format!("no event with id {id:?} in the timeline{h}"));
                        None
                    }
                },
                (None, Some(id)) => match t.era_by_id(id) {
                    Some(ix) => Some(Target::Era(ix)),
                    None => {
                        err(
                            at("era"),
                            format!(
                                "no era with id {id:?}{}",
                                hint(id, t.eras.iter().map(|e| e.id.as_str()))
                            ),
                        );
                        None
                    }
                },
                (Some(_), Some(_)) => {
                    err(at("era"), "a stop shows an event or an era, not both".into());
                    None
                }
                (None, None) => {
                    err(vec![P::K("stops"), P::I(i)], "a stop needs `event` or `era`".into());
                    None
                }
            };
            if s.minutes == Some(0) {
                err(at("minutes"), "a stop's minutes must be at least 1 (or leave it out)".into());
            }
            let mut view = View::default();
            if let Some(v) = &s.view {
                view.search = v.search.clone();
                if let Some(lens) = &v.lens {
                    view.lens = t.theory_by_id(lens);
                    if view.lens.is_none() {
                        let h = hint(lens, t.theories.iter().map(|x| x.id.as_str()));
                        err(
                            vec![P::K("stops"), P::I(i), P::K("view"), P::K("lens")],
                            format!("unknown theory {lens:?}{h}"),
                        );
                    }
                }
                for (k, pane) in v.panes.iter().flatten().enumerate() {
                    if !PANES.contains(&pane.as_str()) {
                        let path = vec![P::K("stops"), P::I(i), P::K("view"), P::K("panes"), P::I(k)];
                        err(
                            path,
                            format!(
                                "unknown pane {pane:?}: use {}{}",
                                PANES.join(", "),
                                hint(pane, PANES.iter().copied())
                            ),
                        );
                    }
                }
                view.panes = v.panes.clone().unwrap_or_default();
            }
            if let Some(target) = target {
                stops.push(Stop { target, notes: s.notes.clone(), minutes: s.minutes, view });
            }
        }
        let planned: u32 = raw.stops.iter().filter_map(|s| s.minutes).sum();
        if planned > raw.minutes {
            findings.push(Finding {
                path: vec![P::K("minutes")],
                at_key: false,
                severity: Severity::Warning,
                message: format!("the stops plan {planned} minutes, more than the tour's {}", raw.minutes),
            });
        }
        let problems = locate(&self.text, &self.name, findings);
        if problems.iter().any(|p| p.is_error()) {
            return Err(LoadError::Invalid { problems });
        }
        let tour = Tour {
            title: raw.title.trim().to_string(),
            audience: raw.audience.trim().to_string(),
            minutes: raw.minutes,
            stops,
        };
        Ok((tour, problems))
    }
}

impl Tour {
    /// Minutes for a stop: its own, or an even share of what the stops without minutes have left.
    pub fn stop_budget(&self, i: usize) -> u32 {
        if let Some(m) = self.stops.get(i).and_then(|s| s.minutes) {
            return m;
        }
        let fixed: u32 = self.stops.iter().filter_map(|s| s.minutes).sum();
        let open = self.stops.iter().filter(|s| s.minutes.is_none()).count() as u32;
        self.minutes.saturating_sub(fixed).checked_div(open).unwrap_or(0)
    }
}
