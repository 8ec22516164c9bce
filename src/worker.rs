//! Each document in its own worker process, so that nothing one input does
//! (a stack overflow in a parser, an allocation abort, a decoder that never
//! ends, a `kill -9`) can take the batch down with it.
//!
//! The model is Apache Tika's ForkParser: the batch keeps a pool of child
//! processes (`trichxuat` itself, started in its hidden `worker` mode) and
//! feeds each one input at a time over its stdin; the child answers on its
//! stdout with progress frames (the stage it is in) and then the finished
//! document or its error. The parent caps each child's address space
//! (`RLIMIT_AS`) and CPU time (`RLIMIT_CPU`) before exec, and kills a child
//! that overruns the per-document wall-clock limit. A child that dies or is
//! killed costs its current input one error row (stage, signal, what it was
//! doing); a fresh child takes the next input. Workers are reused across
//! inputs, so the cost of a process start is paid once per worker, not per
//! document.
//!
//! Frames, both ways: one tag byte, a little-endian `u64` length, the payload.

use crate::error::DocError;
use crate::model::{Document, Stage};
use crate::pipeline::RunOptions;
use serde::{Deserialize, Serialize};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Parent → worker: the run's options (first frame after start).
const TAG_CONFIG: u8 = b'C';
/// Parent → worker: one input (a [`Request`] frame followed by a bytes frame).
const TAG_REQUEST: u8 = b'R';
/// Parent → worker: the input's bytes.
const TAG_BYTES: u8 = b'B';
/// Worker → parent: the stage the worker has entered (UTF-8 text).
const TAG_STAGE: u8 = b'S';
/// Worker → parent: the finished document (JSON).
const TAG_DONE: u8 = b'D';
/// Worker → parent: the input failed (JSON [`Failure`]).
const TAG_FAILED: u8 = b'F';

/// Largest frame accepted from the other side; a longer length is a broken
/// stream, not a reason to allocate.
const MAX_FRAME: u64 = 4 << 30;

/// The options a worker needs, sent over the pipe (not on the command line,
/// where a password would show in `ps`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WorkerConfig {
    password: Option<String>,
    timeout_secs: Option<u64>,
    ocr_cache: Option<PathBuf>,
    max_stream_bytes: u64,
    ocr: bool,
    max_file_bytes: Option<u64>,
}

impl WorkerConfig {
    fn from_options(o: &RunOptions) -> WorkerConfig {
        WorkerConfig {
            password: o.extract.password.clone(),
            timeout_secs: o.extract.timeout.map(|t| t.as_secs()),
            ocr_cache: o.extract.ocr_cache.clone(),
            max_stream_bytes: o.extract.max_stream_bytes,
            ocr: o.extract.ocr,
            max_file_bytes: o.max_file_bytes,
        }
    }

    fn to_options(&self) -> RunOptions {
        RunOptions {
            extract: crate::extract::ExtractOptions {
                password: self.password.clone(),
                timeout: self.timeout_secs.map(Duration::from_secs),
                ocr_cache: self.ocr_cache.clone(),
                max_stream_bytes: self.max_stream_bytes,
                ocr: self.ocr,
            },
            max_file_bytes: self.max_file_bytes,
        }
    }
}

/// One input handed to a worker.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    file: String,
    doc_id: String,
}

/// Why a worker could not produce the document.
#[derive(Debug, Serialize, Deserialize)]
struct Failure {
    stage: Stage,
    message: String,
}

fn write_frame(w: &mut impl Write, tag: u8, payload: &[u8]) -> io::Result<()> {
    w.write_all(&[tag])?;
    w.write_all(&(payload.len() as u64).to_le_bytes())?;
    w.write_all(payload)
}

/// Reads one frame; `Ok(None)` at a clean end of the stream.
fn read_frame(r: &mut impl Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut tag = [0u8; 1];
    match r.read_exact(&mut tag) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("frame of {len} bytes")));
    }
    let mut payload = Vec::new();
    r.take(len).read_to_end(&mut payload)?;
    if payload.len() as u64 != len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "frame cut short"));
    }
    Ok(Some((tag[0], payload)))
}

/// How worker processes are started and limited.
#[derive(Debug, Clone)]
pub struct WorkerSpec {
    /// The `trichxuat` executable (started as `EXE worker`).
    pub exe: PathBuf,
    /// Address-space cap per worker, in bytes (`RLIMIT_AS`); `None` = no cap.
    pub memory_limit: Option<u64>,
}

impl WorkerSpec {
    /// Workers running the current executable, capped at `memory_limit` bytes.
    pub fn current_exe(memory_limit: Option<u64>) -> io::Result<WorkerSpec> {
        Ok(WorkerSpec { exe: std::env::current_exe()?, memory_limit })
    }
}

/// A running worker.
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    frames: Receiver<io::Result<(u8, Vec<u8>)>>,
}

/// Extra CPU seconds a worker is granted over the wall-clock limit before the
/// kernel stops it (the parent's clock normally acts first).
const CPU_SLACK_SECS: u64 = 10;

impl Worker {
    fn spawn(spec: &WorkerSpec, config: &[u8], timeout: Option<Duration>) -> io::Result<Worker> {
        let mut cmd = Command::new(&spec.exe);
        cmd.arg("worker").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        // Tesseract runs inside the worker: one core each, as `--jobs` says
        // (OpenMP reads this as the process starts, never later).
        cmd.env("OMP_THREAD_LIMIT", "1");
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            let memory = spec.memory_limit;
            let cpu = timeout.map(|t| t.as_secs().saturating_add(CPU_SLACK_SECS));
            // SAFETY: only async-signal-safe calls (setrlimit) between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    set_limit(libc::RLIMIT_CORE, Some(0), Some(0));
                    if let Some(m) = memory {
                        set_limit(libc::RLIMIT_AS, Some(m), Some(m));
                    }
                    // Soft limit only: the worker moves it forward before each
                    // input (CPU time accumulates over the inputs it serves).
                    if let Some(c) = cpu {
                        set_limit(libc::RLIMIT_CPU, Some(c), None);
                    }
                    Ok(())
                });
            }
        }
        let mut child = cmd.spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("worker started without pipes"));
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                match read_frame(&mut r) {
                    Ok(Some(f)) => {
                        if tx.send(Ok(f)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        });
        let mut w = Worker { child, stdin: BufWriter::new(stdin), frames: rx };
        write_frame(&mut w.stdin, TAG_CONFIG, config)?;
        w.stdin.flush()?;
        Ok(w)
    }

    /// Kills the worker (if still running) and describes how it ended.
    fn end(mut self, kill: bool) -> String {
        if kill {
            let _ = self.child.kill();
        }
        drop(self.stdin);
        match self.child.wait() {
            Ok(status) => describe_exit(status),
            Err(e) => format!("ended in an unknown way ({e})"),
        }
    }
}

#[cfg(unix)]
fn set_limit(resource: libc::__rlimit_resource_t, soft: Option<u64>, hard: Option<u64>) {
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        let mut cur = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(resource, &mut cur) != 0 {
            return;
        }
        let hard = hard.map(|h| h as libc::rlim_t).unwrap_or(cur.rlim_max).min(cur.rlim_max);
        let soft = soft.map(|s| s as libc::rlim_t).unwrap_or(libc::RLIM_INFINITY).min(hard);
        let new = libc::rlimit { rlim_cur: soft, rlim_max: hard };
        libc::setrlimit(resource, &new);
    }
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGSEGV => "SIGSEGV, a crash (stack overflow or bad memory access)",
        libc::SIGABRT => "SIGABRT, an abort (out of memory or a stack overflow)",
        libc::SIGKILL => "SIGKILL, killed from outside or by the out-of-memory killer",
        libc::SIGXCPU => "SIGXCPU, CPU time limit reached",
        libc::SIGBUS => "SIGBUS, bad memory access",
        libc::SIGFPE => "SIGFPE, arithmetic fault",
        libc::SIGILL => "SIGILL, illegal instruction",
        libc::SIGTERM => "SIGTERM, terminated from outside",
        libc::SIGPIPE => "SIGPIPE",
        _ => "",
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = signal_name(sig);
            return if name.is_empty() { format!("killed by signal {sig}") } else { format!("killed by signal {sig} ({name})") };
        }
    }
    match status.code() {
        Some(c) => format!("exited with status {c}"),
        None => "ended".to_string(),
    }
}

/// What a stage name means to a person reading errors.csv.
fn doing(stage: &str) -> &str {
    match stage {
        "extract" => "extracting pages (text layer, PDF structure or OCR)",
        "tables" => "recovering tables",
        "map" => "reading metadata and facts",
        "check" => "checking totals",
        "reread" => "reading again scanned figures that break a total",
        "" => "starting on the input",
        other => other,
    }
}

fn stage_of(name: &str) -> Stage {
    match name {
        "tables" => Stage::Tables,
        "map" => Stage::Map,
        "check" => Stage::Check,
        _ => Stage::Extract,
    }
}

/// A document as a worker sent it, not yet read back: decoding it is the
/// parent's largest share of a text document's time, so it is left to the
/// thread that writes the outputs.
pub struct Encoded(Vec<u8>);

impl Encoded {
    /// The document, or why the worker's bytes do not read back as one.
    pub fn decode(self) -> Result<Document, (Stage, String)> {
        // UTF-8 checked once for the whole document, not string by string.
        let not_back = |e: &dyn std::fmt::Display| (Stage::Output, format!("worker sent a document that does not read back: {e}"));
        let text = std::str::from_utf8(&self.0).map_err(|e| not_back(&e))?;
        serde_json::from_str::<Document>(text).map_err(|e| not_back(&e))
    }
}

/// A pool of worker processes shared by the batch's threads: each call to
/// [`WorkerPool::process`] takes an idle worker (or starts one), hands it one
/// input and gives the worker back when it answered.
pub struct WorkerPool {
    spec: WorkerSpec,
    config: Vec<u8>,
    timeout: Option<Duration>,
    idle: Mutex<Vec<Worker>>,
}

impl WorkerPool {
    /// A pool for inputs run with `opts` (its timeout is the wall-clock limit
    /// per input; `None` = none).
    pub fn new(spec: WorkerSpec, opts: &RunOptions) -> WorkerPool {
        let config = serde_json::to_vec(&WorkerConfig::from_options(opts)).unwrap_or_default();
        WorkerPool { spec, config, timeout: opts.extract.timeout, idle: Mutex::new(Vec::new()) }
    }

    fn take(&self) -> io::Result<Worker> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match idle {
            Some(w) => Ok(w),
            None => Worker::spawn(&self.spec, &self.config, self.timeout),
        }
    }

    fn give_back(&self, w: Worker) {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).push(w);
    }

    /// Processes one input in a worker: the document as the worker encoded it
    /// (read it with [`Encoded::decode`], on another thread while this worker takes the
    /// next input), or the stage and reason it failed (including the worker's
    /// death or the timeout).
    pub fn process(&self, file: &str, doc_id: String, bytes: &[u8]) -> Result<Encoded, (Stage, String)> {
        let start = Instant::now();
        let mut worker = self.take().map_err(|e| (Stage::Extract, format!("cannot start a worker process: {e}")))?;
        let request = serde_json::to_vec(&Request { file: file.to_string(), doc_id }).unwrap_or_default();
        let sent = write_frame(&mut worker.stdin, TAG_REQUEST, &request)
            .and_then(|_| write_frame(&mut worker.stdin, TAG_BYTES, bytes))
            .and_then(|_| worker.stdin.flush());
        let mut stage = String::new();
        if sent.is_err() {
            // The worker died between inputs (or while reading this one).
            let how = worker.end(true);
            return Err((Stage::Extract, format!("worker process {how} before it took the input")));
        }
        loop {
            let wait = match self.timeout {
                Some(t) => match t.checked_sub(start.elapsed()) {
                    Some(left) => left,
                    None => Duration::ZERO,
                },
                None => Duration::from_secs(3600),
            };
            match worker.frames.recv_timeout(wait) {
                Ok(Ok((TAG_STAGE, name))) => stage = String::from_utf8_lossy(&name).into_owned(),
                Ok(Ok((TAG_DONE, json))) => {
                    self.give_back(worker);
                    return Ok(Encoded(json));
                }
                Ok(Ok((TAG_FAILED, json))) => {
                    let failure = serde_json::from_slice::<Failure>(&json)
                        .unwrap_or_else(|e| Failure { stage: Stage::Extract, message: format!("unreadable error from worker: {e}") });
                    self.give_back(worker);
                    return Err((failure.stage, failure.message));
                }
                Ok(Ok((tag, _))) => {
                    worker.end(true);
                    return Err((stage_of(&stage), format!("worker process sent an unknown frame {tag:?}")));
                }
                Err(RecvTimeoutError::Timeout) => {
                    let Some(t) = self.timeout else { continue };
                    worker.end(true);
                    return Err((stage_of(&stage), format!("{} (worker stopped while {})", DocError::Timeout(t.as_secs()), doing(&stage))));
                }
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                    let how = worker.end(false);
                    return Err((stage_of(&stage), format!("worker process {how} while {}", doing(&stage))));
                }
            }
        }
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        for w in idle {
            // Closing stdin ends a worker's loop; wait so no zombie is left.
            w.end(false);
        }
    }
}

/// The worker side: reads the config, then inputs one at a time until stdin
/// closes, answering each with stage frames and the document or its error.
/// Returns the process exit code.
pub fn serve() -> i32 {
    // Frames go to the original stdout; anything else that prints to stdout
    // (a library, a stray debug line) is sent to stderr instead, so it can
    // never corrupt a frame.
    #[cfg(unix)]
    let out: Box<dyn Write> = {
        use std::os::unix::io::FromRawFd;
        // SAFETY: dup/dup2 on the process's own standard descriptors.
        let fd = unsafe { libc::dup(1) };
        if fd < 0 {
            return 3;
        }
        unsafe {
            libc::dup2(2, 1);
        }
        Box::new(unsafe { std::fs::File::from_raw_fd(fd) })
    };
    #[cfg(not(unix))]
    let out: Box<dyn Write> = Box::new(io::stdout());
    let mut out = BufWriter::new(out);
    let mut input = BufReader::new(io::stdin().lock());
    let config: WorkerConfig = match read_frame(&mut input) {
        Ok(Some((TAG_CONFIG, c))) => match serde_json::from_slice(&c) {
            Ok(c) => c,
            Err(_) => return 3,
        },
        _ => return 3,
    };
    let opts = config.to_options();
    loop {
        let request: Request = match read_frame(&mut input) {
            Ok(Some((TAG_REQUEST, r))) => match serde_json::from_slice(&r) {
                Ok(r) => r,
                Err(_) => return 3,
            },
            Ok(None) => return 0,
            _ => return 3,
        };
        let bytes = match read_frame(&mut input) {
            Ok(Some((TAG_BYTES, b))) => b,
            _ => return 3,
        };
        renew_cpu_limit(config.timeout_secs);
        let answer = {
            let mut trace = |stage: &str| {
                let _ = write_frame(&mut out, TAG_STAGE, stage.as_bytes()).and_then(|_| out.flush());
            };
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::pipeline::process_bytes_traced(&request.file, request.doc_id, &bytes, &opts, &mut trace)
            }));
            match run {
                Ok(Ok(mut doc)) => {
                    // The outputs read a page's number and route, never its
                    // lines (every fact carries its own line and text): the
                    // lines are most of the document and stay here.
                    for page in &mut doc.pages {
                        page.lines = Vec::new();
                    }
                    serde_json::to_vec(&doc)
                        .map(|j| (TAG_DONE, j))
                        .map_err(|e| Failure { stage: Stage::Output, message: format!("document could not be encoded: {e}") })
                }
                Ok(Err(e)) => Err(Failure { stage: e.stage(), message: e.to_string() }),
                Err(p) => Err(Failure {
                    stage: Stage::Extract,
                    message: format!("internal error (panic): {}", crate::pipeline::panic_message(p)),
                }),
            }
        };
        drop(bytes);
        let (tag, payload) = match answer {
            Ok(frame) => frame,
            Err(f) => (TAG_FAILED, serde_json::to_vec(&f).unwrap_or_default()),
        };
        if write_frame(&mut out, tag, &payload).and_then(|_| out.flush()).is_err() {
            return 0; // the parent is gone
        }
    }
}

/// Moves this worker's CPU soft limit to what it has used so far plus the
/// per-input budget, so the kernel stops an input that spins without the
/// parent noticing (the limit is cumulative over the worker's life).
fn renew_cpu_limit(timeout_secs: Option<u64>) {
    #[cfg(unix)]
    {
        let Some(t) = timeout_secs else { return };
        // SAFETY: getrusage writes into the struct given.
        let used = unsafe {
            let mut u: libc::rusage = std::mem::zeroed();
            if libc::getrusage(libc::RUSAGE_SELF, &mut u) != 0 {
                return;
            }
            (u.ru_utime.tv_sec + u.ru_stime.tv_sec).max(0) as u64 + 1
        };
        set_limit(libc::RLIMIT_CPU, Some(used + t + CPU_SLACK_SECS), None);
    }
    #[cfg(not(unix))]
    let _ = timeout_secs;
}
