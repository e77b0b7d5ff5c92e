//! `cargo bench --bench search`: search time per keystroke on synthetic timelines, side by side with
//! `fzf --filter` on the same text (one line per event: date, title, summary), in the same run.
//!
//! Sizes: 1k, 10k, 100k events (`ANNALS_BENCH_SIZES=1000,10000,1000000` to choose). Timelines are generated
//! with the `generate` example, or read from `$ANNALS_BENCH_DIR/t{N}.yaml` when that file exists (generating
//! 1M events takes a while). Queries: every prefix of `ANNALS_BENCH_QUERY` (default `merida i`, 1 to 8 chars).
//!
//! Per keystroke it reports the complete search over every event (`full`), the search the browser runs while
//! typing, narrowing the previous keystroke's hits (`typed`), both through the browser's search worker
//! (`worker::run`, which shares jobs of more than 16k events over two threads on a 2-core machine), and `fzf --filter` (whole process: read, match,
//! sort, print). fzf must be installed: the bench fails rather than print a figure it did not measure.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use annals::search::worker::{self, Job, Pace, Scope};
use annals::search::{Hit, Query, SearchIndex};
use annals::timeline::{Date, Timeline, load::load_bytes};

fn timeline_bytes(n: usize) -> Vec<u8> {
    if let Some(dir) = std::env::var_os("ANNALS_BENCH_DIR") {
        let path = PathBuf::from(dir).join(format!("t{n}.yaml"));
        if let Ok(bytes) = std::fs::read(&path) {
            return bytes;
        }
    }
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--release", "--example", "generate", "--"])
        .arg(n.to_string())
        .output()
        .expect("run the generator");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// The same text fzf gets: one line per event.
fn fzf_lines(t: &Timeline) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("annals-bench-fzf-{}-{}.txt", std::process::id(), t.events.len()));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("temp file"));
    for e in &t.events {
        let summary = e.summary.replace('\n', " ");
        writeln!(f, "{} {} {}", e.date, e.title, summary).expect("write");
    }
    f.flush().expect("flush");
    path
}

fn fzf(lines: &PathBuf, query: &str) -> (Duration, usize) {
    let input = std::fs::File::open(lines).expect("open lines");
    let t = Instant::now();
    let out = Command::new("fzf")
        .args(["--filter", query])
        .stdin(input)
        .stderr(Stdio::inherit())
        .output()
        .expect("fzf must be installed (apt-get install fzf): the comparison is not optional");
    let took = t.elapsed();
    // Exit 1 is "no match", still a measured run.
    assert!(matches!(out.status.code(), Some(0 | 1)), "fzf failed: {:?}", out.status);
    (took, out.stdout.iter().filter(|&&b| b == b'\n').count())
}

/// The complete hits of a search as the browser's worker finds them (`worker::run`, which shares a large job
/// out over the machine's cores), without partial batches.
fn complete(index: &SearchIndex, q: &Query, scope: Scope) -> Vec<Hit> {
    let job = Job { generation: 1, query: q.clone(), scope };
    let pace = Pace { partial_after: None, ..Pace::default() };
    let mut hits = Vec::new();
    worker::run(index, &job, &pace, &|| false, &mut |b| hits.extend(b.hits));
    hits
}

fn main() {
    let sizes: Vec<usize> = std::env::var("ANNALS_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let query = std::env::var("ANNALS_BENCH_QUERY").unwrap_or_else(|_| "merida i".into());
    println!("| events | index | query | hits | full ms | typed ms | fzf ms | fzf hits | fzf / full |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let bytes = timeline_bytes(n);
        let timeline = load_bytes(&bytes, "bench.yaml", Date::today()).expect("valid").timeline;
        drop(bytes);
        let t = Instant::now();
        let index = SearchIndex::new(&timeline);
        let build = t.elapsed();
        let lines = fzf_lines(&timeline);
        let runs = if n >= 1_000_000 { 3 } else { 7 };
        let mut previous: Option<(Query, Vec<Hit>)> = None;
        for k in 1..=query.len() {
            let text = &query[..k];
            let q = Query::parse(text);
            let full = median(
                (0..runs)
                    .map(|_| {
                        let t = Instant::now();
                        std::hint::black_box(complete(&index, &q, Scope::All));
                        t.elapsed()
                    })
                    .collect(),
            );
            let hits = index.search(&q);
            // As the browser does: narrow the previous keystroke's hits when the query only grew.
            let typed = median(
                (0..runs)
                    .map(|_| {
                        let t = Instant::now();
                        let r = match &previous {
                            Some((pq, ph)) if !pq.is_empty() && q.narrows(pq) => {
                                complete(&index, &q, Scope::Within(ph.iter().map(|h| h.event).collect()))
                            }
                            _ => complete(&index, &q, Scope::All),
                        };
                        std::hint::black_box(r);
                        t.elapsed()
                    })
                    .collect(),
            );
            let fz: Vec<(Duration, usize)> = (0..3).map(|_| fzf(&lines, text.trim_end())).collect();
            let fzf_hits = fz[0].1;
            let fzf_time = median(fz.into_iter().map(|(d, _)| d).collect());
            println!(
                "| {n} | {} | `{text}` | {} | {} | {} | {} | {fzf_hits} | {:.1}x |",
                ms(build),
                hits.len(),
                ms(full),
                ms(typed),
                ms(fzf_time),
                fzf_time.as_secs_f64() / full.as_secs_f64().max(1e-9)
            );
            previous = Some((q, hits));
        }
        let _ = std::fs::remove_file(&lines);
    }
}
