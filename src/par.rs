//! Work on large timelines shared out over a few threads, for the steps that take seconds at a million
//! events (parsing, validation, the search index). Results keep the order of the input.

/// Most threads used.
const MAX_THREADS: usize = 4;

/// How many threads `items` items are shared out over: as many as the machine has (at most
/// [`MAX_THREADS`]), each given at least `per_thread` items, and at least one.
pub fn threads(items: usize, per_thread: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(items / per_thread.max(1))
        .max(1)
}

/// `f` of every item, in order, on [`threads`]`(items.len(), per_thread)` threads.
pub fn map<T: Sync, U: Send>(items: &[T], per_thread: usize, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    map_on(threads(items.len(), per_thread), items, f)
}

/// [`map`] on `threads` threads.
fn map_on<T: Sync, U: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let per = items.len().div_ceil(threads).max(1);
    let f = &f;
    let parts = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<U>>()))
            .collect();
        handles.into_iter().map(joined).collect::<Vec<_>>()
    });
    let mut out = Vec::with_capacity(items.len());
    parts.into_iter().for_each(|p| out.extend(p));
    out
}

/// `f(first, chunk)` for `threads` consecutive chunks of `items`, which are moved, not copied (`first` is the
/// position of the chunk's first item); the results in order. The calling thread takes the first chunk.
pub fn chunks_on<T: Send, R: Send>(
    threads: usize,
    mut items: Vec<T>,
    f: impl Fn(usize, Vec<T>) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1);
    let per = items.len().div_ceil(threads);
    // Cut from the end, so `split_off` moves each chunk's items once.
    let mut rest = Vec::with_capacity(threads - 1);
    for k in (1..threads).rev() {
        rest.push((k * per, items.split_off((k * per).min(items.len()))));
    }
    rest.reverse();
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = rest.into_iter().map(|(first, c)| scope.spawn(move || f(first, c))).collect();
        let mut out = vec![f(0, items)];
        out.extend(handles.into_iter().map(joined));
        out
    })
}

/// A helper thread's result. It can only panic on a bug: the panic is passed on, not swallowed.
fn joined<R>(handle: std::thread::ScopedJoinHandle<'_, R>) -> R {
    handle.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_input_on_any_number_of_threads() {
        let items: Vec<u32> = (0..1001).collect();
        let want: Vec<u64> = items.iter().map(|&i| u64::from(i) * 3).collect();
        for threads in [1, 2, 3, 4, 7] {
            assert_eq!(map_on(threads, &items, |&i| u64::from(i) * 3), want, "{threads} threads");
        }
        assert_eq!(map_on(4, &items[..2], |&i| i), [0, 1]);
        assert!(map_on(4, &[] as &[u32], |&i| i).is_empty());
    }

    #[test]
    fn chunks_cover_every_item_once_in_order_with_their_positions() {
        for (threads, n) in [(1, 10), (2, 10), (3, 10), (4, 2), (4, 0), (7, 1001)] {
            let items: Vec<usize> = (0..n).collect();
            let parts = chunks_on(threads, items, |first, c| (first, c));
            assert_eq!(parts.len(), threads, "{threads} threads, {n} items");
            let mut seen = Vec::new();
            for (first, c) in parts {
                assert!(c.iter().enumerate().all(|(k, &i)| i == first + k) || c.is_empty(), "{first} {c:?}");
                seen.extend(c);
            }
            assert_eq!(seen, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_thread_is_given_at_least_its_share() {
        assert_eq!(threads(0, 10), 1);
        assert_eq!(threads(9, 10), 1);
        assert!(threads(1_000_000, 10) <= MAX_THREADS);
    }
}
