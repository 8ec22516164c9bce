//! The number, date, month, unit and words parsers on arbitrary strings.
#![no_main]
use libfuzzer_sys::fuzz_target;
use trichxuat::normalize::*;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = parse_number(&s);
    let _ = find_numbers(&s);
    let _ = parse_date(&s);
    let _ = find_dates(&s);
    let _ = parse_months(&s);
    let _ = parse_unit(&s);
    let _ = find_money_phrases(&s);
    let _ = words_to_number(&s);
    let _ = find_amounts_in_words(&s);
    let _ = strip_markup(&s);
    let _ = fold(&s);
    let _ = decode_text(data);
});
