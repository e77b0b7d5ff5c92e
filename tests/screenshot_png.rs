//! The screenshot painter (`examples/screenshots`) on one small screen: the PNG has the right size, the
//! terminal's colours where the UI set them, and glyphs drawn with the bundled font.

#[path = "../examples/screenshots/raster.rs"]
#[allow(dead_code)]
mod raster;
mod support;

use annals::ui::render;

#[test]
fn renders_a_small_screen_to_png() {
    let (w, h) = (50u16, 14u16);
    let app = support::fixture::app(w, h);
    let buf = render(&app, w, h);
    let r = raster::Raster::default();
    let img = r.render(&buf);
    assert_eq!(img.width, u32::from(w) * r.cell_w + 2 * r.margin);
    assert_eq!(img.height, u32::from(h) * r.cell_h + 2 * r.margin);
    // The margin is the terminal's background.
    assert_eq!(img.get(1, 1), raster::BG);
    // The title bar's background, in the gap between letters of " annals " (cell 0 is a space).
    let (cx, cy) = (r.margin + 1, r.margin + 1);
    assert_eq!(img.get(cx, cy), [40, 48, 66], "title bar background");
    // Glyphs: the word "annals" (cells 1..7 of row 0) has pixels in the app-name colour.
    let gold = [255, 200, 90];
    let mut lit = 0;
    for x in r.margin + r.cell_w..r.margin + 7 * r.cell_w {
        for y in r.margin..r.margin + r.cell_h {
            let p = img.get(x, y);
            if p.iter().zip(gold).all(|(a, b)| a.abs_diff(b) < 40) {
                lit += 1;
            }
        }
    }
    assert!(lit > 30, "the letters of 'annals' are drawn ({lit} pixels)");
    // The focused events pane has a heavy border: its top-left corner cell is drawn as joined lines.
    let list_y = (0..h).find(|&y| buf[(0, y)].symbol() == "┏").expect("a heavy corner") as u32;
    let corner_x = r.margin + r.cell_w / 2;
    let corner_y = r.margin + list_y * r.cell_h + r.cell_h - 1;
    assert_ne!(img.get(corner_x, corner_y), raster::BG, "the vertical arm reaches the cell's bottom");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.png");
    img.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}
