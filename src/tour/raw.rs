//! Serde mirror of a tour file exactly as written.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTour {
    pub title: String,
    pub audience: String,
    pub minutes: u32,
    #[serde(default)]
    pub timeline: Option<String>,
    pub stops: Vec<RawStop>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStop {
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub era: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub view: Option<RawView>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawView {
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub lens: Option<String>,
    #[serde(default)]
    pub panes: Option<Vec<String>>,
}

pub const TOUR_FIELDS: &[&str] = &["title", "audience", "minutes", "timeline", "stops"];
pub const STOP_FIELDS: &[&str] = &["event", "era", "notes", "minutes", "view"];
pub const VIEW_FIELDS: &[&str] = &["search", "lens", "panes"];
