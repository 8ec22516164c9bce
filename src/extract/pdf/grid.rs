//! Ruled tables: ruling segments → grids → cells (merged cells included), and
//! glyphs placed in the cell whose box holds them.

use super::content::{Glyph, Seg};
use crate::extract::grid::{Grid, GridCell};
use crate::normalize::parse_number;
use crate::vn::tt::{self, TtShape};

/// Tolerance (points) for segments meeting or lining up.
const TOL: f32 = 2.0;

/// Clusters sorted values closer than `tol` into their mean.
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if (x - *m / *n as f32).abs() <= tol => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

/// Narrowest column or row kept; closer rules are one double rule.
const MIN_BAND: f32 = 4.0;

/// Drops boundaries closer than [`MIN_BAND`] to the previous one (double rules):
/// the first of a close pair stays, except at the far edge where the outer rule stays.
fn drop_close(v: Vec<f32>) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::with_capacity(v.len());
    let n = v.len();
    for (k, x) in v.into_iter().enumerate() {
        match out.last_mut() {
            Some(last) if x - *last < MIN_BAND => {
                if k + 1 == n && out.len() > 1 {
                    if let Some(l) = out.last_mut() {
                        *l = x;
                    }
                }
            }
            _ => out.push(x),
        }
    }
    out
}

/// Joins collinear overlapping or touching segments.
fn merge_segments(segs: &[Seg]) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for horizontal in [true, false] {
        let mut v: Vec<Seg> = segs.iter().copied().filter(|s| s.horizontal == horizontal).collect();
        v.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.a.total_cmp(&b.a)));
        let mut used = vec![false; v.len()];
        for i in 0..v.len() {
            if used[i] {
                continue;
            }
            let mut cur = v[i];
            used[i] = true;
            let mut changed = true;
            while changed {
                changed = false;
                for j in (i + 1)..v.len() {
                    if used[j] {
                        continue;
                    }
                    if v[j].pos - cur.pos > TOL {
                        break;
                    }
                    if (v[j].pos - cur.pos).abs() <= TOL && v[j].a <= cur.b + TOL && v[j].b >= cur.a - TOL {
                        cur.a = cur.a.min(v[j].a);
                        cur.b = cur.b.max(v[j].b);
                        used[j] = true;
                        changed = true;
                    }
                }
            }
            out.push(cur);
        }
    }
    out
}

fn touches(h: &Seg, v: &Seg) -> bool {
    v.pos >= h.a - TOL && v.pos <= h.b + TOL && h.pos >= v.a - TOL && h.pos <= v.b + TOL
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

/// Grids from a page's ruling segments: connected groups of horizontal and
/// vertical rules with at least two of each that enclose at least one cell.
pub fn find_grids(segs: &[Seg]) -> Vec<Grid> {
    let segs = merge_segments(segs);
    let n = segs.len();
    if !(4..=5_000).contains(&n) {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for i in 0..n {
        if !segs[i].horizontal {
            continue;
        }
        for j in 0..n {
            if segs[j].horizontal || !touches(&segs[i], &segs[j]) {
                continue;
            }
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            if a != b {
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Seg>> = std::collections::BTreeMap::new();
    for (i, seg) in segs.iter().enumerate().take(n) {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(*seg);
    }
    let mut grids = Vec::new();
    for (_, g) in groups {
        let hs: Vec<Seg> = g.iter().copied().filter(|s| s.horizontal).collect();
        let vs: Vec<Seg> = g.iter().copied().filter(|s| !s.horizontal).collect();
        if hs.len() < 2 || vs.len() < 2 {
            continue;
        }
        let xs = drop_close(cluster(vs.iter().map(|s| s.pos).collect(), TOL));
        let ys = drop_close(cluster(hs.iter().map(|s| s.pos).collect(), TOL));
        // a table needs two columns; a single ruled column is a framed text box
        if xs.len() < 3 || ys.len() < 2 {
            continue;
        }
        let (w, h) = (xs[xs.len() - 1] - xs[0], ys[ys.len() - 1] - ys[0]);
        if w < 10.0 || h < 5.0 {
            continue;
        }
        if let Some(grid) = build_grid(xs, ys, &hs, &vs) {
            grids.push(grid);
        }
    }
    grids.sort_by(|a, b| a.bbox().1.total_cmp(&b.bbox().1));
    grids
}

/// True when some segment at `pos` covers the middle part of [a, b].
fn covered(segs: &[Seg], pos: f32, a: f32, b: f32) -> bool {
    let mid_lo = a + (b - a) * 0.3;
    let mid_hi = b - (b - a) * 0.3;
    segs.iter().any(|s| (s.pos - pos).abs() <= TOL && s.a <= mid_lo + TOL && s.b >= mid_hi - TOL)
}

fn build_grid(xs: Vec<f32>, ys: Vec<f32>, hs: &[Seg], vs: &[Seg]) -> Option<Grid> {
    let rows = ys.len() - 1;
    let cols = xs.len() - 1;
    if rows * cols > 100_000 {
        return None;
    }
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            // right neighbour: merged when no vertical rule at xs[c+1] over this row
            if c + 1 < cols && !covered(vs, xs[c + 1], ys[r], ys[r + 1]) {
                let (a, b) = (find(&mut parent, r * cols + c), find(&mut parent, r * cols + c + 1));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
            // lower neighbour: merged when no horizontal rule at ys[r+1] over this column
            if r + 1 < rows && !covered(hs, ys[r + 1], xs[c], xs[c + 1]) {
                let (a, b) = (find(&mut parent, r * cols + c), find(&mut parent, (r + 1) * cols + c));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    // anchor = smallest (row-major) cell of each region = its top-left cell for rectangles
    let mut anchor = vec![0usize; rows * cols];
    for (i, slot) in anchor.iter_mut().enumerate() {
        *slot = find(&mut parent, i);
    }
    // a "grid" whose cells all merged into one is a frame (box around text), not a table
    let regions = {
        let mut a = anchor.clone();
        a.sort_unstable();
        a.dedup();
        a.len()
    };
    if regions < 2 {
        return None;
    }
    // each region as a cell: its anchor and how far the region reaches right and down
    let mut cells: Vec<GridCell> = Vec::with_capacity(regions);
    let mut index = vec![usize::MAX; rows * cols];
    for (i, &a) in anchor.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        if index[a] == usize::MAX {
            index[a] = cells.len();
            cells.push(GridCell { row: a / cols, col: a % cols, rows: 1, cols: 1 });
        }
        let cell = &mut cells[index[a]];
        cell.rows = cell.rows.max(r + 1 - cell.row);
        cell.cols = cell.cols.max((c + 1).saturating_sub(cell.col));
    }
    let cover = anchor.iter().map(|&a| index[a]).collect();
    Some(Grid::new(xs, ys, cells, cover, [0.0, 0.0]))
}

/// Text of every grid cell (row-major) and the box of its glyphs, built from
/// the glyphs inside the grid; a merged region's text goes to its anchor cell.
// Row and column indexes address the buckets and the output alike.
#[allow(clippy::needless_range_loop)]
pub fn fill_cells(grid: &Grid, glyphs: &[&Glyph]) -> Vec<Vec<(String, Option<crate::model::BBox>)>> {
    let (rows, cols) = (grid.rows(), grid.cols());
    let mut buckets: Vec<Vec<&Glyph>> = vec![Vec::new(); rows * cols];
    for g in glyphs {
        let (r, c) = grid.cell_at(g.cx(), g.cy());
        let (ar, ac) = grid.anchor_of(r, c);
        if let Some(b) = buckets.get_mut(ar * cols + ac) {
            b.push(g);
        }
    }
    let mut out = vec![vec![(String::new(), None); cols]; rows];
    for r in 0..rows {
        for c in 0..cols {
            if let Some(b) = buckets.get(r * cols + c) {
                if !b.is_empty() {
                    let lines = super::textlayer::visual_lines(b);
                    let text = join_cell_lines(&lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>());
                    let ink =
                        b.iter().filter(|g| !g.text.trim().is_empty()).fold(None, |acc, g| crate::model::bbox_union(acc, Some(g.bbox())));
                    out[r][c] = (super::textlayer::tidy(&text), ink);
                }
            }
        }
    }
    out
}

/// The lines of one cell as one text: a wrapped label's lines joined by a
/// space, but what a narrow column broke without a space joined whole: a
/// figure ("12.05" / "4.000" / ".000", when every line is digits and marks
/// and together they make one figure grouped by thousands), a row number
/// ("a" / "." / "1"), a word, a year or an abbreviation ([`broken_token`]).
fn join_cell_lines(lines: &[&str]) -> String {
    let pieces: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    if pieces.len() < 2 {
        return pieces.concat();
    }
    let whole = pieces.concat();
    // one figure grouped by thousands ("38.695.000.000", "2.963,455"), with a mark
    let figure_bits = pieces.iter().all(|p| p.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ','));
    let figure = whole.contains(['.', ',']) && !whole.ends_with(['.', ',']) && parse_number(&whole).is_some();
    if figure_bits && figure {
        return whole;
    }
    if row_number(&whole) && pieces.iter().all(|p| p.len() <= 5) {
        return whole;
    }
    let mut out = pieces[0].to_string();
    for next in &pieces[1..] {
        let last = out.rsplit(char::is_whitespace).next().unwrap_or("");
        let first = next.split(char::is_whitespace).next().unwrap_or("");
        if !broken_token(last, first) {
            out.push(' ');
        }
        out.push_str(next);
    }
    out
}

/// Whether `last` (ending a cell's line) and `first` (starting the next)
/// are one token the column was too narrow for: a syllable ("Tổn" + "g",
/// "Triệ" + "u" — not two syllables, unless the second is one letter), a
/// year ("Năm 2" + "021"), or a header abbreviation ("ĐV" + "T").
fn broken_token(last: &str, first: &str) -> bool {
    let whole = format!("{last}{first}");
    let letters = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
    if letters(last) && letters(first) {
        let syllable = crate::vn::is_syllable;
        if syllable(&whole) && (!(syllable(last) && syllable(first)) || first.chars().count() == 1) {
            return true;
        }
        let capitals = |w: &str| w.chars().all(|c| c.is_uppercase());
        return capitals(last) && capitals(first) && crate::vn::words::is_abbreviation(&whole);
    }
    let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    digits(last) && digits(first) && whole.len() == 4 && (whole.starts_with("19") || whole.starts_with("20"))
}

/// A row number as the table stage reads one ([`tt::shape`]), or a TT
/// header; a bare Arabic number only with a dot ("1.2", "3."), so that two
/// small figures on two lines ("1" / "2") are not made one.
fn row_number(s: &str) -> bool {
    match tt::shape(s) {
        Some(TtShape::Arabic(_)) => s.contains('.'),
        Some(_) => true,
        None => s == "TT" || s == "STT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_broken_across_a_cells_lines_is_joined_whole() {
        assert_eq!(join_cell_lines(&["12.05", "4.000", ".000"]), "12.054.000.000");
        assert_eq!(join_cell_lines(&["4.844.000.00", "0"]), "4.844.000.000");
        assert_eq!(join_cell_lines(&["2.963,", "455"]), "2.963,455");
        // two figures, or words, keep their space
        assert_eq!(join_cell_lines(&["2.000", "3.000"]), "2.000 3.000");
        assert_eq!(join_cell_lines(&["120", "150"]), "120 150");
        assert_eq!(join_cell_lines(&["Kinh phí khuyến", "công 2.000"]), "Kinh phí khuyến công 2.000");
        assert_eq!(join_cell_lines(&["Tháng 5 -", "11/2023"]), "Tháng 5 - 11/2023");
    }

    #[test]
    fn a_word_or_row_number_broken_by_a_narrow_column_is_joined() {
        assert_eq!(join_cell_lines(&["Tổn", "g"]), "Tổng");
        assert_eq!(join_cell_lines(&["Đóng góp của cơ s", "ở"]), "Đóng góp của cơ sở");
        assert_eq!(join_cell_lines(&["a", ".", "1"]), "a.1");
        assert_eq!(join_cell_lines(&["a", "."]), "a.");
        assert_eq!(join_cell_lines(&["i", "v"]), "iv");
        assert_eq!(join_cell_lines(&["iii.", "1"]), "iii.1");
        assert_eq!(join_cell_lines(&["Ghi", "chú."]), "Ghi chú.");
        assert_eq!(join_cell_lines(&["T", "T"]), "TT");
        assert_eq!(join_cell_lines(&["II", ".3"]), "II.3");
        // two words stay two
        assert_eq!(join_cell_lines(&["Kinh", "phí"]), "Kinh phí");
        assert_eq!(join_cell_lines(&["Số", "TT"]), "Số TT");
        assert_eq!(join_cell_lines(&["Triệ", "u đồng"]), "Triệu đồng");
        assert_eq!(join_cell_lines(&["Năm 2", "021"]), "Năm 2021");
        assert_eq!(join_cell_lines(&["ĐV", "T"]), "ĐVT");
        assert_eq!(join_cell_lines(&["KCQ", "G"]), "KCQG");
        assert_eq!(join_cell_lines(&["Vốn", "TW"]), "Vốn TW");
        assert_eq!(join_cell_lines(&["năm 2021", "2022"]), "năm 2021 2022");
        assert_eq!(join_cell_lines(&["lao động", "ở nông thôn"]), "lao động ở nông thôn");
    }

    fn h(y: f32, a: f32, b: f32) -> Seg {
        Seg { horizontal: true, pos: y, a, b }
    }
    fn v(x: f32, a: f32, b: f32) -> Seg {
        Seg { horizontal: false, pos: x, a, b }
    }

    #[test]
    fn merged_header_cells() {
        // 3 columns, 3 rows; row 0: col 0 spans rows 0-1, cols 1-2 merged in row 0
        let segs = vec![
            h(0.0, 0.0, 90.0),
            h(10.0, 30.0, 90.0),
            h(20.0, 0.0, 90.0),
            h(30.0, 0.0, 90.0),
            v(0.0, 0.0, 30.0),
            v(30.0, 0.0, 30.0),
            v(60.0, 10.0, 30.0),
            v(90.0, 0.0, 30.0),
        ];
        let grids = find_grids(&segs);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows(), g.cols()), (3, 3));
        assert_eq!(g.anchor_of(1, 0), (0, 0));
        assert_eq!(g.anchor_of(0, 2), (0, 1));
        assert_eq!(g.anchor_of(1, 2), (1, 2));
        assert_eq!(g.anchor_of(2, 1), (2, 1));
    }

    #[test]
    fn double_rules_are_one_boundary() {
        assert_eq!(drop_close(vec![0.0, 3.0, 50.0, 100.0, 103.0]), vec![0.0, 50.0, 103.0]);
        assert_eq!(drop_close(vec![0.0, 50.0]), vec![0.0, 50.0]);
    }

    #[test]
    fn a_box_is_not_a_table() {
        let segs = vec![h(0.0, 0.0, 90.0), h(30.0, 0.0, 90.0), v(0.0, 0.0, 30.0), v(90.0, 0.0, 30.0)];
        assert!(find_grids(&segs).is_empty());
    }
}
