//! Legacy Vietnamese encodings written by converters that are not ours: glibc
//! `iconv` (Windows-1258 with combining tone marks, VISCII, TCVN 5712 VN1) and
//! UniKey's engine (TCVN3, VNI Windows, VISCII, Windows-1258; Debian's
//! ibus-unikey, run by `scripts/unikey/setup.sh`), plus PDFs set in the
//! `.VnTime`/`.VnTimeH` and `VNI-Times` fonts from UniKey's bytes. Each must score like
//! its UTF-8 original against the gold, and every letter must come back.

mod common;
use common::root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_trichxuat"))
}

const FIXTURES: [&str; 2] = ["cao_bang_2015", "dong_nai_2020"];

/// UniKey's converter; `scripts/test.sh` makes it (scripts/unikey/setup.sh).
fn unikey() -> PathBuf {
    let p = root().join("target/unikey/unikey-convert");
    assert!(p.exists(), "{} missing: run `bash scripts/unikey/setup.sh` (the test command does)", p.display());
    p
}

fn unikey_convert(charset: &str, input: &Path, output: &Path) {
    let o = Command::new(unikey()).arg(charset).arg(input).arg(output).output().expect("run unikey-convert");
    assert!(o.status.success(), "unikey-convert {charset}: {}", String::from_utf8_lossy(&o.stderr));
}

fn iconv(charset: &str, input: &Path, output: &Path) {
    // //TRANSLIT: the fixtures' en dash has no place in VISCII or VN1
    let o = Command::new("iconv").args(["-f", "UTF-8", "-t", &format!("{charset}//TRANSLIT")]).arg(input).output().expect("run iconv");
    assert!(o.status.success(), "iconv {charset}: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(output, o.stdout).unwrap();
}

fn extract(inputs: &[PathBuf], out: &Path) {
    let o = Command::new(bin()).arg("extract").args(inputs).arg("--out").arg(out).arg("--quiet").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The shared scorer's overall figures for an output folder.
fn overall(out: &Path) -> serde_json::Value {
    common::score(&root().join("fixtures/gold"), out)["overall"].clone()
}

fn assert_perfect(what: &str, o: &serde_json::Value) {
    for path in [["targets", "f1"], ["amounts", "f1"], ["projects", "f1"], ["amounts", "source_accuracy"], ["checks", "recall"]] {
        assert_eq!(o[path[0]][path[1]].as_f64(), Some(1.0), "{what}: {}/{} in {o}", path[0], path[1]);
    }
    assert_eq!(o["document_score"].as_f64(), Some(1.0), "{what}: document fields in {o}");
    assert_eq!(o["checks"]["false_alarms"].as_i64(), Some(0), "{what}: {o}");
}

/// Converts both text fixtures with `convert` into a folder of their own,
/// extracts and scores them.
fn fixtures_score_perfectly(name: &str, convert: impl Fn(&Path, &Path)) {
    let dir = common::scratch("legacy", name);
    let inputs: Vec<PathBuf> = FIXTURES
        .iter()
        .map(|f| {
            let p = dir.join(format!("{f}.txt"));
            convert(&root().join(format!("fixtures/{f}.txt")), &p);
            assert_ne!(std::fs::read(&p).unwrap(), std::fs::read(root().join(format!("fixtures/{f}.txt"))).unwrap());
            p
        })
        .collect();
    extract(&inputs, &dir.join("out"));
    assert_perfect(name, &overall(&dir.join("out")));
}

#[test]
fn iconv_cp1258_texts_score_like_utf8() {
    fixtures_score_perfectly("iconv-cp1258", |i, o| iconv("CP1258", i, o));
}

#[test]
fn iconv_viscii_texts_score_like_utf8() {
    fixtures_score_perfectly("iconv-viscii", |i, o| iconv("VISCII", i, o));
}

#[test]
fn iconv_tcvn5712_texts_score_like_utf8() {
    fixtures_score_perfectly("iconv-tcvn5712", |i, o| iconv("TCVN5712-1", i, o));
}

#[test]
fn unikey_tcvn3_texts_score_like_utf8() {
    fixtures_score_perfectly("unikey-tcvn3", |i, o| unikey_convert("tcvn3", i, o));
}

#[test]
fn unikey_vni_texts_score_like_utf8() {
    fixtures_score_perfectly("unikey-vni", |i, o| unikey_convert("vni", i, o));
}

#[test]
fn unikey_viscii_texts_score_like_utf8() {
    fixtures_score_perfectly("unikey-viscii", |i, o| unikey_convert("viscii", i, o));
}

#[test]
fn unikey_cp1258_texts_score_like_utf8() {
    fixtures_score_perfectly("unikey-cp1258", |i, o| unikey_convert("cp1258", i, o));
}

/// A PDF of `text` set in legacy fonts (`scripts/legacy/vntime_pdf.py`) from
/// UniKey's bytes: `tcvn3` (.VnTime/.VnTimeH) or `vni` (VNI-Times).
fn legacy_pdf(encoding: &str, text: &Path, pdf: &Path) {
    let o = Command::new("python3")
        .arg(root().join("scripts/legacy/vntime_pdf.py"))
        .arg(text)
        .arg(pdf)
        .arg("--converter")
        .arg(unikey())
        .args(["--encoding", encoding])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn legacy_pdfs_score_perfectly(encoding: &str, warning: &str) {
    let dir = common::scratch("legacy", &format!("{encoding}-pdf"));
    let inputs: Vec<PathBuf> = FIXTURES
        .iter()
        .map(|f| {
            let p = dir.join(format!("{f}.pdf"));
            legacy_pdf(encoding, &root().join(format!("fixtures/{f}.txt")), &p);
            p
        })
        .collect();
    extract(&inputs, &dir.join("out"));
    assert_perfect(&format!("{encoding} pdf"), &overall(&dir.join("out")));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("out/cao-bang-2015.json")).unwrap()).unwrap();
    assert!(doc["warnings"].to_string().contains(warning), "the conversion is a warning: {}", doc["warnings"]);
}

#[test]
fn vntime_pdfs_score_like_utf8() {
    legacy_pdfs_score_perfectly("tcvn3", "TCVN3");
}

#[test]
fn vni_times_pdfs_score_like_utf8() {
    legacy_pdfs_score_perfectly("vni", "VNI");
}

/// Every vowel with every tone, small and capital, in a line of its own
/// shape (`tấn TẤN`): what comes back through `inspect --lines` must be the
/// text that went in. TCVN3 and (as UniKey writes it) VISCII have no code for
/// some toned capitals and write the small letter: those come back from the
/// capitals around them, so the capitals here stand inside capital words.
#[test]
fn every_letter_comes_back_from_every_converter() {
    const VOWELS: &str = "aăâeêioôơuưy";
    const TONES: [&str; 6] = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    let mut lines = vec!["Kế hoạch khuyến công của tỉnh năm 2024".to_string()];
    for v in VOWELS.chars() {
        let words: Vec<String> = TONES
            .iter()
            .map(|t| {
                let small: String = unicode_normalization::UnicodeNormalization::nfc(format!("{v}{t}").chars()).collect();
                format!("t{small}n T{}N", small.to_uppercase())
            })
            .collect();
        lines.push(format!("Tiếng Việt: {}", words.join(" ")));
    }
    lines.push("đ Đ đường ĐƯỜNG quỹ QUỸ kỳ họp KỲ HỌP".to_string());
    let want = lines.join("\n") + "\n";
    let dir = common::scratch("legacy", "letters");
    let utf8 = dir.join("letters.txt");
    std::fs::write(&utf8, &want).unwrap();
    let mut made: Vec<(String, PathBuf)> = Vec::new();
    for cs in ["tcvn3", "vni", "viscii", "cp1258"] {
        let p = dir.join(format!("unikey_{cs}.txt"));
        unikey_convert(cs, &utf8, &p);
        made.push((format!("unikey {cs}"), p));
    }
    for cs in ["CP1258", "VISCII", "TCVN5712-1"] {
        let p = dir.join(format!("iconv_{cs}.txt"));
        iconv(cs, &utf8, &p);
        made.push((format!("iconv {cs}"), p));
    }
    // VNI fonts have every capital (TCVN3 sets capitals in another font, per line)
    let p = dir.join("vni.pdf");
    legacy_pdf("vni", &utf8, &p);
    made.push(("VNI-Times pdf".into(), p));
    for (name, p) in made {
        let o = Command::new(bin()).arg("inspect").arg("--lines").arg(&p).output().unwrap();
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8(o.stdout).unwrap();
        // "p1       2   text": page, line number, then the line
        let got: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("p1 "))
            .filter_map(|l| l.split_once(char::is_whitespace).map(|(_, r)| r.trim_start()))
            .filter_map(|r| r.split_once("   ").map(|(_, t)| t))
            .filter(|t| !t.trim().is_empty())
            .collect();
        // a PDF's reader may join prose lines: the words are compared
        let words = |ls: &[&str]| ls.join(" ").split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&got), words(&lines.iter().map(String::as_str).collect::<Vec<_>>()), "{name}");
    }
}
