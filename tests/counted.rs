//! "Adding up without counting twice", end to end: a batch holding the
//! fixtures as text AND as text-layer PDF, plus the synthetic plans of other
//! provinces. `SUM(amount_vnd) WHERE counted` by province, year and source
//! must give each planned figure exactly once: the item sum of one table of
//! one copy. The expected figures for the two gold documents are computed
//! here from the gold files, independently of the program.

mod common;
use common::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

type Key = (String, i64, String);

fn run_batch() -> PathBuf {
    let out = common::scratch("counted", "batch");
    let mut inputs: Vec<PathBuf> = Vec::new();
    for dir in ["fixtures", "fixtures/synthetic"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".txt") || name.ends_with(".text.pdf") {
                inputs.push(p);
            }
        }
    }
    inputs.sort();
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .arg("extract")
        .args(&inputs)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// Per (year, source), the item sums of each gold table that has items for it.
fn gold_item_sums(file: &str) -> BTreeMap<(i64, String), BTreeMap<String, i64>> {
    let path = root().join("fixtures/gold").join(file);
    let g: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut sums: BTreeMap<(i64, String), BTreeMap<String, i64>> = BTreeMap::new();
    for a in g["amounts"].as_array().unwrap() {
        let (Some(year), Some(source)) = (a["year"].as_i64(), a["source"].as_str()) else { continue };
        // Optional gold entries are zeros whose column the text leaves open or
        // derived cells the arithmetic pins (which the program emits): both
        // belong in the sum.
        if a["row_kind"] != "item" || source == "total" {
            continue;
        }
        let table = a["table"].as_str().unwrap().to_string();
        *sums.entry((year, source.to_string())).or_default().entry(table).or_default() += a["amount_vnd"].as_i64().unwrap();
    }
    sums
}

#[test]
fn counted_money_sums_to_each_planned_figure_once() {
    let out = run_batch();
    let db = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();

    // Copies of one decision: the text copy is kept, the PDF points at it.
    let mut copies = db.prepare("SELECT doc_id, source_kind, decision_key, duplicate_of FROM documents ORDER BY doc_id").unwrap();
    let docs: Vec<(String, String, Option<String>, Option<String>)> =
        copies.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect();
    let dups: Vec<&(String, String, Option<String>, Option<String>)> = docs.iter().filter(|d| d.3.is_some()).collect();
    assert_eq!(dups.len(), 2, "{docs:?}");
    for (id, kind, key, kept) in &dups {
        assert_eq!(kind, "pdf_text", "{id}");
        let kept_doc = docs.iter().find(|d| Some(&d.0) == kept.as_ref()).unwrap();
        assert_eq!(kept_doc.1, "text");
        assert_eq!(&kept_doc.2, key);
        let n: i64 = db.query_row("SELECT count(*) FROM amounts WHERE doc_id = ?1 AND counted", [id], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{id}: a duplicate's amounts are not counted");
        let all: i64 = db.query_row("SELECT count(*) FROM amounts WHERE doc_id = ?1", [id], |r| r.get(0)).unwrap();
        assert!(all > 50, "{id} still lists its amounts");
    }
    let key = |id: &str| docs.iter().find(|d| d.0 == id).and_then(|d| d.2.clone());
    assert_eq!(key("cao-bang-2015").as_deref(), Some("cao-bang|270/qđ-ubnd|2015-02-26"));

    // Counted sums, and where they come from.
    let mut q = db
        .prepare(
            "SELECT province, year, source, SUM(amount_vnd), COUNT(DISTINCT doc_id), COUNT(DISTINCT table_id), MIN(doc_id), MIN(table_id)
             FROM amounts WHERE counted GROUP BY province, year, source",
        )
        .unwrap();
    let mut counted: BTreeMap<Key, (i64, String, String)> = BTreeMap::new();
    for r in q
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })
        .unwrap()
    {
        let (p, y, s, sum, ndocs, ntables, doc, table) = r.unwrap();
        assert_eq!((ndocs, ntables), (1, 1), "{p} {y} {s}: counted from one table of one copy");
        counted.insert((p, y, s), (sum, doc, table));
    }

    // The two gold documents: each year and source equals the gold item sum of
    // one table (every gold table holding that money agrees on it).
    for (file, province) in [("cao_bang_2015.json", "Cao Bằng"), ("dong_nai_2020.json", "Đồng Nai")] {
        let gold = gold_item_sums(file);
        let mut want_keys = BTreeSet::new();
        for ((year, source), tables) in &gold {
            let figures: BTreeSet<i64> = tables.values().copied().collect();
            assert_eq!(figures.len(), 1, "{file} {year} {source}: gold tables disagree: {tables:?}");
            let want = *figures.iter().next().unwrap();
            let k = (province.to_string(), *year, source.clone());
            let got = counted.get(&k).unwrap_or_else(|| panic!("{k:?} not counted"));
            assert_eq!(got.0, want, "{k:?}");
            want_keys.insert(k);
        }
        let got_keys: BTreeSet<Key> = counted.keys().filter(|k| k.0 == province).cloned().collect();
        assert_eq!(got_keys, want_keys, "{province}: nothing else is counted");
    }
    // The two figures.
    assert_eq!(counted[&("Cao Bằng".to_string(), 2016, "local".to_string())].0, 600_000_000);
    assert_eq!(counted[&("Đồng Nai".to_string(), 2020, "local".to_string())].0, 5_271_000_000);

    // Every province: the counted figure is the largest item sum of any one
    // table of that document for that year and source (none holds more).
    let mut q = db
        .prepare(
            "SELECT province, year, source, table_id, SUM(amount_vnd) FROM amounts
             WHERE row_kind = 'item' AND year IS NOT NULL AND source IS NOT NULL AND source <> 'total' AND doc_id = ?1
             GROUP BY 1, 2, 3, 4",
        )
        .unwrap();
    let mut provinces = BTreeSet::new();
    for (doc, _, _, dup) in &docs {
        if dup.is_some() {
            continue;
        }
        for r in q
            .query_map([doc], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, i64>(4)?))
            })
            .unwrap()
        {
            let (p, y, s, table, sum) = r.unwrap();
            provinces.insert(p.clone());
            let (got, got_doc, got_table) = &counted[&(p.clone(), y, s.clone())];
            assert_eq!(got_doc, doc);
            assert!(sum <= *got, "{p} {y} {s}: {table} holds {sum} > counted {got}");
            if table == *got_table {
                assert_eq!(sum, *got);
            }
        }
    }
    assert!(provinces.len() >= 9, "{provinces:?}");

    // The CSV says the same as SQLite.
    let mut r = csv::Reader::from_path(out.join("amounts.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let at = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (ic, ia) = (at("counted"), at("amount_vnd"));
    let mut csv_total = 0i64;
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[ic] == "true" {
            csv_total += rec[ia].parse::<i64>().unwrap();
        }
    }
    let sql_total: i64 = db.query_row("SELECT SUM(amount_vnd) FROM amounts WHERE counted", [], |r| r.get(0)).unwrap();
    assert_eq!(csv_total, sql_total);
    assert_eq!(sql_total, counted.values().map(|v| v.0).sum::<i64>());
}

#[test]
fn reserved_words_are_not_column_names() {
    let out = common::scratch("counted", "sql");
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .current_dir(root())
        .args(["extract", "fixtures/dong_nai_2020.txt", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let db = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    let n: i64 = db.query_row("SELECT count(*) FROM (SELECT table_id, row_id, column_header FROM amounts)", [], |r| r.get(0)).unwrap();
    assert!(n > 50);
    let kinds: i64 = db.query_row("SELECT count(*) FROM tables WHERE kind = 'projects' AND columns LIKE '[%'", [], |r| r.get(0)).unwrap();
    assert_eq!(kinds, 1);
    let typed: i64 = db
        .query_row(
            "SELECT count(*) FROM amounts WHERE typeof(program) NOT IN ('text', 'null') OR typeof(year) NOT IN ('integer', 'null')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(typed, 0, "one type per column");
    // Plain CSV is the data as read: no formula guard, no BOM.
    let projects = std::fs::read_to_string(out.join("projects.csv")).unwrap();
    assert!(projects.starts_with("doc_id,"));
    assert!(!projects.contains(",'-"), "no ' added without --excel");
}
