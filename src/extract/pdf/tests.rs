//! Tests of the whole PDF reader on the fixture PDFs and on bad inputs.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

#[test]
fn dump_cao_bang() {
    let ex = read_pdf(&fixture("cao_bang_2015.text.pdf"), &ExtractOptions::default()).expect("read");
    for p in &ex.pages {
        for l in &p.lines {
            println!("{:>3} p{} {}{}", l.number, l.page, if l.tabular { "T " } else { "  " }, l.text);
        }
    }
    println!("{:?}", ex.warnings);
}
