//! The subcommands: each module turns a loaded timeline into text, JSON or Markdown on stdout.
//!
//! `run` is what `main` calls: it resolves where the timeline comes from, dispatches, and maps every outcome
//! to an exit code as grep and ripgrep do (0 found/valid, 1 invalid/not found, 2 bad usage).

mod brief;
mod check;
mod list;
mod out;
pub mod progress;
mod show;
mod sources;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::CommandFactory;

use crate::cli::{Cli, ColorChoice, Command};
use crate::timeline::{LoadError, Origin};
pub use out::{Out, Paint};
pub use progress::load;

/// Exit statuses.
pub mod exit {
    pub const OK: u8 = 0;
    /// Invalid or unreadable timeline, unknown id, or no search results.
    pub const FAIL: u8 = 1;
    /// Bad usage, or no terminal for the browser.
    pub const USAGE: u8 = 2;
}

/// Errors that end a command; `main` prints them once.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

impl CmdError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CmdError::Usage(_) => exit::USAGE,
            _ => exit::FAIL,
        }
    }
}

/// Where the timeline comes from: `--file`/`ANNALS_FILE`, else the embedded one.
pub fn origin(file: Option<&PathBuf>) -> Origin {
    match file {
        Some(p) => Origin::File(p.clone()),
        None => Origin::Embedded,
    }
}

/// Whether stdout gets colour, from `--color`, NO_COLOR and whether stdout is a terminal.
pub fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always | ColorChoice::Ansi16 | ColorChoice::Ansi256 | ColorChoice::Truecolor => true,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Runs a subcommand. `None` means "no subcommand": the caller decides about the browser.
pub fn run(cli: &Cli, command: &Command) -> Result<u8, CmdError> {
    let paint = Paint::new(color_enabled(cli.color));
    let mut out = Out::stdout(paint);
    let origin = origin(cli.file.as_ref());
    let code = match command {
        Command::Check(args) => check::run(&origin, args, &mut out)?,
        Command::List(args) => list::run(&load(&origin)?.timeline, args, &mut out)?,
        Command::Show(args) => show::run(&load(&origin)?.timeline, args, &mut out)?,
        Command::Search(args) => show::search(&load(&origin)?.timeline, args, &mut out)?,
        Command::Sources(args) => sources::run(&load(&origin)?.timeline, args, &mut out)?,
        Command::Brief(args) => brief::run(cli, args, &mut out)?,
        Command::Serve(args) => serve(cli, args, &mut out)?,
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "annals", &mut out);
            exit::OK
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            exit::OK
        }
    };
    out.finish()?;
    Ok(code)
}

#[cfg(feature = "serve")]
fn serve(cli: &Cli, args: &crate::cli::ServeArgs, out: &mut Out) -> Result<u8, CmdError> {
    crate::serve::run(cli, args, out)
}

#[cfg(not(feature = "serve"))]
fn serve(_: &Cli, _: &crate::cli::ServeArgs, _: &mut Out) -> Result<u8, CmdError> {
    Err(CmdError::Usage("this annals was built without the `serve` feature".into()))
}

/// Runs `list`, `show` or `search` on a timeline already loaded (the SSH server's commands without a pty);
/// any other command is a usage error.
pub fn run_loaded(t: &crate::timeline::Timeline, command: &Command, out: &mut Out) -> Result<u8, CmdError> {
    let code = match command {
        Command::List(args) => list::run(t, args, out)?,
        Command::Show(args) => show::run(t, args, out)?,
        Command::Search(args) => show::search(t, args, out)?,
        _ => {
            return Err(CmdError::Usage(
                "over SSH, only list, show and search run without a terminal".into(),
            ));
        }
    };
    out.finish()?;
    Ok(code)
}

/// Prints an error once, for a person: every problem of an invalid timeline on its own line.
pub fn report(err: &CmdError) {
    let paint = Paint::new(
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
    );
    match err {
        CmdError::Load(LoadError::Invalid { problems }) => {
            for p in problems {
                eprintln!("{}", crate::text::inert(&p.to_string()));
            }
            let errors = problems.iter().filter(|p| p.is_error()).count();
            let file = problems.first().map(|p| p.file.as_str()).unwrap_or("timeline");
            eprintln!("{}: {file}: {errors} error(s); the file was not loaded", paint.red("annals"));
        }
        other => eprintln!("{}: {}", paint.red("annals"), crate::text::inert(&other.to_string())),
    }
}
