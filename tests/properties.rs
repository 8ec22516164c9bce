//! Property tests for the number and words parsers: any figure printed the
//! Vietnamese way reads back exactly, any amount spelled in words reads back
//! to the same integer, and no input string makes a parser panic.

use proptest::prelude::*;
use trichxuat::model::Decimal;
use trichxuat::normalize::{
    find_amounts_in_words, find_dates, find_money_phrases, find_numbers, format_vn, number_to_words, parse_date, parse_months,
    parse_number, words_to_number,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn printed_figures_round_trip(units in 0i128..1_000_000_000_000_000i128, scale in 0u32..4) {
        let d = Decimal { units, scale };
        let printed = format_vn(d);
        let back = parse_number(&printed);
        prop_assert!(back.is_some(), "{} did not parse", printed);
        prop_assert!(back.unwrap().same(d), "{} read back as {:?}", printed, back);
    }

    #[test]
    fn amounts_in_words_round_trip(n in 0i128..1_000_000_000_000_000i128) {
        let words = number_to_words(n);
        prop_assert_eq!(words_to_number(&words), Some(n), "{}", words);
        let sentence = format!("Tổng kinh phí ({} đồng chẵn).", words);
        if n >= 1000 {
            let found = find_amounts_in_words(&sentence);
            prop_assert_eq!(found.len(), 1, "{}", sentence);
            prop_assert_eq!(found[0].1, n);
        }
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,80}") {
        let _ = parse_number(&s);
        let _ = words_to_number(&s);
        let _ = parse_date(&s);
        let _ = parse_months(&s);
        let _ = find_numbers(&s);
        let _ = find_dates(&s);
        let _ = find_money_phrases(&s);
        let _ = find_amounts_in_words(&s);
    }
}
