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

    // Type heading and title.
    let heading = find_heading(header).or_else(|| find_heading(&segs[..segs.len().min(60)]));
    if let Some((idx, t, rest)) = &heading {
        meta.doc_type = Some(*t);
        meta.title = read_title(&segs, *idx, rest.as_deref());
    }
    let header_end = heading.as_ref().map(|(i, _, _)| *i).unwrap_or(preamble_start).min(preamble_start);
    let top = &segs[..header_end];

    // Number.
    meta.number = top.iter().chain(header.iter()).find_map(|s| header_number(&s.text));
    if meta.doc_type.is_none() {
        meta.doc_type = meta.number.as_deref().and_then(type_from_number);
    }

    // Date and place.
    if let Some((date, place)) = header.iter().find_map(|s| date_line(&s.text)) {
        meta.date = Some(date);
        meta.place = place;
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
struct Seg {
    text: String,
    fold: String,
}

fn segments(lines: &[&Line]) -> Vec<Seg> {
    let mut out = Vec::new();
    for l in lines {
        let parts: Vec<String> = if l.cells.len() > 1 {
            l.cells.iter().map(|c| c.text.clone()).collect()
        } else {
            vec![l.text.clone()]
        };
        for p in parts {
            let text = collapse_spaces(&strip_markup(&nfc(&p)));
            let f = fold(&text);
            if text.is_empty() && l.cells.len() > 1 {
                continue;
            }
            out.push(Seg { text, fold: f });
        }
    }
    out
}

fn is_can_cu(folded: &str) -> bool {
    folded.starts_with("can cu ") || folded.starts_with("can cu:")
}

fn re(cell: &'static OnceLock<Option<Regex>>, pat: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

// ---------------------------------------------------------------- headings

/// Document types by their name (folded), longest first.
const TYPE_WORDS: &[(&str, DocType)] = &[
    ("thong tu lien tich", DocType::ThongTuLienTich),
    ("thong tu", DocType::ThongTu),
    ("nghi dinh", DocType::NghiDinh),
    ("nghi quyet", DocType::NghiQuyet),
    ("quyet dinh", DocType::QuyetDinh),
    ("chuong trinh", DocType::ChuongTrinh),
    ("ke hoach", DocType::KeHoach),
    ("de an", DocType::DeAn),
    ("cong van", DocType::CongVan),
    ("van ban", DocType::CongVan),
    ("chi thi", DocType::ChiThi),
    ("bo luat", DocType::Luat),
    ("luat", DocType::Luat),
];

/// The types a document itself can be headed with.
const HEADING_TYPES: &[(&str, DocType)] = &[
    ("quyet dinh", DocType::QuyetDinh),
    ("ke hoach", DocType::KeHoach),
    ("chuong trinh", DocType::ChuongTrinh),
    ("de an", DocType::DeAn),
    ("nghi quyet", DocType::NghiQuyet),
    ("cong van", DocType::CongVan),
    ("chi thi", DocType::ChiThi),
];

/// The first type heading ("QUYẾT ĐỊNH", "KẾ HOẠCH", possibly followed by
/// the title on the same line): its index, type and the rest of the line.
fn find_heading(segs: &[Seg]) -> Option<(usize, DocType, Option<String>)> {
    for (i, seg) in segs.iter().enumerate() {
        // OCR leaves specks around a heading (". KẾ HOẠCH :").
        let text = seg.text.trim_matches(|c: char| !c.is_alphanumeric());
        let f = fold(text);
        let f = f.as_str();
        let s = Seg { text: text.to_string(), fold: f.to_string() };
        let ends_colon = seg.text.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ':').ends_with(':');
        for (w, t) in HEADING_TYPES {
            let Some(rest) = f.strip_prefix(w) else { continue };
            if !(rest.is_empty() || rest.starts_with(' ')) {
                continue;
            }
            // The type word itself is printed in capitals.
            let nwords = w.split(' ').count();
            let head: Vec<&str> = s.text.split(' ').take(nwords).collect();
            if head.iter().any(|h| h.chars().any(|c| c.is_lowercase())) {
                continue;
            }
            let rest_text: String = s.text.split(' ').skip(nwords).collect::<Vec<_>>().join(" ");
            let rest_text = rest_text.trim_matches([':', ' ']).to_string();
            // "QUYẾT ĐỊNH:" of the operative part is not a heading with a title.
            if ends_colon && rest_text.is_empty() && i > 0 && segs[..i].iter().any(|x| is_can_cu(&x.fold)) {
                continue;
            }
            return Some((i, *t, (!rest_text.is_empty()).then_some(rest_text)));
        }
    }
    None
}

/// Lines after the heading up to the authority line, the preamble or a blank
/// line, joined: "Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020".
fn read_title(segs: &[Seg], heading: usize, rest: Option<&str>) -> Option<String> {
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
            || ["chu tich ", "uy ban nhan dan", "ubnd ", "hoi dong nhan dan", "giam doc ", "xet ", "dieu 1", "theo de nghi", "(ban hanh kem", "(kem theo", "ban hanh kem"]
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
fn starts_numbered(f: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, r"^(?:(?:[ivx]+|\d+|[a-z])[.)]\s|(?:phan|chuong|muc|dieu)\s+(?:[ivx]+|\d+)\b)").is_some_and(|r| r.is_match(f))
}

// ---------------------------------------------------------------- numbers

/// A document number in running text: "45/2012/NĐ-CP", "270/QĐ - UBND",
/// "26/2014/TTLT-BTC - BCT", "1288/QĐ-TTg", "42a/STC-HCSN".
fn docno_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, r"\b\d+[a-zA-Z]?\s*/\s*[\p{Lu}\d]+[a-z]?[\p{Lu}\d]*(?:\s*[/\-–]\s*[\p{Lu}\d]+[a-z]?[\p{Lu}\d]*)*")
}

/// Document numbers in `s` with their byte ranges; a number has a letter in
/// it (so dates like 21/5/2012 are not numbers) and does not run into the
/// next word ("… - Sở" is cut back).
fn find_docnos(s: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let Some(re) = docno_re() else { return Vec::new() };
    let mut out = Vec::new();
    for m in re.find_iter(s) {
        let mut r = m.range();
        // Cut back a last segment that is the start of a word.
        while s[r.end..].chars().next().is_some_and(|c| c.is_alphabetic()) {
            let cut = s[r.clone()].rfind(['/', '-', '–']);
            match cut {
                Some(k) if k > 0 => {
                    r.end = r.start + k;
                    r.end = r.start + s[r.clone()].trim_end().len();
                }
                _ => {
                    r.end = r.start;
                    break;
                }
            }
        }
        let text: String = s[r.clone()].chars().filter(|c| !c.is_whitespace()).collect();
        if !text.contains('/') || !text.chars().any(|c| c.is_alphabetic()) {
            continue;
        }
        // Not a date's tail ("… năm 2015/QĐ" cannot happen; "21/5/2012" has no letter).
        out.push((r, text));
    }
    out
}

/// "Số: 270/QĐ - UBND" → "270/QĐ-UBND".
fn header_number(text: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let r = re(&RE, r"(?i)(?:^|\s)(?:s[ốôoóồ6]|so)\s*[:.]?\s*(\d)")?;
    let c = r.captures(text)?;
    let start = c.get(1)?.start();
    find_docnos(&text[start..]).into_iter().find(|(r, _)| r.start == 0).map(|(_, n)| n)
}

/// The type a number's suffix names: QĐ, KH, CTr, ĐA, NQ, CV, NĐ, TT, TTLT, CT, QH…
fn type_from_number(n: &str) -> Option<DocType> {
    let mut segs = n.split('/').skip(1);
    let mut s = segs.next()?;
    if s.chars().all(|c| c.is_ascii_digit()) {
        s = segs.next()?;
    }
    let abbr = s.split(['-', '–']).next()?;
    Some(match fold(abbr).as_str() {
        "qd" => DocType::QuyetDinh,
        "kh" => DocType::KeHoach,
        "ctr" => DocType::ChuongTrinh,
        "da" => DocType::DeAn,
        "nq" => DocType::NghiQuyet,
        "cv" => DocType::CongVan,
        "nd" => DocType::NghiDinh,
        "tt" => DocType::ThongTu,
        "ttlt" => DocType::ThongTuLienTich,
        "ct" => DocType::ChiThi,
        a if a.starts_with("qh") => DocType::Luat,
        _ => return None,
    })
}

// ---------------------------------------------------------------- date, place

/// "Cao Bằng, ngày 26 tháng 02 năm 2015" → (2015-02-26, Some("Cao Bằng")).
/// The line may also carry the number ("Số: 270/QĐ-UBND Cao Bằng, ngày …").
fn date_line(text: &str) -> Option<(String, Option<String>)> {
    let f = fold(text);
    if is_can_cu(&f) || f.contains("kem theo") {
        return None;
    }
    let (r, d) = find_dates(text).into_iter().next()?;
    let before = text[..r.start].trim_end();
    let before = before.strip_suffix("ngày").or_else(|| before.strip_suffix("Ngày")).unwrap_or(before).trim_end();
    let before = before.trim_end_matches([',', ' ']);
    // Drop a number printed on the same line.
    let before = match find_docnos(before).last() {
        Some((nr, _)) => before[nr.end..].trim(),
        None => before.trim(),
    };
    let place = before.trim_matches([',', ' ', '.']);
    let words = place.split_whitespace().count();
    if words > 6 || (words == 0 && !fold(&text[..r.start]).trim().is_empty() && !fold(text).trim_start().starts_with("ngay")) {
        // A date inside prose, not the header's date line.
        return None;
    }
    let place = (words > 0 && place.chars().next().is_some_and(|c| c.is_uppercase())).then(|| place.to_string());
    Some((d.iso(), place))
}

// ---------------------------------------------------------------- provinces

/// A province or centrally-run city.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// Canonical name, no "tỉnh"/"thành phố".
    pub name: &'static str,
    /// True for a centrally-run city ("thành phố").
    pub city: bool,
    keys: &'static [&'static str],
}

macro_rules! p {
    ($name:expr, $city:expr, [$($k:expr),*]) => {
        Province { name: $name, city: $city, keys: &[$($k),*] }
    };
}

/// Vietnam's provinces and centrally-run cities (the 63 of 2008–2025, with
/// the names kept after the 2025 mergers), with folded spellings.
pub const PROVINCES: &[Province] = &[
    p!("An Giang", false, ["an giang"]),
    p!("Bà Rịa - Vũng Tàu", false, ["ba ria vung tau", "brvt"]),
    p!("Bạc Liêu", false, ["bac lieu"]),
    p!("Bắc Giang", false, ["bac giang"]),
    p!("Bắc Kạn", false, ["bac kan", "bac can"]),
    p!("Bắc Ninh", false, ["bac ninh"]),
    p!("Bến Tre", false, ["ben tre"]),
    p!("Bình Dương", false, ["binh duong"]),
    p!("Bình Định", false, ["binh dinh"]),
    p!("Bình Phước", false, ["binh phuoc"]),
    p!("Bình Thuận", false, ["binh thuan"]),
    p!("Cà Mau", false, ["ca mau"]),
    p!("Cao Bằng", false, ["cao bang"]),
    p!("Cần Thơ", true, ["can tho"]),
    p!("Đà Nẵng", true, ["da nang"]),
    p!("Đắk Lắk", false, ["dak lak", "dac lac", "daklak", "dak lac"]),
    p!("Đắk Nông", false, ["dak nong", "daknong", "dac nong"]),
    p!("Điện Biên", false, ["dien bien"]),
    p!("Đồng Nai", false, ["dong nai"]),
    p!("Đồng Tháp", false, ["dong thap"]),
    p!("Gia Lai", false, ["gia lai"]),
    p!("Hà Giang", false, ["ha giang"]),
    p!("Hà Nam", false, ["ha nam"]),
    p!("Hà Nội", true, ["ha noi"]),
    p!("Hà Tĩnh", false, ["ha tinh"]),
    p!("Hải Dương", false, ["hai duong"]),
    p!("Hải Phòng", true, ["hai phong"]),
    p!("Hậu Giang", false, ["hau giang"]),
    p!("Hòa Bình", false, ["hoa binh"]),
    p!("Hưng Yên", false, ["hung yen"]),
    p!("Khánh Hòa", false, ["khanh hoa"]),
    p!("Kiên Giang", false, ["kien giang"]),
    p!("Kon Tum", false, ["kon tum", "kontum"]),
    p!("Lai Châu", false, ["lai chau"]),
    p!("Lạng Sơn", false, ["lang son"]),
    p!("Lào Cai", false, ["lao cai"]),
    p!("Lâm Đồng", false, ["lam dong"]),
    p!("Long An", false, ["long an"]),
    p!("Nam Định", false, ["nam dinh"]),
    p!("Nghệ An", false, ["nghe an"]),
    p!("Ninh Bình", false, ["ninh binh"]),
    p!("Ninh Thuận", false, ["ninh thuan"]),
    p!("Phú Thọ", false, ["phu tho"]),
    p!("Phú Yên", false, ["phu yen"]),
    p!("Quảng Bình", false, ["quang binh"]),
    p!("Quảng Nam", false, ["quang nam"]),
    p!("Quảng Ngãi", false, ["quang ngai"]),
    p!("Quảng Ninh", false, ["quang ninh"]),
    p!("Quảng Trị", false, ["quang tri"]),
    p!("Sóc Trăng", false, ["soc trang"]),
    p!("Sơn La", false, ["son la"]),
    p!("Tây Ninh", false, ["tay ninh"]),
    p!("Thái Bình", false, ["thai binh"]),
    p!("Thái Nguyên", false, ["thai nguyen"]),
    p!("Thanh Hóa", false, ["thanh hoa"]),
    p!("Hồ Chí Minh", true, ["ho chi minh", "tp hcm", "tphcm", "tp.hcm"]),
    p!("Thừa Thiên Huế", false, ["thua thien hue"]),
    p!("Huế", true, ["hue"]),
    p!("Tiền Giang", false, ["tien giang"]),
    p!("Trà Vinh", false, ["tra vinh"]),
    p!("Tuyên Quang", false, ["tuyen quang"]),
    p!("Vĩnh Long", false, ["vinh long"]),
    p!("Vĩnh Phúc", false, ["vinh phuc"]),
    p!("Yên Bái", false, ["yen bai"]),
];

/// Folded text with dashes and punctuation turned into single spaces, for
/// whole-word matching of names.
fn words_only(f: &str) -> String {
    let t: String = f.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    format!(" {} ", collapse_spaces(&t))
}

/// The province named in a text (accents optional, OCR's "tinh" is fine),
/// preferring one right after "tỉnh"/"thành phố"/"TP"; then the earliest,
/// then the longest name.
pub fn find_province(text: &str) -> Option<&'static Province> {
    let w = words_only(&fold(text));
    let mut best: Option<(bool, usize, usize, &'static Province)> = None;
    for p in PROVINCES {
        for k in p.keys {
            let key = format!(" {} ", words_only(k).trim());
            let mut from = 0;
            while let Some(pos) = w[from..].find(&key) {
                let at = from + pos;
                let before = &w[..at + 1];
                let after_tinh = ["tinh ", "thanh pho ", "tp ", "t ", "thanh pho truc thuoc trung uong "].iter().any(|t| before.ends_with(&format!(" {t}")));
                let cand = (after_tinh, at, key.len(), p);
                best = match best {
                    None => Some(cand),
                    Some(b) => {
                        let better = (cand.0 && !b.0) || (cand.0 == b.0 && (cand.1 < b.1 || (cand.1 == b.1 && cand.2 > b.2)));
                        Some(if better { cand } else { b })
                    }
                };
                from = at + 1;
            }
        }
    }
    best.map(|b| b.3)
}

// ---------------------------------------------------------------- issuer

/// "tỉnh Cao Bằng", "thành phố Hà Nội".
fn province_unit(p: &Province) -> String {
    format!("{} {}", if p.city { "thành phố" } else { "tỉnh" }, p.name)
}

/// The organ block: "ỦY BAN NHÂN DÂN / TỈNH CAO BẰNG" → organ "Ủy ban nhân
/// dân", unit "tỉnh Cao Bằng", province "Cao Bằng"; "UBND TỈNH X / SỞ CÔNG
/// THƯƠNG" → organ "Sở Công Thương"; HĐND likewise.
fn issuer_and_province(top: &[Seg]) -> (Option<String>, Option<String>, Option<String>) {
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
fn organ_case(s: &str) -> String {
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

/// Lower-cases all but the first letter.
fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "ĐÀM VĂN ENG" → "Đàm Văn Eng".
fn title_case_words(s: &str) -> String {
    s.split_whitespace().map(sentence_case).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- period

fn year_ok(y: i32) -> bool {
    (1945..=2100).contains(&y)
}

/// "giai đoạn 2016 - 2020" → 2016–2020; "năm 2020" → 2020–2020.
fn period_in_title(t: &str) -> Option<Period> {
    static RANGE: OnceLock<Option<Regex>> = OnceLock::new();
    static YEAR: OnceLock<Option<Regex>> = OnceLock::new();
    let f = fold(t);
    if let Some(c) = re(&RANGE, r"\b(\d{4})\s*(?:-|–|—|den|toi)\s*(?:nam\s*)?(\d{4})\b")?.captures(&f) {
        let a: i32 = c.get(1)?.as_str().parse().ok()?;
        let b: i32 = c.get(2)?.as_str().parse().ok()?;
        if year_ok(a) && year_ok(b) && a <= b {
            return Some(Period { from: a, to: b });
        }
    }
    let r = re(&YEAR, r"\bnam\s+(\d{4})\b")?;
    for c in r.captures_iter(&f) {
        let m = c.get(0)?;
        let before = f[..m.start()].trim_end();
        if before.ends_with("den") || before.ends_with("tu") || before.ends_with("sau") || before.ends_with("truoc") {
            continue;
        }
        let y: i32 = c.get(1)?.as_str().parse().ok()?;
        if year_ok(y) {
            return Some(Period { from: y, to: y });
        }
    }
    None
}

/// A plan word followed in the same sentence by its years, in the body
/// (preamble clauses and annex references left out).
fn period_in_body(segs: &[Seg]) -> Option<Period> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let r = re(&RE, r"(?:ke hoach|chuong trinh|de an)[^.;:]{0,80}?(?:giai doan\s*(\d{4})\s*(?:-|–|—|den)\s*(\d{4})|nam\s+(\d{4}))")?;
    for s in segs {
        let f = &s.fold;
        if is_can_cu(f) || f.starts_with("xet ") || f.contains("kem theo") {
            continue;
        }
        for c in r.captures_iter(f) {
            let p = match (c.get(1), c.get(2), c.get(3)) {
                (Some(a), Some(b), _) => (a.as_str().parse().ok(), b.as_str().parse().ok()),
                (_, _, Some(y)) => {
                    let before = f[..y.start()].trim_end().trim_end_matches("nam").trim_end();
                    if before.ends_with("den") {
                        continue;
                    }
                    (y.as_str().parse().ok(), y.as_str().parse().ok())
                }
                _ => continue,
            };
            if let (Some(a), Some(b)) = p {
                if year_ok(a) && year_ok(b) && a <= b {
                    return Some(Period { from: a, to: b });
                }
            }
        }
    }
    None
}

// ---------------------------------------------------------------- signer

/// Folded position titles, longest first.
const POSITIONS: &[&str] = &[
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
fn signature_line(s: &Seg) -> Option<(Option<&'static str>, String)> {
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
    POSITIONS.contains(&w).then(|| (None, w.to_string()))
}

/// "PHÓ CHỦ TỊCH" → "Phó Chủ tịch"; "ỦY BAN NHÂN DÂN" → "Ủy ban nhân dân".
fn position_case(s: &str) -> String {
    let sc = sentence_case(s);
    match sc.strip_prefix("Phó ") {
        Some(rest) => format!("Phó {}", sentence_case(rest)),
        None => sc,
    }
}

/// The signature block after the body and the name under it.
fn find_signer(segs: &[Seg]) -> Option<Signer> {
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
            if segs[j].text.is_empty() {
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
            if s.text.is_empty() || is_signature_noise(&s.fold) {
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
        if name.is_none() && position.is_none() {
            i = j.max(i + 1);
            continue;
        }
        return Some(Signer { name, position, authority });
    }
    None
}

fn is_signature_noise(f: &str) -> bool {
    let t = f.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.' | ' '));
    t.starts_with("da ky") || t.starts_with("ky ten") || t.starts_with("ky,") || t.starts_with("ky va") || t == "ky" || t.starts_with("dong dau") || t.starts_with("signature") || t.chars().all(|c| !c.is_alphanumeric())
}

/// A person's name: 2–6 words, each starting with a capital, no digits or
/// punctuation beyond a final full stop, not a heading word.
fn person_name(t: &str) -> Option<String> {
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
    if HEADING_TYPES.iter().any(|(k, _)| f.starts_with(k)) || ["phu luc", "bieu", "noi nhan", "uy ban", "cong hoa", "ubnd", "danh sach"].iter().any(|k| f.starts_with(k)) {
        return None;
    }
    let all_caps = t.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    Some(if all_caps { title_case_words(t) } else { words.join(" ") })
}

// ---------------------------------------------------------------- legal bases

/// The "Căn cứ …" clauses of the preamble, with wrapped lines joined; the
/// preamble ends at the first paragraph that is not a Căn cứ clause.
fn can_cu_clauses(segs: &[Seg]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for s in segs {
        if s.text.is_empty() {
            continue;
        }
        if is_can_cu(&s.fold) {
            out.push(s.text.clone());
            open = !ends_clause(&s.text);
            continue;
        }
        if open {
            let starts_new = s.fold.starts_with("xet ") || s.fold.starts_with("theo de nghi") || s.fold.starts_with("dieu ") || is_upper_heading(&s.text);
            if !starts_new {
                if let Some(last) = out.last_mut() {
                    last.push(' ');
                    last.push_str(&s.text);
                }
                open = !ends_clause(&s.text);
                continue;
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// A line in capitals (a heading such as "QUYẾT ĐỊNH:"), with at least two letters.
fn is_upper_heading(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

fn ends_clause(t: &str) -> bool {
    t.trim_end().ends_with([';', '.', ':'])
}

/// Every document cited in the Căn cứ clauses, in order, each number once.
fn legal_bases(segs: &[Seg]) -> Vec<LegalBasis> {
    let mut out: Vec<LegalBasis> = Vec::new();
    for clause in can_cu_clauses(segs) {
        for lb in clause_bases(&clause) {
            let dup = out.iter().any(|o| match (&o.number, &lb.number) {
                (Some(a), Some(b)) => a == b,
                (None, None) => o.doc_type == lb.doc_type && o.date == lb.date,
                _ => false,
            });
            if !dup {
                out.push(lb);
            }
        }
    }
    out
}

/// Citations in one clause: every document number, and every "Luật …" cited
/// by title at the start of a clause part.
fn clause_bases(clause: &str) -> Vec<LegalBasis> {
    let mut out: Vec<(usize, LegalBasis)> = Vec::new();
    let nos = find_docnos(clause);
    let mut prev_end = 0;
    for (r, number) in &nos {
        let before = &clause[prev_end..r.start];
        let doc_type = type_before(before).or_else(|| type_from_number(number)).unwrap_or(DocType::Other);
        let (date, after_date) = date_after(clause, r.end);
        let issuer = issuer_after(clause, after_date);
        out.push((r.start, LegalBasis { number: Some(number.clone()), doc_type, date, issuer }));
        prev_end = r.end;
    }
    // Laws cited by title: "Luật Tổ chức … ngày 26 tháng 11 năm 2003".
    for part in clause_parts(clause) {
        let f = fold(part.1);
        let head = f.trim_start_matches("can cu").trim_start();
        if !(head.starts_with("luat ") || head.starts_with("bo luat ")) {
            continue;
        }
        let part_range = part.0..part.0 + part.1.len();
        if nos.iter().any(|(r, _)| part_range.start <= r.start && r.end <= part_range.end) {
            continue;
        }
        let (date, _) = first_date_in(clause, part_range.clone());
        out.push((part.0, LegalBasis { number: None, doc_type: DocType::Luat, date, issuer: None }));
    }
    out.sort_by_key(|(pos, _)| *pos);
    out.into_iter().map(|(_, b)| b).collect()
}

/// The clause split at ";" into (byte offset, text) parts.
fn clause_parts(clause: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in clause.char_indices() {
        if c == ';' {
            out.push((start, &clause[start..i]));
            start = i + 1;
        }
    }
    out.push((start, &clause[start..]));
    out.into_iter()
        .map(|(s, t)| {
            let trimmed = t.trim_start();
            (s + (t.len() - trimmed.len()), trimmed)
        })
        .collect()
}

/// The type named by the last type word before a number ("Nghị định số").
fn type_before(before: &str) -> Option<DocType> {
    let w = words_only(&fold(before));
    let mut best: Option<(usize, DocType)> = None;
    for (k, t) in TYPE_WORDS {
        let key = format!(" {k} ");
        if let Some(pos) = w.rfind(&key) {
            let end = pos + key.len();
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, *t));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// A date right after a number ("…/NĐ-CP ngày 21 tháng 5 năm 2012",
/// "…-CP, ngày 21/5/2012"): ISO date and the byte offset after it.
fn date_after(clause: &str, from: usize) -> (Option<String>, usize) {
    let rest = &clause[from..];
    if let Some((r, d)) = find_dates(rest).into_iter().next() {
        let gap = fold(&rest[..r.start]);
        let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',');
        if gap.is_empty() || gap == "ngay" || gap == "ban hanh ngay" {
            return (Some(d.iso()), from + r.end);
        }
    }
    (None, from)
}

/// The first date inside a byte range of the clause.
fn first_date_in(clause: &str, range: std::ops::Range<usize>) -> (Option<String>, usize) {
    let part = &clause[range.clone()];
    match find_dates(part).into_iter().next() {
        Some((r, d)) => (Some(d.iso()), range.start + r.end),
        None => (None, range.start),
    }
}

/// "… của Bộ Công Thương Quy định chi tiết …" → "Bộ Công Thương": the words
/// after "của" up to the subject matter ("về", "ban hành", "hướng dẫn",
/// "quy định", "phê duyệt" …) or punctuation.
fn issuer_after(clause: &str, from: usize) -> Option<String> {
    let rest = clause.get(from..)?;
    let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let mut words = trimmed.split_whitespace();
    let first = words.next()?;
    if fold(first.trim_matches(|c: char| !c.is_alphanumeric())) != "cua" {
        return None;
    }
    // Words that open the subject matter: pairs stop in any case ("Bộ Công
    // Thương Quy định …"), single words only in lower case.
    const PAIR_STOPS: &[&str] = &[
        "ban hanh", "huong dan", "quy dinh", "phe duyet", "sua doi", "bo sung", "thanh lap", "thuc hien", "trien khai", "dieu chinh",
        "quyet dinh", "ve viec", "phan bo", "giao chi", "giao nhiem", "ke hoach", "chuong trinh",
    ];
    const WORD_STOPS: &[&str] = &["ve", "tai", "v/v", "theo", "ngay", "cho", "kem", "voi", "nham", "tren", "trong", "so", "nam"];
    let ws: Vec<&str> = words.collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let core = w.trim_end_matches([',', ';', '.', ')', ':']);
        let f = fold(core);
        let next = ws.get(i + 1).map(|n| fold(n.trim_end_matches([',', ';', '.', ')', ':']))).unwrap_or_default();
        let pair = format!("{f} {next}");
        let lower_start = core.chars().next().is_some_and(|c| c.is_lowercase());
        let is_stop = PAIR_STOPS.contains(&pair.as_str()) || (lower_start && WORD_STOPS.contains(&f.as_str()));
        if is_stop && !out.is_empty() {
            break;
        }
        out.push(core);
        if core.len() != w.len() || out.len() >= 10 {
            break;
        }
    }
    while out.last().is_some_and(|w| matches!(*w, "-" | "–" | "và")) {
        out.pop();
    }
    let s = out.join(" ");
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;
    use unicode_normalization::UnicodeNormalization;

    type BasisRef<'a> = (Option<&'a str>, DocType, Option<&'a str>, Option<&'a str>);
    type BasisOwned = (Option<String>, DocType, Option<String>, Option<String>);

    /// Lines the way the text extractor builds them: one per file line,
    /// cells split on tabs, markup removed, NFC.
    fn lines_of(text: &str, normalize: bool) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, l)| {
                let clean = |s: &str| if normalize { nfc(&strip_markup(s)) } else { s.to_string() };
                let cells: Vec<Cell> = l.split('\t').map(|c| Cell { text: clean(c), ..Default::default() }).collect();
                Line { page: 1, number: i as u32 + 1, text: clean(l), cells, tabular: l.contains('\t'), y: None }
            })
            .collect()
    }

    fn meta_of(text: &str, normalize: bool) -> (DocumentMeta, Vec<Warning>) {
        let lines = lines_of(text, normalize);
        let refs: Vec<&Line> = lines.iter().collect();
        document_meta(&refs)
    }

    fn gold(name: &str) -> serde_json::Value {
        let g: serde_json::Value = serde_json::from_str(&crate::normalize::test_gold(name)).unwrap_or_default();
        g["document"].clone()
    }

    fn check_against_gold(m: &DocumentMeta, g: &serde_json::Value) {
        assert_eq!(m.province.as_deref(), g["province"].as_str());
        assert_eq!(m.number.as_deref(), g["number"].as_str());
        assert_eq!(serde_json::to_value(m.doc_type).unwrap_or_default(), g["type"]);
        assert_eq!(m.date.as_deref(), g["date"].as_str());
        assert_eq!(m.signer.as_ref().and_then(|s| s.name.as_deref()), g["signer_name"].as_str());
        assert_eq!(m.period.map(|p| p.from as i64), g["period_from"].as_i64());
        assert_eq!(m.period.map(|p| p.to as i64), g["period_to"].as_i64());
        let want: Vec<&str> = g["legal_bases"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
        let got: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn cao_bang_matches_gold() {
        let text = crate::normalize::test_fixture("cao_bang_2015.txt");
        let (m, w) = meta_of(&text, true);
        check_against_gold(&m, &gold("cao_bang_2015.json"));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Cao Bằng"));
        assert_eq!(m.place.as_deref(), Some("Cao Bằng"));
        assert_eq!(m.title.as_deref(), Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"));
        assert_eq!(
            m.signer,
            Some(Signer { name: Some("Đàm Văn Eng".into()), position: Some("Phó Chủ tịch".into()), authority: Some("KT. Chủ tịch".into()) })
        );
        // The contract's example and the law cited by title only.
        assert_eq!(
            m.legal_bases.iter().find(|b| b.number.as_deref() == Some("45/2012/NĐ-CP")),
            Some(&LegalBasis { number: Some("45/2012/NĐ-CP".into()), doc_type: DocType::NghiDinh, date: Some("2012-05-21".into()), issuer: Some("Chính phủ".into()) })
        );
        assert_eq!(m.legal_bases.first(), Some(&LegalBasis { number: None, doc_type: DocType::Luat, date: Some("2003-11-26".into()), issuer: None }));
        let by_no = |n: &str| m.legal_bases.iter().find(|b| b.number.as_deref() == Some(n)).cloned();
        let qd = by_no("1288/QĐ-TTg").unwrap_or_else(|| panic!("1288 missing"));
        assert_eq!((qd.doc_type, qd.date.as_deref(), qd.issuer.as_deref()), (DocType::QuyetDinh, Some("2014-08-01"), Some("Thủ tướng Chính phủ")));
        let tt = by_no("46/2013/TT-BCT").unwrap_or_else(|| panic!("46 missing"));
        assert_eq!((tt.doc_type, tt.date.as_deref(), tt.issuer.as_deref()), (DocType::ThongTu, Some("2012-12-28"), Some("Bộ Công Thương")));
        let ttlt = by_no("26/2014/TTLT-BTC-BCT").unwrap_or_else(|| panic!("26 missing"));
        assert_eq!(
            (ttlt.doc_type, ttlt.date.as_deref(), ttlt.issuer.as_deref()),
            (DocType::ThongTuLienTich, Some("2014-02-18"), Some("Bộ Tài chính - Bộ Công Thương"))
        );
    }

    #[test]
    fn dong_nai_matches_gold() {
        let text = crate::normalize::test_fixture("dong_nai_2020.txt");
        let (m, w) = meta_of(&text, true);
        check_against_gold(&m, &gold("dong_nai_2020.json"));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đồng Nai"));
        assert_eq!(m.place.as_deref(), Some("Đồng Nai"));
        assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Đồng Nai năm 2020"));
        assert_eq!(
            m.signer,
            Some(Signer { name: Some("Trần Văn Vĩnh".into()), position: Some("Phó Chủ tịch".into()), authority: Some("KT. Chủ tịch".into()) })
        );
        for b in &m.legal_bases {
            assert!(b.date.is_some(), "{b:?}");
            assert!(b.issuer.as_deref().is_some_and(|i| i == "Chính phủ" || i.starts_with("UBND tỉnh")), "{b:?}");
        }
        assert_eq!(m.legal_bases.iter().filter(|b| b.doc_type == DocType::QuyetDinh).count(), 10);
    }

    #[test]
    fn nfd_fixtures_give_the_same_meta() {
        for name in ["cao_bang_2015.txt", "dong_nai_2020.txt"] {
            let text = crate::normalize::test_fixture(name);
            let nfd: String = text.nfd().collect();
            let (a, _) = meta_of(&text, true);
            // Lines handed over without any clean-up at all (NFD, markup kept).
            let (b, _) = meta_of(&nfd, false);
            assert_eq!(a, b, "{name}");
        }
    }

    /// OCR (tesseract, vie) of the scanned fixtures' first page and
    /// signature page, as read: specks, a misread year, blank lines inside
    /// clauses.
    #[test]
    fn ocr_pages_of_the_scans() {
        let cb = include_str!("meta_testdata/cao_bang_2015.ocr.txt");
        let (m, _) = meta_of(cb, true);
        let g = gold("cao_bang_2015.json");
        assert_eq!(m.province.as_deref(), g["province"].as_str());
        assert_eq!(m.number.as_deref(), g["number"].as_str());
        assert_eq!(m.doc_type, Some(DocType::QuyetDinh));
        assert_eq!(m.date.as_deref(), g["date"].as_str());
        assert_eq!(m.period, Some(Period { from: 2016, to: 2020 }));
        assert_eq!(m.title.as_deref(), Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"));
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Cao Bằng"));
        assert_eq!(m.signer.as_ref().and_then(|s| s.name.as_deref()), Some("Đàm Văn Eng"));
        let nums: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
        let want: Vec<&str> = g["legal_bases"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
        assert_eq!(nums, want);
        let tt = m.legal_bases.iter().find(|b| b.number.as_deref() == Some("46/2013/TT-BCT"));
        assert_eq!(tt.and_then(|b| b.issuer.as_deref()), Some("Bộ Công Thương"));
        // "20053" is no year: the law keeps no date rather than a guess.
        assert_eq!(m.legal_bases.first().map(|b| (b.number.is_none(), b.date.clone())), Some((true, None)));

        let dn = include_str!("meta_testdata/dong_nai_2020.ocr.txt");
        let (m, _) = meta_of(dn, true);
        let g = gold("dong_nai_2020.json");
        assert_eq!(m.province.as_deref(), g["province"].as_str());
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đồng Nai"));
        assert_eq!(m.number.as_deref(), g["number"].as_str());
        assert_eq!(m.doc_type, Some(DocType::KeHoach));
        assert_eq!(m.date.as_deref(), g["date"].as_str());
        assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Đồng Nai năm 2020"));
        assert_eq!(m.period, Some(Period { from: 2020, to: 2020 }));
        assert_eq!(
            m.signer,
            Some(Signer { name: Some("Trần Văn Vĩnh".into()), position: Some("Phó Chủ tịch".into()), authority: Some("KT. Chủ tịch".into()) })
        );
        // Page 1 holds the first nine of the eleven clauses.
        let nums: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
        let want: Vec<&str> = g["legal_bases"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).take(9).collect()).unwrap_or_default();
        assert_eq!(nums, want);
        assert!(m.legal_bases.iter().all(|b| b.issuer.is_some() && b.date.is_some()), "{:?}", m.legal_bases);
    }

    #[test]
    fn pdf_layout_with_wrapped_lines() {
        let text = "                               ỦY BAN NHÂN DÂN
                                TỈNH CAO BẰNG
     Số: 270/QĐ - UBND
                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                        Độc lập - Tự do - Hạnh phúc
     Cao Bằng, ngày 26 tháng 02 năm 2015
                                  QUYẾT ĐỊNH
     Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020
                 CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
     Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm
2003;
    Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về
khuyến công;
     Căn cứ Thông tư liên tịch số 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm
2014 của Bộ Tài chính - Bộ Công Thương hướng dẫn trình tự lập, quản lý, sử dụng kinh
phí khuyến công quốc gia và kinh phí khuyến công địa phương;
     Xét đề nghị của Sở Công Thương tại Tờ trình số 1254/TTr-SCT ngày 24 tháng 12
năm 2014 của Sở Công Thương về việc phê duyệt Kế hoạch,
                                  QUYẾT ĐỊNH:
      Điều 1. Phê duyệt kèm theo Quyết định này Kế hoạch.
- Lưu: VT, CN (V).
                                   KT. CHỦ TỊCH
                                   PHÓ CHỦ TỊCH
     Đàm Văn Eng
KẾ HOẠCH
KHUYẾN CÔNG TỈNH CAO BẰNG GIAI ĐOẠN 2016 – 2020";
        let (m, w) = meta_of(text, true);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.number.as_deref(), Some("270/QĐ-UBND"));
        assert_eq!(m.date.as_deref(), Some("2015-02-26"));
        assert_eq!(m.title.as_deref(), Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"));
        let nums: Vec<Option<&str>> = m.legal_bases.iter().map(|b| b.number.as_deref()).collect();
        assert_eq!(nums, vec![None, Some("45/2012/NĐ-CP"), Some("26/2014/TTLT-BTC-BCT")]);
        assert_eq!(m.legal_bases[0].date.as_deref(), Some("2003-11-26"));
        assert_eq!(m.legal_bases[2].date.as_deref(), Some("2014-02-18"));
        assert_eq!(m.legal_bases[2].issuer.as_deref(), Some("Bộ Tài chính - Bộ Công Thương"));
        assert_eq!(m.signer.and_then(|s| s.name).as_deref(), Some("Đàm Văn Eng"));
    }

    #[test]
    fn another_province_style() {
        let text = "UBND TỈNH NGHỆ AN
SỞ CÔNG THƯƠNG
Số: 1234/CTr-SCT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 5 tháng 6 năm 2021

CHƯƠNG TRÌNH
Khuyến công tỉnh Nghệ An
giai đoạn 2021 - 2025

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;
Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;
Căn cứ Quyết định số 1881/QĐ-TTg ngày 24/11/2020 của Thủ tướng Chính phủ phê duyệt Chương trình khuyến công quốc gia giai đoạn 2021 - 2025;
Căn cứ Nghị quyết số 05/2021/NQ-HĐND ngày 12/3/2021 của HĐND tỉnh Nghệ An;
Xét đề nghị của Trung tâm Khuyến công tại Tờ trình số 99/TTr-TTKC ngày 1/6/2021;
Sở Công Thương xây dựng Chương trình như sau:

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
(Đã ký)
NGUYỄN ĐỨC TRUNG
";
        let (m, w) = meta_of(text, true);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.issuer.as_deref(), Some("Sở Công Thương tỉnh Nghệ An"));
        assert_eq!(m.province.as_deref(), Some("Nghệ An"));
        assert_eq!(m.number.as_deref(), Some("1234/CTr-SCT"));
        assert_eq!(m.doc_type, Some(DocType::ChuongTrinh));
        assert_eq!(m.date.as_deref(), Some("2021-06-05"));
        assert_eq!(m.place.as_deref(), Some("Nghệ An"));
        assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Nghệ An giai đoạn 2021 - 2025"));
        assert_eq!(m.period, Some(Period { from: 2021, to: 2025 }));
        assert_eq!(
            m.signer,
            Some(Signer { name: Some("Nguyễn Đức Trung".into()), position: Some("Chủ tịch".into()), authority: Some("TM. Ủy ban nhân dân".into()) })
        );
        let got: Vec<BasisRef<'_>> =
            m.legal_bases.iter().map(|b| (b.number.as_deref(), b.doc_type, b.date.as_deref(), b.issuer.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (None, DocType::Luat, Some("2015-06-19"), None),
                (None, DocType::Luat, Some("2019-11-22"), None),
                (Some("45/2012/NĐ-CP"), DocType::NghiDinh, Some("2012-05-21"), Some("Chính phủ")),
                (Some("1881/QĐ-TTg"), DocType::QuyetDinh, Some("2020-11-24"), Some("Thủ tướng Chính phủ")),
                (Some("05/2021/NQ-HĐND"), DocType::NghiQuyet, Some("2021-03-12"), Some("HĐND tỉnh Nghệ An")),
            ]
        );
    }

    #[test]
    fn ocr_slips_and_city() {
        let text = "UY BAN NHAN DAN\nTHANH PHO HA NOI\nSo: 12/KH-UBND\nHa Noi, ngay 3 thang 1 nam 2022\nKE HOACH\nKhuyen cong nam 2022\nCan cu Nghi dinh so 45/2012/ND-CP ngay 21/5/2012 cua Chinh phu;\n";
        let (m, _) = meta_of(text, true);
        assert_eq!(m.province.as_deref(), Some("Hà Nội"));
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân thành phố Hà Nội"));
        assert_eq!(m.number.as_deref(), Some("12/KH-UBND"));
        assert_eq!(m.doc_type, Some(DocType::KeHoach));
        assert_eq!(m.date.as_deref(), Some("2022-01-03"));
        assert_eq!(m.period, Some(Period { from: 2022, to: 2022 }));
        assert_eq!(m.legal_bases.len(), 1);
        assert_eq!(m.legal_bases[0].doc_type, DocType::NghiDinh);
    }

    #[test]
    fn merged_columns_and_period_from_body() {
        // OCR or a layout-less text layer can merge the two header columns.
        let text = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NAM Độc lập - Tự do - Hạnh phúc
Số: 88/KH-UBND Quảng Nam, ngày 10 tháng 01 năm 2019
KẾ HOẠCH
Hoạt động khuyến công
Căn cứ Quyết định số 1288/QĐ-TTg ngày 01 tháng 8 năm 2014 của Thủ tướng Chính phủ; Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;
UBND tỉnh ban hành Kế hoạch khuyến công năm 2019 như sau:
I. KẾT QUẢ GIAI ĐOẠN 2014 - 2018
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Trí Thanh
";
        let (m, w) = meta_of(text, true);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Quảng Nam"));
        assert_eq!(m.number.as_deref(), Some("88/KH-UBND"));
        assert_eq!(m.place.as_deref(), Some("Quảng Nam"));
        assert_eq!(m.date.as_deref(), Some("2019-01-10"));
        assert_eq!(m.title.as_deref(), Some("Hoạt động khuyến công"));
        assert_eq!(m.period, Some(Period { from: 2019, to: 2019 }));
        let nums: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
        assert_eq!(nums, vec!["1288/QĐ-TTg", "45/2012/NĐ-CP"]);
        assert_eq!(m.legal_bases[1].doc_type, DocType::NghiDinh);
        assert_eq!(m.signer.and_then(|s| s.name).as_deref(), Some("Lê Trí Thanh"));
    }

    #[test]
    fn council_resolution() {
        let text = "HỘI ĐỒNG NHÂN DÂN\nTỈNH LÀO CAI\n\nSố: 10/2021/NQ-HĐND\n\nLào Cai, ngày 15 tháng 7 năm 2021\n\nNGHỊ QUYẾT\n\nQuy định mức chi khuyến công trên địa bàn tỉnh Lào Cai\n\nHỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI\nKHÓA XVI, KỲ HỌP THỨ HAI\n\nCăn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;\n\nCHỦ TỊCH\n\nVũ Xuân Cường\n";
        let (m, w) = meta_of(text, true);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.issuer.as_deref(), Some("Hội đồng nhân dân tỉnh Lào Cai"));
        assert_eq!(m.doc_type, Some(DocType::NghiQuyet));
        assert_eq!(m.number.as_deref(), Some("10/2021/NQ-HĐND"));
        assert_eq!(m.title.as_deref(), Some("Quy định mức chi khuyến công trên địa bàn tỉnh Lào Cai"));
        assert_eq!(m.period, None);
        assert_eq!(m.signer, Some(Signer { name: Some("Vũ Xuân Cường".into()), position: Some("Chủ tịch".into()), authority: None }));
        // An organ without its province in the header takes it from the place.
        let (m, _) = meta_of("SỞ CÔNG THƯƠNG\nSố: 5/KH-SCT\nBắc Ninh, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nKhuyến công năm 2022\n", true);
        assert_eq!(m.issuer.as_deref(), Some("Sở Công Thương tỉnh Bắc Ninh"));
        assert_eq!(m.province.as_deref(), Some("Bắc Ninh"));
    }

    #[test]
    fn issuers_and_titles_in_other_wordings() {
        let c = "Căn cứ Quyết định số 12/2019/QĐ-UBND ngày 3/4/2019 của Ủy ban nhân dân tỉnh về việc ban hành quy chế; Thông tư số 28/2018/TT-BCT ngày 27 tháng 9 năm 2018 của Bộ trưởng Bộ Công Thương quy định chi tiết; Luật Ngân sách nhà nước số 83/2015/QH13 ngày 25 tháng 6 năm 2015;";
        let got: Vec<BasisOwned> =
            clause_bases(c).into_iter().map(|b| (b.number, b.doc_type, b.date, b.issuer)).collect();
        assert_eq!(
            got,
            vec![
                (Some("12/2019/QĐ-UBND".into()), DocType::QuyetDinh, Some("2019-04-03".into()), Some("Ủy ban nhân dân tỉnh".into())),
                (Some("28/2018/TT-BCT".into()), DocType::ThongTu, Some("2018-09-27".into()), Some("Bộ trưởng Bộ Công Thương".into())),
                (Some("83/2015/QH13".into()), DocType::Luat, Some("2015-06-25".into()), None),
            ]
        );
        // No blank lines, no Căn cứ: the title ends where the body begins.
        let (m, _) = meta_of("UBND TỈNH BẮC GIANG\nSố: 7/KH-UBND\nBắc Giang, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nKhuyến công tỉnh Bắc Giang\nnăm 2022\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n", true);
        assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Bắc Giang năm 2022"));
        assert_eq!(m.period, Some(Period { from: 2022, to: 2022 }));
        let (m, _) = meta_of("UBND TỈNH BẮC GIANG\nKẾ HOẠCH\nKHUYẾN CÔNG TỈNH BẮC GIANG\nGIAI ĐOẠN 2021 - 2025\nPhần I\n", true);
        assert_eq!(m.title.as_deref(), Some("KHUYẾN CÔNG TỈNH BẮC GIANG GIAI ĐOẠN 2021 - 2025"));
        assert_eq!(m.period, Some(Period { from: 2021, to: 2025 }));
    }

    #[test]
    fn empty_and_junk_input_do_not_panic() {
        let (m, w) = meta_of("", true);
        assert_eq!(m, DocumentMeta::default());
        assert!(!w.is_empty());
        let (_, _) = meta_of("Số:\nCăn cứ\nKT.\n//\n1/\nngày 99 tháng 99 năm 9999\nQUYẾT ĐỊNH", true);
        for s in crate::normalize::robustness::strings() {
            let _ = meta_of(&s, true);
            let _ = meta_of(&s, false);
        }
    }

    #[test]
    fn provinces() {
        assert_eq!(find_province("TỈNH ĐẮK LẮK").map(|p| p.name), Some("Đắk Lắk"));
        assert_eq!(find_province("tinh Thua Thien - Hue").map(|p| p.name), Some("Thừa Thiên Huế"));
        assert_eq!(find_province("TP. Hồ Chí Minh").map(|p| p.name), Some("Hồ Chí Minh"));
        assert_eq!(find_province("Vĩnh Long, tỉnh Long An").map(|p| p.name), Some("Long An"));
        assert_eq!(find_province("Bà Rịa – Vũng Tàu").map(|p| p.name), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(find_province("Ủy ban nhân dân"), None);
        assert_eq!(PROVINCES.len(), 64);
    }
}
