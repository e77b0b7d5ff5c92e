//! Work on large timelines shared out over a few threads, for the steps that take seconds at a million
//! events. Results keep the order of the input.

/// Most threads used.
const MAX_THREADS: usize = 4;

/// `f` of every item, in order; on up to [`MAX_THREADS`] threads, each given at least `per_thread` items.
pub fn map<T: Sync, U: Send>(items: &[T], per_thread: usize, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(items.len() / per_thread.max(1))
        .max(1);
    map_on(threads, items, f)
}

/// [`map`] on `threads` threads.
fn map_on<T: Sync, U: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let per = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(per)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<U>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for part in parts {
            // A panic in `f` is a bug: passed on, not swallowed.
            out.extend(part.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        out
    })
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
}
