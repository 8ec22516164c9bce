//! Splitting one batch across machines: `--shard K/N` must give the same split
//! however the input folder is spelled (absolute, relative, `./`), every input
//! must keep its own doc_id, and `merge` of the shards must equal one run.

mod common;
use common::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    common::scratch("shards", name)
}

/// Runs the binary in `cwd`; returns exit code and stderr.
fn trichxuat_in(cwd: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat")).current_dir(cwd).args(args).output().expect("run trichxuat");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).to_string())
}

/// A corpus with nested folders and file names that collide once slugged:
/// `2019/ke_hoach.txt`, `2020/ke_hoach.txt` and `2019/ke_hoach_2.txt`.
fn corpus(dir: &Path) -> usize {
    let texts: Vec<String> = ["cao_bang_2015.txt", "dong_nai_2020.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(root().join("fixtures").join(f)).unwrap())
        .collect();
    let mut n = 0;
    let mut put = |rel: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, format!("{}\nBản sao số {n}\n", texts[n % 2])).unwrap();
        n += 1;
    };
    for rel in ["2019/ke_hoach.txt", "2020/ke_hoach.txt", "2019/ke_hoach_2.txt", "2021/Kế hoạch.txt"] {
        put(rel);
    }
    for i in 0..26 {
        put(&format!("{}/qd_{i:02}.txt", 2015 + i % 4));
    }
    n
}

fn json_docs(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| common::is_document_json(Path::new(n)))
        .collect()
}

/// CSV lines sorted, with the `file` column's spelling of the path removed.
fn sorted_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut v: Vec<String> = text.lines().map(|l| l.replace("./corpus/", "corpus/")).collect();
    v.sort();
    v
}

#[test]
fn shards_split_the_same_way_however_the_folder_is_spelled() {
    let work = tmp("split");
    let input = work.join("corpus");
    let n = corpus(&input);
    let abs = input.to_str().unwrap().to_string();

    let (code, err) = trichxuat_in(&work, &["extract", "corpus", "--out", "single", "--jobs", "2"]);
    assert_eq!(code, 0, "{err}");
    let single = json_docs(&work.join("single"));
    assert_eq!(single.len(), n, "every input keeps its own doc_id: {single:?}");
    for id in ["ke-hoach.json", "ke-hoach-2.json", "ke-hoach-3.json", "ke-hoach-4.json"] {
        assert!(single.contains(id), "{id} missing from {single:?}");
    }

    // Each shard spells the input folder its own way, as tasks on a cluster may.
    let spellings = [abs.as_str(), "corpus", "./corpus"];
    let mut union = BTreeSet::new();
    let mut total = 0;
    for (k, spelled) in spellings.iter().enumerate() {
        let out = format!("shard-{}", k + 1);
        let shard = format!("{}/3", k + 1);
        let (code, err) = trichxuat_in(&work, &["extract", spelled, "--out", &out, "--shard", &shard, "--jobs", "1"]);
        assert_eq!(code, 0, "{err}");
        let docs = json_docs(&work.join(&out));
        total += docs.len();
        union.extend(docs);
    }
    assert_eq!(total, n, "no input in two shards");
    assert_eq!(union, single, "the shards together hold exactly the single run's documents");

    let (code, err) = trichxuat_in(&work, &["merge", "shard-1", "shard-2", "shard-3", "--out", "merged"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_docs(&work.join("merged")), single);
    for table in ["targets.csv", "amounts.csv", "projects.csv", "checks.csv"] {
        assert_eq!(sorted_lines(&work.join("merged").join(table)), sorted_lines(&work.join("single").join(table)), "{table}");
    }

    // A resumed run over the same inputs finds nothing to do and changes nothing.
    let before = std::fs::read(work.join("single/documents.csv")).unwrap();
    let (code, err) = trichxuat_in(&work, &["extract", "corpus", "--out", "single", "--resume"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&"done 0 ".to_string()) && err.contains(&format!("skipped (resume) {n}")), "resume skips every input: {err}");
    assert_eq!(std::fs::read(work.join("single/documents.csv")).unwrap(), before);
}

#[test]
fn a_later_run_over_other_inputs_does_not_overwrite_a_document() {
    let work = tmp("overwrite");
    let texts: Vec<String> = ["cao_bang_2015.txt", "dong_nai_2020.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(root().join("fixtures").join(f)).unwrap())
        .collect();
    for (dir, text) in ["a", "b"].iter().zip(&texts) {
        std::fs::create_dir_all(work.join(dir)).unwrap();
        std::fs::write(work.join(dir).join("quyet_dinh.txt"), text).unwrap();
    }
    for dir in ["a", "b"] {
        let (code, err) = trichxuat_in(&work, &["extract", dir, "--out", "out", "--resume"]);
        assert_eq!(code, 0, "{err}");
    }
    let docs = json_docs(&work.join("out"));
    assert_eq!(docs.len(), 2, "both inputs kept: {docs:?}");
    assert!(docs.contains("quyet-dinh.json"));
    let conn = rusqlite::Connection::open(work.join("out/trichxuat.sqlite")).unwrap();
    let provinces: Vec<String> = conn
        .prepare("SELECT province FROM documents ORDER BY province")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(provinces, vec!["Cao Bằng".to_string(), "Đồng Nai".to_string()]);

    // Running `a` again (same file, same bytes) rewrites its own document, not a third one.
    let (code, err) = trichxuat_in(&work, &["extract", "a", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_docs(&work.join("out")).len(), 2);
}
