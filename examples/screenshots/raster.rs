//! Draws a ratatui `Buffer` as a PNG with the DejaVu Sans Mono the repository brings (`assets/fonts/`).
//! Box-drawing and block characters are drawn as shapes so that lines join across cells, as a terminal does.

use std::path::Path;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono-Bold.ttf");

/// The terminal the pictures pretend to be: default colours and the 16 ANSI colours.
pub const BG: [u8; 3] = [0x16, 0x19, 0x22];
pub const FG: [u8; 3] = [0xd8, 0xdc, 0xe6];
const ANSI: [[u8; 3]; 16] = [
    [0x1b, 0x1e, 0x28],
    [0xe0, 0x6c, 0x75],
    [0x98, 0xc3, 0x79],
    [0xe5, 0xc0, 0x7b],
    [0x61, 0xaf, 0xef],
    [0xc6, 0x78, 0xdd],
    [0x56, 0xb6, 0xc2],
    [0xc8, 0xcc, 0xd4],
    [0x5c, 0x63, 0x70],
    [0xff, 0x7b, 0x86],
    [0xb5, 0xe8, 0x90],
    [0xff, 0xd6, 0x8a],
    [0x7d, 0xc4, 0xff],
    [0xde, 0x9b, 0xf0],
    [0x7f, 0xd6, 0xe0],
    [0xff, 0xff, 0xff],
];

pub struct Raster {
    pub cell_w: u32,
    pub cell_h: u32,
    pub margin: u32,
    px: f32,
}

impl Default for Raster {
    fn default() -> Self {
        Raster::new(16.0)
    }
}

fn color(c: Color, default: [u8; 3]) -> [u8; 3] {
    match c {
        Color::Reset => default,
        Color::Black => ANSI[0],
        Color::Red => ANSI[1],
        Color::Green => ANSI[2],
        Color::Yellow => ANSI[3],
        Color::Blue => ANSI[4],
        Color::Magenta => ANSI[5],
        Color::Cyan => ANSI[6],
        Color::Gray => ANSI[7],
        Color::DarkGray => ANSI[8],
        Color::LightRed => ANSI[9],
        Color::LightGreen => ANSI[10],
        Color::LightYellow => ANSI[11],
        Color::LightBlue => ANSI[12],
        Color::LightMagenta => ANSI[13],
        Color::LightCyan => ANSI[14],
        Color::White => ANSI[15],
        Color::Rgb(r, g, b) => [r, g, b],
        Color::Indexed(i) if i < 16 => ANSI[usize::from(i)],
        Color::Indexed(i) if i >= 232 => {
            let v = 8 + (i - 232) * 10;
            [v, v, v]
        }
        Color::Indexed(i) => {
            let i = i - 16;
            let f = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            [f(i / 36), f((i / 6) % 6), f(i % 6)]
        }
    }
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let m = |x: u8, y: u8| (f32::from(x) * (1.0 - t) + f32::from(y) * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}

/// An RGB image.
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Image {
    fn new(width: u32, height: u32, bg: [u8; 3]) -> Image {
        let pixels = bg.iter().copied().cycle().take((width * height * 3) as usize).collect();
        Image { width, height, pixels }
    }

    pub fn get(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]]
    }

    fn blend(&mut self, x: i64, y: i64, c: [u8; 3], a: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) || a <= 0.0 {
            return;
        }
        let i = ((y as u32 * self.width + x as u32) * 3) as usize;
        let old = [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]];
        let new = mix(old, c, a.min(1.0));
        self.pixels[i..i + 3].copy_from_slice(&new);
    }

    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, c: [u8; 3]) {
        for yy in y..(y + h).min(self.height) {
            for xx in x..(x + w).min(self.width) {
                self.blend(i64::from(xx), i64::from(yy), c, 1.0);
            }
        }
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut enc = png::Encoder::new(file, self.width, self.height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(std::io::Error::other)?;
        w.write_image_data(&self.pixels).map_err(std::io::Error::other)?;
        Ok(())
    }
}

/// Arms of a box-drawing character: (left, right, up, down), 0 none, 1 light, 2 heavy.
fn box_arms(c: char) -> Option<[u8; 4]> {
    Some(match c {
        '─' => [1, 1, 0, 0],
        '━' => [2, 2, 0, 0],
        '│' => [0, 0, 1, 1],
        '┃' => [0, 0, 2, 2],
        '┌' | '╭' => [0, 1, 0, 1],
        '┐' | '╮' => [1, 0, 0, 1],
        '└' | '╰' => [0, 1, 1, 0],
        '┘' | '╯' => [1, 0, 1, 0],
        '┏' => [0, 2, 0, 2],
        '┓' => [2, 0, 0, 2],
        '┗' => [0, 2, 2, 0],
        '┛' => [2, 0, 2, 0],
        '├' => [0, 1, 1, 1],
        '┤' => [1, 0, 1, 1],
        '┬' => [1, 1, 0, 1],
        '┴' => [1, 1, 1, 0],
        '┼' => [1, 1, 1, 1],
        '╵' => [0, 0, 1, 0],
        _ => return None,
    })
}

impl Raster {
    pub fn new(px: f32) -> Raster {
        let font = FontRef::try_from_slice(REGULAR).expect("the bundled font parses");
        let scaled = font.as_scaled(PxScale::from(px));
        let cell_w = scaled.h_advance(font.glyph_id('M')).round() as u32;
        let cell_h = (scaled.ascent() - scaled.descent() + scaled.line_gap()).ceil() as u32;
        Raster { cell_w, cell_h, margin: 12, px }
    }

    pub fn render(&self, buf: &Buffer) -> Image {
        let regular = FontRef::try_from_slice(REGULAR).expect("the bundled font parses");
        let bold = FontRef::try_from_slice(BOLD).expect("the bundled font parses");
        let (cw, ch) = (self.cell_w, self.cell_h);
        let w = u32::from(buf.area.width) * cw + 2 * self.margin;
        let h = u32::from(buf.area.height) * ch + 2 * self.margin;
        let mut img = Image::new(w, h, BG);
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let cell = &buf[(x, y)];
                let mut fg = color(cell.fg, FG);
                let mut bg = color(cell.bg, BG);
                let m = cell.modifier;
                if m.contains(Modifier::REVERSED) {
                    std::mem::swap(&mut fg, &mut bg);
                }
                if m.contains(Modifier::DIM) {
                    fg = mix(fg, bg, 0.4);
                }
                let px = self.margin + u32::from(x) * cw;
                let py = self.margin + u32::from(y) * ch;
                img.fill(px, py, cw, ch, bg);
                let Some(c) = cell.symbol().chars().next() else { continue };
                if c == ' ' {
                } else if let Some(arms) = box_arms(c) {
                    self.draw_box(&mut img, px, py, arms, fg);
                } else if let Some((bx, by, bw, bh)) = self.block(c) {
                    img.fill(px + bx, py + by, bw, bh, fg);
                } else {
                    let font = if m.contains(Modifier::BOLD) { &bold } else { &regular };
                    self.glyph(&mut img, font, c, px, py, fg, m.contains(Modifier::ITALIC));
                }
                if m.contains(Modifier::UNDERLINED) {
                    img.fill(px, py + ch - 3, cw, 1, fg);
                }
            }
        }
        img
    }

    fn draw_box(&self, img: &mut Image, px: u32, py: u32, [l, r, u, d]: [u8; 4], fg: [u8; 3]) {
        let (cw, ch) = (self.cell_w, self.cell_h);
        let (cx, cy) = (px + cw / 2, py + ch / 2);
        let t = |k: u8| if k == 2 { 2 } else { 1 };
        let thick = t(l.max(r).max(u).max(d));
        if l > 0 {
            img.fill(px, cy, cx - px + thick, t(l), fg);
        }
        if r > 0 {
            img.fill(cx, cy, px + cw - cx, t(r), fg);
        }
        if u > 0 {
            img.fill(cx, py, t(u), cy - py + thick, fg);
        }
        if d > 0 {
            img.fill(cx, cy, t(d), py + ch - cy, fg);
        }
    }

    /// Block elements as rectangles within the cell: (x, y, w, h).
    fn block(&self, c: char) -> Option<(u32, u32, u32, u32)> {
        let (cw, ch) = (self.cell_w, self.cell_h);
        let eighths = |n: u32| (ch * n).div_ceil(8);
        Some(match c {
            '▁'..='█' => {
                let n = c as u32 - '▁' as u32 + 1;
                (0, ch - eighths(n), cw, eighths(n))
            }
            '▔' => (0, 0, cw, eighths(1)),
            '▏' => (0, 0, (cw / 8).max(1), ch),
            '▌' => (0, 0, cw / 2, ch),
            '▐' => (cw / 2, 0, cw - cw / 2, ch),
            _ => return None,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn glyph(&self, img: &mut Image, font: &FontRef, c: char, px: u32, py: u32, fg: [u8; 3], italic: bool) {
        let scaled = font.as_scaled(PxScale::from(self.px));
        let id = font.glyph_id(c);
        let baseline = py as f32 + scaled.ascent() + scaled.line_gap() / 2.0;
        let glyph = id.with_scale_and_position(self.px, point(px as f32, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|x, y, a| {
                // A slant for italics: shift rows by their height above the baseline.
                let gy = b.min.y + y as f32;
                let shift = if italic { ((baseline - gy) * 0.18).round() as i64 } else { 0 };
                img.blend(b.min.x as i64 + i64::from(x) + shift, gy as i64, fg, a);
            });
        }
    }
}
