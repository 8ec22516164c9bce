//! The issuing organ and its province, from the header's organ block.
use super::*;

/// "tỉnh Cao Bằng", "thành phố Hà Nội".
pub(super) fn province_unit(p: &Province) -> String {
    format!("{} {}", if p.city { "thành phố" } else { "tỉnh" }, p.name)
}

/// The organ block: "ỦY BAN NHÂN DÂN / TỈNH CAO BẰNG" → organ "Ủy ban nhân
/// dân", unit "tỉnh Cao Bằng", province "Cao Bằng"; "UBND TỈNH X / SỞ CÔNG
/// THƯƠNG" → organ "Sở Công Thương"; HĐND likewise.
pub(super) fn issuer_and_province(top: &[Seg]) -> (Option<String>, Option<String>, Option<String>) {
    let mut organ: Option<&str> = None;
    let mut sub: Option<String> = None;
    let mut province: Option<&'static Province> = None;
    let mut printed_unit: Option<String> = None;
    for s in top.iter().take(20) {
        let w = words_only(&s.fold);
        if w.contains(" cong hoa xa hoi ") && !w.contains(" uy ban ") && !w.contains(" ubnd ") {
            continue;
        }
        let w = w.replace(" cong hoa xa hoi chu nghia viet nam ", " ").replace(" doc lap tu do hanh phuc ", " ");
        if organ.is_none() {
            if w.contains(" uy ban nhan dan ") || w.contains(" ubnd ") {
                organ = Some("Ủy ban nhân dân");
            } else if w.contains(" hoi dong nhan dan ") || w.contains(" hdnd ") {
                organ = Some("Hội đồng nhân dân");
            }
        }
        if sub.is_none() && w.starts_with(" so ") {
            // "SỞ CÔNG THƯƠNG" as a line of its own (not "Số: …").
            let is_number_line = s.text.trim_start().chars().nth(1).is_some_and(|c| matches!(c, 'ố' | 'Ố' | 'ô' | 'Ô')) || s.text.contains(':');
            if !is_number_line && !s.text.chars().any(|c| c.is_lowercase()) {
                sub = Some(organ_case(&s.text));
            }
        }
        if province.is_none() && printed_unit.is_none() && (w.contains(" tinh ") || w.contains(" thanh pho ") || w.contains(" tp ")) {
            province = find_province(&s.text);
            if province.is_none() {
                // A province we do not know: keep the printed name.
                if let Some(pos) = w.find(" tinh ") {
                    let before = w[..pos].split_whitespace().count();
                    let name = s.text.split_whitespace().skip(before + 1).collect::<Vec<_>>().join(" ");
                    let n = name.split_whitespace().count();
                    if (1..=4).contains(&n) {
                        printed_unit = Some(title_case_words(&name));
                    }
                }
            }
        }
    }
    let (unit, name) = match (province, printed_unit) {
        (Some(p), _) => (Some(province_unit(p)), Some(p.name.to_string())),
        (None, Some(n)) => (Some(format!("tỉnh {n}")), Some(n)),
        (None, None) => (None, None),
    };
    (sub.or(organ.map(str::to_string)), unit, name)
}

/// "SỞ CÔNG THƯƠNG" → "Sở Công Thương"; "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" → "Sở Kế
/// hoạch và Đầu tư" (the capitalisation of official names).
pub(super) fn organ_case(s: &str) -> String {
    let known: &[(&str, &str)] = &[
        ("so cong thuong", "Sở Công Thương"),
        ("so tai chinh", "Sở Tài chính"),
        ("so ke hoach va dau tu", "Sở Kế hoạch và Đầu tư"),
        ("so noi vu", "Sở Nội vụ"),
        ("so tu phap", "Sở Tư pháp"),
        ("so nong nghiep va phat trien nong thon", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("so khoa hoc va cong nghe", "Sở Khoa học và Công nghệ"),
        ("so lao dong thuong binh va xa hoi", "Sở Lao động - Thương binh và Xã hội"),
        ("so tai nguyen va moi truong", "Sở Tài nguyên và Môi trường"),
        ("so xay dung", "Sở Xây dựng"),
        ("so giao thong van tai", "Sở Giao thông vận tải"),
        ("so van hoa the thao va du lich", "Sở Văn hóa, Thể thao và Du lịch"),
        ("so nong nghiep va moi truong", "Sở Nông nghiệp và Môi trường"),
    ];
    let w = words_only(&fold(s));
    for (k, v) in known {
        if w.trim() == *k {
            return v.to_string();
        }
    }
    sentence_case(s)
}
