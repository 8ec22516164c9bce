//! Page layout from the text layer: glyphs → visual lines → prose paragraphs
//! (wrapped lines joined into one logical line) interleaved with table rows
//! rebuilt from ruled grids.

use super::content::{Glyph, PageContent};
use super::grid::{fill_cells, find_grids};
use crate::extract::grid::Grid;
use crate::model::{bbox_union, BBox, Cell, Line};
use unicode_normalization::UnicodeNormalization;

/// One visual line (or a run of it separated from the rest by a wide gap).
#[derive(Debug, Clone)]
pub struct VLine {
    /// Text, words separated by single spaces, NFC.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Largest font size on the line.
    pub size: f32,
    /// Right edge of the first word (to test whether it would fit on the line above).
    pub first_word_x1: f32,
    /// Box of the line's glyphs on the page (display points).
    pub bbox: BBox,
}

/// Collapses white space, trims and NFC-normalizes.
pub fn tidy(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.nfc().collect()
}

/// Groups glyphs into visual lines by baseline, orders each line left to right,
/// puts spaces at gaps and splits a line where a gap is wider than three
/// em (side-by-side blocks). When most glyphs run along a rotated
/// baseline (a vertical header cell), positions are first turned into that
/// baseline's frame so the same rules apply.
pub fn visual_lines(glyphs: &[&Glyph]) -> Vec<VLine> {
    let rotated = glyphs.iter().filter(|g| g.dir.0 < 0.7).count();
    if rotated * 2 > glyphs.len() {
        let (mut ux, mut uy) = (0.0f32, 0.0f32);
        for g in glyphs.iter().filter(|g| g.dir.0 < 0.7) {
            ux += g.dir.0;
            uy += g.dir.1;
        }
        let n = (ux * ux + uy * uy).sqrt().max(1e-6);
        let (ux, uy) = (ux / n, uy / n);
        let turned: Vec<Glyph> = glyphs
            .iter()
            .map(|g| {
                let along = g.px * ux + g.y * uy;
                let across = -g.px * uy + g.y * ux;
                Glyph { x0: along, x1: along + g.adv, y: across, px: along, dir: (1.0, 0.0), ..(*g).clone() }
            })
            .collect();
        let refs: Vec<&Glyph> = turned.iter().collect();
        let mut lines = upright_lines(&refs);
        // boxes back from the baseline's frame to the page's
        for l in &mut lines {
            let b = l.bbox;
            let mut out = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for (a, c) in [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])] {
                let (x, y) = (a * ux - c * uy, a * uy + c * ux);
                out = [out[0].min(x), out[1].min(y), out[2].max(x), out[3].max(y)];
            }
            l.bbox = out;
        }
        return lines;
    }
    upright_lines(glyphs)
}

fn upright_lines(glyphs: &[&Glyph]) -> Vec<VLine> {
    let mut idx: Vec<usize> = (0..glyphs.len()).collect();
    idx.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y).then(a.cmp(&b)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut cur_y = f32::MIN;
    let mut cur_size = 0.0f32;
    for i in idx {
        let g = glyphs[i];
        let tol = 0.4 * g.size.max(cur_size).max(1.0);
        match groups.last_mut() {
            Some(grp) if (g.y - cur_y).abs() <= tol => {
                grp.push(i);
                cur_size = cur_size.max(g.size);
            }
            _ => {
                groups.push(vec![i]);
                cur_y = g.y;
                cur_size = g.size;
            }
        }
    }
    let mut out = Vec::new();
    for mut grp in groups {
        grp.sort_by(|&a, &b| glyphs[a].x0.total_cmp(&glyphs[b].x0).then(a.cmp(&b)));
        let mut line: Option<VLine> = None;
        let mut prev: Option<&Glyph> = None;
        let mut pending_space = false;
        let mut in_first_word = true;
        for &i in &grp {
            let g = glyphs[i];
            if g.text.is_empty() {
                continue;
            }
            if let Some(p) = prev {
                // the same glyph drawn twice (fake bold / shadow)
                if p.text == g.text && (p.x0 - g.x0).abs() < 0.3 * g.size.max(1.0) * 0.5 && (p.y - g.y).abs() < 1.0 {
                    continue;
                }
            }
            let is_space = g.text.chars().all(char::is_whitespace);
            if is_space {
                pending_space = true;
                if let Some(l) = line.as_mut() {
                    if in_first_word {
                        in_first_word = false;
                        l.first_word_x1 = l.x1;
                    }
                }
                prev = Some(g);
                continue;
            }
            let gap = prev.map(|p| g.x0 - p.x1).unwrap_or(0.0);
            let size = g.size.max(1.0);
            if let (Some(l), Some(_)) = (line.as_mut(), prev) {
                let last_ink = l.x1;
                if g.x0 - last_ink > 3.0 * size {
                    out.push(line.take().unwrap_or_else(unreachable_line));
                    pending_space = false;
                    in_first_word = true;
                } else if pending_space || gap > 0.2 * size {
                    if in_first_word {
                        in_first_word = false;
                        l.first_word_x1 = l.x1;
                    }
                    l.text.push(' ');
                    pending_space = false;
                }
            }
            match line.as_mut() {
                Some(l) => {
                    l.text.push_str(&g.text);
                    l.bbox = bbox_union(Some(l.bbox), Some(g.bbox())).unwrap_or(l.bbox);
                    l.x1 = l.x1.max(g.x1);
                    l.size = l.size.max(g.size);
                    if in_first_word {
                        l.first_word_x1 = l.x1;
                    }
                }
                None => {
                    line =
                        Some(VLine { text: g.text.clone(), x0: g.x0, x1: g.x1, y: g.y, size: g.size, first_word_x1: g.x1, bbox: g.bbox() });
                    in_first_word = true;
                    pending_space = false;
                }
            }
            prev = Some(g);
        }
        if let Some(l) = line {
            out.push(l);
        }
    }
    for l in &mut out {
        l.text = tidy(&l.text);
    }
    out.retain(|l| !l.text.is_empty());
    out
}

// never called: `line.take()` above only runs when `line` is Some
fn unreachable_line() -> VLine {
    VLine { text: String::new(), x0: 0.0, x1: 0.0, y: 0.0, size: 0.0, first_word_x1: 0.0, bbox: [0.0; 4] }
}

/// A paragraph or table row in reading order.
struct Item {
    y: f32,
    line: Line,
    /// Prose: left edge of the first visual line and right edge of the last one.
    first_x0: f32,
    last_x1: f32,
}

/// A laid-out page plus what joining a paragraph across the page break needs.
#[derive(Debug, Clone)]
pub struct PageLayout {
    pub lines: Vec<Line>,
    /// The last line is prose whose last visual line reaches the right edge of the text frame.
    pub ends_wrapped: bool,
    /// The first line is prose starting flush with the left edge (not indented).
    pub starts_flush: bool,
}

/// True when a line opens with a list marker: "- ", "+ ", "• ", "a) ", "1. ", "2.1. ", "IV. ".
fn starts_list_item(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with("- ") || t.starts_with("+ ") || t.starts_with("• ") || t.starts_with("* ") {
        return true;
    }
    let Some(first) = t.split_whitespace().next() else { return false };
    let mut chars = first.chars();
    let is_letter_item = matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some(')'), None) if c.is_lowercase());
    let numbered = first.ends_with('.')
        && first.len() > 1
        && first.trim_end_matches('.').split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let roman = first.ends_with('.') && first.len() > 1 && first.trim_end_matches('.').chars().all(|c| "IVXL".contains(c));
    is_letter_item || numbered || roman
}

/// True for a bare page number ("4", "- 4 -", "Trang 4").
fn is_page_number(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.strip_prefix("Trang").map(str::trim).unwrap_or(t);
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// Lays out one page: tables from ruled grids, prose paragraphs from the rest.
/// Line numbers are left at 0 (the caller numbers the document).
pub fn layout_page(pc: &PageContent, page: u32) -> PageLayout {
    let grids = find_grids(&pc.segs);
    let glyphs: Vec<&Glyph> = pc.glyphs.iter().collect();
    let mut in_grid: Vec<Option<usize>> = vec![None; glyphs.len()];
    for (gi, g) in glyphs.iter().enumerate() {
        in_grid[gi] = grids.iter().position(|grid| grid.contains(g.cx(), g.cy()));
    }
    let mut items: Vec<Item> = Vec::new();
    for (k, grid) in grids.iter().enumerate() {
        let mine: Vec<&Glyph> = glyphs.iter().zip(&in_grid).filter(|(_, w)| **w == Some(k)).map(|(g, _)| *g).collect();
        items.extend(table_rows(grid, &mine, page));
    }
    let prose: Vec<&Glyph> = glyphs.iter().zip(&in_grid).filter(|(_, w)| w.is_none()).map(|(g, _)| *g).collect();
    let vlines = visual_lines(&prose);
    // text frame: widest extent of prose lines and tables on the page
    let mut left = f32::MAX;
    let mut right = f32::MIN;
    for l in &vlines {
        left = left.min(l.x0);
        right = right.max(l.x1);
    }
    for g in &grids {
        let (x0, _, x1, _) = g.bbox();
        left = left.min(x0);
        right = right.max(x1);
    }
    let (vlines, aligned) = aligned_rows(vlines, page);
    items.extend(aligned);
    items.extend(paragraphs(&vlines, pc.height, page, (left, right)));
    items.sort_by(|a, b| a.y.total_cmp(&b.y));
    let ends_wrapped = items.last().map(|i| !i.line.tabular && i.last_x1 >= right - 6.0).unwrap_or(false);
    let starts_flush = items.first().map(|i| !i.line.tabular && i.first_x0 <= left + 6.0).unwrap_or(false);
    PageLayout { lines: items.into_iter().map(|i| i.line).collect(), ends_wrapped, starts_flush }
}

/// Rows of an unruled table: a baseline holding three or more runs of text
/// separated by wide gaps becomes one tabular line with a cell per run (x0/x1
/// kept so later stages can line the cells up with a header). Other lines are
/// returned for paragraph building.
fn aligned_rows(vlines: Vec<VLine>, page: u32) -> (Vec<VLine>, Vec<Item>) {
    let mut prose = Vec::with_capacity(vlines.len());
    let mut rows = Vec::new();
    let mut i = 0usize;
    while i < vlines.len() {
        let mut j = i + 1;
        while j < vlines.len() && (vlines[j].y - vlines[i].y).abs() < 0.4 * vlines[i].size.max(1.0) {
            j += 1;
        }
        let run = &vlines[i..j];
        if run.len() >= 3 {
            let cells: Vec<Cell> = run
                .iter()
                .map(|v| Cell { text: v.text.clone(), x0: Some(v.x0), x1: Some(v.x1), bbox: Some(v.bbox), ..Cell::default() })
                .collect();
            let top = run.iter().map(|v| v.y - 0.8 * v.size).fold(f32::MAX, f32::min);
            let text = cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
            rows.push(Item {
                y: top,
                first_x0: f32::NAN,
                last_x1: f32::NAN,
                line: Line { page, number: 0, text, cells, tabular: true, y: Some(top) },
            });
        } else {
            prose.extend(run.iter().cloned());
        }
        i = j;
    }
    (prose, rows)
}

fn table_rows(grid: &Grid, glyphs: &[&Glyph], page: u32) -> Vec<Item> {
    let texts = fill_cells(grid, glyphs);
    let mut out = Vec::new();
    for (r, row) in texts.iter().enumerate() {
        // a row band with no cell of its own (all merged into rows above) and no text is skipped
        let own = (0..grid.cols()).any(|c| grid.anchor_of(r, c).0 == r);
        if !own && row.iter().all(|(t, _)| t.is_empty()) {
            continue;
        }
        let cells: Vec<Cell> = row
            .iter()
            .enumerate()
            .map(|(c, (t, ink))| Cell {
                text: t.clone(),
                x0: grid.xs.get(c).copied(),
                x1: grid.xs.get(c + 1).copied(),
                confidence: None,
                bbox: *ink,
                // a cell merged into another (above or to the left) has no box of its own
                frame: (grid.anchor_of(r, c) == (r, c)).then(|| grid.region_box(r, c)),
                reread: None,
            })
            .collect();
        let y = grid.ys.get(r).copied().unwrap_or(0.0);
        let text = row.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("\t");
        out.push(Item { y, first_x0: f32::NAN, last_x1: f32::NAN, line: Line { page, number: 0, text, cells, tabular: true, y: Some(y) } });
    }
    out
}

/// Joins wrapped visual lines into paragraphs: the next line continues this one
/// when it sits one line pitch below at a similar size, does not start further
/// right, and its first word would not have fit at the end of this line.
///
/// Centered lines (a wrapped heading) continue when both share a center and the
/// next line's first word would not have fit in the frame width.
fn paragraphs(vlines: &[VLine], page_height: f32, page: u32, frame: (f32, f32)) -> Vec<Item> {
    let mut lines: Vec<&VLine> = vlines.iter().collect();
    // drop page numbers in the top/bottom margin
    lines.retain(|l| {
        let margin = l.y < page_height * 0.1 || l.y > page_height * 0.92;
        !(margin && is_page_number(&l.text))
    });
    if lines.is_empty() {
        return Vec::new();
    }
    let (left, right) = frame;
    // lines that share a baseline with another (side-by-side blocks) never join
    let shared: Vec<bool> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| lines.iter().enumerate().any(|(j, m)| j != i && (m.y - l.y).abs() < 0.4 * l.size.max(1.0)))
        .collect();
    let mut out: Vec<Item> = Vec::new();
    let mut cur: Option<(VLine, usize)> = None;
    let mut first_x0 = 0.0f32;
    for (i, l) in lines.iter().enumerate() {
        let join = match &cur {
            Some((p, pi)) => {
                let last = lines[*pi];
                let pitch = l.y - last.y;
                let size = last.size.max(1.0);
                let similar = (l.size - last.size).abs() <= 0.15 * size;
                let next_pitch = pitch > 0.5 * size && pitch <= 1.6 * size;
                let not_indented = l.x0 <= last.x0 + 0.5 * size || l.x0 <= p.x0 + 0.5 * size;
                let word_w = l.first_word_x1 - l.x0;
                let wrapped = last.x1 + 0.3 * size + word_w > right - 0.5 * size;
                let centered = ((l.x0 + l.x1) - (last.x0 + last.x1)).abs() / 2.0 < size
                    && l.x0 > left + 2.0 * size
                    && (last.x1 - last.x0) + 0.3 * size + word_w > (right - left) - 0.5 * size;
                // a list item after a line that ended a sentence or clause starts anew
                let new_item = starts_list_item(&l.text) && last.text.trim_end().ends_with(['.', ';', ':', '!', '?']);
                similar && next_pitch && ((not_indented && wrapped) || centered) && !new_item && !shared[i] && !shared[*pi]
            }
            None => false,
        };
        if join {
            if let Some((p, pi)) = cur.as_mut() {
                p.text.push(' ');
                p.text.push_str(&l.text);
                p.x1 = p.x1.max(l.x1);
                p.bbox = bbox_union(Some(p.bbox), Some(l.bbox)).unwrap_or(p.bbox);
                *pi = i;
            }
        } else {
            if let Some((p, pi)) = cur.take() {
                out.push(prose_item(p, page, first_x0, lines[pi].x1));
            }
            first_x0 = l.x0;
            cur = Some(((*l).clone(), i));
        }
    }
    if let Some((p, pi)) = cur.take() {
        out.push(prose_item(p, page, first_x0, lines[pi].x1));
    }
    out
}

fn prose_item(v: VLine, page: u32, first_x0: f32, last_x1: f32) -> Item {
    let text = tidy(&v.text);
    let top = v.y - 0.8 * v.size;
    Item {
        y: top,
        first_x0,
        last_x1,
        line: Line {
            page,
            number: 0,
            text: text.clone(),
            cells: vec![Cell { text, x0: Some(v.x0), x1: Some(v.x1), bbox: Some(v.bbox), ..Cell::default() }],
            tabular: false,
            y: Some(top),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(t: &str, x0: f32, y: f32) -> Glyph {
        Glyph { text: t.into(), mapped: true, x0, x1: x0 + 5.0, y, size: 10.0, font: 0, code: 0, px: x0, dir: (1.0, 0.0), adv: 5.0 }
    }

    #[test]
    fn words_and_gaps() {
        let gl = [g("a", 0.0, 100.0), g("b", 5.0, 100.2), g("c", 13.0, 100.0), g("d", 100.0, 100.0), g("x", 0.0, 120.0)];
        let refs: Vec<&Glyph> = gl.iter().collect();
        let lines = visual_lines(&refs);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["ab c", "d", "x"]);
    }

    #[test]
    fn rotated_cell_text_reads_along_its_baseline() {
        // "Năm" written bottom-to-top (baseline direction (0, -1) in display space)
        let mk = |t: &str, k: f32| Glyph {
            text: t.into(),
            mapped: true,
            x0: 50.0,
            x1: 50.0,
            y: 200.0 - 6.0 * k,
            size: 10.0,
            font: 0,
            code: 0,
            px: 50.0,
            dir: (0.0, -1.0),
            adv: 6.0,
        };
        let gl = [mk("N", 0.0), mk("ă", 1.0), mk("m", 2.0), mk("2", 4.0), mk("0", 5.0)];
        let refs: Vec<&Glyph> = gl.iter().rev().collect();
        let lines = visual_lines(&refs);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), vec!["Năm 20"]);
    }

    #[test]
    fn list_markers() {
        assert!(starts_list_item("- Như điều 2;"));
        assert!(starts_list_item("a) Công nghiệp chế biến"));
        assert!(starts_list_item("2.1. Tham gia hội chợ"));
        assert!(starts_list_item("IV. KẾT QUẢ"));
        assert!(!starts_list_item("2015 của Ủy ban nhân dân"));
        assert!(!starts_list_item("khuyến công; các cơ sở"));
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("4"));
        assert!(is_page_number("- 12 -"));
        assert!(!is_page_number("2015"));
        assert!(!is_page_number("Điều 4"));
    }
}
