//! The title printed under the type heading, up to the body.
use super::*;

/// Lines after the heading up to the authority line, the preamble or a blank
/// line, joined: "Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020".
pub(super) fn read_title(segs: &[Seg], heading: usize, rest: Option<&str>) -> Option<String> {
    let mut parts: Vec<String> = rest.map(|r| vec![r.to_string()]).unwrap_or_default();
    for s in segs.iter().skip(heading + 1).take(8) {
        if s.text.is_empty() {
            if parts.is_empty() {
                continue;
            }
            break;
        }
        let f = &s.fold;
        // "Thực hiện …" right under the heading is the title ("KẾ HOẠCH / Thực hiện các đề án …").
        let stop = is_can_cu(f)
            || (f.starts_with("thuc hien ") && !parts.is_empty())
            || ["chu tich ", "uy ban nhan dan", "kinh gui", "truong ban ", "ubnd ", "hoi dong nhan dan", "giam doc ", "xet ", "dieu 1", "theo de nghi", "(ban hanh kem", "(kem theo", "ban hanh kem"]
                .iter()
                .any(|p| f.starts_with(p))
            || f.chars().all(|c| matches!(c, '-' | '_' | '*' | '=' | '.' | ' '))
            || starts_numbered(f)
            // A heading in capitals after a title in ordinary case.
            || (is_upper_heading(&s.text) && parts.iter().any(|p| p.chars().any(|c| c.is_lowercase())))
            || parts.len() >= 4;
        if stop {
            break;
        }
        parts.push(s.text.clone());
    }
    let t = collapse_spaces(&parts.join(" "));
    (!t.is_empty()).then_some(t)
}

/// "I. MỤC ĐÍCH", "1. Mục tiêu", "a) …", "Phần I", "Chương II", "Mục 1":
/// the body has begun.
pub(super) fn starts_numbered(f: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, r"^(?:(?:[ivx]+|\d+|[a-z])[.)]\s|(?:phan|chuong|muc|dieu)\s+(?:[ivx]+|\d+)\b)").is_some_and(|r| r.is_match(f))
}
