//! `cargo bench --bench render`: frame render time of the browser in ratatui's TestBackend, at 80x24 and
//! 200x60, on the embedded timeline and on a generated one of 100k events (ANNALS_BENCH_FILE=PATH to read a
//! file instead; ANNALS_BENCH_EVENTS=N for another generated size).
//!
//! Per scene it prints the median and 95th percentile of `frame` (drawing and diffing into the backend only)
//! and of `key+frame` (the `update` of the action, which includes a synchronous search, then the frame).
//! Scenes: idle redraw (nothing changed), selection move (`j`), page (PageDown), search keystroke (one
//! character of `merida i` typed into the search prompt, cleared and retyped in a loop), filter picker (the
//! picker open, its cursor moved: its counts are per listed event), decade jump (`}` twelve times, then `{`
//! twelve times), results arrive and ranked results arrive
//! (the search worker's complete batch for a keystroke taken in: the list rebuilt from the hits; the search
//! itself runs untimed before, as the worker would), ranked batches arrive (the same hits in `BATCHES`
//! batches, as a search longer than a frame sends them: the first taken in untimed, each later one timed)
//! and batches arrive under the picker (the same in date order with the filter picker open, whose counts
//! follow the list), open the picker (`f` on the whole timeline, its counts forgotten before each time) and open
//! the picker on a filter (the same over the events naming Colombia, about half of a generated timeline). ANNALS_BENCH_SCENES=WORD,WORD runs only the scenes whose names contain one of the words.

use std::sync::Arc;
use std::time::{Duration, Instant};

use annals::app::{Action, App, Data, update};
use annals::search::worker::{self, Batch, Pace};
use annals::timeline::{Date, Timeline, load};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Frames measured per scene and size.
const FRAMES: usize = 200;

const QUERY: &str = "merida i";

/// Batches of a keystroke's hits in `ranked batches arrive`.
const BATCHES: usize = 8;

fn generated(n: usize) -> Timeline {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--release", "--example", "generate", "--"])
        .arg(n.to_string())
        .output()
        .expect("run the generator");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    load::load_bytes(&out.stdout, "generated.yaml", Date::today())
        .expect("the generator writes valid files")
        .timeline
}

/// (median, p95) in milliseconds.
fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.95))
}

/// The action of step `i` of a scene, or `None` for an idle redraw.
fn step(scene: &str, i: usize) -> Vec<Action> {
    match scene {
        "idle redraw" => vec![],
        "selection move" => vec![Action::SelectNext],
        "page" => vec![Action::PageDown],
        "filter picker" => vec![Action::SelectNext],
        s if s.starts_with("open the picker") => vec![Action::OpenFilters],
        // Forward through a dozen decades, then back, so that nearly every key moves.
        "decade jump" if (i / 12).is_multiple_of(2) => vec![Action::NextDecade],
        "decade jump" => vec![Action::PrevDecade],
        _ => {
            let k = i % QUERY.len();
            let mut actions = Vec::new();
            if k == 0 {
                // Start the query again: clear the prompt (not measured as a keystroke of its own).
                actions.push(Action::ClearInput);
            }
            actions.push(Action::Insert(QUERY.as_bytes()[k] as char));
            actions
        }
    }
}

fn scene(data: &Arc<Data>, name: &str, w: u16, h: u16) -> ((f64, f64), (f64, f64)) {
    let mut app = App::new(data.clone());
    update(&mut app, Action::Resize { width: w, height: h });
    let arrive = name.contains(" arrive");
    if name.starts_with("ranked") {
        update(&mut app, Action::ToggleRank);
    }
    if name == "search keystroke" || arrive {
        update(&mut app, Action::OpenSearch);
    }
    if arrive {
        // Every size goes through the worker's batches, as timelines above `SEARCH_AT_ONCE_BELOW` do.
        app.search.at_once_below = 0;
    }
    if name == "filter picker" {
        update(&mut app, Action::OpenFilters);
    }
    if name == "open the picker on a filter" {
        // About half the generated events (each names the US and one of Mexico and Colombia).
        app.filters.toggle(annals::app::filters::Filter::Country("CO".into()));
        app.refresh_list();
    }
    let reopen = name.starts_with("open the picker");
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test backend never fails");
    term.draw(|f| annals::ui::view(&app, f)).expect("a test backend never fails");
    let (mut frames, mut totals) = (Vec::new(), Vec::new());
    // Each step of "results arrive" runs a whole search first (untimed): fewer of them.
    let frames_of = if arrive { FRAMES / 5 } else { FRAMES };
    for i in 0..frames_of {
        let actions = step(name, i);
        let (prep, last) = actions.split_at(actions.len().saturating_sub(1));
        for a in prep {
            update(&mut app, a.clone());
        }
        if reopen {
            // Closed, and its counts forgotten, so each opening counts the list again.
            app.overlays.clear();
            app.picker_rows.clear();
        }
        if matches!(name, "page" | "filter picker") && i % 50 == 49 {
            update(&mut app, Action::SelectFirst);
        }
        if arrive {
            for a in last {
                update(&mut app, a.clone());
            }
            let job = app.search.job.take().expect("every keystroke leaves a job when at_once_below is 0");
            let pace = Pace { partial_after: None, ..Pace::default() };
            let mut batch = None;
            worker::run(&data.index, &job, &pace, &|| false, &mut |b| batch = Some(b));
            let batch = batch.expect("a finished run sends its last batch");
            let parts = if name.contains("batches") { split(batch, BATCHES) } else { vec![batch] };
            let picker = name.ends_with("under the picker");
            if picker {
                // Opened over the prompt once the keystroke is typed, as `f` while the search runs.
                app.overlays.push(annals::app::Overlay::Picker { cursor: 0 });
            }
            let timed_from = usize::from(parts.len() > 1);
            for (j, part) in parts.into_iter().enumerate() {
                let t = Instant::now();
                app.apply_search_batch(part);
                let f = Instant::now();
                term.draw(|frame| annals::ui::view(&app, frame)).expect("a test backend never fails");
                if j >= timed_from {
                    frames.push(f.elapsed());
                    totals.push(t.elapsed());
                }
            }
            if picker {
                app.overlays.pop();
            }
            std::hint::black_box(term.backend().buffer());
            continue;
        }
        let t = Instant::now();
        for a in last {
            update(&mut app, a.clone());
        }
        let f = Instant::now();
        term.draw(|frame| annals::ui::view(&app, frame)).expect("a test backend never fails");
        frames.push(f.elapsed());
        totals.push(t.elapsed());
        std::hint::black_box(term.backend().buffer());
    }
    (stats(frames), stats(totals))
}

/// A finished batch cut into `n` batches of about equal numbers of hits, in order, as the worker sends them.
fn split(batch: Batch, n: usize) -> Vec<Batch> {
    let per = batch.hits.len().div_ceil(n).max(1);
    let mut parts: Vec<Batch> = batch
        .hits
        .chunks(per)
        .enumerate()
        .map(|(k, hits)| Batch {
            generation: batch.generation,
            hits: hits.to_vec(),
            done: batch.total * (k + 1) / n,
            total: batch.total,
            finished: false,
        })
        .collect();
    match parts.last_mut() {
        Some(last) => (last.finished, last.done) = (true, batch.total),
        None => parts.push(batch),
    }
    parts
}

/// Whether ANNALS_BENCH_SCENES (comma-separated words) names the scene; every scene without it.
fn chosen(scene: &str) -> bool {
    std::env::var("ANNALS_BENCH_SCENES")
        .ok()
        .is_none_or(|words| words.split(',').any(|w| scene.contains(w.trim())))
}

fn main() {
    let mut sets: Vec<(String, Timeline)> =
        vec![("embedded".into(), load::load_embedded().expect("the embedded timeline is valid").timeline)];
    if let Ok(path) = std::env::var("ANNALS_BENCH_FILE") {
        let t = load::load_path(path.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}")).timeline;
        sets.push((path, t));
    } else {
        let n = std::env::var("ANNALS_BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
        sets.push((format!("generated {n}"), generated(n)));
    }
    println!("| timeline | events | size | scene | frame median / p95 ms | key+frame median / p95 ms |");
    println!("|---|---|---|---|---|---|");
    for (name, timeline) in sets {
        let events = timeline.events.len();
        let data = Data::new(timeline);
        for (w, h) in [(80, 24), (200, 60)] {
            for s in [
                "idle redraw",
                "selection move",
                "page",
                "search keystroke",
                "filter picker",
                "decade jump",
                "results arrive",
                "ranked results arrive",
                "ranked batches arrive",
                "batches arrive under the picker",
                "open the picker",
                "open the picker on a filter",
            ] {
                if !chosen(s) {
                    continue;
                }
                let ((fm, fp), (tm, tp)) = scene(&data, s, w, h);
                println!("| {name} | {events} | {w}x{h} | {s} | {fm:.3} / {fp:.3} | {tm:.3} / {tp:.3} |");
            }
        }
    }
}
