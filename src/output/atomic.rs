//! Atomic file replacement: write beside the target under a hidden temporary
//! name, fsync, rename over the target, fsync the folder. A run killed at any
//! moment leaves either the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::OutputError;

/// Suffix of every temporary file this module creates; stale ones (from a
/// killed run) are recognised by it and removed by [`remove_stale_temps`].
pub const TEMP_SUFFIX: &str = ".trichxuat-tmp";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A reserved temporary path beside `target`; renamed over the target by
/// [`AtomicPath::commit`], removed when dropped uncommitted. Used directly for
/// SQLite, which opens files by path.
#[derive(Debug)]
pub struct AtomicPath {
    target: PathBuf,
    temp: PathBuf,
    done: bool,
}

impl AtomicPath {
    /// Reserves a fresh hidden temporary file in the target's folder.
    pub fn reserve(target: &Path) -> Result<(AtomicPath, File), OutputError> {
        let dir = parent_dir(target);
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".to_string());
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(".{}.{}.{}{}", name, std::process::id(), n, TEMP_SUFFIX));
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(f) => return Ok((AtomicPath { target: target.to_path_buf(), temp, done: false }, f)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(OutputError::io("create a temporary file in", dir, e)),
            }
        }
    }

    /// The temporary file's path.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes the temporary file to disk and renames it over the target.
    pub fn commit(self) -> Result<(), OutputError> {
        let f = File::open(&self.temp).map_err(|e| OutputError::io("reopen", &self.temp, e))?;
        f.sync_all().map_err(|e| OutputError::io("fsync", &self.temp, e))?;
        drop(f);
        self.rename(Durability::Now)
    }

    fn rename(mut self, durability: Durability) -> Result<(), OutputError> {
        fs::rename(&self.temp, &self.target).map_err(|e| OutputError::io(format!("rename {} to", self.temp.display()), &self.target, e))?;
        self.done = true;
        if durability == Durability::Now {
            sync_dir(&parent_dir(&self.target));
        }
        Ok(())
    }
}

/// When a committed file must be on disk. Both are atomic against a killed
/// process (the rename is); they differ only after a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// fsync the file and its folder before returning: for the combined tables,
    /// written once per run.
    Now,
    /// Leave the data to the kernel's writeback; the caller runs
    /// [`sync_filesystem`] once later. For the thousands of per-document files,
    /// where one fsync each made the disk, not the pipeline, set the pace. A
    /// file lost to a power cut before that sync is just not "done", so
    /// `--resume` processes its input again.
    Deferred,
}

impl Drop for AtomicPath {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// A buffered writer onto a temporary file that becomes `target` on
/// [`AtomicFile::commit`] and vanishes if dropped before.
#[derive(Debug)]
pub struct AtomicFile {
    path: AtomicPath,
    out: BufWriter<File>,
}

impl AtomicFile {
    /// Opens a temporary file beside `target`.
    pub fn create(target: &Path) -> Result<AtomicFile, OutputError> {
        let (path, f) = AtomicPath::reserve(target)?;
        Ok(AtomicFile { path, out: BufWriter::new(f) })
    }

    /// Flushes, fsyncs and renames the file into place.
    pub fn commit(self) -> Result<(), OutputError> {
        self.commit_with(Durability::Now)
    }

    /// Flushes and renames the file into place, fsyncing as `durability` says.
    pub fn commit_with(self, durability: Durability) -> Result<(), OutputError> {
        let AtomicFile { path, out } = self;
        let f = out.into_inner().map_err(|e| OutputError::io("write", path.temp_path(), e.into_error()))?;
        if durability == Durability::Now {
            f.sync_all().map_err(|e| OutputError::io("fsync", path.temp_path(), e))?;
        }
        drop(f);
        path.rename(durability)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes `bytes` to `target` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8], durability: Durability) -> Result<(), OutputError> {
    let mut f = AtomicFile::create(target)?;
    f.write_all(bytes).map_err(|e| OutputError::io("write", target, e))?;
    f.commit_with(durability)
}

/// Flushes every file written with [`Durability::Deferred`] on the filesystem
/// holding `dir` to disk: one `syncfs` call on Linux, `sync` elsewhere on Unix.
pub fn sync_filesystem(dir: &Path) -> Result<(), OutputError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let d = File::open(dir).map_err(|e| OutputError::io("open", dir, e))?;
        // SAFETY: `d` is an open descriptor for the whole call.
        if unsafe { libc::syncfs(d.as_raw_fd()) } != 0 {
            return Err(OutputError::io("syncfs", dir, io::Error::last_os_error()));
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = dir;
        // SAFETY: sync takes no arguments and cannot fail.
        unsafe { libc::sync() };
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

/// Removes temporary files left in `dir` by a killed run (best effort).
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn parent_dir(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename durable (best effort: not every platform can open folders).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn atomic_write_leaves_only_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        write_atomic(&target, b"first", Durability::Now).unwrap();
        write_atomic(&target, b"second", Durability::Deferred).unwrap();
        sync_filesystem(dir.path()).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        assert_eq!(names(dir.path()), vec!["a.json".to_string()]);
    }

    #[test]
    fn dropped_uncommitted_file_leaves_old_content_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.csv");
        write_atomic(&target, b"old", Durability::Now).unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half a fi").unwrap();
            // dropped here, as when a writer fails half way
        }
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(names(dir.path()), vec!["t.csv".to_string()]);
    }

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!(".x.csv.1.0{}", TEMP_SUFFIX));
        fs::write(&stale, b"junk").unwrap();
        fs::write(dir.path().join("keep.csv"), b"k").unwrap();
        remove_stale_temps(dir.path());
        assert_eq!(names(dir.path()), vec!["keep.csv".to_string()]);
    }
}
