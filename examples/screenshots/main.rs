//! Regenerates `screenshots/*.png` from the real UI: the app drawn into a TestBackend buffer, then painted with
//! the bundled DejaVu Sans Mono. Run `cargo run --example screenshots` (optionally `-- --file PATH` and
//! `--out DIR`, `--colors none|16|full`); it uses the repository's `timeline.yaml` by default.

#[allow(dead_code)] // `Image::get` is for the pixel test.
mod raster;

use annals::input::press;
use std::path::PathBuf;

use annals::app::{Action, App, Data, update};
use annals::timeline::load::load_path;
use annals::ui::render;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut file = root.join("timeline.yaml");
    let mut out = root.join("screenshots");
    let mut depth = annals::app::ColorDepth::Full;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--file" => file = args.next().ok_or("--file needs a path")?.into(),
            "--out" => out = args.next().ok_or("--out needs a directory")?.into(),
            "--colors" => {
                depth = match args.next().as_deref() {
                    Some("none") => annals::app::ColorDepth::None,
                    Some("16") => annals::app::ColorDepth::Ansi16,
                    Some("full") => annals::app::ColorDepth::Full,
                    _ => return Err("--colors takes none, 16 or full".into()),
                }
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?} (use --file PATH, --out DIR, --colors none|16|full)"
                )
                .into());
            }
        }
    }
    let data = Data::new(load_path(&file)?.timeline);
    let t = &data.timeline;
    // The event with the most readings, for the comparison. The search shows off accent folding on the shipped
    // timeline ("merida" finds "Mérida"); other timelines search a word of that event's title.
    let rich = t.events.iter().max_by_key(|e| (e.readings.len(), e.citations.len())).ok_or("no events")?;
    let word = rich.title.split_whitespace().filter(|w| w.chars().count() >= 5).max_by_key(|w| w.len());
    let query = if t.events.iter().any(|e| e.title.contains("Mérida")) {
        "merida".to_string()
    } else {
        word.unwrap_or("war").to_lowercase()
    };
    let search = format!("/{query}<Enter>");
    let at = format!(":{}<Enter>", rich.id);
    let scenes: [(&str, u16, u16, String); 5] = [
        ("overview", 120, 40, format!("{at}<Tab><Tab>")),
        ("search", 120, 40, search),
        ("compare", 120, 40, format!("{at}c")),
        ("narrow-80x24", 80, 24, at.clone()),
        ("help", 100, 32, "?".to_string()),
    ];
    std::fs::create_dir_all(&out)?;
    let raster = raster::Raster::default();
    for (name, w, h, keys) in scenes {
        let mut app = App::new(data.clone());
        app.colors = depth;
        update(&mut app, Action::Resize { width: w, height: h });
        press(&mut app, &keys);
        let path = out.join(format!("{name}.png"));
        raster.render(&render(&app, w, h)).save(&path)?;
        println!("{}", path.display());
    }
    // The presenter's view of tours/overview.yaml, when that tour fits the timeline: its second stop, 2:40 in
    // on a 2-minute budget.
    let tour = annals::tour::read(&root.join("tours/overview.yaml"))?;
    if let Ok((tour, _)) = tour.resolve(&data.timeline) {
        let mut app = App::new(data.clone());
        app.colors = depth;
        update(&mut app, Action::Resize { width: 120, height: 40 });
        annals::app::brief::start(&mut app, std::sync::Arc::new(tour), annals::app::Role::Presenter, 0);
        update(&mut app, Action::Tick(std::time::Duration::from_secs(40)));
        press(&mut app, "<Space>");
        update(&mut app, Action::Tick(std::time::Duration::from_secs(200)));
        let path = out.join("briefing.png");
        raster.render(&render(&app, 120, 40)).save(&path)?;
        println!("{}", path.display());
    }
    Ok(())
}
