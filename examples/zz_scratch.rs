use std::time::Instant;
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let mode = std::env::args().nth(2).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let t = Instant::now();
    match mode.as_str() {
        "serde" => {
            let v: serde::de::IgnoredAny = serde_yaml::from_str(&text).unwrap();
            let _ = v;
        }
        "rust2" => {
            let mut parser = yaml_rust2::parser::Parser::new_from_str(&text);
            let mut n = 0usize;
            loop {
                let (ev, _) = parser.next_token().unwrap();
                n += 1;
                if ev == yaml_rust2::parser::Event::StreamEnd {
                    break;
                }
            }
            eprintln!("{n} events");
        }
        "chunk" => {
            let start = text.find("\nevents:\n").unwrap() + 9;
            let body = &text[start..];
            let mut offs = vec![];
            let mut pos = 0;
            for line in body.split_inclusive('\n') {
                if line.starts_with("  - ") {
                    offs.push(pos);
                }
                pos += line.len();
            }
            offs.push(body.len());
            let mut i = 0;
            while i + 1 < offs.len() {
                let j = (i + 256).min(offs.len() - 1);
                let v: serde::de::IgnoredAny = serde_yaml::from_str(&body[offs[i]..offs[j]]).unwrap();
                let _ = v;
                i = j;
            }
        }
        _ => {}
    }
    eprintln!("{mode}: {:?}", t.elapsed());
}
