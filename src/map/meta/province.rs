//! The canonical list of provinces and centrally-run cities and the
//! province a text names.
use super::*;

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
