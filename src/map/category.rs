//! Content-area categories: maps a row's words (target indicator, amount label,
//! project name) onto the khuyến công content areas of Nghị định 45/2012/NĐ-CP
//! Điều 4 ([`Category`]), so that plans of different provinces can be compared.
//!
//! The words are kept as data ([`LEXICON`]): each entry is a category, a strength
//! and the phrases that name it. Phrases are matched as whole words after
//! folding diacritics ([`crate::normalize::fold`]); a phrase may hold a gap
//! (`"sản phẩm … tiêu biểu"`: up to [`MAX_GAP`] words in between). Precedence:
//!
//! 1. a match lying inside a longer match is dropped ("năng lực quản lý" inside
//!    "năng lực quản lý và tổ chức thực hiện"; "tư vấn" inside the Centre's name
//!    "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp");
//! 2. weak words ("đào tạo", "văn bản", "chuyên đề", "quốc tế", the Centre's
//!    name) count only when no strong word matched;
//! 3. headings joining two areas resolve by [`JOINT`] ("tư vấn, cung cấp thông
//!    tin" → information; "liên doanh, liên kết … cụm công nghiệp" → clusters);
//! 4. `cleaner_production` wins wherever the row's own words name it.
//!
//! A row whose own words settle nothing takes the category of its nearest
//! ancestor that names exactly one ([`categorize`]).

use crate::model::Category;
use crate::normalize::fold;
use std::sync::OnceLock;

/// Most words allowed between the parts of a gapped phrase ("cán bộ làm công
/// tác khuyến công" matches "cán bộ … khuyến công").
pub const MAX_GAP: usize = 4;

/// How much a lexicon entry's words weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Names the area by itself.
    Strong,
    /// Names the area only when no strong word of any area is present.
    Weak,
}

use Category::*;
use Strength::*;

/// The lexicon: (category, strength, phrases). Phrases are written as printed
/// (diacritics, punctuation) and folded when compiled; "…" marks a gap.
const LEXICON: &[(Category, Strength, &[&str])] = &[
    (
        Training,
        Strong,
        &[
            "đào tạo nghề",
            "dạy nghề",
            "truyền nghề",
            "phát triển nghề",
            "nâng cao tay nghề",
            "tay nghề",
            "bồi dưỡng kiến thức",
            "đào tạo lao động",
            "đào tạo công nhân",
        ],
    ),
    (Training, Weak, &["đào tạo"]),
    (
        Management,
        Strong,
        &[
            "khởi sự",
            "thành lập doanh nghiệp",
            "doanh nghiệp … thành lập",
            "quản trị doanh nghiệp",
            "quản lý doanh nghiệp",
            "năng lực quản lý",
            "năng lực quản trị",
            "tập huấn",
            "hội thảo",
            "diễn đàn",
            "tham quan",
            "khảo sát học tập",
            "học tập kinh nghiệm",
            "khảo sát … kinh nghiệm",
        ],
    ),
    (
        Demonstration,
        Strong,
        &[
            "mô hình trình diễn",
            "trình diễn kỹ thuật",
            "chuyển giao công nghệ",
            "chuyển giao",
            "công nghệ",
            "máy móc",
            "thiết bị tiên tiến",
            "thiết bị hiện đại",
            "dây chuyền",
            "tiến bộ khoa học kỹ thuật",
            "khoa học kỹ thuật",
            "tiến bộ kỹ thuật",
        ],
    ),
    (Demonstration, Weak, &["mô hình"]),
    (
        Products,
        Strong,
        &[
            "sản phẩm … tiêu biểu",
            "phát triển sản phẩm",
            "bình chọn",
            "hội chợ",
            "triển lãm",
            "thương hiệu",
            "nhãn hiệu",
            "trưng bày",
            "xúc tiến thương mại",
            "gian hàng",
            "quảng bá sản phẩm",
            "giới thiệu sản phẩm",
            "tiêu thụ sản phẩm",
            "điểm bán hàng",
        ],
    ),
    (Consulting, Strong, &["tư vấn", "trợ giúp", "thiết kế mẫu mã", "mẫu mã", "bao bì", "lập dự án", "marketing"]),
    (
        Information,
        Strong,
        &[
            "thông tin",
            "cung cấp thông tin",
            "trang thông tin điện tử",
            "truyền hình",
            "truyền thanh",
            "phát thanh",
            "bản tin",
            "ấn phẩm",
            "đặc san",
            "website",
            "trang web",
            "dữ liệu",
            "tờ rơi",
            "tờ gấp",
            "tuyên truyền",
            "chuyên mục",
            "phóng sự",
            "số liệu",
            "thống kê",
            "pano",
            "áp phích",
            "sổ tay",
            "cẩm nang",
        ],
    ),
    (Information, Weak, &["chuyên đề"]),
    (Linkage, Strong, &["liên doanh", "liên kết", "hợp tác kinh tế", "hiệp hội", "hội ngành nghề", "hội nghề", "cụm liên kết"]),
    (
        Clusters,
        Strong,
        &[
            "cụm công nghiệp",
            "cụm - điểm công nghiệp",
            "cụm cn",
            "ccn",
            "quy hoạch chi tiết",
            "hạ tầng",
            "di dời",
            "xử lý ô nhiễm",
            "ô nhiễm môi trường",
            "gây ô nhiễm",
        ],
    ),
    (International, Strong, &["hợp tác quốc tế", "nước ngoài", "ngoài nước", "tổ chức quốc tế"]),
    (International, Weak, &["quốc tế"]),
    (
        Capacity,
        Strong,
        &[
            "cán bộ … khuyến công",
            "nghiệp vụ khuyến công",
            "hội nghị … khuyến công",
            "hội thảo … khuyến công",
            "tập huấn … khuyến công",
            "cộng tác viên",
            "mạng lưới khuyến công",
            "trụ sở",
            "cơ sở vật chất",
            "trang thiết bị làm việc",
            "kiểm tra, giám sát",
            "giám sát",
            "chương trình, giáo trình",
            "giáo trình",
            "tài liệu khuyến công",
            "kế hoạch khuyến công",
            "chương trình khuyến công",
            "năng lực quản lý và tổ chức thực hiện",
            "năng lực tổ chức thực hiện",
            "tổ chức thực hiện hoạt động khuyến công",
            "sơ kết",
            "tổng kết",
        ],
    ),
    (
        Capacity,
        Weak,
        &[
            "văn bản",
            "trung tâm khuyến công",
            // The provincial centres' names: their "tư vấn" / "xúc tiến thương
            // mại" is part of a name, not an area.
            "trung tâm khuyến công và tư vấn phát triển công nghiệp",
            "trung tâm khuyến công và xúc tiến thương mại",
            "trung tâm khuyến công và tư vấn",
            "trung tâm khuyến công và phát triển công nghiệp",
            "trung tâm kc&tvptcn",
            "trung tâm kc&tvp tcn",
            "trung tâm kcc&tvp tcn",
        ],
    ),
    (
        CleanerProduction,
        Strong,
        &[
            "sản xuất sạch hơn",
            "sxsh",
            "tiết kiệm năng lượng",
            "năng lượng tiết kiệm",
            "hiệu quả năng lượng",
            "năng lượng tái tạo",
            "điện mặt trời",
            "năng lượng mặt trời",
        ],
    ),
    (Other, Strong, &["nội dung khác", "hoạt động khác", "nhiệm vụ khác", "nội dung chi khác"]),
];

/// Headings that join two areas: when the own words name both `.0` and `.1`,
/// the row belongs to `.2` (contract: "tư vấn, cung cấp thông tin" →
/// information; "liên doanh, liên kết … phát triển cụm công nghiệp" → clusters;
/// a study tour, conference or forum abroad is international cooperation, a
/// fair abroad stays a product fair; a training, workshop or tour about
/// khuyến công itself, or for its staff, builds khuyến công capacity, k.9).
const JOINT: &[(Category, Category, Category)] = &[
    (Consulting, Information, Information),
    (Linkage, Clusters, Clusters),
    (Management, International, International),
    (Capacity, International, International),
    (Management, Capacity, Capacity),
    (Products, International, Products),
];

/// A compiled phrase: its parts (each a run of folded words) separated by gaps.
struct Phrase {
    category: Category,
    strength: Strength,
    parts: Vec<Vec<String>>,
}

/// One occurrence of a phrase in a text, as a word span.
#[derive(Debug, Clone, Copy)]
struct Match {
    category: Category,
    strength: Strength,
    start: usize,
    end: usize,
}

/// Folded lower-case words of a text (letters and digits; everything else
/// separates words).
fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn lexicon() -> &'static [Phrase] {
    static COMPILED: OnceLock<Vec<Phrase>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let mut out = Vec::new();
        for (category, strength, phrases) in LEXICON {
            for p in phrases.iter() {
                let parts: Vec<Vec<String>> = p.split('…').map(words).filter(|w| !w.is_empty()).collect();
                if !parts.is_empty() {
                    out.push(Phrase { category: *category, strength: *strength, parts });
                }
            }
        }
        out
    })
}

/// Where `part` occurs in `ws` at `at`.
fn part_at(ws: &[String], at: usize, part: &[String]) -> bool {
    ws.get(at..at + part.len()).is_some_and(|s| s == part)
}

/// The occurrence of `phrase` in `ws` that starts at `start`: the first part
/// there, each later part at the nearest place within [`MAX_GAP`] words of
/// the previous one.
fn find_at(ws: &[String], phrase: &Phrase, start: usize) -> Option<Match> {
    let first = phrase.parts.first()?;
    if !part_at(ws, start, first) {
        return None;
    }
    let mut end = start + first.len();
    for part in phrase.parts.iter().skip(1) {
        let at = (end..=end + MAX_GAP).find(|&at| part_at(ws, at, part))?;
        end = at + part.len();
    }
    Some(Match { category: phrase.category, strength: phrase.strength, start, end })
}

/// The lexicon's phrases by their first word (indexes into [`lexicon`]), so
/// that a text's words are matched against the few phrases each can start.
fn phrases_by_first_word() -> &'static std::collections::HashMap<&'static str, Vec<usize>> {
    static INDEX: OnceLock<std::collections::HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: std::collections::HashMap<&'static str, Vec<usize>> = std::collections::HashMap::new();
        for (k, phrase) in lexicon().iter().enumerate() {
            if let Some(w) = phrase.parts.first().and_then(|p| p.first()) {
                index.entry(w.as_str()).or_default().push(k);
            }
        }
        index
    })
}

/// The matches that count: those inside a longer match are dropped, and weak
/// ones when a strong one remains.
fn effective_matches(text: &str) -> Vec<Match> {
    let ws = words(text);
    let (phrases, index) = (lexicon(), phrases_by_first_word());
    // (phrase, start) of every occurrence, in the lexicon's order.
    let mut found: Vec<(usize, Match)> = Vec::new();
    for (start, w) in ws.iter().enumerate() {
        for &k in index.get(w.as_str()).into_iter().flatten() {
            if let Some(m) = find_at(&ws, &phrases[k], start) {
                found.push((k, m));
            }
        }
    }
    found.sort_by_key(|(k, m)| (*k, m.start));
    let all: Vec<Match> = found.into_iter().map(|(_, m)| m).collect();
    let kept: Vec<Match> = all
        .iter()
        .filter(|m| !all.iter().any(|o| o.start <= m.start && m.end <= o.end && (o.end - o.start) > (m.end - m.start)))
        .copied()
        .collect();
    let any_strong = kept.iter().any(|m| m.strength == Strong);
    kept.into_iter().filter(|m| !any_strong || m.strength == Strong).collect()
}

/// Every area the text's own words name, in the order of [`Category`],
/// without duplicates (after dropping words inside longer phrases and weak
/// words beside strong ones; joint headings are not yet resolved). Exists so
/// that callers and reports can see why a row was categorized as it was.
pub fn own_categories(text: &str) -> Vec<Category> {
    let ms = effective_matches(text);
    ALL.iter().copied().filter(|c| ms.iter().any(|m| m.category == *c)).collect()
}

/// All categories in declaration order.
const ALL: [Category; 12] = [
    Training,
    Management,
    Demonstration,
    Products,
    Consulting,
    Information,
    Linkage,
    Clusters,
    International,
    Capacity,
    CleanerProduction,
    Other,
];

/// Applies the joint-heading rules until nothing changes.
fn resolve_joint(mut cats: Vec<Category>) -> Vec<Category> {
    loop {
        let mut changed = false;
        for (a, b, to) in JOINT {
            if cats.contains(a) && cats.contains(b) {
                cats.retain(|c| c != a && c != b);
                if !cats.contains(to) {
                    cats.push(*to);
                }
                changed = true;
            }
        }
        if !changed {
            return cats;
        }
    }
}

/// The one category a text names after the joint-heading rules, if exactly one.
fn single(text: &str) -> Option<Category> {
    let cats = resolve_joint(own_categories(text));
    match cats.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The contract's category of a row: its own words (cleaner production wins
/// wherever they name it); where they name none or several, the nearest of
/// `ancestors` (nearest first: the item a "- " sub-row hangs from, then the
/// section heading, then the programme heading) that names exactly one; `None`
/// for funding-source and total rows and when nothing decides.
pub fn categorize(text: &str, ancestors: &[&str]) -> Option<Category> {
    if is_source_or_total(text) {
        return None;
    }
    let own = own_categories(text);
    if own.contains(&CleanerProduction) {
        return Some(CleanerProduction);
    }
    if let [one] = resolve_joint(own).as_slice() {
        return Some(*one);
    }
    ancestors.iter().filter(|a| !is_source_or_total(a)).find_map(|a| single(a))
}

/// Words that only say "money from" and can be dropped before comparing a
/// label with a funding source's name.
const SOURCE_FILLER: &[&str] =
    &["kinh", "phi", "kp", "nguon", "von", "ngan", "sach", "ns", "chuong", "trinh", "tu", "cua", "thuoc", "theo", "nam", "giai", "doan"];

/// Funding sources as they remain after the filler is dropped (whole label).
const SOURCE_NAMES: &[&str] = &[
    "",
    "khuyen cong quoc gia",
    "kcqg",
    "khuyen cong dia phuong",
    "kcdp",
    "khuyen cong tinh",
    "kc tinh",
    "khuyen cong trung uong",
    "khuyen cong",
    "trung uong",
    "tw",
    "tinh",
    "dia phuong",
    "khac",
    "cac khac",
    "xa hoi hoa",
    "huy dong",
    "huy dong khac",
    "su nghiep",
];

/// Beginnings of a funding source's name after the filler ("Đối ứng của
/// doanh nghiệp", "Đóng góp của đơn vị thụ hưởng").
const SOURCE_PREFIXES: &[&str] = &["doi ung", "dong gop", "doanh nghiep doi ung"];

/// Words that may follow "Tổng" in a total row ("Tổng cộng", "Tổng kinh phí", …).
const TOTAL_AFTER_TONG: &[&str] = &["cong", "kinh", "kp", "so", "chung", "von", "nguon", "muc", "gia", "ngan", "dt"];

/// Whole labels of rows that lump all areas together ("Thực hiện nội dung
/// khuyến công": the money of several areas).
const LUMP_LABELS: &[&str] =
    &["thuc hien noi dung khuyen cong", "thuc hien cac noi dung khuyen cong", "cac noi dung khuyen cong", "trong do"];

fn is_roman_or_number(w: &str) -> bool {
    !w.is_empty() && (w.chars().all(|c| c.is_ascii_digit()) || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l')))
}

/// True for rows that name a funding source or a total, not an area
/// ("Khuyến công quốc gia", "Kinh phí khuyến công địa phương", "Nguồn khác",
/// "Tổng kinh phí", "Tổng cộng (I+II+III)", "Cộng", "Thực hiện nội dung khuyến
/// công"): their category is `None` whatever their section.
pub fn is_source_or_total(text: &str) -> bool {
    // Parenthesised asides ("(I+II+III)", "(KCQG)") do not change what a row is.
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let ws = words(&plain);
    // A printed TT left in the label ("I. Khuyến công quốc gia").
    let skip = ws.iter().take_while(|w| is_roman_or_number(w)).count();
    let ws: Vec<&str> = ws.iter().skip(skip).map(String::as_str).collect();
    let Some(first) = ws.first() else {
        return false;
    };
    if *first == "tong" {
        return ws.len() == 1 || ws.get(1).is_some_and(|w| TOTAL_AFTER_TONG.contains(w));
    }
    if *first == "cong" {
        return ws.iter().skip(1).all(|w| is_roman_or_number(w) || matches!(*w, "cac" | "nguon" | "hai" | "ba"));
    }
    let joined = ws.join(" ");
    if LUMP_LABELS.contains(&joined.as_str()) {
        return true;
    }
    let is_filler = |w: &&str| SOURCE_FILLER.contains(w) || w.chars().all(|c| c.is_ascii_digit());
    let had_filler = ws.iter().any(is_filler);
    let rest: Vec<&str> = ws.iter().copied().filter(|w| !is_filler(w)).collect();
    let rest = rest.join(" ");
    if rest.is_empty() {
        return had_filler;
    }
    SOURCE_NAMES.contains(&rest.as_str()) || SOURCE_PREFIXES.iter().any(|p| rest.starts_with(p))
}

/// The category a section row takes from its parts: the one they all share,
/// else `None` (also when there are no parts or any part has none).
pub fn common_category(parts: &[Option<Category>]) -> Option<Category> {
    let first = (*parts.first()?)?;
    parts.iter().all(|p| *p == Some(first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn cat(s: &str) -> Option<Category> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }

    #[test]
    fn other_provinces_wording() {
        let cases: &[(&str, Category)] = &[
            ("Hỗ trợ xây dựng, đăng ký nhãn hiệu sản phẩm", Products),
            ("In tờ rơi tuyên truyền chính sách khuyến công", Information),
            ("Hỗ trợ di dời cơ sở gây ô nhiễm vào cụm công nghiệp", Clusters),
            ("Khảo sát học tập kinh nghiệm tại nước ngoài", International),
            ("Hỗ trợ lắp đặt hệ thống điện mặt trời", CleanerProduction),
            ("Tập huấn áp dụng sản xuất sạch hơn trong công nghiệp", CleanerProduction),
            ("Hỗ trợ thiết kế mẫu mã, bao bì sản phẩm", Consulting),
            ("Đào tạo nâng cao tay nghề cho lao động nông thôn", Training),
            ("Hỗ trợ đầu tư hạ tầng kỹ thuật cụm công nghiệp Hòa An", Clusters),
            ("Bồi dưỡng nghiệp vụ khuyến công cho cán bộ cấp huyện", Capacity),
            ("Kiểm tra, giám sát thực hiện các đề án khuyến công", Capacity),
            ("Hỗ trợ thành lập hiệp hội ngành nghề tỉnh", Linkage),
            ("Xây dựng chương trình truyền hình về khuyến công", Information),
            ("Tổ chức hội chợ triển lãm hàng CNNT khu vực phía Bắc", Products),
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến vào sản xuất", Demonstration),
            ("Tổ chức khóa đào tạo quản trị doanh nghiệp", Management),
            ("Tư vấn, cung cấp thông tin", Information),
            ("Đào tạo, tập huấn nâng cao năng lực cho cán bộ làm công tác khuyến công", Capacity),
            ("Tổ chức đoàn khảo sát, học tập kinh nghiệm ngoài nước", International),
            ("Hỗ trợ các cơ sở CNNT tham gia hội chợ triển lãm ở nước ngoài", Products),
            ("Hỗ trợ đánh giá sản xuất sạch hơn và mô hình trình diễn", CleanerProduction),
            ("Sửa chữa trụ sở Trung tâm Khuyến công và Xúc tiến thương mại", Capacity),
        ];
        let mut bad = Vec::new();
        for (text, want) in cases {
            let got = categorize(text, &[]);
            if got != Some(*want) {
                bad.push(format!("{text:?}: got {got:?}, want {want:?} (own {:?})", own_categories(text)));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn name_and_gap_rules() {
        // The Centre's name is not consulting; alone it points at capacity (weak).
        assert_eq!(own_categories("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tổ chức đào tạo nghề"), vec![Training]);
        assert_eq!(own_categories("Nâng cao năng lực quản lý và tổ chức thực hiện"), vec![Capacity]);
        assert_eq!(own_categories("Nâng cao năng lực quản lý"), vec![Management]);
        assert_eq!(own_categories("Cán bộ làm công tác khuyến công"), vec![Capacity]);
        // A gap longer than MAX_GAP does not join the parts.
        assert!(own_categories("Sản phẩm của một hai ba bốn năm tiêu biểu").is_empty());
        assert_eq!(own_categories("Số sản phẩm CNNT tiêu biểu"), vec![Products]);
        // Weak words give way to strong ones.
        assert_eq!(own_categories("Đào tạo khởi sự doanh nghiệp"), vec![Management]);
        assert_eq!(own_categories("Số lao động được đào tạo"), vec![Training]);
        assert!(own_categories("").is_empty());
        assert!(own_categories("…  - ,").is_empty());
    }

    #[test]
    fn ancestors_decide_when_own_words_do_not() {
        assert_eq!(
            categorize("Hỗ trợ lãi suất vốn vay", &["Hỗ trợ liên doanh, liên kết, phát triển các cụm công nghiệp và di dời"]),
            Some(Clusters)
        );
        // Nearest ancestor naming several is skipped.
        assert_eq!(
            categorize("Số lượt người được tham gia", &["Hỗ trợ tư vấn và đào tạo nghề", "Nâng cao năng lực tổ chức thực hiện"]),
            Some(Capacity)
        );
        assert_eq!(categorize("Hỗ trợ lãi suất vốn vay", &["Khuyến công quốc gia"]), None);
        assert_eq!(categorize("Tổng cộng", &["Nội dung 1: Đào tạo nghề"]), None);
    }

    #[test]
    fn sources_and_totals() {
        for s in [
            "Khuyến công quốc gia",
            "Kinh phí khuyến công địa phương",
            "Nguồn khác",
            "Tổng kinh phí",
            "Tổng cộng",
            "Cộng",
            "Thực hiện nội dung khuyến công",
            "Tổng cộng 2 nguồn",
            "Tổng cộng (I+II+III):",
            "I. Nguồn vốn khuyến công quốc gia (KCQG)",
            "KP đóng góp của đơn vị thụ hưởng",
            "Ngân sách tỉnh",
            "Kinh phí khuyến công quốc gia năm 2016",
        ] {
            assert!(is_source_or_total(s), "{s}");
        }
        for s in [
            "Nội dung khác",
            "Công nghệ mới",
            "Tổng kết, đánh giá hoạt động khuyến công",
            "Hỗ trợ quy hoạch chi tiết cụm CN",
            "Đào tạo nghề",
            "",
        ] {
            assert!(!is_source_or_total(s), "{s}");
        }
    }

    #[test]
    fn common_category_needs_agreement() {
        assert_eq!(common_category(&[Some(Products), Some(Products)]), Some(Products));
        assert_eq!(common_category(&[Some(Products), Some(Training)]), None);
        assert_eq!(common_category(&[Some(Products), None]), None);
        assert_eq!(common_category(&[]), None);
    }

    // ---- measurement over the gold ----

    /// One table row of a fixture.
    struct Row {
        line: usize,
        label: String,
        parent: Option<usize>,
        numbered_children: Vec<usize>,
    }

    fn tt_level(tt: &str) -> Option<usize> {
        let t = tt.trim().trim_end_matches('.');
        if t.is_empty() {
            return None;
        }
        if t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) {
            return Some(0);
        }
        let segs: Vec<&str> = t.split('.').collect();
        if segs.iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())) {
            return Some(segs.len());
        }
        None
    }

    /// A TT fused into the label cell ("2 Chương trình …", "II Hỗ trợ …").
    fn split_fused(cell: &str) -> Option<(usize, String)> {
        let (head, rest) = cell.trim().split_once(' ')?;
        let level = tt_level(head)?;
        rest.chars().next().filter(|c| c.is_alphabetic())?;
        Some((level, rest.trim().to_string()))
    }

    /// Rebuilds the row tree of every table in a tab-separated fixture: TT
    /// levels (roman 0, "2" 1, "2.1" 2), "- " rows under the preceding item,
    /// a new table where a header names a different label column.
    fn parse_fixture(text: &str) -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::new();
        let mut stack: Vec<(usize, usize)> = Vec::new(); // (level, row index)
        let mut last_header: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            if !line.contains('\t') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            let c0 = cells.first().copied().unwrap_or("").trim();
            let c1 = cells.get(1).copied().unwrap_or("").trim();
            if c0 == "TT" {
                if last_header.as_deref() != Some(c1) {
                    stack.clear();
                }
                last_header = Some(c1.to_string());
                continue;
            }
            let (level, label, dash) = if let Some(l) = tt_level(c0) {
                (l, c1.to_string(), false)
            } else if let Some((l, rest)) = split_fused(c0) {
                (l, rest, false)
            } else if c0.is_empty() && c1.starts_with('-') {
                (99, c1.trim_start_matches('-').trim().to_string(), true)
            } else if c0.is_empty() {
                if let Some((l, rest)) = split_fused(c1) {
                    (l, rest, false)
                } else if c1.is_empty() {
                    continue;
                } else {
                    (0, c1.trim_end_matches(':').trim().to_string(), false) // unnumbered total row
                }
            } else {
                continue;
            };
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
            let parent = stack.last().map(|(_, r)| *r);
            let idx = rows.len();
            if let (Some(p), false) = (parent, dash) {
                rows[p].numbered_children.push(idx);
            }
            rows.push(Row { line: i + 1, label, parent, numbered_children: Vec::new() });
            stack.push((level, idx));
        }
        rows
    }

    fn row_category(rows: &[Row], idx: usize) -> Option<Category> {
        let row = &rows[idx];
        if is_source_or_total(&row.label) {
            return None;
        }
        if !row.numbered_children.is_empty() {
            let parts: Vec<Option<Category>> = row.numbered_children.iter().map(|&c| row_category(rows, c)).collect();
            return common_category(&parts);
        }
        let mut ancestors = Vec::new();
        let mut p = row.parent;
        while let Some(pi) = p {
            ancestors.push(rows[pi].label.as_str());
            p = rows[pi].parent;
        }
        categorize(&row.label, &ancestors)
    }

    /// The crate's own copies of the shared fixtures and gold.
    fn shared_dir() -> String {
        format!("{}/fixtures", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn gold_category_accuracy() {
        let dir = shared_dir();
        let mut total = 0usize;
        let mut right = 0usize;
        let mut misses = Vec::new();
        let mut inherited = Vec::new();
        for doc in ["cao_bang_2015", "dong_nai_2020"] {
            let fixture = std::fs::read_to_string(format!("{dir}/{doc}.txt")).expect("fixture readable");
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}/gold/{doc}.json")).expect("gold readable"))
                .expect("gold parses");
            let rows = parse_fixture(&fixture);
            let by_line: BTreeMap<usize, Vec<usize>> = rows.iter().enumerate().fold(BTreeMap::new(), |mut m, (i, r)| {
                m.entry(r.line).or_default().push(i);
                m
            });
            let (mut n, mut ok) = (0usize, 0usize);
            for (kind, text_key) in [("targets", "indicator"), ("amounts", "label"), ("projects", "name")] {
                for e in gold[kind].as_array().into_iter().flatten() {
                    let label = e[text_key].as_str().unwrap_or("");
                    let line = e["line"].as_u64().unwrap_or(0) as usize;
                    let want = e["category"].as_str().and_then(cat);
                    let candidates = by_line.get(&line).cloned().unwrap_or_default();
                    let idx = candidates.iter().copied().find(|&i| rows[i].label == label);
                    let got = match idx {
                        Some(i) => row_category(&rows, i),
                        None => {
                            misses.push(format!("{doc} line {line}: row not found for {label:?}"));
                            categorize(label, &[])
                        }
                    };
                    n += 1;
                    if idx.is_some() && got != categorize(label, &[]) {
                        inherited.push(format!("{doc} {label:?} → {got:?}"));
                    }
                    if got == want {
                        ok += 1;
                    } else {
                        let row = e["row"].as_str().or(e["code"].as_str()).unwrap_or("-");
                        misses.push(format!("{doc} {kind} {row} {label:?}: got {got:?}, want {want:?} (own {:?})", own_categories(label)));
                    }
                }
            }
            println!("{doc}: {ok}/{n} = {:.3}", ok as f64 / n.max(1) as f64);
            total += n;
            right += ok;
        }
        misses.dedup();
        inherited.dedup();
        for m in &inherited {
            println!("from ancestors or parts: {m}");
        }
        for m in &misses {
            println!("miss: {m}");
        }
        let acc = right as f64 / total.max(1) as f64;
        println!("overall: {right}/{total} = {acc:.3}");
        assert!(total > 300, "gold read: {total}");
        assert!(acc >= 0.97, "accuracy {acc:.3}\n{}", misses.join("\n"));
    }
}
