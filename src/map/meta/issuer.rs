//! The issuing organ and its province, from the header's organ block.
use super::*;

/// "tỉnh Cao Bằng", "thành phố Hà Nội".
pub(super) fn province_unit(p: &Province) -> String {
    format!("{} {}", if p.city { "thành phố" } else { "tỉnh" }, p.name)
}

/// The organ block: "ỦY BAN NHÂN DÂN / TỈNH CAO BẰNG" → organ "Ủy ban nhân
/// dân", unit "tỉnh Cao Bằng", province "Cao Bằng"; "UBND TỈNH X / SỞ CÔNG
/// THƯƠNG" → organ "Sở Công Thương"; HĐND likewise; "BAN QUẢN LÝ …" →
/// "Ban Quản lý …"; "UBND TỈNH X / VĂN PHÒNG" → "Văn phòng Ủy ban nhân dân";
/// "CHỦ TỊCH / ỦY BAN NHÂN DÂN TỈNH X" → "Chủ tịch Ủy ban nhân dân".
pub(super) fn issuer_and_province(top: &[Seg]) -> (Option<String>, Option<String>, Option<String>) {
    let mut organ: Option<&str> = None;
    let mut sub: Option<String> = None;
    let mut province: Option<&'static Province> = None;
    let mut printed_unit: Option<String> = None;
    let mut chairman = false;
    for s in top.iter().take(20) {
        let w = words_only(&s.fold);
        if w.contains(" cong hoa xa hoi ") && !w.contains(" uy ban ") && !w.contains(" ubnd ") {
            continue;
        }
        let w = w.replace(" cong hoa xa hoi chu nghia viet nam ", " ").replace(" doc lap tu do hanh phuc ", " ");
        if organ.is_none() && w.starts_with(" chu tich ") && !s.text.chars().any(|c| c.is_lowercase()) {
            chairman = true;
        }
        if organ.is_none() {
            if w.contains(" uy ban nhan dan ") || w.contains(" ubnd ") {
                organ = Some("Ủy ban nhân dân");
            } else if w.contains(" hoi dong nhan dan ") || w.contains(" hdnd ") {
                organ = Some("Hội đồng nhân dân");
            }
        }
        if sub.is_none() && [" so ", " ban ", " van phong "].iter().any(|p| w.starts_with(p)) {
            // "SỞ CÔNG THƯƠNG" as a line of its own (not "Số: …").
            let is_number_line = s.text.trim_start().chars().nth(1).is_some_and(|c| matches!(c, 'ố' | 'Ố' | 'ô' | 'Ô'))
                || s.text.contains(':')
                || s.text.chars().any(|c| c.is_ascii_digit());
            if !is_number_line && !s.text.chars().any(|c| c.is_lowercase()) {
                // "SỞ CÔNG THƯƠNG TỈNH X": the organ without its province.
                let unit_at = [" tinh ", " thanh pho ", " tp "].iter().filter_map(|u| w.find(u)).min();
                let organ_words = unit_at.map(|at| w[..at].split_whitespace().count()).unwrap_or(usize::MAX);
                let name: Vec<&str> = s.text.split_whitespace().take(organ_words).collect();
                sub = Some(organ_case(&name.join(" ")));
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
    let organ = match (sub, organ) {
        // The office of the committee: "Văn phòng Ủy ban nhân dân".
        (Some(v), Some(o)) if v == "Văn phòng" => Some(format!("{v} {o}")),
        (Some(s), _) => Some(s),
        (None, Some(o)) if chairman => Some(format!("Chủ tịch {o}")),
        (None, o) => o.map(str::to_string),
    };
    (organ, unit, name)
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
    let s = sentence_case(s);
    // "Ban quản lý …" is printed "Ban Quản lý …".
    match s.strip_prefix("Ban quản lý") {
        Some(rest) => format!("Ban Quản lý{rest}"),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(lines: &[&str]) -> Vec<Seg> {
        lines.iter().map(|t| Seg { text: t.to_string(), fold: fold(t) }).collect()
    }

    fn issuer(lines: &[&str]) -> (Option<String>, Option<String>) {
        let (o, u, p) = issuer_and_province(&segs(lines));
        (o.map(|o| format!("{o} {}", u.unwrap_or_default()).trim().to_string()), p)
    }

    #[test]
    fn organs_of_every_kind() {
        let some = |a: &str, b: &str| (Some(a.to_string()), Some(b.to_string()));
        assert_eq!(
            issuer(&["CHỦ TỊCH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"]),
            some("Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh", "Quảng Ninh")
        );
        assert_eq!(issuer(&["UBND TỈNH GIA LAI", "VĂN PHÒNG", "Số: 615/TB-VP"]), some("Văn phòng Ủy ban nhân dân tỉnh Gia Lai", "Gia Lai"));
        assert_eq!(
            issuer(&["UBND TỈNH BẮC NINH", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"]),
            some("Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh", "Bắc Ninh")
        );
        assert_eq!(issuer(&["UBND THÀNH PHỐ HẢI PHÒNG", "SỞ CÔNG THƯƠNG"]), some("Sở Công Thương thành phố Hải Phòng", "Hải Phòng"));
        assert_eq!(issuer(&["SỞ CÔNG THƯƠNG TỈNH NGHỆ AN"]), some("Sở Công Thương tỉnh Nghệ An", "Nghệ An"));
        assert_eq!(issuer(&["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"]), some("Hội đồng nhân dân thành phố Đà Nẵng", "Đà Nẵng"));
        assert_eq!(issuer(&["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HUẾ"]), some("Ủy ban nhân dân thành phố Huế", "Huế"));
        assert_eq!(issuer(&["ỦY BAN NHÂN DÂN", "TỈNH ĐĂK LĂK"]), some("Ủy ban nhân dân tỉnh Đắk Lắk", "Đắk Lắk"));
        assert_eq!(issuer(&["UBND TỈNH KHÁNH HOÀ"]), some("Ủy ban nhân dân tỉnh Khánh Hòa", "Khánh Hòa"));
        // "Số 12" and a "Ban" in prose are not organs.
        assert_eq!(issuer(&["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "SỐ 12/CT-UBND"]), some("Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai"));
    }
}
