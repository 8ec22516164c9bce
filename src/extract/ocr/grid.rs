//! Table grids from ruling lines in a binarised, levelled page image.
//!
//! Long horizontal and vertical ink runs become line segments; segments that
//! do not meet the other direction at both ends (text strokes, underlines) are
//! dropped; connected lines form a table whose row and column boundaries are
//! the distinct line positions. A boundary missing between two grid cells
//! means a merged (spanned) cell.

use crate::extract::grid::{Grid, GridCell};

/// A ruling line: `pos` across, `start..=end` along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// y for a horizontal rule, x for a vertical one (centre of its thickness).
    pub pos: f32,
    /// First pixel along the rule.
    pub start: usize,
    /// Last pixel along the rule.
    pub end: usize,
    /// Thickness in pixels.
    pub thick: usize,
}

/// Runs of ink along each scan line (rows when `horizontal`), bridging gaps of
/// up to `gap` pixels, at least `min_len` long and at least `min_fill` ink
/// (so that a rule broken by dropouts is still one run, while the row through
/// a line of text, whose gaps are bridged too, is mostly paper and is not):
/// (across, start, end).
fn runs(mask: &[bool], w: usize, h: usize, horizontal: bool, gap: usize, min_len: usize, min_fill: f32) -> Vec<(usize, usize, usize)> {
    let (outer, inner) = if horizontal { (h, w) } else { (w, h) };
    let at = |o: usize, i: usize| -> bool {
        let idx = if horizontal { o * w + i } else { i * w + o };
        mask.get(idx).copied().unwrap_or(false)
    };
    let mut out = Vec::new();
    let keep = |s: usize, last: usize, ink: usize| {
        let len = last + 1 - s;
        len >= min_len && ink as f32 >= min_fill * len as f32
    };
    for o in 0..outer {
        let mut start: Option<usize> = None;
        let mut last_ink = 0usize;
        let mut ink = 0usize;
        for i in 0..inner {
            if at(o, i) {
                if start.is_none() {
                    start = Some(i);
                    ink = 0;
                }
                last_ink = i;
                ink += 1;
            } else if let Some(s) = start {
                if i - last_ink > gap {
                    if keep(s, last_ink, ink) {
                        out.push((o, s, last_ink));
                    }
                    start = None;
                }
            }
        }
        if let Some(s) = start {
            if keep(s, last_ink, ink) {
                out.push((o, s, last_ink));
            }
        }
    }
    out
}

/// Groups runs on adjacent scan lines that overlap into rules; drops thick blobs.
fn group_runs(mut rs: Vec<(usize, usize, usize)>, max_thick: usize) -> Vec<Rule> {
    rs.sort();
    // open groups: (first across, last across, start, end, weighted sum of across, count)
    struct G {
        first: usize,
        last: usize,
        start: usize,
        end: usize,
        sum: f64,
        n: f64,
    }
    let mut done: Vec<G> = Vec::new();
    let mut open: Vec<G> = Vec::new();
    for (o, s, e) in rs {
        // close groups that ended more than one line ago
        let mut i = 0;
        while i < open.len() {
            if open[i].last + 1 < o {
                done.push(open.swap_remove(i));
            } else {
                i += 1;
            }
        }
        let len = (e - s + 1) as f64;
        let hit = open.iter_mut().find(|g| {
            g.last + 1 >= o && g.last != o && {
                let ov = g.end.min(e) as i64 - g.start.max(s) as i64;
                ov > 0 && ov as f64 >= 0.5 * ((g.end - g.start).min(e - s) as f64)
            }
        });
        match hit {
            Some(g) => {
                g.last = o;
                g.start = g.start.min(s);
                g.end = g.end.max(e);
                g.sum += o as f64 * len;
                g.n += len;
            }
            None => open.push(G { first: o, last: o, start: s, end: e, sum: o as f64 * len, n: len }),
        }
    }
    done.extend(open);
    done.into_iter()
        .filter(|g| g.last - g.first < max_thick)
        .map(|g| Rule { pos: (g.sum / g.n.max(1.0)) as f32, start: g.start, end: g.end, thick: g.last - g.first + 1 })
        .collect()
}

/// Joins collinear pieces of one rule broken by faint pixels.
fn join_collinear(mut rules: Vec<Rule>, pos_tol: f32, gap: usize) -> Vec<Rule> {
    rules.sort_by_key(|r| r.start);
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        if let Some(p) = out.iter_mut().find(|p| (p.pos - r.pos).abs() <= pos_tol && r.start <= p.end + gap && r.end + gap >= p.start) {
            let la = (p.end - p.start + 1) as f32;
            let lb = (r.end - r.start + 1) as f32;
            p.pos = (p.pos * la + r.pos * lb) / (la + lb);
            p.start = p.start.min(r.start);
            p.end = p.end.max(r.end);
            p.thick = p.thick.max(r.thick);
        } else {
            out.push(r);
        }
    }
    out
}

/// True when rule `a` (one direction) reaches rule `b` (other direction) near
/// position `at` along `a`.
fn meets(b: &Rule, a_pos: f32, at: usize, tol: f32) -> bool {
    ((b.pos - at as f32).abs() <= tol) && (b.start as f32 - tol <= a_pos) && (a_pos <= b.end as f32 + tol)
}

/// True when the scan lines just beside a rule (`side` pixels beyond its
/// thickness, both sides) are mostly paper along its length: a ruling line.
/// A run found through the middle of a line of bold or blurred text has ink
/// above and below it.
fn isolated(mask: &[bool], w: usize, h: usize, r: &Rule, horizontal: bool, side: usize) -> bool {
    let half = r.thick / 2 + 1 + side;
    let p = r.pos.round() as i64;
    let ink_at = |across: i64| -> f32 {
        if across < 0 {
            return 0.0;
        }
        let a = across as usize;
        let (mut n, mut ink) = (0usize, 0usize);
        for i in r.start..=r.end {
            let idx = if horizontal { (a < h && i < w).then(|| a * w + i) } else { (a < w && i < h).then(|| i * w + a) };
            if let Some(idx) = idx {
                n += 1;
                ink += usize::from(mask.get(idx).copied().unwrap_or(false));
            }
        }
        if n == 0 {
            0.0
        } else {
            ink as f32 / n as f32
        }
    };
    let (above, below) = (ink_at(p - half as i64), ink_at(p + half as i64));
    above.max(below) < 0.25
}

/// Extends a long rule whose end stops a little short of a crossing rule
/// (its last stretch faded away) to that rule. Only rules at least `min_len`
/// long are extended (a text stroke is shorter), by at most `reach`.
fn snap_ends(rules: &mut [Rule], across: &[Rule], min_len: usize, reach: f32, tol: f32) {
    for r in rules.iter_mut() {
        if r.end - r.start + 1 < min_len {
            continue;
        }
        let crosses = |b: &&Rule| b.start as f32 - tol <= r.pos && r.pos <= b.end as f32 + tol;
        let before = across
            .iter()
            .filter(crosses)
            .filter(|b| b.pos < r.start as f32 && r.start as f32 - b.pos <= reach)
            .map(|b| b.pos)
            .fold(None, |m: Option<f32>, p| Some(m.map_or(p, |m| m.max(p))));
        if let Some(p) = before {
            r.start = p.max(0.0) as usize;
        }
        let after = across
            .iter()
            .filter(crosses)
            .filter(|b| b.pos > r.end as f32 && b.pos - r.end as f32 <= reach)
            .map(|b| b.pos)
            .fold(None, |m: Option<f32>, p| Some(m.map_or(p, |m| m.min(p))));
        if let Some(p) = after {
            r.end = p.max(0.0) as usize;
        }
    }
}

/// How many rules of the other direction `r` crosses or touches.
fn crossings(r: &Rule, across: &[Rule], tol: f32) -> usize {
    across
        .iter()
        .filter(|b| {
            b.pos >= r.start as f32 - tol && b.pos <= r.end as f32 + tol && r.pos >= b.start as f32 - tol && r.pos <= b.end as f32 + tol
        })
        .count()
}

/// Keeps only rules that belong to a grid: whose two ends each meet a rule
/// of the other direction, or (on a worn page, an end faded away) that cross three of them.
fn prune(hs: &mut Vec<Rule>, vs: &mut Vec<Rule>, tol: f32, worn: bool) {
    let min_crossings = if worn { 3 } else { usize::MAX };
    for _ in 0..20 {
        let nh = hs.len();
        let nv = vs.len();
        let keep_h: Vec<Rule> = hs
            .iter()
            .filter(|h| {
                (vs.iter().any(|v| meets(v, h.pos, h.start, tol)) && vs.iter().any(|v| meets(v, h.pos, h.end, tol)))
                    || crossings(h, vs, tol) >= min_crossings
            })
            .copied()
            .collect();
        let keep_v: Vec<Rule> = vs
            .iter()
            .filter(|v| {
                (keep_h.iter().any(|h| meets(h, v.pos, v.start, tol)) && keep_h.iter().any(|h| meets(h, v.pos, v.end, tol)))
                    || crossings(v, &keep_h, tol) >= min_crossings
            })
            .copied()
            .collect();
        *hs = keep_h;
        *vs = keep_v;
        if hs.len() == nh && vs.len() == nv {
            break;
        }
    }
}

/// Clusters positions closer than `tol` into their means, ascending.
fn cluster(mut ps: Vec<f32>, tol: f32) -> Vec<f32> {
    ps.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<(f32, usize)> = Vec::new();
    for p in ps {
        match out.last_mut() {
            Some((m, n)) if (p - *m / *n as f32).abs() <= tol => {
                *m += p;
                *n += 1;
            }
            _ => out.push((p, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

struct Dsu(Vec<usize>);
impl Dsu {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut j = i;
        while self.0[j] != r {
            let n = self.0[j];
            self.0[j] = r;
            j = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Finds the ruled tables of a clean page from its ink mask (`true` = ink):
/// rules whole but for specks (gaps of a hundredth of an inch), both ends of
/// every rule on a rule of the other direction.
pub fn find_tables(mask: &[bool], w: usize, h: usize, dpi: u32) -> Vec<Grid> {
    find_tables_with(mask, None, w, h, dpi, false)
}

/// Finds the ruled tables of a worn page (photocopy, faint print, speckle,
/// blur): rules broken by dropouts and faded in stretches. Runs bridge gaps of
/// 0.04 in but must be three-quarters ink and have paper on both sides (rows
/// through text do not); collinear pieces up to half an inch apart are one
/// rule; a long rule stopping just short of a crossing rule reaches it; a rule
/// whose end faded away is kept when it crosses three rules of the grid.
pub fn find_tables_worn(mask: &[bool], w: usize, h: usize, dpi: u32) -> Vec<Grid> {
    find_tables_with(mask, None, w, h, dpi, true)
}

/// Finds the ruled tables of a page from a mask of its rules alone (see
/// [`super::paper::rule_masks`]), with the tolerance of [`find_tables_worn`];
/// `ink` (the page's ink, rules and print) says which stretches of the grid
/// are ruled and which run through a merged cell's text.
pub fn find_tables_ruled(rules: &[bool], ink: &[bool], w: usize, h: usize, dpi: u32) -> Vec<Grid> {
    find_tables_with(rules, Some(ink), w, h, dpi, true)
}

/// `ink`: the page's print with every thin-line pixel, when `mask` holds the
/// rules alone; `None` when `mask` is the binarised page itself.
fn find_tables_with(mask: &[bool], ink: Option<&[bool]>, w: usize, h: usize, dpi: u32, worn: bool) -> Vec<Grid> {
    let (ink, faded) = match ink {
        Some(ink) => (ink, false),
        None => (mask, true),
    };
    let hgt = h;
    if mask.len() != w * h || ink.len() != w * h || w == 0 || h == 0 {
        return Vec::new();
    }
    let px = |inch: f32| ((inch * dpi as f32).round() as usize).max(1);
    let max_thick = px(0.05).max(4);
    let tol = px(0.03).max(5) as f32;
    let (mut hs, mut vs);
    if worn {
        let gap = px(0.04).max(2);
        let hr = runs(mask, w, h, true, gap, px(0.2), 0.75);
        let vr = runs(mask, w, h, false, gap, px(0.12), 0.75);
        let side = px(0.03).max(3);
        let hr = group_runs(hr, max_thick).into_iter().filter(|r| isolated(mask, w, h, r, true, side)).collect();
        let vr = group_runs(vr, max_thick).into_iter().filter(|r| isolated(mask, w, h, r, false, side)).collect();
        hs = join_collinear(hr, 2.5, px(0.5));
        vs = join_collinear(vr, 2.5, px(0.5));
        snap_ends(&mut hs, &vs, px(0.2), px(0.12) as f32, tol);
        snap_ends(&mut vs, &hs, px(0.2), px(0.12) as f32, tol);
    } else {
        let gap = px(0.01).max(2);
        let hr = runs(mask, w, h, true, gap, px(0.2), 0.0);
        let vr = runs(mask, w, h, false, gap, px(0.12), 0.0);
        hs = join_collinear(group_runs(hr, max_thick), 2.5, px(0.04));
        vs = join_collinear(group_runs(vr, max_thick), 2.5, px(0.04));
    }
    prune(&mut hs, &mut vs, tol, worn);
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    restore_lost_frame(mask, w, h, dpi, &mut hs, &mut vs, tol);
    // connected components of touching rules (horizontals 0..nh, verticals after)
    let nh = hs.len();
    let mut dsu = Dsu((0..nh + vs.len()).collect());
    for (i, hr) in hs.iter().enumerate() {
        for (j, vr) in vs.iter().enumerate() {
            let cross = vr.pos >= hr.start as f32 - tol
                && vr.pos <= hr.end as f32 + tol
                && hr.pos >= vr.start as f32 - tol
                && hr.pos <= vr.end as f32 + tol;
            if cross {
                dsu.union(i, nh + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> = Default::default();
    for (i, r) in hs.iter().enumerate() {
        let root = dsu.find(i);
        groups.entry(root).or_default().0.push(*r);
    }
    for (j, r) in vs.iter().enumerate() {
        let root = dsu.find(nh + j);
        groups.entry(root).or_default().1.push(*r);
    }
    let mut tables: Vec<Grid> = groups
        .into_values()
        .flat_map(|(h, v)| split_stacked(h, v, tol))
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .filter_map(|(h, v)| build_grid(&h, &v, tol, Ink { mask: ink, w, h: hgt, faded }))
        // a lone frame (one column) boxes prose, it is not a table
        .filter(|g| g.cols() >= 2)
        .collect();
    tables.sort_by(|a, b| a.bbox().1.total_cmp(&b.bbox().1));
    tables
}

/// How far the ink of a rule at `pos` (x of a vertical when `along_y`, else
/// y of a horizontal) runs on beyond `from`, stepping by `dir`, bridging gaps
/// up to `gap` and looking no further than `max`: 0 when it stops there.
#[allow(clippy::too_many_arguments)] // one walk over the mask, all of it needed
fn run_on(mask: &[bool], w: usize, h: usize, pos: f32, from: f32, dir: i64, along_y: bool, gap: usize, max: usize) -> usize {
    let p = pos.round() as i64;
    let f = from.round() as i64;
    let ink = |k: i64| -> bool {
        (-2..=2).any(|d| {
            let (x, y) = if along_y { (p + d, f + dir * k) } else { (f + dir * k, p + d) };
            x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h && mask[y as usize * w + x as usize]
        })
    };
    let mut last = 0usize;
    for k in 1..=max {
        if ink(k as i64) {
            last = k;
        } else if k - last > gap {
            break;
        }
    }
    last
}

/// Puts back an outer rule that faded away (a photocopy loses a table's frame
/// first, and with it the header row above it): when most of the table's
/// verticals run on above its top rule by the same length, a row lost its top
/// rule there, and a rule is restored where they end, with the verticals
/// beside that row. The same below the bottom rule, and along the horizontals
/// left of the first vertical and right of the last.
fn restore_lost_frame(mask: &[bool], w: usize, h: usize, dpi: u32, hs: &mut Vec<Rule>, vs: &mut Vec<Rule>, tol: f32) {
    let px = |inch: f32| ((inch * dpi as f32).round() as usize).max(1);
    let (gap, min, max, agree) = (px(0.08), px(0.15), px(1.2), px(0.08) as f32);
    for side in 0..4 {
        let xs = cluster(vs.iter().map(|r| r.pos).collect(), tol);
        let ys = cluster(hs.iter().map(|r| r.pos).collect(), tol);
        let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) = (xs.first(), xs.last(), ys.first(), ys.last()) else {
            return;
        };
        // (the rules crossing the edge, where the edge is, which way is out, along y)
        let (across, edge, dir, along_y) = match side {
            0 => (&xs, y0, -1, true),
            1 => (&xs, y1, 1, true),
            2 => (&ys, x0, -1, false),
            _ => (&ys, x1, 1, false),
        };
        let ext: Vec<(f32, usize)> = across.iter().map(|&p| (p, run_on(mask, w, h, p, edge, dir, along_y, gap, max))).collect();
        let mut long: Vec<usize> = ext.iter().map(|e| e.1).filter(|&e| e >= min).collect();
        let needed = (across.len() * 3).div_ceil(5).max(2);
        if long.len() < needed {
            continue;
        }
        long.sort_unstable();
        let median = long[long.len() / 2] as f32;
        let with: Vec<f32> = ext.iter().filter(|e| (e.1 as f32 - median).abs() <= agree).map(|e| e.0).collect();
        if with.len() < needed {
            continue;
        }
        let new_edge = edge + dir as f32 * median;
        let (lo, hi) = (edge.min(new_edge).max(0.0) as usize, edge.max(new_edge).max(0.0) as usize);
        let (first, last) = (across[0].max(0.0) as usize, across[across.len() - 1].max(0.0) as usize);
        let frame = Rule { pos: new_edge, start: first, end: last, thick: 1 };
        let sides = with.iter().map(|&p| Rule { pos: p, start: lo, end: hi, thick: 1 });
        if along_y {
            hs.push(frame);
            vs.extend(sides);
        } else {
            vs.push(frame);
            hs.extend(sides);
        }
    }
}

/// Splits tables printed one right under the other (their rules touch) where
/// the columns change: from a row on, the verticals stand elsewhere than in
/// the rows above, and the rows above had verticals this row lacks. One grid
/// over both would give each table the other's columns too, every second cell
/// empty. A header whose spans hide some columns, or a section row with none,
/// only lacks columns; it has none of its own, and stays.
fn split_stacked(hs: Vec<Rule>, vs: Vec<Rule>, tol: f32) -> Vec<(Vec<Rule>, Vec<Rule>)> {
    let ys = cluster(hs.iter().map(|r| r.pos).collect(), tol);
    let columns = |i: usize| -> Vec<f32> {
        let mid = (ys[i] + ys[i + 1]) / 2.0;
        cluster(vs.iter().filter(|v| v.start as f32 <= mid && mid <= v.end as f32).map(|v| v.pos).collect(), tol)
    };
    let apart = |a: &[f32], b: &[f32]| a.iter().filter(|&&x| !b.iter().any(|&y| (x - y).abs() <= tol)).count();
    let union = |rows: &[Vec<f32>]| cluster(rows.iter().flatten().copied().collect(), tol);
    let rows: Vec<Vec<f32>> = (0..ys.len().saturating_sub(1)).map(columns).collect();
    let mut cuts = Vec::new();
    let mut first = 0;
    for i in 1..rows.len() {
        let above = union(&rows[first..i]);
        if apart(&rows[i], &above) < 2 || apart(&above, &rows[i]) < 2 {
            continue;
        }
        // the lower table's header rows (spans hide some of its columns) go
        // with it: rows just above that stand on its columns, not on the upper's
        let mut k = i;
        while k - 1 > first && apart(&rows[k - 1], &rows[i]) == 0 && apart(&rows[k - 1], &union(&rows[first..k - 1])) > 0 {
            k -= 1;
        }
        cuts.push(ys[k]);
        first = k;
    }
    if cuts.is_empty() {
        return vec![(hs, vs)];
    }
    let mut bounds = vec![f32::MIN];
    bounds.extend(&cuts);
    bounds.push(f32::MAX);
    bounds
        .windows(2)
        .map(|b| {
            let (top, bottom) = (b[0], b[1]);
            let h: Vec<Rule> = hs.iter().filter(|r| r.pos >= top - tol && r.pos <= bottom + tol).copied().collect();
            let v: Vec<Rule> = vs
                .iter()
                .filter(|r| (r.start as f32) < bottom - tol && (r.end as f32) > top + tol)
                .map(|r| Rule { start: r.start.max(top.max(0.0) as usize), end: r.end.min(bottom.max(0.0) as usize), ..*r })
                .collect();
            (h, v)
        })
        .collect()
}

/// The page's ink mask with its size.
#[derive(Clone, Copy)]
struct Ink<'a> {
    mask: &'a [bool],
    w: usize,
    h: usize,
    /// Whether a stretch of a found rule with no ink at all is a rule faded
    /// away (a binarised page loses faint rules) rather than a merged cell's
    /// open space. Not on a mask that keeps faint rules (their printed
    /// thin-line pixels are in it).
    faded: bool,
}

impl Ink<'_> {
    fn at(&self, x: i64, y: i64) -> bool {
        x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h && self.mask[y as usize * self.w + x as usize]
    }

    /// Along the stretch of a grid line between two crossings: the share of
    /// points with ink on the line and paper a little to either side (a rule,
    /// whole or dashed), and the share with ink beside it (letters).
    fn trace(&self, pos: f32, from: f32, to: f32, horizontal: bool, thick: f32, tol: f32) -> Option<(f32, f32)> {
        let (a, b) = ((from + tol).round() as i64, (to - tol).round() as i64);
        if b <= a {
            return None;
        }
        let p = pos.round() as i64;
        let side = (thick / 2.0).ceil() as i64 + 4;
        let at = |along: i64, off: i64| if horizontal { self.at(along, p + off) } else { self.at(p + off, along) };
        let (mut line, mut crossed) = (0usize, 0usize);
        for k in a..=b {
            if at(k, -side) || at(k, side) {
                crossed += 1;
            } else if (-1..=1).any(|d| at(k, d)) {
                line += 1;
            }
        }
        let n = (b - a + 1) as f32;
        Some((line as f32 / n, crossed as f32 / n))
    }

    /// Whether a stretch that a found rule covers is drawn: enough of it is
    /// a line, or (faded) there is little ink beside it. A rule that ran on
    /// through the letters of a merged cell (a row's text crossing a column's
    /// line) has ink beside it all along.
    fn drawn(&self, pos: f32, from: f32, to: f32, horizontal: bool, thick: f32, tol: f32) -> bool {
        self.trace(pos, from, to, horizontal, thick, tol).is_none_or(|(line, crossed)| line >= 0.3 || (self.faded && crossed < 0.15))
    }

    /// Whether a stretch that no found rule covers is still a rule, broken
    /// into dashes too short to be found as one (a photocopy fades a narrow
    /// column's piece first): most of it is a line with paper beside it. A
    /// merged cell has no line there at all.
    fn dashed(&self, pos: f32, from: f32, to: f32, horizontal: bool, thick: f32, tol: f32) -> bool {
        self.trace(pos, from, to, horizontal, thick, tol).is_some_and(|(line, crossed)| line >= 0.4 && crossed < 0.15)
    }
}

/// The bounding grid box (first row, first column, last row, last column)
/// of each merged cell, by its root.
fn merged_boxes(dsu: &mut Dsu, nr: usize, nc: usize) -> std::collections::BTreeMap<usize, (usize, usize, usize, usize)> {
    let mut boxes: std::collections::BTreeMap<usize, (usize, usize, usize, usize)> = Default::default();
    for r in 0..nr {
        for c in 0..nc {
            let root = dsu.find(r * nc + c);
            let e = boxes.entry(root).or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    boxes
}

/// Grid rows/columns and merged cells of one group of connected rules.
fn build_grid(hs: &[Rule], vs: &[Rule], tol: f32, ink: Ink<'_>) -> Option<Grid> {
    let xs = cluster(vs.iter().map(|r| r.pos).collect(), tol);
    let ys = cluster(hs.iter().map(|r| r.pos).collect(), tol);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (nc, nr) = (xs.len() - 1, ys.len() - 1);
    let thick_h = hs.iter().map(|r| r.thick).max().unwrap_or(2) as f32;
    let thick_v = vs.iter().map(|r| r.thick).max().unwrap_or(2) as f32;
    // a boundary exists when a rule at that position covers the middle of the edge
    let v_edge = |r: usize, c: usize| -> bool {
        let (x, mid) = (xs[c], (ys[r] + ys[r + 1]) / 2.0);
        if vs.iter().any(|v| (v.pos - x).abs() <= tol && v.start as f32 <= mid && mid <= v.end as f32) {
            ink.drawn(x, ys[r], ys[r + 1], false, thick_v, tol)
        } else {
            ink.dashed(x, ys[r], ys[r + 1], false, thick_v, tol)
        }
    };
    let h_edge = |r: usize, c: usize| -> bool {
        let (y, mid) = (ys[r], (xs[c] + xs[c + 1]) / 2.0);
        if hs.iter().any(|h| (h.pos - y).abs() <= tol && h.start as f32 <= mid && mid <= h.end as f32) {
            ink.drawn(y, xs[c], xs[c + 1], true, thick_h, tol)
        } else {
            ink.dashed(y, xs[c], xs[c + 1], true, thick_h, tol)
        }
    };
    let mut dsu = Dsu((0..nr * nc).collect());
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !v_edge(r, c + 1) {
                dsu.union(r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && !h_edge(r + 1, c) {
                dsu.union(r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    let mut boxes = merged_boxes(&mut dsu, nr, nc);
    // A merged cell is a rectangle. A region that is not (a header cell
    // joined to the section row under it through one faded stretch of rule)
    // would overlap its neighbours and read their text twice: there only the
    // joins along a row stand, each row's run a cell of its own.
    let roots: Vec<usize> = (0..nr * nc).map(|k| dsu.find(k)).collect();
    let mut members: std::collections::HashMap<usize, usize> = Default::default();
    for &root in &roots {
        *members.entry(root).or_default() += 1;
    }
    let ragged: Vec<bool> =
        roots.iter().map(|root| boxes.get(root).is_some_and(|&(r0, c0, r1, c1)| members[root] != (r1 - r0 + 1) * (c1 - c0 + 1))).collect();
    if ragged.iter().any(|&b| b) {
        let mut rows_only = Dsu((0..nr * nc).collect());
        for r in 0..nr {
            for c in 0..nc {
                let k = r * nc + c;
                if c + 1 < nc && roots[k] == roots[k + 1] {
                    rows_only.union(k, k + 1);
                }
                if r + 1 < nr && !ragged[k] && roots[k] == roots[k + nc] {
                    rows_only.union(k, k + nc);
                }
            }
        }
        dsu = rows_only;
        boxes = merged_boxes(&mut dsu, nr, nc);
    }
    let inset_x = (thick_v / 2.0 + 3.0).ceil();
    let inset_y = (thick_h / 2.0 + 3.0).ceil();
    // cells in row-major order of their top-left grid cell; each grid cell covered by its region's
    let mut regions: Vec<(usize, (usize, usize, usize, usize))> = boxes.into_iter().collect();
    regions.sort_by_key(|(_, (r0, c0, _, _))| (*r0, *c0));
    let index: std::collections::BTreeMap<usize, usize> = regions.iter().enumerate().map(|(i, (root, _))| (*root, i)).collect();
    let cover = (0..nr * nc).map(|k| index.get(&dsu.find(k)).copied().unwrap_or(0)).collect();
    let cells =
        regions.into_iter().map(|(_, (r0, c0, r1, c1))| GridCell { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 }).collect();
    Some(Grid::new(xs, ys, cells, cover, [inset_x, inset_y]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws a 3×3 grid whose top-left two cells are merged and whose middle
    /// row is merged across columns 1–2, plus a stray text-like stroke.
    fn synthetic() -> (Vec<bool>, usize, usize) {
        let (w, h) = (400usize, 300usize);
        let mut m = vec![false; w * h];
        let hline = |m: &mut Vec<bool>, y: usize, x0: usize, x1: usize| {
            for yy in y..y + 2 {
                for x in x0..=x1 {
                    m[yy * w + x] = true;
                }
            }
        };
        let xs = [20usize, 120, 250, 380];
        let ys = [20usize, 100, 180, 280];
        hline(&mut m, ys[0], xs[0], xs[3]);
        hline(&mut m, ys[1], xs[2], xs[3]); // row 0 cols 0-1 merged with row 1? no: only cols 0..1 have no rule → vertical merge
        hline(&mut m, ys[2], xs[0], xs[3]);
        hline(&mut m, ys[3], xs[0], xs[3]);
        let vline = |m: &mut Vec<bool>, x: usize, y0: usize, y1: usize| {
            for xx in x..x + 2 {
                for y in y0..=y1 {
                    m[y * w + xx] = true;
                }
            }
        };
        vline(&mut m, xs[0], ys[0], ys[3] + 1);
        vline(&mut m, xs[1], ys[2], ys[3] + 1); // col boundary 1 only in the last row
        vline(&mut m, xs[2], ys[0], ys[3] + 1);
        vline(&mut m, xs[3], ys[0], ys[3] + 1);
        // a stroke of text inside a cell must not become a rule
        vline(&mut m, 300, 200, 240);
        (m, w, h)
    }

    #[test]
    fn grid_with_merged_cells() {
        let (m, w, h) = synthetic();
        let t = find_tables(&m, w, h, 200);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.rows(), g.cols()), (3, 3));
        // rows 0-1 × cols 0-1 form one merged cell; (0,2) and (1,2) separate; last row 3 cells
        let first = &g.cells[0];
        assert_eq!((first.row, first.col, first.rows, first.cols), (0, 0, 2, 2));
        assert_eq!(g.cells.len(), 1 + 2 + 3);
        assert!(g.cells.iter().map(|c| g.interior(c)).all(|b| b[2] > b[0] && b[3] > b[1]));
    }

    /// A 3×4 grid like a table's head: a header row of four cells over a
    /// section row merged across columns 1–3, and one stretch of the rule
    /// between them missing under column 1 only (faded on a photocopy).
    #[test]
    fn a_header_cell_joined_to_the_row_under_it_is_no_ragged_cell() {
        let (w, h) = (500usize, 320usize);
        let mut m = vec![false; w * h];
        let xs = [20usize, 120, 240, 360, 480];
        let ys = [20usize, 100, 180, 300];
        for (k, &y) in ys.iter().enumerate() {
            for x in xs[0]..=xs[4] {
                // the rule under the header is missing over column 1
                if !(k == 1 && x > xs[1] + 2 && x < xs[2] - 2) {
                    m[y * w + x] = true;
                    m[(y + 1) * w + x] = true;
                }
            }
        }
        for (k, &x) in xs.iter().enumerate() {
            for y in ys[0]..=ys[3] {
                // the section row (row 1) prints no verticals inside columns 1–3
                let inside_section = (2..=3).contains(&k) && y > ys[1] + 2 && y < ys[2] - 2;
                if !inside_section {
                    m[y * w + x] = true;
                    m[y * w + x + 1] = true;
                }
            }
        }
        let t = find_tables(&m, w, h, 200);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.rows(), g.cols()), (3, 4));
        let spans: Vec<(usize, usize, usize, usize)> = g.cells.iter().map(|c| (c.row, c.col, c.rows, c.cols)).collect();
        // the header keeps its four cells and the section row is one cell
        // under them: no cell spans both rows
        assert!(spans.contains(&(1, 1, 1, 3)), "{spans:?}");
        assert!(spans.iter().all(|&(r, _, rows, _)| r + rows <= 1 || r >= 1), "{spans:?}");
        for c in 0..4 {
            assert!(spans.contains(&(0, c, 1, 1)), "header cell {c}: {spans:?}");
        }
        // every grid cell is covered once: no two cells overlap
        let area: usize = spans.iter().map(|&(_, _, r, c)| r * c).sum();
        assert_eq!(area, 12, "{spans:?}");
    }

    #[test]
    fn no_table_on_blank_or_text_only_mask() {
        let (w, h) = (100usize, 100usize);
        let mut m = vec![false; w * h];
        for x in 10..90 {
            m[50 * w + x] = true; // a lone underline
        }
        assert!(find_tables(&m, w, h, 200).is_empty());
        assert!(find_tables(&[], 0, 0, 200).is_empty());
        // a framed paragraph is not a table
        let mut m = vec![false; w * h];
        for i in 10..90 {
            for t in 0..2 {
                m[(10 + t) * w + i] = true;
                m[(88 + t) * w + i] = true;
                m[i * w + 10 + t] = true;
                m[i * w + 88 + t] = true;
            }
        }
        assert!(find_tables(&m, w, h, 200).is_empty());
    }

    /// A 4×5 grid whose rules are broken every few pixels (dropouts), with a
    /// stretch of a third of an inch faded out of the top rule and of one
    /// vertical, speckle all over, and a row of "text" strokes in each cell.
    #[allow(clippy::needless_range_loop)] // drawing by row and column index
    fn worn_grid() -> (Vec<bool>, usize, usize, usize, usize) {
        let (w, h) = (900usize, 600usize);
        let mut m = vec![false; w * h];
        let mut seed = 7u32;
        let mut rnd = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % 1000
        };
        let xs = [50usize, 200, 350, 500, 650, 850];
        let ys = [50usize, 150, 250, 350, 550];
        for (k, &y) in ys.iter().enumerate() {
            for x in xs[0]..=xs[5] {
                let dropout = (x / 5) % 7 == 3; // a 5-px gap every 35 px
                let faded = k == 0 && (300..360).contains(&x);
                if !dropout && !faded {
                    m[y * w + x] = true;
                    m[(y + 1) * w + x] = true;
                }
            }
        }
        for (k, &x) in xs.iter().enumerate() {
            for y in ys[0]..=ys[4] {
                let dropout = (y / 4) % 9 == 5;
                let faded = k == 2 && (400..460).contains(&y);
                if !dropout && !faded {
                    m[y * w + x] = true;
                    m[y * w + x + 1] = true;
                }
            }
        }
        // text: short strokes inside each cell
        for r in 0..4 {
            for c in 0..5 {
                for s in 0..6 {
                    let x0 = xs[c] + 20 + s * 12;
                    for y in ys[r] + 30..ys[r] + 52 {
                        m[y * w + x0] = true;
                        m[y * w + x0 + 1] = true;
                    }
                }
            }
        }
        // speckle
        for _ in 0..3000 {
            let (x, y) = (rnd() as usize % w, (rnd() as usize * 7) % h);
            m[y * w + x] = true;
        }
        (m, w, h, xs.len() - 1, ys.len() - 1)
    }

    #[test]
    fn worn_grid_is_found_whole() {
        let (m, w, h, nc, nr) = worn_grid();
        // the clean finder gives up on it (no rule reaches both ends)
        assert!(find_tables(&m, w, h, 200).iter().all(|t| t.cells.len() < nc * nr));
        let t = find_tables_worn(&m, w, h, 200);
        assert_eq!(t.len(), 1, "{t:?}");
        let g = &t[0];
        assert_eq!((g.rows(), g.cols()), (nr, nc), "xs {:?} ys {:?}", g.xs, g.ys);
        assert_eq!(g.cells.len(), nr * nc, "no cell merged by a faded stretch");
    }

    /// A 4-column, 3-row grid at 200 dpi drawn with 2-px rules; `top_faded`
    /// leaves out the top rule (the verticals still rise to where it was).
    fn framed(top_faded: bool) -> (Vec<bool>, usize, usize) {
        let (w, h) = (700usize, 500usize);
        let mut m = vec![false; w * h];
        let xs = [50usize, 150, 300, 450, 600];
        let ys = [60usize, 140, 220, 300];
        for (k, &y) in ys.iter().enumerate() {
            if k == 0 && top_faded {
                continue;
            }
            for yy in y..y + 2 {
                for x in xs[0]..=xs[4] + 1 {
                    m[yy * w + x] = true;
                }
            }
        }
        for &x in &xs {
            for xx in x..x + 2 {
                for y in ys[0]..=ys[3] + 1 {
                    m[y * w + xx] = true;
                }
            }
        }
        (m, w, h)
    }

    #[test]
    fn a_faded_top_rule_is_put_back_where_the_verticals_end() {
        let (m, w, h) = framed(false);
        let whole = find_tables(&m, w, h, 200);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].rows(), 3);
        // the verticals' tops meet no rule: the clean finder drops them, the
        // worn page's finder keeps them (they cross three rules) and the lost
        // rule comes back at their ends
        let (m, w, h) = framed(true);
        let t = find_tables_worn(&m, w, h, 200);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].rows(), t[0].cols()), (3, 4), "ys {:?}", t[0].ys);
        assert!((t[0].ys[0] - 60.0).abs() <= 3.0, "ys {:?}", t[0].ys);
        assert_eq!(t[0].cells.len(), 12, "the header row keeps its columns");
        // no rule is made up where none was lost
        let (m, w, h) = framed(false);
        assert_eq!(find_tables_worn(&m, w, h, 200)[0].ys.len(), 4);
    }

    #[test]
    fn a_rule_run_on_through_a_merged_cells_text_does_not_split_it() {
        // the middle row is one merged cell: no verticals inside it, but a
        // line of bold text across it touches the inner verticals' ends
        let (w, h) = (700usize, 500usize);
        let mut m = vec![false; w * h];
        let xs = [50usize, 150, 300, 450, 600];
        let ys = [60usize, 140, 220, 300];
        for &y in &ys {
            for yy in y..y + 2 {
                for x in xs[0]..=xs[4] + 1 {
                    m[yy * w + x] = true;
                }
            }
        }
        for (k, &x) in xs.iter().enumerate() {
            for xx in x..x + 2 {
                for y in ys[0]..=ys[3] + 1 {
                    let inner_merged_row = k != 0 && k != 4 && (ys[1] + 2..ys[2]).contains(&y);
                    if !inner_merged_row {
                        m[y * w + xx] = true;
                    }
                }
            }
        }
        // the text of the merged cell: where a letter's stem happens to stand
        // on a column's line it joins the line above and below (blurred), so
        // the vertical runs on unbroken; the letters around it are ink beside it
        for &x in &xs[1..4] {
            for y in ys[1]..ys[2] {
                m[y * w + x] = true;
                m[y * w + x + 1] = true;
            }
            for sx in (x - 12..x + 14).step_by(4) {
                for y in ys[1] + 8..ys[2] - 8 {
                    m[y * w + sx] = true;
                }
            }
        }
        let t = find_tables(&m, w, h, 200);
        assert_eq!(t.len(), 1);
        let merged: Vec<&GridCell> = t[0].cells.iter().filter(|c| c.row == 1).collect();
        assert_eq!(merged.len(), 1, "{:?} {:?} {:?}", t[0].xs, t[0].ys, t[0].cells);
        assert_eq!(merged[0].cols, 4);
    }

    #[test]
    fn a_rule_faded_to_dashes_in_a_narrow_column_still_parts_its_rows() {
        let (mut m, w, h) = framed(false);
        // the rule between rows 0 and 1 (y 140) in the first column (x 50..150):
        // 5 px of ink, 4 px of paper, too short and too far apart to be found
        for yy in 140..142 {
            for x in 52..150 {
                m[yy * w + x] = (x - 52) % 9 < 5;
            }
        }
        let t = find_tables(&m, w, h, 200);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].cells.len(), 12, "{:?}", t[0].cells);
        // with no trace of it left, the two cells are one (a merged cell)
        for yy in 140..142 {
            for x in 52..150 {
                m[yy * w + x] = false;
            }
        }
        let t = find_tables(&m, w, h, 200);
        assert_eq!(t[0].cells.len(), 11);
        assert!(t[0].cells.iter().any(|c| (c.row, c.col, c.rows) == (0, 0, 2)));
    }

    #[test]
    fn tables_printed_one_under_the_other_keep_their_own_columns() {
        let (w, h) = (700usize, 600usize);
        let mut m = vec![false; w * h];
        let hline = |m: &mut Vec<bool>, y: usize| {
            for yy in y..y + 2 {
                for x in 50..=602 {
                    m[yy * w + x] = true;
                }
            }
        };
        for y in [60usize, 120, 180, 240, 300, 360, 420] {
            hline(&mut m, y);
        }
        // the upper table's columns, then the lower one's, a little apart;
        // the lower one's header row spans its middle columns (no vertical)
        let upper = [50usize, 150, 300, 450, 600];
        let lower = [50usize, 170, 320, 470, 600];
        for (cols, y0, y1) in [(&upper, 60usize, 240usize), (&lower, 240, 420)] {
            for (k, &x) in cols.iter().enumerate() {
                for xx in x..x + 2 {
                    for y in y0..=y1 + 1 {
                        let spanned_header = y0 == 240 && (1..=2).contains(&k) && y < 300;
                        if !spanned_header {
                            m[y * w + xx] = true;
                        }
                    }
                }
            }
        }
        let t = find_tables(&m, w, h, 200);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].rows(), t[0].cols()), (3, 4), "xs {:?}", t[0].xs);
        assert_eq!((t[1].rows(), t[1].cols()), (3, 4), "xs {:?}", t[1].xs);
        assert!((t[1].xs[1] - 171.0).abs() <= 3.0, "xs {:?}", t[1].xs);
        // one table whose header spans columns is not split
        let one = find_tables(&framed(false).0, 700, 500, 200);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn worn_finder_sees_no_table_in_text() {
        // dense bold "text": rows of wide strokes close together, and speckle
        let (w, h) = (600usize, 400usize);
        let mut m = vec![false; w * h];
        for line in 0..8 {
            let y0 = 30 + line * 45;
            for y in y0..y0 + 22 {
                for x in 40..560 {
                    if x % 9 < 8 {
                        m[y * w + x] = true;
                    }
                }
            }
        }
        assert!(find_tables_worn(&m, w, h, 200).is_empty());
        assert!(find_tables_worn(&[], 0, 0, 200).is_empty());
    }
}
