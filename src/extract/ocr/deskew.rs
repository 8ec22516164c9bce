//! Skew estimation by projection profiles and rotation back to level.
//!
//! Text lines and horizontal ruling lines give sharp peaks in the row-ink
//! histogram only when the page is level; the angle that maximises the sum of
//! squared row counts is the skew.

use super::image::GrayImage;

/// Ink pixel coordinates, sampled on a grid of `step` pixels to keep it cheap.
fn ink_points(mask: &[bool], width: usize, height: usize, step: usize) -> Vec<(f32, f32)> {
    let mut pts = Vec::new();
    let step = step.max(1);
    for y in (0..height).step_by(step) {
        for x in 0..width {
            if mask.get(y * width + x).copied().unwrap_or(false) {
                pts.push((x as f32, y as f32));
            }
        }
    }
    pts
}

/// Sharpness of the row histogram of `pts` sheared by `angle_deg`.
fn profile_score(pts: &[(f32, f32)], height: usize, width: usize, angle_deg: f32) -> f64 {
    let t = angle_deg.to_radians().tan();
    let margin = (width as f32 * t.abs()).ceil() as usize + 2;
    let n = height + 2 * margin;
    let mut bins = vec![0u32; n];
    for &(x, y) in pts {
        let yy = y + x * t + margin as f32;
        if yy >= 0.0 {
            if let Some(b) = bins.get_mut(yy as usize) {
                *b += 1;
            }
        }
    }
    bins.iter().map(|&c| (c as f64) * (c as f64)).sum()
}

/// Skew angle in degrees (counter-clockwise positive, as the page appears),
/// searched within ±`max_deg`; 0 when the page has too little ink to tell.
pub fn estimate_skew(mask: &[bool], width: usize, height: usize, max_deg: f32) -> f32 {
    let pts = ink_points(mask, width, height, 1);
    if pts.len() < 500 {
        return 0.0;
    }
    // subsample large pages: every k-th point is plenty for a histogram
    let pts: Vec<(f32, f32)> = if pts.len() > 400_000 {
        let k = pts.len() / 400_000 + 1;
        pts.into_iter().step_by(k).collect()
    } else {
        pts
    };
    let search = |lo: f32, hi: f32, step: f32| -> f32 {
        let mut best = (f64::MIN, 0.0f32);
        let n = ((hi - lo) / step).round() as i32;
        for i in 0..=n {
            let a = lo + i as f32 * step;
            let s = profile_score(&pts, height, width, a);
            if s > best.0 {
                best = (s, a);
            }
        }
        best.1
    };
    let coarse = search(-max_deg, max_deg, 0.1);
    let fine = search(coarse - 0.1, coarse + 0.1, 0.01);
    if fine.abs() < 0.02 {
        0.0
    } else {
        fine
    }
}

/// Relative sharpness of an ink histogram: 1 for a flat one, higher when ink
/// gathers in lines.
fn peakiness(counts: &[u64]) -> f64 {
    let n = counts.len() as f64;
    let sum: f64 = counts.iter().map(|&c| c as f64).sum();
    if sum == 0.0 {
        return 1.0;
    }
    counts.iter().map(|&c| (c as f64) * (c as f64)).sum::<f64>() * n / (sum * sum)
}

/// True when the text runs up or down the page (a page scanned sideways):
/// ink gathers in columns much more than in rows.
pub fn is_sideways(mask: &[bool], width: usize, height: usize) -> bool {
    if mask.len() != width * height || width == 0 || height == 0 {
        return false;
    }
    let mut rows = vec![0u64; height];
    let mut cols = vec![0u64; width];
    for y in 0..height {
        for x in 0..width {
            if mask[y * width + x] {
                rows[y] += 1;
                cols[x] += 1;
            }
        }
    }
    let ink: u64 = rows.iter().sum();
    ink > 2000 && peakiness(&cols) > 1.5 * peakiness(&rows)
}

/// Rotates the image so that content skewed by `angle_deg` (counter-clockwise)
/// becomes level; uncovered corners are white.
pub fn rotate(img: &GrayImage, angle_deg: f32) -> GrayImage {
    if angle_deg == 0.0 {
        return img.clone();
    }
    let (w, h) = (img.width, img.height);
    let (s, c) = angle_deg.to_radians().sin_cos();
    let cx = w as f32 / 2.0;
    let cy = h as f32 / 2.0;
    let mut out = GrayImage::new(w, h);
    for y in 0..h {
        let dy = y as f32 - cy;
        for x in 0..w {
            let dx = x as f32 - cx;
            // sample the scan where this level point was carried by the skew
            let sx = dx * c + dy * s + cx;
            let sy = -dx * s + dy * c + cy;
            out.data[y * w + x] = img.bilinear(sx, sy);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page with a few long horizontal bars, rotated by a known angle.
    fn synthetic(angle: f32) -> GrayImage {
        let mut img = GrayImage::new(1600, 600);
        for bar in 0..8 {
            let y0 = 60 + bar * 60;
            for y in y0..y0 + 2 {
                for x in 100..1500 {
                    img.set(x, y, 20);
                }
            }
        }
        // skew it: rotating by -angle applies a counter-clockwise skew of `angle`
        rotate(&img, -angle)
    }

    #[test]
    fn finds_and_removes_a_known_skew() {
        for angle in [0.7f32, -0.45] {
            let img = synthetic(angle);
            let t = img.otsu_threshold();
            let mask = img.binarize(t);
            let est = estimate_skew(&mask, img.width, img.height, 3.0);
            assert!((est - angle).abs() < 0.05, "estimated {est} for {angle}");
            let level = rotate(&img, est);
            let m2 = level.binarize(t);
            let again = estimate_skew(&m2, level.width, level.height, 3.0);
            assert!(again.abs() < 0.05, "residual {again}");
        }
    }

    #[test]
    fn sideways_scan_is_recognised() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cao_bang_2015.scan.pdf")).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let id = doc.get_pages()[&2];
        let img = super::super::image::page_image(&doc, 2, id, 1 << 28, None).unwrap().image.scale(0.5);
        let t = img.otsu_threshold();
        assert!(!is_sideways(&img.binarize(t), img.width, img.height));
        let side = img.rotate90(3);
        assert!(is_sideways(&side.binarize(t), side.width, side.height));
    }

    #[test]
    fn blank_page_has_no_skew() {
        let img = GrayImage::new(200, 200);
        assert_eq!(estimate_skew(&img.binarize(128), 200, 200, 3.0), 0.0);
    }
}
