//! Greyscale page images: taken from the PDF image XObject (or rendered with
//! pdftoppm), cropped, scaled, binarised and written as PGM for Tesseract.

use crate::error::DocError;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::io::Write;
use std::path::Path;

/// An 8-bit greyscale raster (0 = black ink, 255 = white paper), row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` samples.
    pub data: Vec<u8>,
}

/// Largest image side we accept (against absurd sizes in hostile PDFs).
pub const MAX_SIDE: usize = 20_000;

impl GrayImage {
    /// A blank (white) image.
    pub fn new(width: usize, height: usize) -> Self {
        GrayImage { width, height, data: vec![255; width.saturating_mul(height)] }
    }

    /// An image of one grey level.
    pub fn filled(width: usize, height: usize, v: u8) -> Self {
        GrayImage { width, height, data: vec![v; width.saturating_mul(height)] }
    }

    /// Sample at (x, y); white outside the image.
    #[inline]
    pub fn get(&self, x: usize, y: usize) -> u8 {
        if x < self.width && y < self.height {
            self.data.get(y * self.width + x).copied().unwrap_or(255)
        } else {
            255
        }
    }

    /// Sets a sample; ignored outside the image.
    #[inline]
    pub fn set(&mut self, x: usize, y: usize, v: u8) {
        if x < self.width && y < self.height {
            if let Some(p) = self.data.get_mut(y * self.width + x) {
                *p = v;
            }
        }
    }

    /// A copy of the rectangle `[x0, x1) × [y0, y1)`, clamped to the image.
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> GrayImage {
        let x1 = x1.min(self.width);
        let y1 = y1.min(self.height);
        let x0 = x0.min(x1);
        let y0 = y0.min(y1);
        let w = x1 - x0;
        let h = y1 - y0;
        let mut data = Vec::with_capacity(w * h);
        for y in y0..y1 {
            let row = y * self.width;
            data.extend_from_slice(self.data.get(row + x0..row + x1).unwrap_or(&[]));
        }
        if data.len() != w * h {
            return GrayImage::new(w, h);
        }
        GrayImage { width: w, height: h, data }
    }

    /// Copies `src` into this image with its top-left corner at (x, y).
    pub fn paste(&mut self, src: &GrayImage, x: usize, y: usize) {
        for sy in 0..src.height {
            let ty = y + sy;
            if ty >= self.height {
                break;
            }
            for sx in 0..src.width {
                let tx = x + sx;
                if tx >= self.width {
                    break;
                }
                if let (Some(d), Some(&v)) = (self.data.get_mut(ty * self.width + tx), src.data.get(sy * src.width + sx)) {
                    *d = v;
                }
            }
        }
    }

    /// Bilinear scaling by `factor` (> 0).
    pub fn scale(&self, factor: f32) -> GrayImage {
        let w = ((self.width as f32 * factor).round() as usize).clamp(1, MAX_SIDE);
        let h = ((self.height as f32 * factor).round() as usize).clamp(1, MAX_SIDE);
        if self.width == 0 || self.height == 0 {
            return GrayImage::new(w, h);
        }
        let mut out = GrayImage::new(w, h);
        for y in 0..h {
            let sy = ((y as f32 + 0.5) / factor - 0.5).max(0.0);
            for x in 0..w {
                let sx = ((x as f32 + 0.5) / factor - 0.5).max(0.0);
                out.data[y * w + x] = self.bilinear(sx, sy);
            }
        }
        out
    }

    /// Bilinear sample at a fractional position; white outside.
    #[inline]
    pub fn bilinear(&self, x: f32, y: f32) -> u8 {
        if x < -1.0 || y < -1.0 || x >= self.width as f32 || y >= self.height as f32 {
            return 255;
        }
        let x0 = x.floor();
        let y0 = y.floor();
        let fx = x - x0;
        let fy = y - y0;
        let xi = x0 as i64;
        let yi = y0 as i64;
        let g = |xx: i64, yy: i64| -> f32 {
            if xx < 0 || yy < 0 {
                255.0
            } else {
                self.get(xx as usize, yy as usize) as f32
            }
        };
        let top = g(xi, yi) * (1.0 - fx) + g(xi + 1, yi) * fx;
        let bot = g(xi, yi + 1) * (1.0 - fx) + g(xi + 1, yi + 1) * fx;
        (top * (1.0 - fy) + bot * fy).round().clamp(0.0, 255.0) as u8
    }

    /// Rotates by a multiple of 90° clockwise (`quarter_turns` mod 4).
    pub fn rotate90(&self, quarter_turns: u32) -> GrayImage {
        let (w, h) = (self.width, self.height);
        match quarter_turns % 4 {
            0 => self.clone(),
            2 => {
                let mut data = self.data.clone();
                data.reverse();
                GrayImage { width: w, height: h, data }
            }
            q => {
                let mut out = GrayImage::new(h, w);
                for y in 0..h {
                    for x in 0..w {
                        let v = self.get(x, y);
                        // clockwise: (x, y) -> (h-1-y, x); counter-clockwise: (y, w-1-x)
                        if q == 1 {
                            out.data[x * h + (h - 1 - y)] = v;
                        } else {
                            out.data[(w - 1 - x) * h + y] = v;
                        }
                    }
                }
                out
            }
        }
    }

    /// Otsu threshold over the histogram: samples `<=` it are ink.
    pub fn otsu_threshold(&self) -> u8 {
        let mut hist = [0u64; 256];
        for &v in &self.data {
            hist[v as usize] += 1;
        }
        let total: u64 = hist.iter().sum();
        if total == 0 {
            return 128;
        }
        let sum_all: f64 = hist.iter().enumerate().map(|(i, &c)| i as f64 * c as f64).sum();
        let (mut w_b, mut sum_b, mut best, mut best_t) = (0f64, 0f64, -1f64, 128u8);
        for (t, &count) in hist.iter().enumerate() {
            w_b += count as f64;
            if w_b == 0.0 {
                continue;
            }
            let w_f = total as f64 - w_b;
            if w_f == 0.0 {
                break;
            }
            sum_b += t as f64 * count as f64;
            let m_b = sum_b / w_b;
            let m_f = (sum_all - sum_b) / w_f;
            let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
            if between > best {
                best = between;
                best_t = t as u8;
            }
        }
        best_t
    }

    /// Ink mask (true = ink) at the given threshold.
    pub fn binarize(&self, threshold: u8) -> Vec<bool> {
        self.data.iter().map(|&v| v <= threshold).collect()
    }

    /// Binary PGM (P5) bytes.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }

    /// Writes a binary PGM file.
    pub fn write_pgm(&self, path: &Path) -> Result<(), DocError> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        f.write_all(&self.to_pgm())?;
        f.flush()?;
        Ok(())
    }

    /// Parses a binary PGM (P5, maxval ≤ 255), as written by pdftoppm -gray.
    pub fn from_pgm(bytes: &[u8]) -> Result<GrayImage, DocError> {
        let bad = || DocError::Ocr("unreadable PGM image".into());
        if !bytes.starts_with(b"P5") {
            return Err(bad());
        }
        // header: magic, width, height, maxval separated by whitespace (comments allowed)
        let mut fields = Vec::new();
        let mut i = 2;
        while fields.len() < 3 {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'#') {
                if bytes[i] == b'#' {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if start == i {
                return Err(bad());
            }
            let n: usize = std::str::from_utf8(&bytes[start..i]).ok().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
            fields.push(n);
        }
        i += 1; // single whitespace after maxval
        let (w, h, maxval) = (fields[0], fields[1], fields[2]);
        if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || maxval == 0 || maxval > 255 {
            return Err(bad());
        }
        let data = bytes.get(i..i + w * h).ok_or_else(bad)?;
        let data = if maxval == 255 { data.to_vec() } else { data.iter().map(|&v| ((v as usize * 255) / maxval).min(255) as u8).collect() };
        Ok(GrayImage { width: w, height: h, data })
    }
}

/// A page image with the resolution it was scanned or rendered at.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// The pixels, upright as the page is displayed (page /Rotate applied).
    pub image: GrayImage,
    /// Pixels per inch, from the image size against the page's MediaBox.
    pub dpi: u32,
    /// Bytes that identify the image for the cache (the encoded stream, or the rendering).
    pub key_bytes: Vec<u8>,
}

/// Decodes a JPEG (DCTDecode stream) to greyscale. A colour scan is made
/// grey by its brightest channel ([`ink_grey`]), not by luminance.
pub fn decode_jpeg(bytes: &[u8]) -> Result<GrayImage, DocError> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().set_max_width(MAX_SIDE).set_max_height(MAX_SIDE);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    dec.decode_headers().map_err(|e| DocError::Ocr(format!("JPEG decode: {e:?}")))?;
    let colour = matches!(dec.input_colorspace(), Some(ColorSpace::YCbCr | ColorSpace::RGB));
    dec.set_options(options.jpeg_set_out_colorspace(if colour { ColorSpace::RGB } else { ColorSpace::Luma }));
    let pixels = dec.decode().map_err(|e| DocError::Ocr(format!("JPEG decode: {e:?}")))?;
    let (w, h) = dec.dimensions().ok_or_else(|| DocError::Ocr("JPEG without dimensions".into()))?;
    let n = w * h;
    if pixels.len() == n {
        return Ok(GrayImage { width: w, height: h, data: pixels });
    }
    if n > 0 && colour && pixels.len() == 3 * n {
        return Ok(GrayImage { width: w, height: h, data: pixels.chunks_exact(3).map(ink_grey).collect() });
    }
    // Some decoders ignore the requested colour space: average the channels.
    if n == 0 || pixels.len() % n != 0 {
        return Err(DocError::Ocr("JPEG pixel count does not match its size".into()));
    }
    let ch = pixels.len() / n;
    let data = pixels.chunks(ch).map(|p| (p.iter().map(|&v| v as u32).sum::<u32>() / ch as u32) as u8).collect();
    Ok(GrayImage { width: w, height: h, data })
}

/// One colour pixel as grey for reading print: its brightest channel. Black
/// print is dark in every channel and stays dark; a red stamp (bright in red)
/// or a blue signature (bright in blue) over the signature block turns pale,
/// where luminance would make a red stamp as dark as the print it covers.
pub fn ink_grey(rgb: &[u8]) -> u8 {
    rgb.iter().copied().max().unwrap_or(255)
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

/// A page attribute, looked up through the page tree (Resources, MediaBox, Rotate are inheritable).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(v) = node.get(key) {
            return deref(doc, v);
        }
        let parent = node.get(b"Parent").ok().and_then(|p| deref(doc, p))?;
        node = parent.as_dict().ok()?;
    }
    None
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// MediaBox width and height in points (A4 when missing).
fn media_size(doc: &Document, page: &Dictionary) -> (f32, f32) {
    let b: Vec<f32> = inherited(doc, page, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().filter_map(|x| deref(doc, x).and_then(number)).collect())
        .unwrap_or_default();
    if b.len() == 4 {
        let w = (b[2] - b[0]).abs();
        let h = (b[3] - b[1]).abs();
        if w > 1.0 && h > 1.0 {
            return (w, h);
        }
    }
    (595.0, 842.0)
}

/// The page's only image XObject, when the page is one image (a scan).
fn single_image<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a lopdf::Stream> {
    let res = inherited(doc, page, b"Resources")?.as_dict().ok()?;
    if res.get(b"Font").ok().and_then(|f| deref(doc, f)).and_then(|f| f.as_dict().ok()).is_some_and(|f| !f.is_empty()) {
        return None;
    }
    let xobj = res.get(b"XObject").ok().and_then(|x| deref(doc, x))?.as_dict().ok()?;
    let mut found = None;
    for (_, v) in xobj.iter() {
        let s = deref(doc, v)?.as_stream().ok()?;
        if s.dict.get(b"Subtype").ok().and_then(|n| n.as_name().ok()) != Some(b"Image".as_slice()) {
            return None;
        }
        if found.is_some() {
            return None;
        }
        found = Some(s);
    }
    found
}

/// Filter names of a stream, in order.
fn filters(doc: &Document, dict: &Dictionary) -> Vec<Vec<u8>> {
    match dict.get(b"Filter").ok().and_then(|f| deref(doc, f)) {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| deref(doc, o)?.as_name().ok().map(|n| n.to_vec())).collect(),
        _ => Vec::new(),
    }
}

fn int_key(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| deref(doc, o)).and_then(|o| o.as_i64().ok())
}

/// Decodes an image XObject we understand (JPEG, or 8-bit Flate grey/RGB).
fn decode_xobject(doc: &Document, s: &lopdf::Stream, max_bytes: u64) -> Option<GrayImage> {
    let f = filters(doc, &s.dict);
    let w = usize::try_from(int_key(doc, &s.dict, b"Width")?).ok()?;
    let h = usize::try_from(int_key(doc, &s.dict, b"Height")?).ok()?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return None;
    }
    if (w * h) as u64 > max_bytes {
        return None;
    }
    let img = if f.last().map(|x| x.as_slice()) == Some(b"DCTDecode") && f.len() == 1 {
        decode_jpeg(&s.content).ok()?
    } else if f.iter().all(|x| x == b"FlateDecode") {
        if int_key(doc, &s.dict, b"BitsPerComponent") != Some(8) || (w * h) as u64 * 3 > max_bytes {
            return None;
        }
        let raw = if f.is_empty() { s.content.clone() } else { s.decompressed_content().ok()? };
        if raw.len() == w * h {
            GrayImage { width: w, height: h, data: raw }
        } else if raw.len() == w * h * 3 {
            let data = raw.chunks_exact(3).map(ink_grey).collect();
            GrayImage { width: w, height: h, data }
        } else {
            return None;
        }
    } else {
        return None;
    };
    // JPEG's own size wins over the dictionary's
    if img.width == 0 || img.height == 0 {
        return None;
    }
    if s.dict.get(b"Decode").is_ok() {
        // an inverted Decode array ([1 0]) would make ink white
        let inverted =
            s.dict.get(b"Decode").ok().and_then(|o| o.as_array().ok()).and_then(|a| a.first().and_then(number)).is_some_and(|v| v > 0.5);
        if inverted {
            let data = img.data.iter().map(|&v| 255 - v).collect();
            return Some(GrayImage { data, ..img });
        }
    }
    Some(img)
}

/// Cache-key bytes for a page that is one image: the encoded stream and the
/// page rotation, found without decoding; `None` when the page needs rendering.
pub fn single_image_key(doc: &Document, page_id: ObjectId) -> Option<Vec<u8>> {
    let page = doc.get_object(page_id).ok()?.as_dict().ok()?;
    let rotate = inherited(doc, page, b"Rotate").and_then(|o| o.as_i64().ok()).unwrap_or(0);
    let quarter = (rotate.rem_euclid(360) / 90) as u32;
    let s = single_image(doc, page)?;
    let mut key = s.content.clone();
    key.extend_from_slice(format!("/rot{quarter}").as_bytes());
    Some(key)
}

/// The page as a greyscale image: the single image XObject when the page is one
/// image, else a 300-dpi `pdftoppm -gray` rendering.
pub fn page_image(
    doc: &Document,
    page_number: u32,
    page_id: ObjectId,
    max_stream_bytes: u64,
    deadline: Option<std::time::Instant>,
) -> Result<PageImage, DocError> {
    let page = doc
        .get_object(page_id)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .ok_or_else(|| DocError::BrokenPdf(format!("page {page_number} is not a dictionary")))?;
    let rotate = inherited(doc, page, b"Rotate").and_then(|o| o.as_i64().ok()).unwrap_or(0);
    let quarter = (rotate.rem_euclid(360) / 90) as u32;
    let (mw, mh) = media_size(doc, page);
    if let Some(s) = single_image(doc, page) {
        if let Some(img) = decode_xobject(doc, s, max_stream_bytes) {
            let dpi_x = img.width as f32 * 72.0 / mw;
            let dpi_y = img.height as f32 * 72.0 / mh;
            let dpi = ((dpi_x + dpi_y) / 2.0).round().clamp(50.0, 1200.0) as u32;
            let mut key_bytes = s.content.clone();
            key_bytes.extend_from_slice(format!("/rot{quarter}").as_bytes());
            let image = img.rotate90(quarter);
            return Ok(PageImage { image, dpi, key_bytes });
        }
    }
    render_page(doc, page_number, deadline)
}

/// Renders one page with `pdftoppm -r 300 -gray` (poppler-utils).
fn render_page(doc: &Document, page_number: u32, deadline: Option<std::time::Instant>) -> Result<PageImage, DocError> {
    let dir = tempfile::Builder::new().prefix("trichxuat-render").tempdir()?;
    let pdf_path = dir.path().join("in.pdf");
    let mut copy = doc.clone();
    let mut bytes = Vec::new();
    copy.save_to(&mut bytes).map_err(|e| DocError::BrokenPdf(format!("cannot re-save PDF for rendering: {e}")))?;
    std::fs::write(&pdf_path, &bytes)?;
    let prefix = dir.path().join("p");
    let n = page_number.to_string();
    let mut cmd = std::process::Command::new("pdftoppm");
    cmd.args(["-r", "300", "-gray", "-f", &n, "-l", &n, "-singlefile"]).arg(&pdf_path).arg(&prefix);
    super::tesseract::run_with_deadline(cmd, deadline, "pdftoppm (install poppler-utils)")?;
    let out = std::fs::read(dir.path().join("p.pgm"))?;
    let image = GrayImage::from_pgm(&out)?;
    Ok(PageImage { image, dpi: 300, key_bytes: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_red_stamp_turns_pale_and_black_print_stays_dark() {
        assert!(ink_grey(&[200, 30, 40]) > 190, "red stamp");
        assert!(ink_grey(&[20, 20, 20]) < 30, "black print");
        // black print under the stamp's red is still dark
        assert!(ink_grey(&[60, 10, 10]) < 70);
        // luminance would have made the stamp as dark as print
        let luma = |p: [u32; 3]| (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
        assert!(luma([200, 30, 40]) < 90);
    }

    #[test]
    fn pgm_round_trip_and_rotation() {
        let mut img = GrayImage::new(3, 2);
        img.set(0, 0, 0);
        img.set(2, 1, 7);
        let back = GrayImage::from_pgm(&img.to_pgm()).unwrap();
        assert_eq!(back, img);
        let r = img.rotate90(1);
        assert_eq!((r.width, r.height), (2, 3));
        assert_eq!(r.get(1, 0), 0); // top-left went to top-right
        assert_eq!(r.rotate90(3), img);
        assert_eq!(img.rotate90(2).rotate90(2), img);
        assert!(GrayImage::from_pgm(b"P5\n3 2\n255\nab").is_err());
    }

    #[test]
    fn scan_page_image_comes_from_the_jpeg_at_200_dpi() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dong_nai_2020.scan.pdf")).unwrap();
        let doc = Document::load_mem(&bytes).unwrap();
        let pages = doc.get_pages();
        let (&n, &id) = pages.iter().nth(7).unwrap();
        let p = page_image(&doc, n, id, 1 << 28, None).unwrap();
        assert_eq!(p.dpi, 200);
        assert_eq!((p.image.width, p.image.height), (2339, 1654)); // landscape page
        let t = p.image.otsu_threshold();
        assert!(t > 60 && t < 200, "threshold {t}");
    }
}
