//! Batches that survive anything: a folder mixing the fixtures with every kind
//! of broken input, and a run killed at several points then resumed.

mod common;
use common::root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    common::scratch("batch", name)
}

fn trichxuat(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat")).args(args).output().expect("run trichxuat");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).to_string())
}

/// A PDF whose single content stream inflates to `size` bytes.
fn bomb_pdf(size: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size / chunk.len() {
        z.write_all(&chunk).unwrap();
    }
    let data = z.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n".to_vec();
    pdf.extend_from_slice(format!("4 0 obj << /Length {} /Filter /FlateDecode >> stream\n", data.len()).as_bytes());
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    pdf
}

fn without_source_file(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(s) = v.get_mut("source").and_then(|s| s.as_object_mut()) {
        s.remove("file");
    }
    v
}

#[test]
fn a_folder_of_broken_files_finishes_and_loses_nothing() {
    let input = tmp("faults-in");
    let good = ["cao_bang_2015.txt", "dong_nai_2020.txt"];
    for g in good {
        std::fs::copy(root().join("fixtures").join(g), input.join(g)).unwrap();
    }
    // Two inputs with the same file name in different folders.
    std::fs::create_dir_all(input.join("copy")).unwrap();
    std::fs::copy(root().join("fixtures/dong_nai_2020.txt"), input.join("copy/dong_nai_2020.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    {
        use lopdf::{dictionary, Document, Object};
        let mut doc = Document::with_version("1.5");
        let pages = doc.add_object(dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 });
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        doc.save(input.join("no_pages.pdf")).unwrap();
    }
    let pdf = std::fs::read(root().join("fixtures/cao_bang_2015.text.pdf")).unwrap();
    std::fs::write(input.join("truncated.pdf"), &pdf[..pdf.len() / 2]).unwrap();
    std::fs::copy(root().join("fixtures/encrypted_aes256.pdf"), input.join("encrypted.pdf")).unwrap();
    std::fs::write(input.join("bomb.pdf"), bomb_pdf(300 << 20)).unwrap();
    let junk: Vec<u8> = (0..65536u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect();
    std::fs::write(input.join("random.pdf"), &junk).unwrap();
    std::fs::write(input.join("random.txt"), &junk).unwrap();
    // Legacy encodings are converted, not failed.
    let tcvn3 = trichxuat::normalize::unicode_to_tcvn3("Kế hoạch khuyến công tỉnh Hà Giang năm 2021");
    let bytes: Vec<u8> = tcvn3.chars().map(|c| c as u32 as u8).collect();
    std::fs::write(input.join("tcvn3.txt"), bytes).unwrap();
    // Windows-1258 as glibc iconv writes it (tone marks as combining bytes).
    let cp1258 =
        Command::new("iconv").args(["-f", "UTF-8", "-t", "CP1258"]).arg(root().join("fixtures/cao_bang_2015.txt")).output().unwrap();
    assert!(cp1258.status.success());
    std::fs::write(input.join("cp1258.txt"), &cp1258.stdout).unwrap();
    // Text with nothing a khuyến công document holds.
    std::fs::write(input.join("nothing.txt"), "Mua rau, mua thịt, mua cá.\n").unwrap();
    // Too large for --max-size-mb 1.
    std::fs::write(input.join("huge.txt"), vec![b'a'; 2 << 20]).unwrap();
    // A symlink loop and a link to nothing.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&input, input.join("copy/loop")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/file.pdf", input.join("dangling.pdf")).unwrap();
        // A named pipe would block a reader for ever.
        let fifo = input.join("pipe.pdf");
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    }
    // A file that cannot be read, even by root: /proc/self/mem fails at offset 0.
    #[cfg(target_os = "linux")]
    std::os::unix::fs::symlink("/proc/self/mem", input.join("unreadable.pdf")).unwrap();

    let out = tmp("faults-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--max-size-mb", "1", "--jobs", "2"]);
    assert_eq!(code, 1, "{err}");
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    for (file, words) in [
        ("empty.txt", "empty"),
        ("no_pages.pdf", "no pages"),
        ("truncated.pdf", "pdf"),
        ("encrypted.pdf", "encrypted"),
        ("bomb.pdf", "bomb"),
        ("random.pdf", "pdf"),
        ("random.txt", "binary"),
        ("huge.txt", "too large"),
        ("nothing.txt", "nothing recognised"),
        ("dangling.pdf", "cannot read"),
        #[cfg(unix)]
        ("pipe.pdf", "named pipe"),
        #[cfg(target_os = "linux")]
        ("unreadable.pdf", "cannot read"),
    ] {
        let line = errors.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} not in errors.csv:\n{errors}"));
        assert!(line.to_lowercase().contains(words), "{file}: {line}");
    }
    for ok in ["tcvn3.txt", "cp1258.txt"] {
        assert!(!errors.contains(ok), "{ok} should be converted, not failed:\n{errors}");
    }
    let tc = std::fs::read_to_string(out.join("tcvn3.json")).unwrap();
    assert!(tc.contains("tcvn3"), "conversion is reported in warnings");
    assert!(out.join("dong-nai-2020.json").is_file() && out.join("dong-nai-2020-2.json").is_file());

    // Every good document's output is identical to a clean run's.
    let clean_in = tmp("faults-clean-in");
    for g in good {
        std::fs::copy(root().join("fixtures").join(g), clean_in.join(g)).unwrap();
    }
    let clean = tmp("faults-clean-out");
    let (code, err) = trichxuat(&["extract", clean_in.to_str().unwrap(), "--out", clean.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for id in ["cao-bang-2015", "dong-nai-2020"] {
        let a: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(format!("{id}.json"))).unwrap()).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&std::fs::read(clean.join(format!("{id}.json"))).unwrap()).unwrap();
        assert_eq!(without_source_file(a), without_source_file(b), "{id}");
    }
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && (common::is_document_json(p) || p.extension().is_some_and(|x| x == "csv")))
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn killed_runs_resume_to_the_same_outputs() {
    let input = tmp("kill-in");
    let texts: Vec<String> = ["cao_bang_2015.txt", "dong_nai_2020.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(root().join("fixtures").join(f)).unwrap())
        .collect();
    for i in 0..120 {
        std::fs::write(input.join(format!("doc_{i:03}.txt")), format!("{}\nBản sao số {i}\n", texts[i % 2])).unwrap();
    }
    let clean = tmp("kill-clean");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", clean.to_str().unwrap(), "--jobs", "1"]);
    assert_eq!(code, 0, "{err}");

    let out = tmp("kill-out");
    for delay_ms in [40u64, 150, 400] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
            .args(["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--jobs", "1", "--resume"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--jobs", "1", "--resume"]);
    assert_eq!(code, 0, "{err}");
    let a = snapshot(&clean);
    let b = snapshot(&out);
    assert_eq!(a.len(), b.len());
    for ((na, da), (nb, db)) in a.iter().zip(b.iter()) {
        assert_eq!(na, nb);
        assert!(da == db, "{na} differs after kill and resume");
    }
    let conn = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    let (n, distinct): (i64, i64) =
        conn.query_row("SELECT count(*), count(DISTINCT sha256) FROM documents", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((n, distinct), (120, 120));
    let dup: i64 = conn
        .query_row("SELECT count(*) FROM (SELECT doc_id, table_id, row_id, source, year, label, amount_vnd, count(*) c FROM amounts GROUP BY 1,2,3,4,5,6,7 HAVING c > 1)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dup, 0, "duplicate amount rows in SQLite");
    // No temporary files left behind.
    let leftovers: Vec<_> =
        std::fs::read_dir(&out).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty());
}
