//! Content stream interpreter: runs a page's operators with the graphics state
//! (CTM, text matrix, fonts) and collects positioned glyphs, ruling segments
//! (stroked lines/rectangles, thin filled bars) and image coverage, all in
//! display coordinates (points, origin top-left, y down, page /Rotate applied).

use super::fonts::{num, Font};
use super::stream::{stream_bytes, Limits};
use crate::error::DocError;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// A 2-D affine matrix [a b c d e f].
pub type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m1` then `m2`.
fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// One shown character.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Unicode text of the code ("" when unmapped).
    pub text: String,
    /// True when the font mapped the code to Unicode.
    pub mapped: bool,
    /// Left edge of the advance box.
    pub x0: f32,
    /// Right edge of the advance box.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Effective font size in points.
    pub size: f32,
    /// Index into [`PageContent::fonts`].
    pub font: usize,
    /// Raw character code (nothing reads it yet; kept with the glyph for
    /// whoever debugs a font's decoding).
    #[allow(dead_code)]
    pub code: u32,
    /// Origin x (where the pen stood; equals `x0` for left-to-right text).
    pub px: f32,
    /// Unit vector of the baseline direction ((1, 0) for upright text).
    pub dir: (f32, f32),
    /// Advance length along the baseline.
    pub adv: f32,
}

impl Glyph {
    /// Vertical middle of the glyph body.
    pub fn cy(&self) -> f32 {
        self.y - 0.3 * self.size
    }
    /// Horizontal middle.
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    /// The glyph's box on the page (display points): its advance along the
    /// baseline, from a descent of 0.25 em below it to an ascent of 0.9 em
    /// above, turned with the baseline (vertical header text too). These are
    /// the usual proportions of the serif faces decisions are set in, so the
    /// box holds the printed glyph as `pdftotext -bbox` reports it.
    pub fn bbox(&self) -> crate::model::BBox {
        let (dx, dy) = self.dir;
        // "up" in display space (y grows downwards)
        let (ux, uy) = (dy, -dx);
        let s = self.size.max(0.0);
        let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for t in [0.0, self.adv] {
            for u in [-0.25 * s, 0.9 * s] {
                let x = self.px + t * dx + u * ux;
                let y = self.y + t * dy + u * uy;
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
        b
    }
}

/// A straight ruling segment: horizontal (`pos` = y, from `a` to `b` in x) or
/// vertical (`pos` = x, from `a` to `b` in y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    /// Direction of the rule.
    pub horizontal: bool,
    /// Its y (horizontal) or x (vertical).
    pub pos: f32,
    /// Start along the rule.
    pub a: f32,
    /// End along the rule.
    pub b: f32,
}

/// Everything the layout step needs from one page.
#[derive(Debug, Default)]
pub struct PageContent {
    /// Displayed page width (after /Rotate), points.
    pub width: f32,
    /// Displayed page height, points.
    pub height: f32,
    /// Shown characters in content order.
    pub glyphs: Vec<Glyph>,
    /// Ruling segments (table borders, underlines, frames).
    pub segs: Vec<Seg>,
    /// Sum of image areas on the page (points²), capped at the page area.
    pub image_area: f32,
    /// Fonts used on the page; [`Glyph::font`] indexes this.
    pub fonts: Vec<Rc<Font>>,
    /// Problems worth a warning (missing fonts, undecodable streams).
    pub notes: Vec<String>,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<usize>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    stroke_white: bool,
    fill_white: bool,
}

/// What the pages of one document share while they are read: fonts (and
/// their ToUnicode CMaps) parsed once, not once per page, and one budget of
/// operations for the whole document, so that thirty pages drawing the same
/// two-million-operator stream cost what one page does.
pub struct DocState {
    fonts: HashMap<ObjectId, Rc<Font>>,
    /// Operations still allowed in this document.
    ops_left: usize,
}

/// Operations one page may run (a page of text has a few thousand).
const MAX_PAGE_OPS: usize = 2_000_000;
/// Operations one document may run over all its pages.
const MAX_DOC_OPS: usize = 8_000_000;

impl DocState {
    /// A fresh state for one document.
    pub fn new() -> Self {
        DocState { fonts: HashMap::new(), ops_left: MAX_DOC_OPS }
    }

    /// Whether the document's operation budget is spent.
    pub fn exhausted(&self) -> bool {
        self.ops_left == 0
    }
}

impl Default for DocState {
    fn default() -> Self {
        Self::new()
    }
}

struct Interp<'a> {
    doc: &'a Document,
    state: &'a mut DocState,
    /// Form XObjects being drawn (innermost last), so one that draws itself is caught.
    forms: Vec<ObjectId>,
    limits: Limits,
    out: PageContent,
    font_cache: HashMap<ObjectId, usize>,
    /// Index of the stand-in font used for names missing from the resources.
    missing_font: Option<usize>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<(Vec<(f32, f32)>, bool)>,
    depth: usize,
    ops: usize,
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    let mut o = o;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

fn f(ops: &[Object], i: usize) -> f32 {
    ops.get(i).and_then(num).filter(|v| v.is_finite()).unwrap_or(0.0)
}

fn is_white(vals: &[f32]) -> bool {
    match vals.len() {
        1 | 3 => !vals.is_empty() && vals.iter().all(|v| *v >= 0.95),
        4 => vals.iter().all(|v| *v <= 0.05),
        _ => false,
    }
}

/// Page box, rotation and display matrix of a page.
pub fn page_geometry(doc: &Document, page_id: ObjectId) -> (f32, f32, Matrix) {
    let mut media = [0.0f32, 0.0, 612.0, 792.0];
    let mut rotate = 0i64;
    let mut node = doc.get_dictionary(page_id).ok();
    let mut got_box = false;
    let mut got_rot = false;
    for _ in 0..32 {
        let Some(d) = node else { break };
        if !got_box {
            let b = d.get(b"CropBox").ok().or_else(|| d.get(b"MediaBox").ok());
            if let Some(arr) = b.and_then(|o| deref(doc, o)).and_then(|o| o.as_array().ok()) {
                let v: Vec<f32> = arr.iter().filter_map(|o| deref(doc, o).and_then(num)).collect();
                if v.len() == 4 {
                    media = [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])];
                    got_box = true;
                }
            }
        }
        if !got_rot {
            if let Some(r) = d.get(b"Rotate").ok().and_then(|o| deref(doc, o)).and_then(num) {
                rotate = r as i64;
                got_rot = true;
            }
        }
        node = d.get(b"Parent").ok().and_then(|o| o.as_reference().ok()).and_then(|id| doc.get_dictionary(id).ok());
    }
    let [llx, lly, urx, ury] = media;
    let (w, h) = (urx - llx, ury - lly);
    match rotate.rem_euclid(360) {
        90 => (h, w, [0.0, 1.0, 1.0, 0.0, -lly, -llx]),
        180 => (w, h, [-1.0, 0.0, 0.0, 1.0, urx, -lly]),
        270 => (h, w, [0.0, -1.0, -1.0, 0.0, ury, urx]),
        _ => (w, h, [1.0, 0.0, 0.0, -1.0, -llx, ury]),
    }
}

/// Whether a page names content that cannot be had: a `/Contents` entry that leads to no
/// stream, or a stream that does not decode. Such a page is damage (wrong `/Length`s, lost
/// objects), not a blank page or a scan, and is worth a repair before OCR.
pub fn contents_broken(doc: &Document, page_id: ObjectId, limits: &Limits) -> bool {
    let Ok(page) = doc.get_dictionary(page_id) else { return true };
    let Ok(entry) = page.get(b"Contents") else { return false };
    let parts: Vec<&Object> = match deref(doc, entry) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(o) => vec![o],
        None => return true,
    };
    parts.into_iter().any(|c| match deref(doc, c) {
        // a stream over the size cap is refused as a bomb by the reader, not repaired
        Some(Object::Stream(s)) => stream_bytes(s, limits).is_err_and(|e| !e.to_string().contains("bomb")),
        _ => true,
    })
}

/// Runs one page's content and returns its glyphs and rulings.
pub fn interpret_page(doc: &Document, page_id: ObjectId, limits: &Limits, state: &mut DocState) -> Result<PageContent, DocError> {
    let (width, height, display) = page_geometry(doc, page_id);
    let mut content = Vec::new();
    let page = doc.get_dictionary(page_id).map_err(|e| DocError::BrokenPdf(format!("page object: {e}")))?;
    let contents: Vec<&Object> = match page.get(b"Contents").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(o) => vec![o],
        None => Vec::new(),
    };
    for c in contents {
        if let Some(Object::Stream(s)) = deref(doc, c) {
            let bytes = stream_bytes(s, limits)?;
            if (content.len() + bytes.len()) as u64 > limits.max_stream_bytes {
                return Err(DocError::BrokenPdf(format!("page content exceeds {} bytes (decompression bomb?)", limits.max_stream_bytes)));
            }
            content.extend_from_slice(&bytes);
            content.push(b'\n');
        }
    }
    let resources = page_resources(doc, page_id);
    let mut it = Interp {
        doc,
        state,
        forms: Vec::new(),
        limits: *limits,
        out: PageContent { width, height, ..Default::default() },
        font_cache: HashMap::new(),
        missing_font: None,
        gs: GState {
            ctm: display,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            stroke_white: false,
            fill_white: false,
        },
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        path: Vec::new(),
        depth: 0,
        ops: 0,
    };
    it.run(&content, &resources)?;
    let page_area = width * height;
    it.out.image_area = it.out.image_area.min(page_area);
    Ok(it.out)
}

/// The page's resource dictionary, inherited from the page tree when absent.
fn page_resources(doc: &Document, page_id: ObjectId) -> Dictionary {
    let mut node = doc.get_dictionary(page_id).ok();
    for _ in 0..32 {
        let Some(d) = node else { break };
        if let Some(Object::Dictionary(r)) = d.get(b"Resources").ok().and_then(|o| deref(doc, o)) {
            return r.clone();
        }
        node = d.get(b"Parent").ok().and_then(|o| o.as_reference().ok()).and_then(|id| doc.get_dictionary(id).ok());
    }
    Dictionary::new()
}

impl<'a> Interp<'a> {
    fn run(&mut self, content: &[u8], resources: &Dictionary) -> Result<(), DocError> {
        for op in super::lexer::Operations::new(content) {
            self.ops += 1;
            if self.ops > MAX_PAGE_OPS {
                self.out.notes.push(format!("content stream longer than {MAX_PAGE_OPS} operations; rest ignored"));
                return Ok(());
            }
            if self.state.ops_left == 0 {
                self.out.notes.push(format!("the document's budget of {MAX_DOC_OPS} operations is spent; rest ignored"));
                return Ok(());
            }
            self.state.ops_left -= 1;
            self.op(&op.operator, &op.operands, resources)?;
        }
        Ok(())
    }

    fn op(&mut self, name: &str, o: &[Object], res: &Dictionary) -> Result<(), DocError> {
        match name {
            "q"
                // deeper nesting than any real file needs: ignore further saves
                if self.stack.len() < 256 => {
                    self.stack.push(self.gs.clone());
                }
            "Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            "cm" => {
                let m = [f(o, 0), f(o, 1), f(o, 2), f(o, 3), f(o, 4), f(o, 5)];
                self.gs.ctm = mul(&m, &self.gs.ctm);
            }
            "g" | "rg" | "k" => self.gs.fill_white = is_white(&o.iter().filter_map(num).collect::<Vec<_>>()),
            "G" | "RG" | "K" => self.gs.stroke_white = is_white(&o.iter().filter_map(num).collect::<Vec<_>>()),
            "sc" | "scn" => self.gs.fill_white = is_white(&o.iter().filter_map(num).collect::<Vec<_>>()),
            "SC" | "SCN" => self.gs.stroke_white = is_white(&o.iter().filter_map(num).collect::<Vec<_>>()),
            "cs" => self.gs.fill_white = false,
            "CS" => self.gs.stroke_white = false,
            // paths
            "m" => {
                let p = apply(&self.gs.ctm, f(o, 0), f(o, 1));
                self.path.push((vec![p], false));
            }
            "l" => {
                let p = apply(&self.gs.ctm, f(o, 0), f(o, 1));
                match self.path.last_mut() {
                    Some(sp) => sp.0.push(p),
                    None => self.path.push((vec![p], false)),
                }
            }
            "c" | "v" | "y" => {
                let n = o.len();
                let p = apply(&self.gs.ctm, f(o, n.saturating_sub(2)), f(o, n.saturating_sub(1)));
                match self.path.last_mut() {
                    Some(sp) => {
                        sp.0.push(p);
                        sp.1 = true;
                    }
                    None => self.path.push((vec![p], true)),
                }
            }
            "h" => {
                if let Some(sp) = self.path.last_mut() {
                    if let Some(&first) = sp.0.first() {
                        sp.0.push(first);
                    }
                }
            }
            "re" => {
                let (x, y, w, h) = (f(o, 0), f(o, 1), f(o, 2), f(o, 3));
                let m = self.gs.ctm;
                let pts = vec![
                    apply(&m, x, y),
                    apply(&m, x + w, y),
                    apply(&m, x + w, y + h),
                    apply(&m, x, y + h),
                    apply(&m, x, y),
                ];
                self.path.push((pts, false));
            }
            "S" | "s" => self.paint(true, false, name == "s"),
            "f" | "F" | "f*" => self.paint(false, true, true),
            "B" | "B*" | "b" | "b*" => self.paint(true, true, true),
            "n" => self.path.clear(),
            // text
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            "ET" => {}
            "Tf" => {
                self.gs.size = f(o, 1);
                let fname = o.first().and_then(|n| n.as_name().ok()).map(|n| n.to_vec()).unwrap_or_default();
                self.gs.font = self.font(res, &fname)?;
            }
            "Tc" => self.gs.tc = f(o, 0),
            "Tw" => self.gs.tw = f(o, 0),
            "Tz" => self.gs.th = f(o, 0) / 100.0,
            "TL" => self.gs.tl = f(o, 0),
            "Ts" => self.gs.rise = f(o, 0),
            "Td" => self.next_line(f(o, 0), f(o, 1)),
            "TD" => {
                self.gs.tl = -f(o, 1);
                self.next_line(f(o, 0), f(o, 1));
            }
            "Tm" => {
                self.tm = [f(o, 0), f(o, 1), f(o, 2), f(o, 3), f(o, 4), f(o, 5)];
                self.tlm = self.tm;
            }
            "T*" => self.next_line(0.0, -self.gs.tl),
            "Tj" => {
                if let Some(Object::String(s, _)) = o.first() {
                    self.show(s);
                }
            }
            "'" => {
                self.next_line(0.0, -self.gs.tl);
                if let Some(Object::String(s, _)) = o.first() {
                    self.show(s);
                }
            }
            "\"" => {
                self.gs.tw = f(o, 0);
                self.gs.tc = f(o, 1);
                self.next_line(0.0, -self.gs.tl);
                if let Some(Object::String(s, _)) = o.get(2) {
                    self.show(s);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = o.first() {
                    for item in items {
                        match item {
                            Object::String(s, _) => self.show(s),
                            other => {
                                if let Some(n) = num(other) {
                                    let tx = -n / 1000.0 * self.gs.size * self.gs.th;
                                    self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                                }
                            }
                        }
                    }
                }
            }
            "Do" => {
                if let Some(n) = o.first().and_then(|n| n.as_name().ok()) {
                    self.xobject(res, n)?;
                }
            }
            "BI" | "ID" | "EI" => {
                // inline image: count its unit square
                self.image_area_add();
            }
            _ => {}
        }
        Ok(())
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, res: &Dictionary, name: &[u8]) -> Result<Option<usize>, DocError> {
        let fonts = res.get(b"Font").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok());
        let entry = fonts.and_then(|d| d.get(name).ok());
        let Some(entry) = entry else {
            if let Some(i) = self.missing_font {
                return Ok(Some(i));
            }
            self.out.notes.push(format!("font /{} not in resources", String::from_utf8_lossy(name)));
            self.out.fonts.push(Rc::new(Font::fallback()));
            self.missing_font = Some(self.out.fonts.len() - 1);
            return Ok(self.missing_font);
        };
        if let Object::Reference(id) = entry {
            if let Some(&i) = self.font_cache.get(id) {
                return Ok(Some(i));
            }
        }
        let loaded = match entry {
            Object::Reference(id) => self.state.fonts.get(id).cloned(),
            _ => None,
        };
        let font = match loaded {
            Some(f) => f,
            None => {
                let f = Rc::new(match deref(self.doc, entry).and_then(|o| o.as_dict().ok()) {
                    Some(d) => Font::load(self.doc, d, &self.limits)?,
                    None => Font::fallback(),
                });
                if let Object::Reference(id) = entry {
                    self.state.fonts.insert(*id, Rc::clone(&f));
                }
                f
            }
        };
        self.out.fonts.push(font);
        let idx = self.out.fonts.len() - 1;
        if let Object::Reference(id) = entry {
            self.font_cache.insert(*id, idx);
        }
        Ok(Some(idx))
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(fi) = self.gs.font else { return };
        let Some(font) = self.out.fonts.get(fi).cloned() else { return };
        let gs = &self.gs;
        let fs = gs.size;
        let th = gs.th;
        for cc in font.decode(bytes) {
            let trm = mul(&[fs * th, 0.0, 0.0, fs, 0.0, gs.rise], &mul(&self.tm, &gs.ctm));
            let w = cc.width / 1000.0;
            let p0 = apply(&trm, 0.0, 0.0);
            let p1 = apply(&trm, w, 0.0);
            let m = mul(&self.tm, &gs.ctm);
            let det = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
            let size = (fs * det).abs();
            let (text, mapped) = match cc.text {
                Some(t) => (t, true),
                None => (String::new(), false),
            };
            let pu = apply(&trm, 1.0, 0.0);
            let (ux, uy) = (pu.0 - p0.0, pu.1 - p0.1);
            let norm = (ux * ux + uy * uy).sqrt();
            let dir = if norm > 1e-6 { (ux / norm, uy / norm) } else { (1.0, 0.0) };
            let adv = ((p1.0 - p0.0).powi(2) + (p1.1 - p0.1).powi(2)).sqrt();
            if self.out.glyphs.len() < 500_000 && size > 0.1 && p0.0.is_finite() && p0.1.is_finite() {
                self.out.glyphs.push(Glyph {
                    px: p0.0,
                    dir,
                    adv,
                    text,
                    mapped,
                    x0: p0.0.min(p1.0),
                    x1: p0.0.max(p1.0),
                    y: p0.1,
                    size,
                    font: fi,
                    code: cc.code,
                });
            }
            let space = if !font.composite && cc.len == 1 && cc.code == 32 { gs.tw } else { 0.0 };
            let tx = (w * fs + gs.tc + space) * th;
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
        }
    }

    fn paint(&mut self, stroke: bool, fill: bool, close: bool) {
        let path = std::mem::take(&mut self.path);
        let stroke = stroke && !self.gs.stroke_white;
        let fill = fill && !self.gs.fill_white;
        for (pts, curved) in path {
            if curved || pts.len() < 2 {
                continue;
            }
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for &(x, y) in &pts {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if stroke {
                let mut edges: Vec<((f32, f32), (f32, f32))> = pts.windows(2).map(|p| (p[0], p[1])).collect();
                if close {
                    if let (Some(&a), Some(&b)) = (pts.last(), pts.first()) {
                        edges.push((a, b));
                    }
                }
                for (p, q) in edges {
                    self.add_edge(p, q);
                }
            } else if fill {
                if h < 3.0 && w > 2.0 * h && w >= 2.0 {
                    self.push_seg(Seg { horizontal: true, pos: (y0 + y1) / 2.0, a: x0, b: x1 });
                } else if w < 3.0 && h > 2.0 * w && h >= 2.0 {
                    self.push_seg(Seg { horizontal: false, pos: (x0 + x1) / 2.0, a: y0, b: y1 });
                }
            }
        }
    }

    fn add_edge(&mut self, p: (f32, f32), q: (f32, f32)) {
        let (dx, dy) = ((q.0 - p.0).abs(), (q.1 - p.1).abs());
        if dy < 1.0 && dx >= 2.0 {
            self.push_seg(Seg { horizontal: true, pos: (p.1 + q.1) / 2.0, a: p.0.min(q.0), b: p.0.max(q.0) });
        } else if dx < 1.0 && dy >= 2.0 {
            self.push_seg(Seg { horizontal: false, pos: (p.0 + q.0) / 2.0, a: p.1.min(q.1), b: p.1.max(q.1) });
        }
    }

    fn push_seg(&mut self, s: Seg) {
        if self.out.segs.len() < 50_000 && s.pos.is_finite() && s.a.is_finite() && s.b.is_finite() {
            self.out.segs.push(s);
        }
    }

    fn image_area_add(&mut self) {
        let m = self.gs.ctm;
        let pts = [apply(&m, 0.0, 0.0), apply(&m, 1.0, 0.0), apply(&m, 0.0, 1.0), apply(&m, 1.0, 1.0)];
        let xs = pts.iter().map(|p| p.0);
        let ys = pts.iter().map(|p| p.1);
        let w = xs.clone().fold(f32::MIN, f32::max) - xs.fold(f32::MAX, f32::min);
        let h = ys.clone().fold(f32::MIN, f32::max) - ys.fold(f32::MAX, f32::min);
        if w.is_finite() && h.is_finite() {
            self.out.image_area += (w * h).abs();
        }
    }

    fn xobject(&mut self, res: &Dictionary, name: &[u8]) -> Result<(), DocError> {
        let xo = res.get(b"XObject").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok()).and_then(|d| d.get(name).ok());
        let Some(stream) = xo.and_then(|o| deref(self.doc, o)).and_then(|o| o.as_stream().ok()) else {
            return Ok(());
        };
        let form_id = xo.and_then(|o| o.as_reference().ok());
        let subtype = stream.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()).unwrap_or(b"");
        if subtype == b"Image" {
            self.image_area_add();
            return Ok(());
        }
        if subtype != b"Form" || self.depth >= 8 {
            return Ok(());
        }
        if let Some(id) = form_id {
            if self.forms.contains(&id) {
                self.out.notes.push(format!("form XObject {} {} R draws itself; the repeat is skipped", id.0, id.1));
                return Ok(());
            }
        }
        let bytes = stream_bytes(stream, &self.limits)?;
        let saved = (self.gs.clone(), self.stack.len(), self.tm, self.tlm);
        if let Some(Object::Array(m)) = stream.dict.get(b"Matrix").ok().and_then(|o| deref(self.doc, o)) {
            let v: Vec<f32> = m.iter().filter_map(num).collect();
            if v.len() == 6 {
                let mm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                self.gs.ctm = mul(&mm, &self.gs.ctm);
            }
        }
        let inner = match stream.dict.get(b"Resources").ok().and_then(|o| deref(self.doc, o)) {
            Some(Object::Dictionary(d)) => d.clone(),
            _ => res.clone(),
        };
        // fonts loaded inside a form are keyed by object id, so the cache stays valid
        self.depth += 1;
        self.forms.extend(form_id);
        let r = self.run(&bytes, &inner);
        if form_id.is_some() {
            self.forms.pop();
        }
        self.depth -= 1;
        self.gs = saved.0;
        self.stack.truncate(saved.1);
        self.tm = saved.2;
        self.tlm = saved.3;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_order() {
        // translate then scale: point (1,1) → (2+10)*... check composition order
        let t = [1.0, 0.0, 0.0, 1.0, 10.0, 0.0];
        let s = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let m = mul(&t, &s); // apply t first, then s
        assert_eq!(apply(&m, 1.0, 1.0), (22.0, 2.0));
    }

    #[test]
    fn white_detection() {
        assert!(is_white(&[1.0]));
        assert!(is_white(&[0.0, 0.0, 0.0, 0.0]));
        assert!(!is_white(&[0.0, 0.0, 0.0]));
    }
}
