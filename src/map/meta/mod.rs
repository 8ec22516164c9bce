//! Document metadata from the prose lines: issuing body and province, number,
//! type, date and place, title, the years the plan covers, the signer and the
//! documents cited in the "Căn cứ …" clauses.
//!
//! The rules follow the layout every Vietnamese administrative document
//! shares (Nghị định 30/2020/NĐ-CP form): an organ block top left ("ỦY BAN NHÂN
//! DÂN / TỈNH X", "Số: …"), the national motto top right, "Place, ngày … tháng
//! … năm …", a type heading (QUYẾT ĐỊNH, KẾ HOẠCH …) with the title under it,
//! the "Căn cứ …" preamble, and a signature block ("KT. CHỦ TỊCH / PHÓ CHỦ
//! TỊCH", name). Lines may come from a text file (blank lines between
//! paragraphs), a PDF text layer (wrapped lines, no blank lines) or OCR
//! (accents lost: every keyword is matched after folding).
use crate::model::{DocType, DocumentMeta, LegalBasis, Line, Period, Signer, Stage, Warning};
use crate::normalize::{collapse_spaces, find_dates, fold, nfc, strip_markup};
use regex::Regex;
use std::sync::OnceLock;

mod date;
mod heading;
mod issuer;
mod legal;
mod number;
mod period;
mod province;
mod signer;
mod title;

use date::*;
use heading::*;
use issuer::*;
use legal::*;
use number::*;
use period::*;
#[cfg(test)]
use province::PROVINCES;
pub use province::{find_province, Province};
use signer::*;
use title::*;

/// Reads the metadata of a document from its lines in reading order. Pass all
/// lines (`doc.lines().collect()`): prose is read line by line and each cell
/// of a table line as its own segment, so a header laid out as a borderless
/// table is read too. Lines may be NFD or carry markdown/HTML marks. Fields
/// that cannot be found stay `None` and are reported as warnings.
pub fn document_meta(lines: &[&Line]) -> (DocumentMeta, Vec<Warning>) {
    let segs = segments(lines);
    let mut warnings = Vec::new();
    let mut meta = DocumentMeta::default();

    let preamble_start = segs.iter().position(|s| is_can_cu(&s.fold)).unwrap_or(segs.len().min(60));
    let header = &segs[..preamble_start];

    // Type heading and title; a công văn has no heading, only its "V/v …"
    // subject under the number, and the subject is its title.
    let mut heading = find_heading(header).or_else(|| find_heading(&segs[..segs.len().min(60)]));
    let subject = find_subject(&segs[..segs.len().min(40)]);
    if let Some((si, title)) = subject {
        if heading.as_ref().is_none_or(|(hi, _, _)| si < *hi) {
            heading = Some((si, DocType::CongVan, None));
            meta.title = Some(title);
        }
    }
    if let Some((idx, t, rest)) = &heading {
        meta.doc_type = Some(*t);
        if meta.title.is_none() {
            meta.title = read_title(&segs, *idx, rest.as_deref());
        }
    }
    let header_end = heading.as_ref().map(|(i, _, _)| *i).unwrap_or(preamble_start).min(preamble_start);
    let top = &segs[..header_end];

    // Number.
    meta.number = top.iter().chain(header.iter()).find_map(|s| header_number(&s.text)).or_else(|| {
        // "Số:" in a cell of its own, the number in the next one.
        header.windows(2).find_map(|w| {
            let label = w[0].fold.trim().trim_end_matches([':', '.', ' ']);
            (label == "so").then(|| find_docnos(&w[1].text).into_iter().find(|(r, _)| r.start == 0).map(|(_, n)| n)).flatten()
        })
    });
    if meta.doc_type.is_none() {
        meta.doc_type = meta.number.as_deref().and_then(type_from_number);
    }

    // Date and place.
    if let Some((date, place)) = header.iter().find_map(|s| date_line(&s.text)) {
        meta.date = Some(date);
        meta.place = place;
    } else if let Some((date, place)) =
        segs[header_end..].iter().filter_map(|s| date_line(&s.text)).find(|(_, p)| p.as_deref().and_then(find_province).is_some())
    {
        // Printed only at the end, over the signature ("Vĩnh Long, ngày …").
        meta.date = Some(date);
        meta.place = place;
    } else {
        // A council's resolution: "… thông qua ngày 09 tháng 12 năm 2025".
        meta.date = adoption_date(&segs[header_end..]);
    }

    // Issuer and province.
    let (organ, unit, province) = issuer_and_province(top);
    meta.province = province;
    let mut unit = unit;
    if meta.province.is_none() {
        let fallback = meta.place.as_deref().and_then(find_province).or_else(|| meta.title.as_deref().and_then(find_province));
        if let Some(p) = fallback {
            meta.province = Some(p.name.to_string());
            unit = Some(province_unit(p));
        }
    }
    meta.issuer = match (organ, unit) {
        (Some(o), Some(u)) => Some(format!("{o} {u}")),
        (Some(o), None) => Some(o),
        (None, _) => None,
    };

    // Period: the title first, then the body.
    let body_start = heading.as_ref().map(|(i, _, _)| *i).unwrap_or(0);
    meta.period = meta.title.as_deref().and_then(period_in_title).or_else(|| period_in_body(segs.get(body_start..).unwrap_or_default()));

    // Signer.
    meta.signer = find_signer(segs.get(body_start..).unwrap_or_default());

    // Legal bases.
    meta.legal_bases = legal_bases(&segs[preamble_start..]);

    for (missing, what) in [
        (meta.number.is_none(), "document number"),
        (meta.doc_type.is_none(), "document type"),
        (meta.date.is_none(), "issue date"),
        (meta.province.is_none(), "province"),
        (meta.title.is_none(), "title"),
        (meta.signer.as_ref().and_then(|s| s.name.as_ref()).is_none(), "signer name"),
    ] {
        if missing {
            warnings.push(Warning { stage: Stage::Map, message: format!("{what} not found") });
        }
    }
    (meta, warnings)
}

/// One piece of text: a prose line, or one cell of a table line; blank
/// lines are kept (empty text) because they end a title in text inputs.
#[derive(Debug, Clone)]
pub(super) struct Seg {
    text: String,
    fold: String,
}

pub(super) fn segments(lines: &[&Line]) -> Vec<Seg> {
    let mut out = Vec::new();
    for l in lines {
        let parts: Vec<String> = if l.cells.len() > 1 { l.cells.iter().map(|c| c.text.clone()).collect() } else { vec![l.text.clone()] };
        for p in parts {
            let text = space_date_words(&collapse_spaces(&strip_markup(&nfc(&p))));
            let f = fold(&text);
            if text.is_empty() && l.cells.len() > 1 {
                continue;
            }
            out.push(Seg { text, fold: f });
        }
    }
    out
}

/// "Căn cứ …", also as a list item ("- Căn cứ …").
pub(super) fn is_can_cu(folded: &str) -> bool {
    let f = folded.trim_start_matches(['-', '+', '*', '•', ' ']);
    f.starts_with("can cu ") || f.starts_with("can cu:")
}

pub(super) fn re(cell: &'static OnceLock<Option<Regex>>, pat: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

/// Folded text with dashes and punctuation turned into single spaces, for
/// whole-word matching of names.
pub(super) fn words_only(f: &str) -> String {
    let t: String = f.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    format!(" {} ", collapse_spaces(&t))
}

/// Lower-cases all but the first letter.
pub(super) fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "ĐÀM VĂN ENG" → "Đàm Văn Eng".
pub(super) fn title_case_words(s: &str) -> String {
    s.split_whitespace().map(sentence_case).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
