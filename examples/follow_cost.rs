//! `cargo run --release --example follow_cost`: what following costs the server per presenter keystroke
//! (Shared::of once, then `receive` for each of 50 viewers at assorted sizes, on the embedded timeline), and
//! how fast raw input bytes decode. Prints one small table; figures vary with the machine.

use std::sync::Arc;
use std::time::{Duration, Instant};

use annals::app::follow::{self, Shared};
use annals::app::{Action, App, Data, update};
use annals::input::{ByteParser, KeyParser, key_events};
use annals::timeline::load::load_embedded;

fn main() {
    let data = Data::new(load_embedded().expect("the embedded timeline loads").timeline);
    let mut presenter = App::new(Arc::clone(&data));
    update(&mut presenter, Action::Resize { width: 120, height: 40 });
    let mut viewers: Vec<App> = (0..50u16)
        .map(|i| {
            let mut v = App::new(Arc::clone(&data));
            update(&mut v, Action::Resize { width: 80 + i, height: 24 + i / 3 });
            follow::view(&mut v, Shared::of(&presenter));
            v
        })
        .collect();
    let keys = "jjjjjGggjj/mexico war<BS><BS><BS><Enter>2d<Tab>jj<Tab><Tab><Esc><Esc>:1914<Enter><Enter>jj<Esc>c<Esc>";
    let mut parser = KeyParser::default();
    let (mut worst, mut total, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
    for round in 0..20 {
        for k in key_events(keys) {
            let Some(a) = parser.feed(presenter.mode(), &k) else { continue };
            update(&mut presenter, a);
            let start = Instant::now();
            let shared = Shared::of(&presenter);
            for v in &mut viewers {
                follow::receive(v, shared.clone());
            }
            let took = start.elapsed();
            if round > 0 {
                worst = worst.max(took);
                total += took;
                n += 1;
            }
        }
    }
    println!("presenter keystrokes: {n}, 50 following viewers");
    println!("  follow cost per keystroke (all 50 viewers): mean {:?}, worst {:?}", total / n.max(1), worst);

    let packet: Vec<u8> =
        b"jk\x1b[A\x1b[1;5B\x1b[<0;12;7M Quer\xc3\xa9taro Ni\xc3\xb1os H\xc3\xa9roes\x1b[5~\r".repeat(1000);
    let mut bytes = ByteParser::new();
    let start = Instant::now();
    let mut events = 0;
    for chunk in packet.chunks(7).cycle().take(packet.len() / 7 * 20) {
        events += bytes.feed(chunk).len();
    }
    let took = start.elapsed();
    let mb = (packet.len() / 7 * 7 * 20) as f64 / 1e6;
    println!("  raw input decoding: {:.1} MB/s in 7-byte packets ({events} events)", mb / took.as_secs_f64());
}
