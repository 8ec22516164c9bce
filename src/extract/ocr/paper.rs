//! Bad paper made readable: the page's illumination estimated and divided out
//! (grey, blotchy photocopies, a shaded book edge), then an adaptive
//! (Sauvola) threshold, so that faint print and ruling lines stay ink while
//! the background, however uneven, becomes paper.
//!
//! A single global threshold (Otsu) fails on such pages twice over: the dark
//! edge of a photocopy turns to solid ink, and faint rules in the lighter part
//! vanish into the paper. Both come from the page's lighting, not from its ink.

use super::image::GrayImage;

/// Grey level the paper has after [`flatten`].
pub const PAPER: u8 = 250;

/// A high percentile of the samples in a block: the paper under the ink
/// (a block at text scale is mostly paper, so the bright end is the paper).
fn block_paper(img: &GrayImage, x0: usize, y0: usize, x1: usize, y1: usize) -> u8 {
    let mut hist = [0u32; 256];
    let mut n = 0u32;
    for y in y0..y1 {
        let row = y * img.width;
        if let Some(s) = img.data.get(row + x0..row + x1) {
            for &v in s {
                hist[v as usize] += 1;
            }
            n += s.len() as u32;
        }
    }
    if n == 0 {
        return 255;
    }
    // the 80th percentile: above the ink of a dense line of text, below dust-free paper's top
    let want = n - n / 5;
    let mut acc = 0;
    for (v, &c) in hist.iter().enumerate() {
        acc += c;
        if acc >= want {
            return v as u8;
        }
    }
    255
}

/// Grey-level morphology on a small grid: max (`dilate`) or min over a
/// (2r+1)² neighbourhood.
fn grid_filter(g: &[f32], gw: usize, gh: usize, r: usize, dilate: bool) -> Vec<f32> {
    let mut out = vec![0.0; g.len()];
    for y in 0..gh {
        for x in 0..gw {
            let mut v = if dilate { f32::MIN } else { f32::MAX };
            for yy in y.saturating_sub(r)..(y + r + 1).min(gh) {
                for xx in x.saturating_sub(r)..(x + r + 1).min(gw) {
                    let s = g[yy * gw + xx];
                    v = if dilate { v.max(s) } else { v.min(s) };
                }
            }
            out[y * gw + x] = v;
        }
    }
    out
}

/// Mean over a 3×3 neighbourhood (edges use what exists).
fn grid_smooth(g: &[f32], gw: usize, gh: usize) -> Vec<f32> {
    let mut out = vec![0.0; g.len()];
    for y in 0..gh {
        for x in 0..gw {
            let (mut s, mut n) = (0.0, 0.0);
            for yy in y.saturating_sub(1)..(y + 2).min(gh) {
                for xx in x.saturating_sub(1)..(x + 2).min(gw) {
                    s += g[yy * gw + xx];
                    n += 1.0;
                }
            }
            out[y * gw + x] = s / n;
        }
    }
    out
}

/// The page's illumination: the paper's grey at every point, ink removed, on
/// a grid of blocks about 1/8 inch wide. Kept as a value so that one estimate
/// says both how uneven the paper is and how to even it out.
pub struct Illumination {
    grid: Vec<f32>,
    gw: usize,
    gh: usize,
    block: usize,
}

impl Illumination {
    /// A high percentile per block, a grey-level closing over a few blocks
    /// (wipes out blocks that a bold heading or a stamp fills), then smoothing.
    pub fn of(img: &GrayImage, dpi: u32) -> Illumination {
        let b = ((dpi as usize) / 8).max(4);
        let gw = img.width.div_ceil(b).max(1);
        let gh = img.height.div_ceil(b).max(1);
        let mut g = vec![255.0f32; gw * gh];
        for by in 0..gh {
            for bx in 0..gw {
                let (x0, y0) = (bx * b, by * b);
                let (x1, y1) = ((x0 + b).min(img.width), (y0 + b).min(img.height));
                g[by * gw + bx] = block_paper(img, x0, y0, x1, y1) as f32;
            }
        }
        let g = grid_filter(&g, gw, gh, 2, true);
        let g = grid_filter(&g, gw, gh, 2, false);
        let grid = grid_smooth(&grid_smooth(&g, gw, gh), gw, gh);
        Illumination { grid, gw, gh, block: b }
    }

    /// Grey levels between the darker and the lighter paper of the page (its
    /// 5th and 95th percentiles): a few levels on a clean scan, tens on a
    /// blotchy photocopy, whose light patches a global threshold reads as
    /// blank paper.
    pub fn spread(&self) -> f32 {
        let mut v = self.grid.clone();
        v.sort_by(f32::total_cmp);
        let at = |q: usize| v.get((v.len().saturating_sub(1)) * q / 100).copied().unwrap_or(255.0);
        at(95) - at(5)
    }

    /// The page with this illumination divided out: paper becomes [`PAPER`]
    /// everywhere, ink keeps its contrast against the paper around it.
    pub fn divide(&self, img: &GrayImage) -> GrayImage {
        let (g, gw, gh, b) = (&self.grid, self.gw, self.gh, self.block);
        if img.width == 0 || img.height == 0 || img.data.len() != img.width * img.height {
            return img.clone();
        }
        let mut out = GrayImage::new(img.width, img.height);
        let at = |x: usize, y: usize| g[y.min(gh - 1) * gw + x.min(gw - 1)];
        for y in 0..img.height {
            // bilinear between block centres
            let fy = ((y as f32 + 0.5) / b as f32 - 0.5).max(0.0);
            let (y0, ty) = (fy.floor() as usize, fy.fract());
            for x in 0..img.width {
                let fx = ((x as f32 + 0.5) / b as f32 - 0.5).max(0.0);
                let (x0, tx) = (fx.floor() as usize, fx.fract());
                let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
                let bot = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
                let paper = (top * (1.0 - ty) + bot * ty).max(16.0);
                let v = img.data[y * img.width + x] as f32;
                out.data[y * img.width + x] = (v * PAPER as f32 / paper).round().clamp(0.0, 255.0) as u8;
            }
        }
        out
    }
}

/// The page with its illumination divided out (see [`Illumination`]).
pub fn flatten(img: &GrayImage, dpi: u32) -> GrayImage {
    Illumination::of(img, dpi).divide(img)
}

/// Sauvola's adaptive threshold: a sample is ink when it is darker than
/// `m · (1 + k · (s / 128 − 1))`, with `m` and `s` the mean and standard
/// deviation of a window about 1/5 inch wide around it (integral images, so
/// the cost does not depend on the window). On plain paper (small `s`) the
/// bar sits well below the paper, so noise stays paper; near ink it follows
/// the local contrast, so faint strokes stay ink.
pub fn sauvola(img: &GrayImage, dpi: u32, k: f32) -> Vec<bool> {
    let (w, h) = (img.width, img.height);
    if w == 0 || h == 0 || img.data.len() != w * h {
        return vec![false; img.data.len()];
    }
    let r = ((dpi as usize) / 10).max(3);
    let stride = w + 1;
    let mut sum = vec![0u64; stride * (h + 1)];
    let mut sq = vec![0u64; stride * (h + 1)];
    for y in 0..h {
        let (mut rs, mut rq) = (0u64, 0u64);
        for x in 0..w {
            let v = img.data[y * w + x] as u64;
            rs += v;
            rq += v * v;
            sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rs;
            sq[(y + 1) * stride + x + 1] = sq[y * stride + x + 1] + rq;
        }
    }
    let mut out = vec![false; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let n = ((y1 - y0) * (x1 - x0)) as f64;
            let s = (sum[y1 * stride + x1] + sum[y0 * stride + x0] - sum[y0 * stride + x1] - sum[y1 * stride + x0]) as f64;
            let q = (sq[y1 * stride + x1] + sq[y0 * stride + x0] - sq[y0 * stride + x1] - sq[y1 * stride + x0]) as f64;
            let m = s / n;
            let sd = (q / n - m * m).max(0.0).sqrt();
            let t = m * (1.0 + k as f64 * (sd / 128.0 - 1.0));
            out[y * w + x] = (img.data[y * w + x] as f64) <= t;
        }
    }
    out
}

/// Least darkening, in grey levels, of a pixel against the paper on both
/// sides of it that counts as a thin line (JPEG ringing and speckle stay below).
const LINE_CONTRAST: i16 = 16;

/// Share (percent) of a window along a line that must be thin-line pixels
/// for the window to be taken as ruled, gaps and all.
const LINE_SHARE: usize = 55;

/// Share (percent) of a window along a line that must be thin-line pixels for
/// them to count as printed rule: a letter's stem fills less than a third of
/// the window, a rule faded in stretches (and a short one, between two
/// crossings) more.
const PRINTED_SHARE: usize = 35;

/// The ruling lines of a page as a mask, found by their shape rather than by
/// their darkness: a pixel is on a horizontal rule when it is darker than the
/// page a few pixels above *and* below it, and when such pixels fill most of
/// a third of an inch along the row (vertical rules alike). A photocopied
/// rule faded to a grey fainter than the print, or broken into dashes, still
/// forms a line of such pixels, while text, whose strokes are short and whose
/// ink is thick in both directions, does not fill the window.
///
/// Two masks: the rules whole (the gaps inside a ruled window filled, so a
/// broken rule is found as one) and the thin-line pixels alone (where a rule
/// is really printed: a merged cell's missing rule stays missing there).
pub fn rule_masks(img: &GrayImage, dpi: u32) -> (Vec<bool>, Vec<bool>) {
    let (w, h) = (img.width, img.height);
    let mut out = vec![false; img.data.len()];
    let mut printed = vec![false; img.data.len()];
    let s = ((dpi as f32 / 50.0).round() as usize).max(2);
    let win = ((dpi as usize) / 3).max(8);
    if w <= 2 * s || h <= 2 * s || img.data.len() != w * h {
        return (out, printed);
    }
    let g = |x: usize, y: usize| img.data[y * w + x] as i16;
    let thin = |dark: i16, a: i16, b: i16| a.min(b) - dark >= LINE_CONTRAST;
    // along each row (horizontal rules), then along each column (vertical rules)
    let mut line = vec![false; w.max(h)];
    let mut prefix = vec![0usize; w.max(h) + 1];
    for horizontal in [true, false] {
        let (outer, inner) = if horizontal { (h, w) } else { (w, h) };
        for o in s..outer - s {
            for i in 0..inner {
                line[i] = if horizontal { thin(g(i, o), g(i, o - s), g(i, o + s)) } else { thin(g(o, i), g(o - s, i), g(o + s, i)) };
                prefix[i + 1] = prefix[i] + line[i] as usize;
            }
            for (i, &on) in line[..inner].iter().enumerate() {
                let (a, b) = (i.saturating_sub(win / 2), (i + win / 2 + 1).min(inner));
                let share = (prefix[b] - prefix[a]) * 100;
                let idx = if horizontal { o * w + i } else { i * w + o };
                out[idx] |= share >= LINE_SHARE * win;
                printed[idx] |= on && share >= PRINTED_SHARE * win;
            }
        }
    }
    (out, printed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page with a strong left-to-right shading (paper 130 → 240), a dark
    /// blotch (smooth, as lighting is), and ink that is always 70 darker than the paper under it.
    fn shaded_page() -> (GrayImage, Vec<bool>) {
        let (w, h) = (600usize, 400usize);
        let mut img = GrayImage::new(w, h);
        let mut ink = vec![false; w * h];
        for y in 0..h {
            for x in 0..w {
                let mut paper = 130.0 + 110.0 * x as f32 / w as f32;
                let (dx, dy) = (x as f32 - 450.0, y as f32 - 300.0);
                paper -= 40.0 * (-(dx * dx + dy * dy) / (2.0 * 60.0 * 60.0)).exp();
                // "text": short strokes on a grid, and one long rule
                let stroke = (y % 40 < 12 && x % 20 < 3 && y > 20) || (y == 200 || y == 201);
                ink[y * w + x] = stroke;
                img.set(x, y, if stroke { (paper - 70.0) as u8 } else { paper as u8 });
            }
        }
        (img, ink)
    }

    fn errors(mask: &[bool], truth: &[bool]) -> (usize, usize) {
        let missed = mask.iter().zip(truth).filter(|(m, t)| **t && !**m).count();
        let extra = mask.iter().zip(truth).filter(|(m, t)| !**t && **m).count();
        (missed, extra)
    }

    #[test]
    fn flattening_makes_shaded_paper_even() {
        let (img, ink) = shaded_page();
        let flat = flatten(&img, 200);
        // paper samples: all within a few levels of PAPER, dark edge and blotch included
        let paper: Vec<u8> = flat.data.iter().zip(&ink).filter(|(_, i)| !**i).map(|(v, _)| *v).collect();
        let worst = paper.iter().map(|&v| (v as i32 - PAPER as i32).abs()).max().unwrap();
        assert!(worst <= 40, "paper off by {worst}");
        let mean_dev = paper.iter().map(|&v| (v as i32 - PAPER as i32).abs() as f64).sum::<f64>() / paper.len() as f64;
        assert!(mean_dev < 6.0, "mean paper deviation {mean_dev}"); // raw: about 35
                                                                    // a global threshold now separates ink from paper almost everywhere
        let t = flat.otsu_threshold();
        let (missed, extra) = errors(&flat.binarize(t), &ink);
        let n_ink = ink.iter().filter(|&&b| b).count();
        assert!(missed * 50 < n_ink && extra * 200 < paper.len(), "missed {missed} extra {extra}");
        // while on the raw image a global threshold turns the dark side to ink
        let t = img.otsu_threshold();
        let (_, extra_raw) = errors(&img.binarize(t), &ink);
        assert!(extra_raw > 10 * extra.max(1), "raw extra {extra_raw} vs flattened {extra}");
    }

    #[test]
    fn the_spread_of_the_lighting_tells_blotchy_paper_from_clean() {
        let bar = crate::extract::ocr::UNEVEN_PAPER;
        let (shaded, _) = shaded_page();
        let spread = Illumination::of(&shaded, 200).spread();
        assert!(spread > bar * 2.0, "shaded paper: {spread}");
        // clean paper with the same print on it: the ink does not count
        let mut clean = GrayImage::filled(600, 400, 245);
        for y in (20..400).filter(|y| y % 40 < 12) {
            for x in (0..600).filter(|x| x % 20 < 3) {
                clean.set(x, y, 40);
            }
        }
        let spread = Illumination::of(&clean, 200).spread();
        assert!(spread < bar / 2.0, "clean paper: {spread}");
    }

    #[test]
    fn sauvola_keeps_faint_strokes_and_drops_noise() {
        // paper 240 with ±6 noise; a faint stroke only 70 levels darker (the
        // degrader's faintest print at its default harshness)
        let (w, h) = (300usize, 200usize);
        let mut img = GrayImage::new(w, h);
        let mut ink = vec![false; w * h];
        let mut seed = 12345u32;
        for y in 0..h {
            for x in 0..w {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let noise = ((seed >> 16) % 13) as i32 - 6;
                let stroke = (90..93).contains(&y) && (20..280).contains(&x) || (40..43).contains(&x) && y > 10;
                ink[y * w + x] = stroke;
                let v = if stroke { 170 } else { 240 } + noise;
                img.set(x, y, v as u8);
            }
        }
        let mask = sauvola(&img, 200, 0.2);
        let (missed, extra) = errors(&mask, &ink);
        let n_ink = ink.iter().filter(|&&b| b).count();
        assert!(missed * 20 < n_ink, "missed {missed} of {n_ink}");
        assert!(extra < 50, "noise read as ink: {extra}");
    }

    #[test]
    fn degenerate_images_do_not_panic() {
        for (w, h) in [(0usize, 0usize), (1, 1), (3, 500), (500, 2)] {
            let img = GrayImage::filled(w, h, 128);
            let f = flatten(&img, 150);
            assert_eq!((f.width, f.height), (w, h));
            assert_eq!(sauvola(&img, 300, 0.2).len(), w * h);
        }
    }

    /// A ruled table photocopied faint: paper 235, rules only 40 darker and
    /// broken every 25 px, print 150 darker. The second row is a section
    /// row: no rule parts its last two columns, and its text runs across.
    fn faint_table() -> (GrayImage, usize, usize) {
        let (w, h) = (700usize, 420usize);
        let mut img = GrayImage::filled(w, h, 235);
        let (xs, ys) = ([50usize, 200, 400, 650], [50usize, 110, 170, 230, 290, 350]);
        for &y in &ys {
            for x in (50..=650).filter(|x| x % 25 < 20) {
                img.set(x, y, 195);
            }
        }
        for &x in &xs {
            let section = |y: usize| (110..170).contains(&y) && x == 400;
            for y in (50..=350).filter(|y| y % 25 < 20 && !section(*y)) {
                img.set(x, y, 195);
            }
        }
        // print: strokes inside the cells, clear of the rules; the section
        // row's text crosses where its missing rule would be
        let mut stroke = |x0: usize, x1: usize, y0: usize| {
            for x in (x0..x1).step_by(9) {
                for y in y0..y0 + 14 {
                    for dx in 0..3 {
                        img.set(x + dx, y, 85);
                    }
                }
            }
        };
        for (r, &y0) in [70usize, 130, 190, 250, 310].iter().enumerate() {
            if r == 1 {
                stroke(215, 600, y0);
                continue;
            }
            for c in 0..3 {
                stroke(xs[c] + 12, xs[c + 1] - 12, y0);
            }
        }
        (img, w, h)
    }

    #[test]
    fn faint_broken_rules_are_found_by_their_shape_and_print_is_not() {
        let (img, w, _) = faint_table();
        let (rules, printed) = rule_masks(&img, 150);
        // the broken rules come out whole along their length
        let row = |y: usize| (60..640).filter(|&x| rules[y * w + x]).count();
        assert!(row(230) > 560, "horizontal rule at 230: {} of 580", row(230));
        let col = |x: usize| (180..340).filter(|&y| rules[y * w + x]).count();
        assert!(col(400) > 150, "vertical rule at 400: {} of 160", col(400));
        // the print between rules is not a rule, whole or printed
        let in_print =
            (70..84).flat_map(|y| (60..190).map(move |x| (x, y))).filter(|&(x, y)| rules[y * w + x] || printed[y * w + x]).count();
        assert!(in_print < 40, "{in_print} print pixels taken for rules");
        // printed: the dashes themselves, not the gaps between them
        assert!(printed[230 * w + 60] && !printed[230 * w + 72]);
    }

    #[test]
    fn a_table_too_faint_to_binarise_is_found_by_its_rules_with_its_section_row_merged() {
        let (img, w, h) = faint_table();
        let ink = img.binarize(img.otsu_threshold());
        assert!(crate::extract::ocr::grid::find_tables(&ink, w, h, 150).is_empty(), "Otsu keeps no rule of this page");
        let (rules, printed) = rule_masks(&img, 150);
        let ink: Vec<bool> = ink.iter().zip(&printed).map(|(&a, &b)| a || b).collect();
        let tables = crate::extract::ocr::grid::find_tables_ruled(&rules, &ink, w, h, 150);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.rows(), t.cols()), (5, 3));
        // the section row is one cell across the last two columns
        assert!(t.cells.iter().any(|c| c.row == 1 && c.col == 1 && c.cols == 2), "{:?}", t.cells);
        assert!(t.cells.iter().any(|c| c.row == 2 && c.col == 1 && c.cols == 1));
    }
}
