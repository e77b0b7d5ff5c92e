//! Search under load: a deliberately slow matcher (a hook that holds the worker at every event until the test
//! lets it go) shows that a keystroke is in the state and on screen at once while the search runs, that a new
//! keystroke cancels the stale search (it stops early and its results are never applied), and that partial
//! results are listed, with their progress, before the search completes. Synchronised by channels only.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod support;

use annals::app::{Action, App, update};
use annals::search::worker::{Batch, Hook, Outcome, Pace, Worker};
use annals::search::{Hit, Query};
use annals::term::submit_search;
use annals::timeline::EventIx;
use annals::ui::{buffer_text, render};

/// Long enough for a stuck test to fail rather than hang; never reached when the worker behaves.
const DEADLINE: Duration = Duration::from_secs(20);

fn app() -> App {
    let mut app = App::new(support::fixture::data());
    // Every search goes to the worker, however small the timeline.
    app.search.at_once_below = 0;
    support::fixture::sized(app, 120, 40)
}

/// A matcher held at every event: `reached` says which event it waits at, a permit lets it score that one.
struct Gate {
    permits: Sender<()>,
    reached: Receiver<EventIx>,
}

impl Gate {
    fn new() -> (Gate, Hook) {
        let (permits, permit_rx) = channel::<()>();
        let (reached_tx, reached) = channel();
        let permit_rx = Mutex::new(permit_rx);
        let hook: Hook = Arc::new(move |ev| {
            let _ = reached_tx.send(ev);
            // Once the test drops its sender, every event goes through; a failed test never leaves it waiting
            // for longer than the deadline.
            if let Ok(rx) = permit_rx.lock() {
                let _ = rx.recv_timeout(DEADLINE);
            }
        });
        (Gate { permits, reached }, hook)
    }

    /// Waits until the matcher is held at an event.
    fn wait(&self) -> EventIx {
        self.reached.recv_timeout(DEADLINE).expect("the worker reaches an event")
    }

    /// Lets the held event be scored, and waits until the matcher is held at the next one.
    fn step(&self) -> EventIx {
        self.permits.send(()).expect("the worker is waiting");
        self.wait()
    }
}

/// A partial batch after every event, so each step of the gate gives one.
fn worker(app: &App, hook: Hook) -> Worker {
    let pace = Pace { check_every: 1, partial_after: Some(Duration::ZERO), hook: Some(hook) };
    Worker::spawn(Arc::clone(&app.data), pace)
}

fn next_batch(w: &Worker) -> Batch {
    w.results().recv_timeout(DEADLINE).expect("a batch arrives")
}

fn type_text(app: &mut App, w: &Worker, text: &str) {
    for c in text.chars() {
        update(app, Action::Insert(c));
        submit_search(w, app);
    }
}

fn screen(app: &App) -> String {
    buffer_text(&render(app, 120, 40))
}

fn expected(app: &App, query: &str) -> Vec<Hit> {
    app.data.index.search(&Query::parse(query))
}

#[test]
fn a_keystroke_shows_at_once_and_partial_results_come_before_the_end() {
    let mut app = app();
    let (gate, hook) = Gate::new();
    let w = worker(&app, hook);
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, &w, "e");
    assert_eq!(gate.wait(), EventIx(0), "the search has started and is held at the first event");

    // (a) The search is running and held, yet the keystroke is in the state and on screen.
    assert_eq!(app.search.input, "e");
    assert_eq!(app.search.percent(), Some(0));
    let s = screen(&app);
    assert!(s.contains("/e▏"), "the prompt shows the query at once:\n{s}");
    assert!(s.contains("searching… 0%"), "{s}");

    // (c) Three events scored: three partial batches, applied as they come.
    for _ in 0..3 {
        gate.step();
    }
    for done in 1..=3 {
        let b = next_batch(&w);
        assert_eq!((b.done, b.finished), (done, false));
        update(&mut app, Action::SearchResults(b));
    }
    let all = expected(&app, "e");
    let total = app.data.index.len();
    assert!(all.len() > 3, "the query matches more than the first events");
    let partial: Vec<Hit> = all.iter().copied().filter(|h| h.event.get() < 3).collect();
    assert!(!partial.is_empty(), "the first events match");
    assert_eq!(app.search.hits, partial, "the hits of the events scored so far");
    assert_eq!(app.list.len(), partial.len(), "the list shows them");
    assert_eq!(app.search.progress, Some((3, total)));
    let s = screen(&app);
    let note = format!("searching… {}% · {} hits", 300 / total, partial.len());
    assert!(s.contains(&note), "the status line shows the progress ({note}):\n{s}");

    // Let it run to the end: the final batch completes the hits, the indicator goes.
    drop(gate);
    loop {
        let b = next_batch(&w);
        let finished = b.finished;
        update(&mut app, Action::SearchResults(b));
        if finished {
            break;
        }
    }
    assert_eq!(app.search.hits, all);
    assert_eq!(app.search.progress, None);
    assert!(!screen(&app).contains("searching"));
    assert_eq!(w.outcomes(), vec![(app.search.generation, Outcome::Finished)]);
}

#[test]
fn a_new_keystroke_cancels_the_stale_search_and_its_results_are_dropped() {
    let mut app = app();
    let (gate, hook) = Gate::new();
    let w = worker(&app, hook);
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, &w, "e");
    let stale = app.search.generation;
    gate.wait();
    // One event scored: the stale search sends a partial batch, then waits at the second event.
    gate.step();
    let stale_batch = next_batch(&w);
    assert_eq!((stale_batch.generation, stale_batch.done), (stale, 1));

    // The user types on: a new generation, shown at once.
    type_text(&mut app, &w, "x");
    assert_eq!(app.search.input, "ex");
    assert!(screen(&app).contains("/ex▏"));
    assert!(app.search.generation > stale);

    // Let the stale search score its held event: it notices it is stale and stops, long before the end.
    let first_of_new = gate.step();
    assert_eq!(first_of_new, EventIx(0), "the new search starts from the first event");
    assert_eq!(w.outcomes(), vec![(stale, Outcome::Cancelled { done: 2 })]);
    assert!(2 < app.data.index.len());

    // Its partial batch arrives late and is dropped: the list is not touched.
    let before = app.list.clone();
    update(&mut app, Action::SearchResults(stale_batch));
    assert_eq!(app.list, before, "a stale batch never reaches the list");
    assert!(!app.search.received);

    // The new search completes with the hits of the new query only.
    drop(gate);
    loop {
        let b = next_batch(&w);
        assert_ne!(b.generation, stale, "the cancelled search sends nothing more");
        let finished = b.finished;
        update(&mut app, Action::SearchResults(b));
        if finished {
            break;
        }
    }
    assert_eq!(app.search.hits, expected(&app, "ex"));
    assert_eq!(app.search.progress, None);
}

#[test]
fn small_timelines_are_searched_at_once_with_the_same_results() {
    let mut sync = app();
    sync.search.at_once_below = usize::MAX;
    update(&mut sync, Action::OpenSearch);
    for c in "mer".chars() {
        update(&mut sync, Action::Insert(c));
        assert_eq!(sync.search.progress, None, "no search left running");
        assert!(sync.search.job.is_none());
    }
    assert_eq!(sync.search.hits, expected(&sync, "mer"));
    assert!(!sync.search.hits.is_empty());

    // The worker, unhindered, gives the same list and cursor.
    let mut slow = app();
    let w = Worker::spawn(Arc::clone(&slow.data), Pace::default());
    update(&mut slow, Action::OpenSearch);
    for c in "mer".chars() {
        update(&mut slow, Action::Insert(c));
        submit_search(&w, &mut slow);
        loop {
            let b = next_batch(&w);
            let finished = b.finished;
            update(&mut slow, Action::SearchResults(b));
            if finished {
                break;
            }
        }
    }
    assert_eq!(slow.search.hits, sync.search.hits);
    assert_eq!((slow.list.clone(), slow.cursor), (sync.list.clone(), sync.cursor));
}
