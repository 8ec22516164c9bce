//! The report's HTML, written with `format!` and one escaping helper: no
//! template engine for two page kinds.

use super::{Crop, PX_PER_PT};
use crate::model::{CheckStatus, Reread};
use crate::output::json::{enum_name, CheckJson, DocJson, TableJson};
use std::collections::HashMap;
use std::fmt::Write;

/// OCR confidence below which a cell is shown amber.
pub const LOW_CONFIDENCE: f64 = 70.0;

/// Text for HTML bodies and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A doc_id or table id as a file-name and id-safe word.
pub fn file_slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' }).collect()
}

/// The file name of a document's page.
pub fn page_name(doc_id: &str) -> String {
    format!("{}.html", file_slug(doc_id))
}

const CSS: &str = r#"
body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 3em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-top:1px solid #ccc;padding-top:.6em}
table.grid{border-collapse:collapse;font-size:12px}
table.grid td{border:1px solid #bbb;padding:2px 4px;vertical-align:top;max-width:22em;cursor:pointer}
table.grid td.hd{background:#f3f3f3;font-weight:600}
td.mis{background:#fdd}td.mis-total{background:#f88;outline:2px solid #c00}
td.inf{background:#cde4ff}td.low{background:#ffe08a}td.cor{box-shadow:inset 0 0 0 2px #080}
td.rr{border:2px dashed #80c}td.rr::after{content:"↻";color:#80c;font-size:.85em;margin-left:.25em}
td.sel{outline:3px solid #f0f}
.pair{display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap}
.crop{position:relative;display:inline-block;border:1px solid #999}
.crop img{display:block}
.crop .box{position:absolute;pointer-events:none}
.box.mis{border:2px solid #e00}.box.inf{border:2px solid #06f}.box.low{border:2px solid #e90}.box.rr{border:2px dashed #80c}
.hl{position:absolute;border:2px solid #f0f;background:rgba(255,0,255,.12);display:none;pointer-events:none}
li.check{margin:.3em 0}li.check[data-status=mismatch]{color:#a00}li.check[data-status=inferred]{color:#04a}
li.check a{margin-right:.6em}
code.fix{display:block;background:#f6f6f6;border:1px dashed #aaa;padding:2px 4px;margin:2px 0;color:#222;white-space:pre-wrap}
.tag{display:inline-block;padding:0 .4em;border-radius:3px;font-size:12px;margin-right:.3em}
.tag.mismatch{background:#f88}.tag.inferred{background:#9cf}.tag.ok{background:#bdb}
table.idx{border-collapse:collapse}table.idx td,table.idx th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}
.legend span{margin-right:1em}
#fix{position:sticky;top:0;background:#fffbe6;border:1px solid #e0c060;padding:4px;display:none}
"#;

/// JavaScript of a document page: hovering a cell outlines it on its crop,
/// clicking it (or a cell link of a check) selects it and shows its
/// correction line. Crops report whether their image loaded (`data-loaded`).
const DOC_JS: &str = r#"
function cropFor(td){var c=document.getElementById('crop-'+td.dataset.t+'-p'+td.dataset.page);return c}
function outline(td){var b=td.dataset.bbox;if(!b)return;var c=cropFor(td);if(!c)return;
 var v=b.split(',').map(Number),s=+c.dataset.s,x0=+c.dataset.x0,y0=+c.dataset.y0,h=c.querySelector('.hl');
 h.style.left=((v[0]-x0)*s)+'px';h.style.top=((v[1]-y0)*s)+'px';h.style.width=((v[2]-v[0])*s)+'px';h.style.height=((v[3]-v[1])*s)+'px';h.style.display='block'}
function select(td){document.querySelectorAll('td.sel').forEach(function(e){e.classList.remove('sel')});td.classList.add('sel');outline(td);
 var f=document.getElementById('fix');if(td.dataset.fix){f.style.display='block';f.querySelector('code').textContent=td.dataset.fix}else{f.style.display='none'}}
document.querySelectorAll('table.grid td').forEach(function(td){td.addEventListener('mouseenter',function(){outline(td)});td.addEventListener('click',function(){select(td)})});
document.querySelectorAll('a[data-cell]').forEach(function(a){a.addEventListener('click',function(e){var td=document.getElementById(a.dataset.cell);if(td){e.preventDefault();td.scrollIntoView({block:'center'});select(td)}})});
document.querySelectorAll('.crop img').forEach(function(i){function ok(){i.dataset.loaded=(i.naturalWidth>0)?'1':'0'}if(i.complete)ok();i.addEventListener('load',ok);i.addEventListener('error',function(){i.dataset.loaded='0'})});
"#;

/// JavaScript of the index: filter by text and status, 50 documents a page.
const INDEX_JS: &str = r#"
var rows=[].slice.call(document.querySelectorAll('#docs tbody tr')),per=50,page=0;
function shown(){var q=document.getElementById('q').value.toLowerCase(),s=document.getElementById('st').value;
 return rows.filter(function(r){return r.textContent.toLowerCase().indexOf(q)>=0&&(!s||r.dataset[s]!=='0')})}
function draw(){var m=shown(),n=Math.max(1,Math.ceil(m.length/per));if(page>=n)page=n-1;
 rows.forEach(function(r){r.style.display='none'});m.slice(page*per,page*per+per).forEach(function(r){r.style.display=''});
 document.getElementById('pg').textContent='page '+(page+1)+' of '+n+' ('+m.length+' documents)'}
document.getElementById('q').addEventListener('input',function(){page=0;draw()});
document.getElementById('st').addEventListener('change',function(){page=0;draw()});
document.getElementById('prev').addEventListener('click',function(){if(page>0)page--;draw()});
document.getElementById('next').addEventListener('click',function(){page++;draw()});
draw();
"#;

fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n",
        esc(title)
    )
}

fn counts(d: &DocJson) -> (usize, usize, usize) {
    let n = |s: CheckStatus| d.checks.iter().filter(|c| c.status == s).count();
    (n(CheckStatus::Ok), n(CheckStatus::Mismatch), n(CheckStatus::Inferred))
}

/// The index of all documents.
pub fn index_page(docs: &[DocJson]) -> String {
    let mut h = head("trichxuat report");
    let _ = write!(
        h,
        "<h1>trichxuat report: {} documents</h1>\n<p><input id=q placeholder=\"filter (province, number, doc_id …)\" size=40> \
<select id=st><option value=\"\">all documents</option><option value=mismatch>with mismatches</option>\
<option value=inferred>with inferred cells</option><option value=warnings>with warnings</option></select> \
<button id=prev>◀</button> <span id=pg></span> <button id=next>▶</button></p>\n<table class=idx id=docs><thead><tr>\
<th>document</th><th>province</th><th>number</th><th>type</th><th>date</th><th>source</th><th>pages</th><th>tables</th>\
<th>targets</th><th>amounts</th><th>projects</th><th>checks</th><th>warnings</th></tr></thead><tbody>\n",
        docs.len()
    );
    for d in docs {
        let (ok, mis, inf) = counts(d);
        let m = &d.document;
        let _ = writeln!(
            h,
            "<tr data-mismatch=\"{mis}\" data-inferred=\"{inf}\" data-warnings=\"{}\"><td><a href=\"{}\">{}</a><br><small>{}</small></td>\
<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
<td><span class=\"tag mismatch\">{mis} mismatch</span><span class=\"tag inferred\">{inf} inferred</span><span class=\"tag ok\">{ok} ok</span></td><td>{}</td></tr>",
            d.warnings.len(),
            esc(&page_name(&d.doc_id)),
            esc(&d.doc_id),
            esc(m.title.as_deref().unwrap_or("")),
            esc(m.province.as_deref().unwrap_or("")),
            esc(m.number.as_deref().unwrap_or("")),
            esc(&m.doc_type.map(|t| enum_name(&t)).unwrap_or_default()),
            esc(m.date.as_deref().unwrap_or("")),
            esc(&enum_name(&d.source.kind)),
            d.source.pages.map(|p| p.to_string()).unwrap_or_default(),
            d.tables.len(),
            d.targets.len(),
            d.amounts.len(),
            d.projects.len(),
            d.warnings.len(),
        );
    }
    let _ = writeln!(h, "</tbody></table>\n<script>{INDEX_JS}</script></body></html>");
    h
}

/// What the report marks on one grid cell.
#[derive(Debug, Default, Clone)]
struct Mark {
    /// Part of a mismatching check; `total` when it is the total under test.
    mismatch: bool,
    total: bool,
    inferred: bool,
    /// The check used another figure than the one printed (a correction).
    corrected: Option<String>,
    /// A ready-to-fill `corrections.csv` line.
    fix: Option<String>,
}

fn status_rank(s: CheckStatus) -> u8 {
    match s {
        CheckStatus::Mismatch => 2,
        CheckStatus::Inferred => 1,
        CheckStatus::Ok => 0,
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The `corrections.csv` line for the fact a check cell names: the row,
/// year and source of the fact in that table, row, column and line, with the
/// value left for the reviewer to fill in.
fn fix_line(d: &DocJson, table: &str, cc: &crate::output::json::CheckCellJson) -> Option<String> {
    let note = format!("page {} line {}: printed {}", cc.page.unwrap_or(0), cc.line.unwrap_or(0), cc.raw);
    let same = |t: &str, row: &Option<String>, col: &Option<String>, line: Option<u32>| {
        t == table && *row == cc.row && col.as_deref() == Some(cc.column.as_str()) && line == cc.line
    };
    if let Some(a) = d.amounts.iter().find(|a| same(&a.table, &a.row, &a.column, a.provenance.line)) {
        let src = a.source.map(|s| enum_name(&s)).unwrap_or_default();
        return Some(format!(
            "{},amount,{},{},{},{},amount_vnd,,{}",
            csv_field(&d.doc_id),
            csv_field(table),
            csv_field(a.row.as_deref().unwrap_or("")),
            a.year.map(|y| y.to_string()).unwrap_or_default(),
            src,
            csv_field(&note)
        ));
    }
    let t = d.targets.iter().find(|t| same(&t.table, &t.row, &t.column, t.provenance.line))?;
    Some(format!(
        "{},target,{},{},{},,value,,{}",
        csv_field(&d.doc_id),
        csv_field(table),
        csv_field(t.row.as_deref().unwrap_or("")),
        t.year.map(|y| y.to_string()).unwrap_or_default(),
        csv_field(&note)
    ))
}

/// Folds a figure for comparison ("3.605" and "3605" alike).
fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit() || *c == ',').collect()
}

fn check_key(c: &CheckJson) -> String {
    format!("{}/{}/{}", c.table.as_deref().unwrap_or(""), c.row.as_deref().unwrap_or(""), enum_name(&c.kind))
}

fn cell_id(table: &str, line: u32, col: usize) -> String {
    format!("c-{}-{line}-{col}", file_slug(table))
}

/// One document's page.
pub fn document_page(d: &DocJson, crops: &[Crop]) -> String {
    let m = &d.document;
    let title = m.title.clone().unwrap_or_else(|| d.doc_id.clone());
    let mut h = head(&format!("{} — {}", d.doc_id, title));
    let (ok, mis, inf) = counts(d);
    let _ = write!(
        h,
        "<p><a href=\"index.html\">◀ all documents</a></p><h1>{}</h1><p>{}</p><table class=idx>\
<tr><th>file</th><td>{}</td></tr><tr><th>source</th><td>{} ({} pages)</td></tr>\
<tr><th>issuer</th><td>{}</td></tr><tr><th>province</th><td>{}</td></tr><tr><th>number</th><td>{}</td></tr>\
<tr><th>date</th><td>{}</td></tr><tr><th>facts</th><td>{} tables, {} targets, {} amounts, {} projects</td></tr>\
<tr><th>checks</th><td><span class=\"tag mismatch\">{mis} mismatch</span><span class=\"tag inferred\">{inf} inferred</span>\
<span class=\"tag ok\">{ok} ok</span></td></tr></table>\n\
<p class=legend><span style=\"background:#f88\">total that does not add up</span><span style=\"background:#fdd\">its parts</span>\
<span style=\"background:#cde4ff\">inferred</span><span style=\"background:#ffe08a\">OCR confidence &lt; {LOW_CONFIDENCE}</span>\
<span style=\"box-shadow:inset 0 0 0 2px #080\">corrected</span>\
<span style=\"border:2px dashed #80c\">↻ re-read by OCR</span></p>\n\
<div id=fix>corrections.csv line for the selected cell (fill in <b>value</b>): <code class=fix></code></div>\n",
        esc(&d.doc_id),
        esc(&title),
        esc(&d.source.file),
        esc(&enum_name(&d.source.kind)),
        d.source.pages.map(|p| p.to_string()).unwrap_or_else(|| "no".into()),
        esc(m.issuer.as_deref().unwrap_or("")),
        esc(m.province.as_deref().unwrap_or("")),
        esc(m.number.as_deref().unwrap_or("")),
        esc(m.date.as_deref().unwrap_or("")),
        d.tables.len(),
        d.targets.len(),
        d.amounts.len(),
        d.projects.len(),
    );
    for t in &d.tables {
        table_section(&mut h, d, t, crops);
    }
    let others: Vec<&CheckJson> =
        d.checks.iter().filter(|c| c.table.as_ref().is_none_or(|id| !d.tables.iter().any(|t| &t.id == id))).collect();
    if !others.is_empty() {
        h.push_str("<h2>Checks of the text against the tables</h2><ul>\n");
        for c in others {
            check_item(&mut h, d, c);
        }
        h.push_str("</ul>\n");
    }
    if !d.warnings.is_empty() {
        let _ = write!(h, "<h2>Warnings</h2><details><summary>{} warnings</summary><ul>", d.warnings.len());
        for w in &d.warnings {
            let _ = write!(h, "<li>[{}] {}</li>", esc(&enum_name(&w.stage)), esc(&w.message));
        }
        h.push_str("</ul></details>\n");
    }
    let _ = writeln!(h, "<script>{DOC_JS}</script></body></html>");
    h
}

fn check_item(h: &mut String, d: &DocJson, c: &CheckJson) {
    let table = c.table.as_deref().unwrap_or("");
    let status = enum_name(&c.status);
    let _ = write!(
        h,
        "<li class=check data-status=\"{}\" data-check=\"{}\"><span class=\"tag {}\">{}</span>{} ",
        esc(&status),
        esc(&check_key(c)),
        esc(&status),
        esc(&status),
        esc(&c.message)
    );
    for cc in &c.cells {
        let label = format!("{}{} · {}: {}", if cc.total { "total " } else { "" }, cc.row.as_deref().unwrap_or("—"), cc.column, cc.raw);
        match (cc.line, cc.col) {
            (Some(line), Some(col)) => {
                let id = cell_id(table, line, col);
                let _ = write!(h, "<a href=\"#{}\" data-cell=\"{}\">{}</a>", esc(&id), esc(&id), esc(&label));
            }
            _ => {
                let _ = write!(h, "<span>{}</span> ", esc(&label));
            }
        }
    }
    if c.status == CheckStatus::Mismatch {
        for cc in &c.cells {
            if let Some(fix) = fix_line(d, table, cc) {
                let _ = write!(h, "<code class=fix>{}</code>", esc(&fix));
            }
        }
    }
    h.push_str("</li>\n");
}

fn table_section(h: &mut String, d: &DocJson, t: &TableJson, crops: &[Crop]) {
    let _ = writeln!(
        h,
        "<h2 id=\"{}\">{} · {} · {}</h2><p>unit: {} · pages {}</p>",
        esc(&file_slug(&t.id)),
        esc(&t.id),
        esc(&enum_name(&t.kind)),
        esc(t.title.as_deref().unwrap_or("")),
        esc(t.unit.as_deref().unwrap_or("—")),
        t.pages.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
    );
    let checks: Vec<&CheckJson> = d.checks.iter().filter(|c| c.table.as_deref() == Some(t.id.as_str())).collect();
    // marks by (line, col); inferred checks name a derived cell, marked on its row's empty cells
    let mut marks: HashMap<(u32, usize), Mark> = HashMap::new();
    let mut inferred_lines: Vec<u32> = Vec::new();
    let text_of: HashMap<(u32, usize), &str> = t.cells.iter().map(|c| ((c.line, c.col), c.text.as_str())).collect();
    let mut sorted = checks.clone();
    sorted.sort_by_key(|c| status_rank(c.status));
    for c in &sorted {
        for cc in &c.cells {
            let (Some(line), Some(col)) = (cc.line, cc.col) else {
                if c.status == CheckStatus::Inferred {
                    inferred_lines.extend(cc.line);
                }
                continue;
            };
            let m = marks.entry((line, col)).or_default();
            match c.status {
                CheckStatus::Mismatch => {
                    m.mismatch = true;
                    m.total |= cc.total;
                    if m.fix.is_none() {
                        m.fix = fix_line(d, &t.id, cc);
                    }
                }
                CheckStatus::Inferred => m.inferred = true,
                CheckStatus::Ok => {}
            }
            if let Some(printed) = text_of.get(&(line, col)) {
                if digits(printed) != digits(&cc.raw) {
                    m.corrected = Some(printed.to_string());
                }
            }
        }
    }
    // grid
    let mut lines: Vec<u32> = t.cells.iter().map(|c| c.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let ncols = t.cells.iter().map(|c| c.col + 1).max().unwrap_or(0);
    let by_pos: HashMap<(u32, usize), &crate::output::json::TableCellJson> = t.cells.iter().map(|c| ((c.line, c.col), c)).collect();
    h.push_str("<div class=pair><table class=grid>\n");
    for &line in &lines {
        let _ = write!(h, "<tr data-line=\"{line}\">");
        for col in 0..ncols {
            let id = cell_id(&t.id, line, col);
            let Some(c) = by_pos.get(&(line, col)) else {
                let cls = if inferred_lines.contains(&line) { " class=inf" } else { "" };
                let _ = write!(h, "<td id=\"{id}\"{cls}></td>");
                continue;
            };
            let m = marks.get(&(line, col)).cloned().unwrap_or_default();
            let mut cls: Vec<&str> = Vec::new();
            if c.header {
                cls.push("hd");
            }
            if m.total {
                cls.push("mis-total");
            } else if m.mismatch {
                cls.push("mis");
            }
            if m.inferred || (c.text.is_empty() && inferred_lines.contains(&line)) {
                cls.push("inf");
            }
            let conf = c.confidence.as_ref().and_then(|n| n.as_f64());
            if conf.is_some_and(|v| v < LOW_CONFIDENCE) {
                cls.push("low");
            }
            if m.corrected.is_some() {
                cls.push("cor");
            }
            if c.reread.is_some() {
                cls.push("rr");
            }
            let bbox = c.bbox.as_ref().filter(|b| b.len() == 4).map(|b| format!("{:.2},{:.2},{:.2},{:.2}", b[0], b[1], b[2], b[3]));
            let mut tip = format!("line {line}");
            if let Some(v) = conf {
                let _ = write!(tip, " · OCR confidence {v:.0}");
            }
            match c.reread {
                Some(Reread::Digits) => tip.push_str(" · re-read by OCR as a figure"),
                Some(Reread::Separators) => tip.push_str(" · separators put back from the image"),
                Some(Reread::Total) => tip.push_str(" · read again because a total broke; every total holds with this reading"),
                None => {}
            }
            let mut text = esc(&c.text);
            if let Some(printed) = &m.corrected {
                let _ = write!(tip, " · printed {printed}, corrected");
                let now = checks
                    .iter()
                    .flat_map(|k| k.cells.iter())
                    .find(|cc| cc.line == Some(line) && cc.col == Some(col))
                    .map(|cc| cc.raw.clone())
                    .unwrap_or_default();
                text = format!("<s>{}</s> {}", esc(printed), esc(&now));
            }
            let _ = write!(
                h,
                "<td id=\"{id}\" data-t=\"{}\" data-page=\"{}\"{}{}{} title=\"{}\">{}</td>",
                esc(&file_slug(&t.id)),
                c.page,
                if cls.is_empty() { String::new() } else { format!(" class=\"{}\"", cls.join(" ")) },
                bbox.map(|b| format!(" data-bbox=\"{b}\"")).unwrap_or_default(),
                m.fix.as_ref().map(|f| format!(" data-fix=\"{}\"", esc(f))).unwrap_or_default(),
                esc(&tip),
                text
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table><div class=crops>\n");
    for crop in crops.iter().filter(|c| c.table == t.id) {
        let r = crop.region;
        let _ = write!(
            h,
            "<p>page {}</p><div class=crop id=\"crop-{}-p{}\" data-x0=\"{:.2}\" data-y0=\"{:.2}\" data-s=\"{PX_PER_PT:.6}\">\
<img src=\"img/{}\" alt=\"{} on page {}\" width=\"{}\" height=\"{}\">",
            crop.page,
            esc(&file_slug(&t.id)),
            crop.page,
            r[0],
            r[1],
            esc(&crop.file),
            esc(&t.id),
            crop.page,
            ((r[2] - r[0]) * PX_PER_PT).round(),
            ((r[3] - r[1]) * PX_PER_PT).round()
        );
        // flagged cells marked on the crop too
        for c in t.cells.iter().filter(|c| c.page == crop.page) {
            let m = marks.get(&(c.line, c.col));
            let conf_low = c.confidence.as_ref().and_then(|n| n.as_f64()).is_some_and(|v| v < LOW_CONFIDENCE);
            let cls = match m {
                Some(m) if m.mismatch => "mis",
                Some(m) if m.inferred => "inf",
                _ if conf_low => "low",
                _ if c.reread.is_some() => "rr",
                _ => continue,
            };
            let Some(b) = c.bbox.as_ref().filter(|b| b.len() == 4) else { continue };
            let _ = write!(
                h,
                "<div class=\"box {cls}\" style=\"left:{:.0}px;top:{:.0}px;width:{:.0}px;height:{:.0}px\"></div>",
                (b[0] - r[0]) * PX_PER_PT,
                (b[1] - r[1]) * PX_PER_PT,
                (b[2] - b[0]) * PX_PER_PT,
                (b[3] - b[1]) * PX_PER_PT
            );
        }
        h.push_str("<div class=hl></div></div>\n");
    }
    h.push_str("</div></div>\n");
    if !checks.is_empty() {
        h.push_str("<h3>Checks</h3><ul>\n");
        for c in &checks {
            check_item(h, d, c);
        }
        h.push_str("</ul>\n");
    }
}
