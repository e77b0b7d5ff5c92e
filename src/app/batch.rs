//! Taking in the later batches of a running search without rebuilding the list: in date order the batch's
//! hits that pass the filters follow the listed ones; in a ranked list the batch is ranked on its own and
//! merged in after the listed events of equal score. Either way the cost is the batch's (plus moving the
//! listed events it lands before), and the list, its ruler counts and the picker's counts come out as
//! `App::refresh_list` would make them from all the hits.

use super::{App, count_years};
use crate::search::{Hit, rank, score_runs};
use crate::timeline::EventIx;

impl App {
    /// Adds a later batch of the current search (not its first) to the hits and the list.
    pub(super) fn take_in_batch(&mut self, hits: Vec<Hit>) {
        let ranked = self.search.ranked && self.search.is_active();
        let runs_listed: usize = self.list_scores.iter().map(|&(_, n)| n as usize).sum();
        if ranked && runs_listed != self.list.len() {
            // The score runs do not describe the list (it was not built ranked): rebuild it whole.
            self.search.hits.extend(hits);
            self.refresh_list();
            return;
        }
        let t = &self.data.timeline;
        let filters = &self.filters;
        let mut added: Vec<Hit> =
            hits.iter().filter(|h| filters.matches(t, t.event(h.event))).copied().collect();
        // Counted in the hits' (date) order, where the years come in runs.
        let years = count_years(&self.data.years, added.iter().map(|h| h.event));
        self.list_years = merge_years(std::mem::take(&mut self.list_years), years);
        let listed: Vec<EventIx> = added.iter().map(|h| h.event).collect();
        self.picker_rows.add(&self.data.facets, &listed);
        if ranked {
            // Ranked the way `refresh_list` ranks (stable: equal scores keep the hits' order), then placed
            // after every listed hit of the same score: the listed hits came first.
            rank(&mut added);
            merge(&mut self.list, &mut self.list_scores, &added);
        } else {
            self.list.extend(added.iter().map(|h| h.event));
        }
        self.search.hits.extend(hits);
        self.clamp_cursor();
    }
}

/// Merges ranked hits into a ranked list whose score runs are `runs` (kept up to date), each new hit after
/// the listed ones of its score. Works from the back in place: the listed events that rank above every new
/// hit do not move; the others move once, by blocks.
pub(super) fn merge(list: &mut Vec<EventIx>, runs: &mut Vec<(i64, u32)>, new: &[Hit]) {
    if new.is_empty() {
        return;
    }
    // The runs of both, best first: (score, listed, new).
    let merged = zip_runs(runs, &score_runs(new), |s, z| s > z);
    // Grow the list, then fill it from the back: `read` ends the listed events not yet moved, `write` the
    // places not yet filled, `left` the new hits not yet placed.
    let (mut read, mut left) = (list.len(), new.len());
    list.extend(new.iter().map(|h| h.event));
    let mut write = list.len();
    for &(_, a, b) in merged.iter().rev() {
        if left == 0 {
            break;
        }
        let (a, b) = (a as usize, b as usize);
        for (slot, h) in list[write - b..write].iter_mut().zip(&new[left - b..left]) {
            *slot = h.event;
        }
        write -= b;
        left -= b;
        list.copy_within(read - a..read, write - a);
        read -= a;
        write -= a;
    }
    *runs = merged.into_iter().map(|(s, a, b)| (s, a + b)).collect();
}

/// Two per-year counts (sorted by year) added together, in one pass.
fn merge_years(a: Vec<(i32, u32)>, b: Vec<(i32, u32)>) -> Vec<(i32, u32)> {
    if b.is_empty() {
        return a;
    }
    zip_runs(&a, &b, |y, z| y < z).into_iter().map(|(y, n, m)| (y, n + m)).collect()
}

/// Two lists of `(key, count)` runs, each sorted so that `before(x, y)` holds for a key `x` listed before `y`,
/// walked together: every key of either once, in that order, with its count in `a` and in `b` (0 if absent).
fn zip_runs<K: Copy + PartialEq>(
    a: &[(K, u32)],
    b: &[(K, u32)],
    before: impl Fn(K, K) -> bool,
) -> Vec<(K, u32, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.iter().copied().peekable(), b.iter().copied().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&(x, n)), Some(&(y, m))) if x == y => {
                a.next();
                b.next();
                (x, n, m)
            }
            (Some(&(x, n)), Some(&(y, _))) if before(x, y) => {
                a.next();
                (x, n, 0)
            }
            (_, Some(&(y, m))) => {
                b.next();
                (y, 0, m)
            }
            (Some(&(x, n)), None) => {
                a.next();
                (x, n, 0)
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use proptest::prelude::*;

    use super::*;
    use crate::app::filters::{Filter, PickerRow};
    use crate::app::{Action, Data, update};
    use crate::search::worker::{self, Batch, Pace};

    fn embedded() -> Arc<Data> {
        static DATA: OnceLock<Arc<Data>> = OnceLock::new();
        let data = DATA.get_or_init(|| {
            Data::new(
                crate::timeline::load::load_embedded().expect("the embedded timeline is valid").timeline,
            )
        });
        Arc::clone(data)
    }

    /// The `n`-th of the picker's choices that keep some listed event or are on (any choice when none is).
    fn choice(app: &App, n: usize) -> Filter {
        let rows = update::picker(app);
        let choices = |all: bool| -> Vec<Filter> {
            rows.iter()
                .filter_map(|r| match r {
                    PickerRow::Choice { filter, count, active, .. } if all || *count > 0 || *active => {
                        Some(filter.clone())
                    }
                    _ => None,
                })
                .collect()
        };
        let kept = Some(choices(false)).filter(|k| !k.is_empty()).unwrap_or_else(|| choices(true));
        kept[n % kept.len()].clone()
    }

    /// The job `set_search` left, run to the end: all its hits in one batch.
    fn all_hits(app: &mut App) -> Batch {
        let job = app.search.job.take().expect("a job when at_once_below is 0");
        let pace = Pace { partial_after: None, ..Pace::default() };
        let mut all = None;
        worker::run(&app.data.index, &job, &pace, &|| false, &mut |b| all = Some(b));
        all.expect("a finished run sends its last batch")
    }

    /// A ranked list whose score runs do not fit it (they never should) is rebuilt whole by the next batch
    /// rather than merged into by the wrong runs.
    #[test]
    fn a_batch_rebuilds_a_ranked_list_whose_score_runs_do_not_fit() {
        let mut app = App::new(embedded());
        app.search.at_once_below = 0;
        update(&mut app, Action::ToggleRank);
        app.set_search("a".to_string());
        let all = all_hits(&mut app);
        let mut once = app.clone();
        let half = all.hits.len() / 2;
        let first = Batch { hits: all.hits[..half].to_vec(), finished: false, ..all.clone() };
        assert!(app.apply_search_batch(first));
        app.list_scores.clear();
        assert!(app.apply_search_batch(Batch { hits: all.hits[half..].to_vec(), ..all.clone() }));
        assert!(once.apply_search_batch(all));
        assert_ne!(once.list.windows(2).filter(|w| w[0] > w[1]).count(), 0, "ranking reorders the list");
        assert_eq!(app.list, once.list);
        assert_eq!(app.list_scores, once.list_scores);
    }

    /// What may happen before a batch arrives.
    #[derive(Debug, Clone, Copy)]
    enum Before {
        Nothing,
        /// The picker is drawn: its counts are computed (and from then on added to).
        DrawPicker,
        /// A filter is toggled: the list is rebuilt.
        ToggleFilter(usize),
        /// `s`: the list is rebuilt in the other order.
        ToggleRank,
    }

    fn before() -> impl Strategy<Value = Before> {
        prop_oneof![
            3 => Just(Before::Nothing),
            2 => Just(Before::DrawPicker),
            1 => (0usize..50).prop_map(Before::ToggleFilter),
            1 => Just(Before::ToggleRank),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// A search's hits taken in batch by batch, however they are cut and whatever happens between two
        /// batches, leave the list, cursor, ruler and picker counts, score runs and hits that one batch of
        /// all the hits so far leaves (taken in by `refresh_list`, over the same filters and order).
        #[test]
        fn batches_leave_what_one_refresh_of_all_hits_leaves(
            query in prop::sample::select(vec!["a", "e", "an", "war", "tr", "mex", "1", "zzqx"]),
            ranked in any::<bool>(),
            filter in prop::option::of(0usize..50),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..7),
            befores in prop::collection::vec(before(), 8),
        ) {
            let mut app = App::new(embedded());
            app.search.at_once_below = 0;
            if ranked {
                update(&mut app, Action::ToggleRank);
            }
            if let Some(n) = filter {
                let f = choice(&app, n);
                app.filters.toggle(f);
                app.refresh_list();
            }
            app.set_search(query.to_string());
            let all = all_hits(&mut app);
            let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(all.hits.len() + 1)).collect();
            cuts.push(all.hits.len());
            cuts.sort_unstable();
            let unrefreshed = app.clone();
            let mut from = 0;
            for (k, (&to, &before)) in cuts.iter().zip(befores.iter().cycle()).enumerate() {
                match before {
                    Before::Nothing => {}
                    Before::DrawPicker => {
                        update::picker(&app);
                    }
                    Before::ToggleFilter(n) => {
                        let f = choice(&app, n);
                        app.filters.toggle(f);
                        app.refresh_list();
                    }
                    Before::ToggleRank => {
                        update(&mut app, Action::ToggleRank);
                    }
                }
                let finished = k + 1 == cuts.len();
                let part = |hits: &[Hit]| Batch {
                    generation: all.generation,
                    hits: hits.to_vec(),
                    done: if finished { all.total } else { to },
                    total: all.total,
                    finished,
                };
                prop_assert!(app.apply_search_batch(part(&all.hits[from..to])));
                let mut once = unrefreshed.clone();
                once.filters = app.filters.clone();
                once.search.ranked = app.search.ranked;
                prop_assert!(once.apply_search_batch(part(&all.hits[..to])));
                let at = format!("batch {k} of {}, up to hit {to} of {}", cuts.len(), all.hits.len());
                prop_assert_eq!(&app.list, &once.list, "list, {}", at);
                prop_assert_eq!(app.cursor, once.cursor, "cursor, {}", at);
                prop_assert_eq!(app.scroll, once.scroll, "scroll, {}", at);
                prop_assert_eq!(&app.list_years, &once.list_years, "ruler, {}", at);
                prop_assert_eq!(&app.list_scores, &once.list_scores, "score runs, {}", at);
                prop_assert_eq!(&app.search.hits, &once.search.hits, "hits, {}", at);
                prop_assert_eq!(app.search.progress, once.search.progress, "progress, {}", at);
                prop_assert_eq!(update::picker(&app), update::picker(&once), "picker, {}", at);
                from = to;
            }
        }
    }

    fn hits(v: &[(u32, i64)]) -> Vec<Hit> {
        v.iter().map(|&(e, score)| Hit { event: EventIx(e), score }).collect()
    }

    #[test]
    fn merging_places_new_hits_after_listed_ones_of_equal_score() {
        let mut old = hits(&[(1, 9), (2, 5), (3, 5), (4, 1)]);
        rank(&mut old);
        let mut list: Vec<EventIx> = old.iter().map(|h| h.event).collect();
        let mut runs = score_runs(&old);
        let mut new = hits(&[(5, 5), (6, 10), (7, 0), (8, 9), (9, 5)]);
        rank(&mut new);
        merge(&mut list, &mut runs, &new);
        assert_eq!(list, [6, 1, 8, 2, 3, 5, 9, 4, 7].map(EventIx));
        assert_eq!(runs, [(10, 1), (9, 2), (5, 4), (1, 1), (0, 1)]);
    }

    #[test]
    fn years_add_up() {
        let a = vec![(-5, 1), (1900, 2), (2000, 1)];
        let b = vec![(-7, 1), (1900, 3), (1950, 1), (2001, 4)];
        assert_eq!(merge_years(a, b), [(-7, 1), (-5, 1), (1900, 5), (1950, 1), (2000, 1), (2001, 4)]);
        assert_eq!(merge_years(Vec::new(), vec![(3, 1)]), [(3, 1)]);
    }
}
