//! Stage 2: Vietnamese normalisation — Unicode NFC, markup, numbers as printed
//! in Vietnam, money units, dates, months and quarters, amounts written in words,
//! legacy encodings. Pure functions, used by every later stage.

pub mod date;
pub mod encoding;
pub mod months;
pub mod number;
pub mod text;
pub mod unit;
pub mod words;

pub use date::{find_dates, parse_date, Date};
pub use months::parse_months;
pub use number::{find_numbers, parse_number};
pub use text::{fold, nfc, slug, strip_markup};
pub use unit::{find_money_phrases, parse_unit, MoneyUnit};
pub use words::{find_amounts_in_words, words_to_number};
pub use text::collapse_spaces;
pub use words::number_to_words;

/// Reads a shared fixture (`shared/fixtures/NAME`, beside the repository or
/// one level further up for a worktree); panics when it cannot be found so a
/// missing fixture never passes silently.
#[cfg(test)]
pub(crate) fn test_fixture(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tried = Vec::new();
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

/// Reads a shared gold file (`shared/gold/NAME`), as [`test_fixture`] does.
#[cfg(test)]
pub(crate) fn test_gold(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for up in ["shared", "../shared", "../../shared"] {
        if let Ok(s) = std::fs::read_to_string(root.join(up).join("gold").join(name)) {
            return s;
        }
    }
    panic!("gold {name} not found");
}
