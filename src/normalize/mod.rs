//! Stage 2: Vietnamese normalisation — Unicode NFC, markup, numbers as printed
//! in Vietnam, money units, dates, months and quarters, amounts written in words,
//! legacy encodings. Pure functions, used by every later stage.

pub(crate) mod date;
pub(crate) mod encoding;
pub(crate) mod lexicon;
pub(crate) mod months;
pub(crate) mod number;
pub(crate) mod text;
pub(crate) mod unit;
pub(crate) mod words;

pub use date::{find_dates, parse_date, Date};
pub use encoding::{decode_text, detect_legacy, tcvn3_to_unicode, unicode_to_tcvn3, vni_to_unicode, Legacy};
pub use months::parse_months;
pub use number::{find_numbers, format_vn, parse_number};
pub use text::collapse_spaces;
pub use text::{fold, nfc, slug, strip_markup};
pub use unit::{find_money_phrases, money_phrases, parse_unit, MoneyUnit};
pub use words::number_to_words;
pub use words::{find_amounts_in_words, words_to_number};

/// Reads a shared fixture (`shared/fixtures/NAME`, beside the repository or
/// one level further up for a worktree); panics when it cannot be found so a
/// missing fixture never passes silently.
#[cfg(test)]
pub(crate) fn test_fixture(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tried = vec![root.join("fixtures").join(name)];
    if let Ok(dir) = std::env::var("TRICHXUAT_SHARED") {
        tried.push(std::path::PathBuf::from(dir).join("fixtures").join(name));
    }
    for up in ["shared", "../shared", "../../shared"] {
        tried.push(root.join(up).join("fixtures").join(name));
    }
    for p in &tried {
        if let Ok(s) = std::fs::read_to_string(p) {
            return s;
        }
    }
    panic!("fixture {name} not found in {tried:?}");
}

/// Reads a shared gold file (`shared/gold/NAME`), as [`test_fixture`] does
/// (used by the metadata mapper's tests).
#[cfg(test)]
#[allow(dead_code)]
pub(crate) fn test_gold(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(s) = std::fs::read_to_string(root.join("fixtures").join("gold").join(name)) {
        return s;
    }
    for up in ["shared", "../shared", "../../shared"] {
        if let Ok(s) = std::fs::read_to_string(root.join(up).join("gold").join(name)) {
            return s;
        }
    }
    panic!("gold {name} not found");
}

#[cfg(test)]
pub(crate) mod robustness {
    //! Every public function on many pseudo-random strings made of the
    //! characters real inputs mix: none may panic.
    use super::*;

    /// Noise strings shared with the metadata mapper's robustness test.
    pub(crate) fn strings() -> Vec<String> {
        let pool: Vec<char> = "0123456789.,/-–*:;() <>ibrđĐàáạảãăằắâầấêếềôốồơớờưứừỳýỷỹỵÕÖ§©¸µ¶·¹®ª«¬\u{AD}ùøûõïâáêéèäåëüöñæ aAeEoOuUyYkKtTnNgGhHmM\u{301}\u{323}\t\n\u{0}\u{1}"
            .chars()
            .collect();
        let words = [
            "ngày",
            "tháng",
            "năm",
            "Quý",
            "II",
            "IV",
            "Cả",
            "triệu",
            "tỷ",
            "đồng",
            "mươi",
            "mười",
            "trăm",
            "linh",
            "nghìn",
            "ĐVT:",
            "Số:",
            "Căn cứ",
            "KT.",
            "CHỦ TỊCH",
            "QUYẾT ĐỊNH",
            "tỉnh",
            "<i>",
            "**",
            "1.200",
            "26/02/2015",
            "45/2012/NĐ-CP",
            "T5-T11",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out = Vec::new();
        for _ in 0..1500 {
            let len = (next() % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                let r = next();
                if r % 4 == 0 {
                    s.push_str(words[(r / 4 % words.len() as u64) as usize]);
                    s.push(' ');
                } else {
                    s.push(pool[(r / 4 % pool.len() as u64) as usize]);
                }
            }
            out.push(s);
        }
        out
    }

    #[test]
    fn no_function_panics_on_noise() {
        for s in strings() {
            let _ = nfc(&s);
            let _ = strip_markup(&s);
            let _ = fold(&s);
            let _ = slug(&s);
            let _ = collapse_spaces(&s);
            let _ = parse_number(&s);
            let _ = find_numbers(&s);
            let _ = parse_unit(&s);
            let _ = find_money_phrases(&s);
            let _ = parse_date(&s);
            let _ = find_dates(&s);
            let _ = parse_months(&s);
            let _ = words_to_number(&s);
            let _ = find_amounts_in_words(&s);
            let _ = encoding::decode_text(s.as_bytes());
            let _ = encoding::tcvn3_to_unicode(&s);
            let _ = encoding::vni_to_unicode(&s);
            let _ = encoding::detect_legacy(&s);
        }
        let _ = number_to_words(i128::MIN);
        let _ = number_to_words(i128::MAX);
        let _ = words_to_number(&"chín trăm chín mươi chín tỷ ".repeat(20));
        let _ = parse_number(&"9".repeat(80));
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        for w in bytes.chunks(97) {
            let _ = encoding::decode_text(w);
        }
    }
}
