//! Progress of a long batch: on a terminal a bar with the rate and the time
//! left; without one (a Slurm log, `nohup`, CI) one line on stderr every
//! 30 seconds, so a log shows the run is alive without a line per document.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use trichxuat::pipeline::{BatchEvents, DocumentOutcome};

/// How often the no-terminal line is printed.
pub const LOG_EVERY: Duration = Duration::from_secs(30);

/// How much a run says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Progress and the closing summary.
    #[default]
    Normal,
    /// Also one line per document done.
    Verbose,
}

/// One run's progress display.
pub struct Progress {
    bar: ProgressBar,
    verbosity: Verbosity,
    ticker: Option<(Sender<()>, JoinHandle<()>)>,
}

/// "1234/10000 documents (56.3/s, about 2m 36s left)".
pub fn status_line(done: u64, total: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let left = if rate > 0.0 { total.saturating_sub(done) as f64 / rate } else { f64::NAN };
    let eta = if left.is_finite() {
        let s = left.round() as u64;
        if s >= 3600 {
            format!("{}h {:02}m", s / 3600, s / 60 % 60)
        } else {
            format!("{}m {:02}s", s / 60, s % 60)
        }
    } else {
        "unknown".to_string()
    };
    format!("{done}/{total} documents ({rate:.1}/s, about {eta} left)")
}

impl Progress {
    /// A display for `total` inputs; a bar when stderr is a terminal,
    /// else a line every [`LOG_EVERY`] (none when quiet).
    pub fn new(total: u64, verbosity: Verbosity) -> Progress {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Self::with_interval(total, verbosity, terminal, LOG_EVERY)
    }

    /// As [`Progress::new`] with the terminal test and the interval given (tests).
    pub fn with_interval(total: u64, verbosity: Verbosity, terminal: bool, every: Duration) -> Progress {
        if verbosity == Verbosity::Quiet {
            return Progress { bar: ProgressBar::hidden(), verbosity, ticker: None };
        }
        if terminal {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} documents  {per_sec}  ETA {eta}  {wide_msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(500));
            return Progress { bar, verbosity, ticker: None };
        }
        let bar = ProgressBar::hidden();
        bar.set_length(total);
        let (tx, rx) = mpsc::channel::<()>();
        let watched = bar.clone();
        let start = Instant::now();
        let handle = std::thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(every) {
                eprintln!("trichxuat: {}", status_line(watched.position(), total, start.elapsed()));
            }
        });
        Progress { bar, verbosity, ticker: Some((tx, handle)) }
    }

    /// One input done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// A line about one document, shown only when verbose.
    pub fn detail(&self, msg: &str) {
        if self.verbosity == Verbosity::Verbose {
            self.say(msg);
        }
    }

    /// A line shown above the bar (errors: always, even when quiet).
    pub fn say(&self, msg: &str) {
        self.bar.suspend(|| eprintln!("{msg}"));
    }

    /// Stops the bar or the periodic line.
    pub fn finish(self) {
        self.bar.finish_and_clear();
        if let Some((tx, handle)) = self.ticker {
            drop(tx);
            let _ = handle.join();
        }
    }
}

/// Renders a batch's events on stderr: the progress display (a bar on a
/// terminal, a periodic line in a log), a line per document when verbose,
/// and every error, even when quiet.
pub struct StderrEvents {
    verbosity: Verbosity,
    /// The display, from `on_start` to `on_finish`.
    bar: std::sync::Mutex<Option<Progress>>,
}

impl StderrEvents {
    /// A renderer saying as much as `verbosity` asks.
    pub fn new(verbosity: Verbosity) -> StderrEvents {
        StderrEvents { verbosity, bar: std::sync::Mutex::new(None) }
    }

    fn bar(&self) -> std::sync::MutexGuard<'_, Option<Progress>> {
        self.bar.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl BatchEvents for StderrEvents {
    fn on_start(&self, documents: usize) {
        *self.bar() = Some(Progress::new(documents as u64, self.verbosity));
    }

    fn on_document(&self, file: &str, doc_id: &str, outcome: DocumentOutcome) {
        if let Some(bar) = self.bar().as_ref() {
            match outcome {
                DocumentOutcome::Written => bar.detail(&format!("done: {file} → {doc_id}")),
                DocumentOutcome::Skipped => bar.detail(&format!("skipped (done before): {file}")),
            }
            bar.inc();
        }
    }

    fn on_error(&self, file: &str, _stage: trichxuat::model::Stage, message: &str) {
        let line = format!("error: {file}: {message}");
        match self.bar().as_ref() {
            Some(bar) => {
                bar.say(&line);
                bar.inc();
            }
            // Before the run starts (a path that could not be searched): no bar yet.
            None => eprintln!("{line}"),
        }
    }

    fn on_finish(&self) {
        if let Some(bar) = self.bar().take() {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_line_gives_rate_and_time_left() {
        assert_eq!(status_line(50, 200, Duration::from_secs(10)), "50/200 documents (5.0/s, about 0m 30s left)");
        assert_eq!(status_line(0, 10, Duration::from_secs(0)), "0/10 documents (0.0/s, about unknown left)");
        assert_eq!(status_line(1, 7201, Duration::from_secs(1)), "1/7201 documents (1.0/s, about 2h 00m left)");
    }

    #[test]
    fn the_periodic_line_stops_when_the_run_ends() {
        let p = Progress::with_interval(3, Verbosity::Normal, false, Duration::from_millis(5));
        p.inc();
        std::thread::sleep(Duration::from_millis(20));
        let t = Instant::now();
        p.finish();
        assert!(t.elapsed() < Duration::from_secs(1));
        Progress::with_interval(3, Verbosity::Quiet, false, Duration::from_millis(5)).finish();
    }
}
