//! `cargo bench --bench search`: load + validate time and search time per keystroke on synthetic timelines.
//! Sizes: 1k, 10k, 100k events (ANNALS_BENCH_SIZES=1000,10000 to choose). Prints one table.

use std::time::{Duration, Instant};

use annals::search::{Query, SearchIndex};
use annals::timeline::{Date, load::load_bytes};

fn generate(n: usize) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO"))
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

fn main() {
    let sizes: Vec<usize> = std::env::var("ANNALS_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let query = "merida i";
    println!(
        "| events | file MB | load+validate | index | {} |",
        (1..=query.len()).map(|k| format!("`{}`", &query[..k])).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|---|---|---|{}", "---|".repeat(query.len()));
    for n in sizes {
        let bytes = generate(n);
        let t = Instant::now();
        let timeline = load_bytes(&bytes, "bench.yaml", Date::today()).expect("valid").timeline;
        let load = t.elapsed();
        let t = Instant::now();
        let index = SearchIndex::new(&timeline);
        let build = t.elapsed();
        let mut cells = Vec::new();
        for k in 1..=query.len() {
            let q = Query::parse(&query[..k]);
            let runs: Vec<Duration> = (0..5)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(index.search(&q));
                    t.elapsed()
                })
                .collect();
            cells.push(format!("{:.2} ms", median(runs).as_secs_f64() * 1e3));
        }
        println!(
            "| {n} | {:.1} | {:.0} ms | {:.0} ms | {} |",
            bytes.len() as f64 / 1e6,
            load.as_secs_f64() * 1e3,
            build.as_secs_f64() * 1e3,
            cells.join(" | ")
        );
    }
}
