//! The grid of a ruled table: one type for both readers. The text layer finds
//! it from vector rules (in points), OCR from ink on the levelled page image
//! (in pixels); from there on a table's rows, columns and merged cells are
//! asked the same way, whichever way the page was read.

/// A ruled table: its rule positions and its merged cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries (x of the vertical rules), ascending; columns = len − 1.
    pub xs: Vec<f32>,
    /// Row boundaries (y of the horizontal rules), ascending; rows = len − 1.
    pub ys: Vec<f32>,
    /// The cells as printed (a merged cell once), row-major by their first grid cell.
    pub cells: Vec<GridCell>,
    /// For every grid cell (row-major), the index in `cells` of the cell covering it.
    cover: Vec<usize>,
    /// How far inside the rules a cell's content starts, across (x) and down (y):
    /// half a rule's width and a margin on a scan, nothing for vector rules.
    inset: [f32; 2],
}

/// One printed cell: the grid cells it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridCell {
    /// The grid row where its text is reported.
    pub row: usize,
    /// The grid column where its text is reported.
    pub col: usize,
    /// Grid rows it spans (≥ 1).
    pub rows: usize,
    /// Grid columns it spans (≥ 1).
    pub cols: usize,
}

impl Grid {
    /// A grid from its rules, its cells and, for every grid cell (row-major),
    /// the index of the cell covering it. A `cover` of the wrong length (or
    /// pointing past `cells`) is read as every grid cell on its own.
    pub fn new(xs: Vec<f32>, ys: Vec<f32>, cells: Vec<GridCell>, cover: Vec<usize>, inset: [f32; 2]) -> Grid {
        let slots = xs.len().saturating_sub(1) * ys.len().saturating_sub(1);
        let cover = if cover.len() == slots && cover.iter().all(|&i| i < cells.len()) { cover } else { Vec::new() };
        Grid { xs, ys, cells, cover, inset }
    }
    /// Number of grid rows.
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    /// Number of grid columns.
    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    /// Outer box (x0, y0, x1, y1).
    pub fn bbox(&self) -> (f32, f32, f32, f32) {
        (
            self.xs.first().copied().unwrap_or(0.0),
            self.ys.first().copied().unwrap_or(0.0),
            self.xs.last().copied().unwrap_or(0.0),
            self.ys.last().copied().unwrap_or(0.0),
        )
    }
    /// True when the point lies inside the grid (with a small margin).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        let (x0, y0, x1, y1) = self.bbox();
        x >= x0 - 1.0 && x <= x1 + 1.0 && y >= y0 - 1.0 && y <= y1 + 1.0
    }
    /// Grid cell (row, col) holding a point, clamped to the grid.
    pub fn cell_at(&self, x: f32, y: f32) -> (usize, usize) {
        (band(&self.ys, y), band(&self.xs, x))
    }
    /// The grid cell (row, col) where the text of the cell covering (r, c) is reported.
    pub fn anchor_of(&self, r: usize, c: usize) -> (usize, usize) {
        match self.cover.get(r * self.cols() + c).and_then(|&i| self.cells.get(i)) {
            Some(cell) => (cell.row, cell.col),
            None => (r, c),
        }
    }
    /// Box (x0, y0, x1, y1) of the cell reported at grid cell (r, c), rules included.
    pub fn region_box(&self, r: usize, c: usize) -> crate::model::BBox {
        let at = |k: &&GridCell| (k.row, k.col) == (r, c);
        // the cell covering (r, c) is the one reported there, when one is
        let covering = self.cover.get(r * self.cols() + c).and_then(|&i| self.cells.get(i)).filter(at);
        let reported = if self.cover.is_empty() { self.cells.iter().find(at) } else { covering };
        let (rows, cols) = reported.map_or((1, 1), |k| (k.rows, k.cols));
        let x = |i: usize| self.xs.get(i).copied().unwrap_or(0.0);
        let y = |i: usize| self.ys.get(i).copied().unwrap_or(0.0);
        [x(c), y(r), x(c + cols), y(r + rows)]
    }
    /// Box (x0, y0, x1, y1) inside a cell's rules, where its content is.
    pub fn interior(&self, cell: &GridCell) -> [f32; 4] {
        let x = |i: usize| self.xs.get(i).copied().unwrap_or(0.0);
        let y = |i: usize| self.ys.get(i).copied().unwrap_or(0.0);
        let [ix, iy] = self.inset;
        [x(cell.col) + ix, y(cell.row) + iy, x(cell.col + cell.cols) - ix, y(cell.row + cell.rows) - iy]
    }
}

/// The band of `bounds` holding `v`, clamped to the first and last.
fn band(bounds: &[f32], v: f32) -> usize {
    let n = bounds.len().saturating_sub(1);
    if n == 0 {
        return 0;
    }
    for i in 0..n {
        if v < bounds[i + 1] {
            return i;
        }
    }
    n - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×3 grid whose top row is one merged cell.
    fn merged_top() -> Grid {
        let cells = vec![
            GridCell { row: 0, col: 0, rows: 1, cols: 3 },
            GridCell { row: 1, col: 0, rows: 1, cols: 1 },
            GridCell { row: 1, col: 1, rows: 1, cols: 1 },
            GridCell { row: 1, col: 2, rows: 1, cols: 1 },
        ];
        Grid::new(vec![0.0, 10.0, 20.0, 30.0], vec![0.0, 5.0, 10.0], cells, vec![0, 0, 0, 1, 2, 3], [1.0, 0.5])
    }

    #[test]
    fn a_merged_cell_is_asked_where_its_text_is_reported() {
        let g = merged_top();
        assert_eq!((g.rows(), g.cols()), (2, 3));
        assert_eq!(g.anchor_of(0, 2), (0, 0));
        assert_eq!(g.anchor_of(1, 2), (1, 2));
        assert_eq!(g.region_box(0, 0), [0.0, 0.0, 30.0, 5.0]);
        assert_eq!(g.region_box(1, 1), [10.0, 5.0, 20.0, 10.0]);
        assert_eq!(g.interior(&g.cells[0]), [1.0, 0.5, 29.0, 4.5]);
    }

    #[test]
    fn points_outside_fall_in_the_nearest_band() {
        let g = merged_top();
        assert_eq!(g.cell_at(-5.0, 7.0), (1, 0));
        assert_eq!(g.cell_at(99.0, 99.0), (1, 2));
        assert!(g.contains(30.5, 10.5) && !g.contains(32.0, 5.0));
    }

    #[test]
    fn a_cover_that_does_not_fit_leaves_every_grid_cell_its_own() {
        let g = Grid::new(vec![0.0, 1.0, 2.0], vec![0.0, 1.0], Vec::new(), vec![0], [0.0, 0.0]);
        assert_eq!(g.anchor_of(0, 1), (0, 1));
        assert_eq!(g.region_box(0, 1), [1.0, 0.0, 2.0, 1.0]);
    }
}
