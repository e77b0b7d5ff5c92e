//! The `annals` binary: parse the command line, run a subcommand or the browser, map the outcome to an exit
//! code. All logic lives in the library.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use annals::cli::Cli;
use annals::cmd::{self, exit};

/// mimalloc rather than the system allocator: loading a large timeline makes tens of millions of small
/// allocations, and glibc's malloc and free took about a third of the load's time (docs/PERFORMANCE.md). Built
/// without transparent huge pages (feature `no_thp`): on the build machine zeroing 2 MB pages cost the first
/// load of a million events 10 s of system time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Err(message) = annals::kiosk::lock_down(&mut cli, &matches) {
        cmd::report(&cmd::CmdError::Usage(message));
        return ExitCode::from(exit::USAGE);
    }
    let result = match &cli.command {
        Some(command) => cmd::run(&cli, command),
        None => browse(&cli),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            cmd::report(&err);
            ExitCode::from(err.exit_code())
        }
    }
}

/// The interactive browser, which needs a terminal on both stdin and stdout.
fn browse(cli: &Cli) -> Result<u8, cmd::CmdError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "annals: the browser needs a terminal (stdin and stdout). For scripts and pipes use a command:\n  \
             annals list | show ID | search QUERY | sources | check\nSee `annals --help`."
        );
        return Ok(exit::USAGE);
    }
    let origin = cmd::origin(cli.file.as_ref());
    let loaded = cmd::load(&origin)?;
    annals::term::run(loaded.timeline, &origin, cli).map_err(cmd::CmdError::Io)?;
    Ok(exit::OK)
}
