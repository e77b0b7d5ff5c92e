//! Search off the UI thread: one worker thread takes jobs (generation, query, scope) from a channel, checks
//! every few hundred events whether a newer job has superseded its own (one shared generation counter), and
//! sends the hits found so far each time a frame's time has passed, then the rest with `finished` set.
//!
//! `run` is the one search loop: the worker calls it, and so does the browser for small timelines, where
//! the whole search takes less than a frame and is done at once. No async runtime: a thread and channels.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Hit, Query, SearchIndex};
use crate::timeline::EventIx;

/// Which events a job scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every event, in date order.
    All,
    /// These events only (the previous hits, when the query narrows them), in this order.
    Within(Vec<EventIx>),
}

impl Scope {
    fn len(&self, index: &SearchIndex) -> usize {
        match self {
            Scope::All => index.len(),
            Scope::Within(v) => v.len(),
        }
    }

    /// The `k`-th event of the scope.
    fn event(&self, k: usize) -> EventIx {
        match self {
            Scope::All => EventIx(k as u32),
            Scope::Within(v) => v[k],
        }
    }
}

/// One search to run. `generation` grows with every query the user types; only the newest counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub generation: u64,
    pub query: Query,
    pub scope: Scope,
}

/// Hits found since the previous batch of the same job, and how far the job has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub generation: u64,
    /// New hits, in scope order, following those of the job's earlier batches.
    pub hits: Vec<Hit>,
    /// Events scored so far, of `total`.
    pub done: usize,
    pub total: usize,
    /// The last batch of the job: its hits are complete.
    pub finished: bool,
}

/// Called before each event is scored: a test's way to make the matcher slow (or to hold it at an event).
pub type Hook = Arc<dyn Fn(EventIx) + Send + Sync>;

/// How a search runs.
#[derive(Clone)]
pub struct Pace {
    /// Events scored between two looks at the cancellation flag and the clock.
    pub check_every: usize,
    /// Time after which the hits so far are sent; `None` sends only at the end.
    pub partial_after: Option<Duration>,
    /// Test-only slow-down, called for every event.
    pub hook: Option<Hook>,
}

impl Default for Pace {
    /// A frame (16 ms) between partial batches; cancellation noticed within 256 events.
    fn default() -> Self {
        Pace { check_every: 256, partial_after: Some(Duration::from_millis(16)), hook: None }
    }
}

impl std::fmt::Debug for Pace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pace")
            .field("check_every", &self.check_every)
            .field("partial_after", &self.partial_after)
            .field("hook", &self.hook.is_some())
            .finish()
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    /// A newer job superseded this one; its last batch was never sent.
    Cancelled {
        done: usize,
    },
}

/// Events per piece when a job is shared out over threads (about 1 to 4 ms of scoring for a piece).
const PIECE: usize = 1024;

/// Jobs of at least this many events per thread are shared out over threads (unless a test hook is set, which
/// needs the events scored one at a time in order).
const PER_THREAD: usize = 8 * PIECE;

/// Runs one job: scores its events, sending batches through `send`; stops early when `cancelled` says so.
pub fn run(
    index: &SearchIndex,
    job: &Job,
    pace: &Pace,
    cancelled: &dyn Fn() -> bool,
    send: &mut dyn FnMut(Batch),
) -> Outcome {
    let total = job.scope.len(index);
    let threads = crate::par::threads(total, PER_THREAD);
    if threads > 1 && pace.hook.is_none() {
        return run_shared(index, job, pace, (threads, PIECE), cancelled, send);
    }
    let mut matcher = index.matcher(&job.query);
    let mut pending = Vec::new();
    let mut last_sent = Instant::now();
    let every = pace.check_every.max(1);
    for done in 0..total {
        let ev = job.scope.event(done);
        if done > 0 && done % every == 0 {
            if cancelled() {
                return Outcome::Cancelled { done };
            }
            if pace.partial_after.is_some_and(|after| last_sent.elapsed() >= after) {
                let hits = std::mem::take(&mut pending);
                send(Batch { generation: job.generation, hits, done, total, finished: false });
                last_sent = Instant::now();
            }
        }
        if let Some(hook) = &pace.hook {
            hook(ev);
        }
        if let Some(hit) = matcher.hit(ev) {
            pending.push(hit);
        }
    }
    send(Batch { generation: job.generation, hits: pending, done: total, finished: true, total });
    Outcome::Finished
}

/// [`run`] on `threads` threads: each takes the next piece of `piece` events; the calling thread also puts
/// the finished pieces back in order, so batches hold hits in scope order exactly as a single thread gives
/// them, and checks for cancellation and the clock after each piece.
fn run_shared(
    index: &SearchIndex,
    job: &Job,
    pace: &Pace,
    (threads, piece): (usize, usize),
    cancelled: &dyn Fn() -> bool,
    send: &mut dyn FnMut(Batch),
) -> Outcome {
    let total = job.scope.len(index);
    let pieces = total.div_ceil(piece);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Scores piece `i`, or `None` when every piece is taken or the job was stopped.
    let score = |matcher: &mut super::Matcher<'_>| -> Option<(usize, Vec<Hit>)> {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= pieces {
            return None;
        }
        let range = i * piece..((i + 1) * piece).min(total);
        let hits = range.filter_map(|k| matcher.hit(job.scope.event(k))).collect();
        Some((i, hits))
    };
    std::thread::scope(|scope| {
        let (tx, rx) = channel::<(usize, Vec<Hit>)>();
        for _ in 1..threads {
            let tx = tx.clone();
            let score = &score;
            scope.spawn(move || {
                let mut matcher = index.matcher(&job.query);
                while let Some(piece) = score(&mut matcher) {
                    if tx.send(piece).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut matcher = index.matcher(&job.query);
        let mut waiting: Vec<Option<Vec<Hit>>> = vec![None; pieces];
        let (mut emitted, mut pending, mut last_sent) = (0, Vec::new(), Instant::now());
        while emitted < pieces {
            // Score a piece here, or wait for a helper's when none is left to take (a helper that is gone
            // has panicked, which the scope passes on).
            let Some((i, hits)) = score(&mut matcher).or_else(|| rx.recv().ok()) else { break };
            waiting[i] = Some(hits);
            // Take what else the helpers have finished, without waiting.
            while let Ok((i, hits)) = rx.try_recv() {
                waiting[i] = Some(hits);
            }
            while let Some(hits) = waiting.get_mut(emitted).and_then(Option::take) {
                pending.extend(hits);
                emitted += 1;
            }
            let done = (emitted * piece).min(total);
            if emitted < pieces {
                if cancelled() {
                    stop.store(true, Ordering::Relaxed);
                    return Outcome::Cancelled { done };
                }
                if pace.partial_after.is_some_and(|after| last_sent.elapsed() >= after) {
                    let hits = std::mem::take(&mut pending);
                    send(Batch { generation: job.generation, hits, done, total, finished: false });
                    last_sent = Instant::now();
                }
            }
        }
        if emitted < pieces {
            return Outcome::Cancelled { done: emitted * piece };
        }
        send(Batch { generation: job.generation, hits: pending, done: total, finished: true, total });
        Outcome::Finished
    })
}

/// The search thread and its two channels.
pub struct Worker {
    jobs: Option<Sender<Job>>,
    results: Receiver<Batch>,
    latest: Arc<AtomicU64>,
    outcomes: Arc<Mutex<Vec<(u64, Outcome)>>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("latest", &self.latest.load(Ordering::Relaxed)).finish()
    }
}

impl Worker {
    /// Starts the thread over an index shared with the browser (`I` is whatever owns it, e.g. the app's
    /// data).
    pub fn spawn<I>(owner: Arc<I>, pace: Pace) -> Worker
    where
        I: AsRef<SearchIndex> + Send + Sync + 'static,
    {
        let (jobs, job_rx) = channel::<Job>();
        let (result_tx, results) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let outcomes = Arc::new(Mutex::new(Vec::new()));
        let (flag, log) = (Arc::clone(&latest), Arc::clone(&outcomes));
        let thread = std::thread::Builder::new()
            .name("annals-search".into())
            .spawn(move || {
                while let Ok(mut job) = job_rx.recv() {
                    // Only the newest of the queued jobs is worth running.
                    while let Ok(newer) = job_rx.try_recv() {
                        job = newer;
                    }
                    let generation = job.generation;
                    let stale = || flag.load(Ordering::Acquire) != generation;
                    if stale() {
                        continue;
                    }
                    let mut send = |b: Batch| {
                        let _ = result_tx.send(b);
                    };
                    let index: &SearchIndex = (*owner).as_ref();
                    let outcome = run(index, &job, &pace, &stale, &mut send);
                    if let Ok(mut log) = log.lock() {
                        log.push((generation, outcome));
                    }
                }
            })
            .expect("spawn the search thread");
        Worker { jobs: Some(jobs), results, latest, outcomes, thread: Some(thread) }
    }

    /// Runs `job`, cancelling any older one.
    pub fn submit(&self, job: Job) {
        self.latest.store(job.generation, Ordering::Release);
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Cancels every job older than `generation` (the browser moved on without a new job, e.g. cleared
    /// the search).
    pub fn supersede(&self, generation: u64) {
        self.latest.fetch_max(generation, Ordering::AcqRel);
    }

    /// The channel batches arrive on, in the order they were sent.
    pub fn results(&self) -> &Receiver<Batch> {
        &self.results
    }

    /// How each job the thread took up ended, oldest first (for tests and diagnostics).
    pub fn outcomes(&self) -> Vec<(u64, Outcome)> {
        self.outcomes.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.latest.store(u64::MAX, Ordering::Release);
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::load::load_embedded;

    /// Every batch of a run, and how it ended.
    fn batches(
        index: &SearchIndex,
        job: &Job,
        shared: Option<usize>,
        cancel_after: usize,
    ) -> (Vec<Batch>, Outcome) {
        let pace = Pace { check_every: 1, partial_after: Some(Duration::ZERO), hook: None };
        let checks = std::cell::Cell::new(0);
        let cancelled = || {
            checks.set(checks.get() + 1);
            checks.get() > cancel_after
        };
        let mut out = Vec::new();
        let outcome = match shared {
            Some(piece) => run_shared(index, job, &pace, (2, piece), &cancelled, &mut |b| out.push(b)),
            // A hook keeps the run on one thread, in order.
            None => {
                let pace = Pace { hook: Some(Arc::new(|_| {})), ..pace };
                run(index, job, &pace, &cancelled, &mut |b| out.push(b))
            }
        };
        (out, outcome)
    }

    #[test]
    fn a_job_shared_over_threads_sends_the_hits_of_one_thread_in_order() {
        let t = load_embedded().unwrap().timeline;
        let index = SearchIndex::new(&t);
        for query in ["m", "mer", "e", "zzqx", "treaty -war"] {
            let all = Job { generation: 1, query: Query::parse(query), scope: Scope::All };
            let some: Vec<EventIx> = (0..t.events.len() as u32).rev().step_by(3).map(EventIx).collect();
            let within = Job { scope: Scope::Within(some), ..all.clone() };
            for job in [all, within] {
                let (one, _) = batches(&index, &job, None, usize::MAX);
                let want: Vec<Hit> = one.into_iter().flat_map(|b| b.hits).collect();
                for piece in [1, 7, 64, 5000] {
                    let (got, outcome) = batches(&index, &job, Some(piece), usize::MAX);
                    assert_eq!(outcome, Outcome::Finished);
                    assert!(got.windows(2).all(|w| w[0].done <= w[1].done), "{query}: done only grows");
                    assert!(got.last().is_some_and(|b| b.finished && b.done == b.total), "{query}");
                    assert_eq!(got.iter().filter(|b| b.finished).count(), 1);
                    let hits: Vec<Hit> = got.into_iter().flat_map(|b| b.hits).collect();
                    assert_eq!(hits, want, "{query} in pieces of {piece}");
                }
            }
        }
    }

    #[test]
    fn a_shared_job_stops_when_cancelled_without_a_finished_batch() {
        let t = load_embedded().unwrap().timeline;
        let index = SearchIndex::new(&t);
        let job = Job { generation: 3, query: Query::parse("e"), scope: Scope::All };
        let (got, outcome) = batches(&index, &job, Some(7), 2);
        let Outcome::Cancelled { done } = outcome else { panic!("{outcome:?}") };
        assert!(done < t.events.len(), "{done}");
        assert!(got.iter().all(|b| !b.finished), "a cancelled job never sends its last batch");
    }
}
