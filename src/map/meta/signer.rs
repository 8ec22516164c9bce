//! The signature block: authority (TM., KT., Q., TUQ., TL.), position and name.
use super::*;

/// Folded position titles, longest first.
pub(super) const POSITIONS: &[&str] = &[
    "pho chu tich thuong truc",
    "pho chu tich",
    "chu tich",
    "pho giam doc",
    "giam doc",
    "pho truong ban",
    "truong ban",
    "pho chanh van phong",
    "chanh van phong",
    "pho truong phong",
    "truong phong",
    "bo truong",
    "thu truong",
    "thu tuong",
    "pho thu tuong",
    "uy vien",
];

/// A signature line: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"…
/// Returns (authority prefix or None, folded remainder).
pub(super) fn signature_line(s: &Seg) -> Option<(Option<&'static str>, String)> {
    if s.text.chars().any(|c| c.is_lowercase()) {
        return None;
    }
    let w = words_only(&s.fold);
    let w = w.trim();
    for (p, canon) in [("kt", "KT."), ("tm", "TM."), ("tl", "TL."), ("tuq", "TUQ."), ("q", "Q."), ("ktl", "KT.")] {
        if let Some(rest) = w.strip_prefix(&format!("{p} ")) {
            return Some((Some(canon), rest.to_string()));
        }
    }
    if POSITIONS.contains(&w) {
        return Some((None, w.to_string()));
    }
    // "GIÁM ĐỐC SỞ CÔNG THƯƠNG" under "TUQ. CHỦ TỊCH": a position with its organ.
    position_with_organ(w).map(|_| (None, w.to_string()))
}

/// Splits "giam doc so cong thuong" into the position's word count and the
/// organ after it (a Sở, a Ban, an office; not the committee itself, whose
/// "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" is the authority line of a preamble).
fn position_with_organ(w: &str) -> Option<usize> {
    POSITIONS.iter().find_map(|p| {
        let rest = w.strip_prefix(p)?.strip_prefix(' ')?;
        ["so ", "ban ", "van phong ", "trung tam "].iter().any(|o| rest.starts_with(o)).then(|| p.split(' ').count())
    })
}

/// Two-column signature blocks flattened to lines put the "Nơi nhận" list
/// between the signature lines: "- Như Điều 3;", "- Lưu: VT.".
fn is_recipient_line(f: &str) -> bool {
    let t = f.trim_start();
    t.starts_with('-') || t.starts_with('+') || t.starts_with("noi nhan") || t.starts_with("luu:") || t.starts_with("luu ")
}

/// "PHÓ CHỦ TỊCH" → "Phó Chủ tịch"; "ỦY BAN NHÂN DÂN" → "Ủy ban nhân dân".
pub(super) fn position_case(s: &str) -> String {
    let w = words_only(&fold(s));
    if let Some(n) = position_with_organ(w.trim()) {
        let words: Vec<&str> = s.split_whitespace().collect();
        let (pos, organ) = words.split_at(n.min(words.len()));
        return format!("{} {}", position_case(&pos.join(" ")), organ_case(&organ.join(" ")));
    }
    let sc = sentence_case(s);
    let sc = match sc.strip_prefix("Phó ") {
        Some(rest) => format!("Phó {}", sentence_case(rest)),
        None => sc,
    };
    // "Chánh Văn phòng" (the office is a name).
    sc.replace("hánh văn phòng", "hánh Văn phòng")
}

/// The signature block after the body and the name under it.
/// A block with a name under it wins over an earlier one without (the
/// authority line "CHỦ TỊCH ỦY BAN NHÂN DÂN …" over a preamble).
pub(super) fn find_signer(segs: &[Seg]) -> Option<Signer> {
    let mut nameless: Option<Signer> = None;
    let mut i = 0;
    while i < segs.len() {
        if signature_line(&segs[i]).is_none() {
            i += 1;
            continue;
        }
        // The block: consecutive signature lines (blank lines allowed).
        let mut block: Vec<(Option<&'static str>, &Seg)> = Vec::new();
        let mut j = i;
        while j < segs.len() {
            if segs[j].text.is_empty() || (!block.is_empty() && (is_recipient_line(&segs[j].fold) || is_signature_noise(&segs[j].fold))) {
                j += 1;
                continue;
            }
            match signature_line(&segs[j]) {
                Some((auth, _)) => block.push((auth, &segs[j])),
                None => break,
            }
            j += 1;
        }
        // The name: the next non-empty line that reads as a person's name.
        let mut name = None;
        for s in segs.iter().skip(j).take(6) {
            if s.text.is_empty() || is_signature_noise(&s.fold) || is_recipient_line(&s.fold) {
                continue;
            }
            name = person_name(&s.text);
            break;
        }
        let last = block.last()?;
        let text_of = |seg: &Seg, auth: Option<&str>| -> String {
            let t = seg.text.trim();
            match auth {
                Some(a) => {
                    let rest = t.split_once([' ', '.']).map(|(_, r)| r.trim_start_matches(['.', ' '])).unwrap_or("");
                    format!("{a} {}", position_case(rest))
                }
                None => position_case(t),
            }
        };
        let (position, authority) = match last.0 {
            // "TM. ỦY BAN NHÂN DÂN" alone, or "KT. CHỦ TỊCH" with no position line.
            Some(a) => (None, Some(text_of(last.1, Some(a)))),
            None => {
                let auth = block.iter().rev().skip(1).find_map(|(a, seg)| a.map(|a| text_of(seg, Some(a))));
                (Some(text_of(last.1, None)), auth)
            }
        };
        if name.is_none() {
            if position.is_some() && nameless.is_none() {
                nameless = Some(Signer { name, position, authority });
            }
            i = j.max(i + 1);
            continue;
        }
        return Some(Signer { name, position, authority });
    }
    nameless
}

pub(super) fn is_signature_noise(f: &str) -> bool {
    let t = f.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.' | ' '));
    t.starts_with("da ky")
        || t.starts_with("ky ten")
        || t.starts_with("ky,")
        || t.starts_with("ky va")
        || t == "ky"
        || t.starts_with("dong dau")
        || t.starts_with("signature")
        || t.chars().all(|c| !c.is_alphanumeric())
}

/// A person's name: 2–6 words, each starting with a capital, no digits or
/// punctuation beyond a final full stop, not a heading word.
pub(super) fn person_name(t: &str) -> Option<String> {
    let t = t.trim().trim_end_matches('.');
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) {
        return None;
    }
    if !words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic())) {
        return None;
    }
    let f = words_only(&fold(t));
    let f = f.trim();
    if HEADING_TYPES.iter().any(|(k, _)| f.starts_with(k))
        || ["phu luc", "bieu", "noi nhan", "uy ban", "cong hoa", "ubnd", "danh sach"].iter().any(|k| f.starts_with(k))
    {
        return None;
    }
    let all_caps = t.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    Some(if all_caps { title_case_words(t) } else { words.join(" ") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(lines: &[&str]) -> Option<Signer> {
        let segs: Vec<Seg> = lines.iter().map(|t| Seg { text: t.to_string(), fold: fold(t) }).collect();
        find_signer(&segs)
    }

    fn s(name: &str, position: Option<&str>, authority: Option<&str>) -> Option<Signer> {
        Some(Signer { name: Some(name.into()), position: position.map(Into::into), authority: authority.map(Into::into) })
    }

    #[test]
    fn blocks_of_every_authority() {
        // Two columns flattened: the recipients between the signature lines.
        assert_eq!(
            signer(&[
                "Nơi nhận:",
                "TM. ỦY BAN NHÂN DÂN",
                "- Như Điều 3;",
                "KT. CHỦ TỊCH",
                "- Lưu: VT, CN.",
                "PHÓ CHỦ TỊCH",
                "Nguyễn Văn Đệ"
            ]),
            s("Nguyễn Văn Đệ", Some("Phó Chủ tịch"), Some("KT. Chủ tịch"))
        );
        assert_eq!(
            signer(&["Nơi nhận:", "CHỦ TỊCH", "- Chính phủ;", "- Lưu: VT.", "Ngô Xuân Thắng"]),
            s("Ngô Xuân Thắng", Some("Chủ tịch"), None)
        );
        assert_eq!(
            signer(&["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Lê Thị Hồng Vân"]),
            s("Lê Thị Hồng Vân", Some("Phó Chánh Văn phòng"), Some("KT. Chánh Văn phòng"))
        );
        assert_eq!(
            signer(&["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nông Văn Hùng"]),
            s("Nông Văn Hùng", Some("Chánh Văn phòng"), Some("TL. Chủ tịch"))
        );
        assert_eq!(
            signer(&["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA", "Căn cứ Luật;", "TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ CÔNG THƯƠNG", "Vũ Văn Thắng"]),
            s("Vũ Văn Thắng", Some("Giám đốc Sở Công Thương"), Some("TUQ. Chủ tịch"))
        );
        assert_eq!(signer(&["Q. GIÁM ĐỐC", "Phạm Văn Minh"]), s("Phạm Văn Minh", None, Some("Q. Giám đốc")));
        assert_eq!(
            signer(&["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "(Đã ký)", "Đỗ Văn Hải"]),
            s("Đỗ Văn Hải", Some("Phó Trưởng ban"), Some("KT. Trưởng ban"))
        );
    }
}
