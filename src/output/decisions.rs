//! Copies of one decision across the documents of a batch.
//!
//! An archive often holds the same decision as its text, its PDF and its scan;
//! each is a document of its own (other bytes, other doc_id), but summing the
//! three triples the money. Copies share a `decision_key` (issuer, number,
//! date); one copy is kept (text before text-layer PDF before scan, then the
//! first by path) and the others name it in `duplicate_of`, their amounts
//! never counted (CONTRACT.md, "Adding up without counting twice").

use std::collections::HashMap;

use super::json::MetaJson;
use super::rows::DocContext;
use crate::model::SourceKind;
use crate::normalize::text::slug;

/// The decision a document states: `province|number|date` with the province
/// (else the issuer) as a slug, the number lower-cased without spaces, the
/// ISO date. `None` when the number or the date is unknown, or when neither
/// province nor issuer is: two provinces print the same numbers on the same
/// day, so a key without either would join different decisions.
pub fn decision_key(meta: &MetaJson) -> Option<String> {
    let who = [meta.province.as_deref(), meta.issuer.as_deref()].into_iter().flatten().map(slug).find(|s| !s.is_empty())?;
    let number: String = meta.number.as_deref()?.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let date = meta.date.as_deref()?.trim();
    if number.is_empty() || date.is_empty() {
        return None;
    }
    Some(format!("{who}|{number}|{date}"))
}

/// Which copy of a decision is kept: the most faithful reading first (text,
/// then a text layer, then OCR), then the first by path, then by doc_id.
fn preference(kind: SourceKind, file: &str, doc_id: &str) -> (u8, String, String) {
    let rank = match kind {
        SourceKind::Text => 0,
        SourceKind::PdfText => 1,
        SourceKind::PdfScan => 2,
    };
    (rank, file.to_string(), doc_id.to_string())
}

/// The copies seen so far, one entry per decision (not per document).
#[derive(Debug, Default)]
pub struct DecisionCopies {
    kept: HashMap<String, (u8, String, String)>,
}

impl DecisionCopies {
    /// Notes one document of the batch by its [`decision_key`] (what a
    /// spooled document keeps of its metadata).
    pub fn add(&mut self, key: Option<String>, kind: SourceKind, file: &str, doc_id: &str) {
        let Some(key) = key else { return };
        let candidate = preference(kind, file, doc_id);
        match self.kept.get_mut(&key) {
            Some(best) if *best <= candidate => {}
            Some(best) => *best = candidate,
            None => {
                self.kept.insert(key, candidate);
            }
        }
    }

    /// What the batch says about one document, by its [`decision_key`], once
    /// every document was added.
    pub fn context(&self, decision_key: Option<String>, doc_id: &str) -> DocContext {
        let duplicate_of =
            decision_key.as_ref().and_then(|k| self.kept.get(k)).map(|(_, _, kept)| kept).filter(|kept| kept.as_str() != doc_id).cloned();
        DocContext { decision_key, duplicate_of }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(province: Option<&str>, number: Option<&str>, date: Option<&str>) -> MetaJson {
        MetaJson {
            issuer: Some("Ủy ban nhân dân tỉnh Cao Bằng".into()),
            province: province.map(str::to_string),
            number: number.map(str::to_string),
            doc_type: None,
            date: date.map(str::to_string),
            place: None,
            title: None,
            period: None,
            signer: None,
            legal_bases: Vec::new(),
        }
    }

    #[test]
    fn key_is_province_number_date() {
        let m = meta(Some("Cao Bằng"), Some("270/QĐ-UBND"), Some("2015-02-26"));
        assert_eq!(decision_key(&m).as_deref(), Some("cao-bang|270/qđ-ubnd|2015-02-26"));
        assert_eq!(decision_key(&meta(Some("Cao Bằng"), None, Some("2015-02-26"))), None);
        assert_eq!(decision_key(&meta(Some("Cao Bằng"), Some("270/QĐ-UBND"), None)), None);
        let issuer_only = meta(None, Some("270/QĐ-UBND"), Some("2015-02-26"));
        assert_eq!(decision_key(&issuer_only).as_deref(), Some("uy-ban-nhan-dan-tinh-cao-bang|270/qđ-ubnd|2015-02-26"));
    }

    #[test]
    fn text_is_kept_before_pdf_before_scan_then_first_path() {
        let m = meta(Some("Đồng Nai"), Some("2257/KH-UBND"), Some("2020-03-06"));
        let mut copies = DecisionCopies::default();
        copies.add(decision_key(&m), SourceKind::PdfScan, "a/dn.scan.pdf", "dn-scan");
        copies.add(decision_key(&m), SourceKind::Text, "z/dn.txt", "dn-z");
        copies.add(decision_key(&m), SourceKind::PdfText, "a/dn.text.pdf", "dn-text");
        copies.add(decision_key(&m), SourceKind::Text, "b/dn.txt", "dn-b");
        assert_eq!(copies.context(decision_key(&m), "dn-b").duplicate_of, None);
        for id in ["dn-scan", "dn-z", "dn-text"] {
            assert_eq!(copies.context(decision_key(&m), id).duplicate_of.as_deref(), Some("dn-b"), "{id}");
        }
        let other = meta(Some("Đồng Nai"), Some("2258/KH-UBND"), Some("2020-03-06"));
        assert_eq!(copies.context(decision_key(&other), "x").duplicate_of, None);
        let unknown = meta(Some("Đồng Nai"), None, None);
        copies.add(decision_key(&unknown), SourceKind::Text, "u1.txt", "u1");
        copies.add(decision_key(&unknown), SourceKind::Text, "u2.txt", "u2");
        assert_eq!(copies.context(decision_key(&unknown), "u2"), DocContext::default());
    }
}
