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
