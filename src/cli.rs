//! The command line, as clap definitions only: the doc comments are the `--help` text, and the same
//! definitions generate shell completions and the man page.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A terminal browser for the history of U.S.–Mexico (and U.S.–Colombia) military and security relations.
///
/// With no command, opens the interactive browser on the timeline compiled into annals, or on --file.
/// The commands print the same history for scripts, pipes and handouts.
#[derive(Debug, Parser)]
#[command(name = "annals", version, about, long_about, max_term_width = 100)]
#[command(after_help = "Examples:\n  annals                         browse the embedded timeline\n  \
    annals --at 1914               open the browser at 1914\n  annals list --from 1910 --to 1920 --country MX\n  \
    annals show veracruz-occupation-1914\n  annals search 'merida !colombia'\n  \
    annals check my-timeline.yaml --format json")]
pub struct Cli {
    /// Timeline file to use instead of the embedded one.
    #[arg(long, short = 'f', global = true, env = "ANNALS_FILE", value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// When to use colour: auto (a terminal without NO_COLOR), always, never, or a colour depth.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Open the browser at a year (1917), a month (1846-05), an event id or an era id.
    #[arg(long, value_name = "YEAR|ID")]
    pub at: Option<String>,

    /// Kiosk mode, for an OpenSSH ForceCommand: only the browser or `brief TOUR` runs, settings come from the
    /// command line only (ANNALS_FILE is ignored), no key leads out but `q`, and the browser quits after 15
    /// minutes without input unless --idle-timeout says otherwise. See docs/BRIEFING.md.
    #[arg(long, global = true)]
    pub kiosk: bool,

    /// Quit the browser after this long without input: 90s, 15m, 1h30m; 0 or off never (the default, except
    /// 15m with --kiosk).
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::kiosk::parse_idle)]
    pub idle_timeout: Option<crate::kiosk::IdleTimeout>,

    /// Draw borders, marks and text with ASCII characters only (terminals and fonts without line drawing).
    #[arg(long, global = true)]
    pub ascii: bool,

    /// The browser's colours: default, or high-contrast (black and white, bold selection, no grey text) for
    /// projectors.
    #[arg(long, global = true, value_enum, default_value_t = ThemeChoice::Default, value_name = "THEME")]
    pub theme: ThemeChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeChoice {
    Default,
    HighContrast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
    #[value(name = "16")]
    Ansi16,
    #[value(name = "256")]
    Ansi256,
    Truecolor,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a timeline and summarise it: events per decade and country, citations per source, readings
    /// per theory, warnings.
    Check(CheckArgs),
    /// List events, optionally filtered.
    List(ListArgs),
    /// Show one event in full, with its sources, readings and disagreements.
    Show(ShowArgs),
    /// Search events as the browser does (fuzzy titles, word prefixes in summaries; 'exact, !not, tag:,
    /// country:, source:, theory:, 1910..1920).
    Search(SearchArgs),
    /// The bibliography: every source, with the events citing it.
    Sources(SourcesArgs),
    /// Present a tour in the browser: Space/→ next stop, ← previous, Backspace back to the stop after
    /// browsing away. The presenter sees talking points, the next stop and a clock; `--audience` shows the
    /// stops without them; `--handout` writes the Markdown handout instead.
    Brief(BriefArgs),
    /// Serve the browser over SSH: viewers follow the presenter, each at their own terminal size.
    Serve(ServeArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    Man,
}

/// Output formats of `check`, `show`, `search` and `sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Output formats of `list`, which also writes CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Markdown,
    Csv,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The timeline to check (default: --file, else the embedded timeline).
    #[arg(value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// Folder of source documents: check that every quote from a source with a `file` occurs in DIR/<file>.
    #[arg(long, value_name = "DIR")]
    pub documents: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// First year to include.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year to include.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Only events concerning this country (ISO code: US, MX, CO).
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// Only events with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only events this theory reads.
    #[arg(long, value_name = "THEORY")]
    pub theory: Option<String>,
    /// Only events citing this source.
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// Only events in this era.
    #[arg(long, value_name = "ERA")]
    pub era: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The event's id.
    pub id: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several words: all must match).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// List hits in date order instead of best match first.
    #[arg(long)]
    pub date_order: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The tour file (see docs/FORMAT.md, "Tours").
    pub tour: PathBuf,
    /// Write the Markdown handout instead of presenting.
    #[arg(long)]
    pub handout: bool,
    /// With --handout: write to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE", requires = "handout")]
    pub output: Option<PathBuf>,
    /// The audience's screen: the same tour without talking points or clock.
    #[arg(long, conflicts_with = "handout")]
    pub audience: bool,
    /// Start at this stop (counting from 1).
    #[arg(long, value_name = "N", conflicts_with = "handout")]
    pub tour_stop: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `annals serve`: see docs/BRIEFING.md, "Serving a briefing".
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (all interfaces: 0.0.0.0 or ::).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: String,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 2222, value_name = "PORT")]
    pub port: u16,
    /// The server's ed25519 host key, created there (mode 0600) when absent [default: the data directory:
    /// $XDG_DATA_HOME/annals/host_ed25519 or ~/.local/share/annals/host_ed25519].
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Public keys that may present, in authorized_keys format; anyone else views read-only.
    #[arg(long, value_name = "FILE")]
    pub presenters: Option<PathBuf>,
    /// A tour to present (its first stop is where the briefing starts).
    #[arg(long, value_name = "TOUR")]
    pub tour: Option<PathBuf>,
    /// Only serve, even on a terminal: the presenter connects over SSH.
    #[arg(long)]
    pub headless: bool,
    /// Connections open at once.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_sessions: usize,
    /// New connections per minute from one address (loopback is exempt).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub rate: usize,
    /// Authentication attempts per connection.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_auth_attempts: usize,
    /// Close a link silent this long (90s, 15m, 2h); live clients answer keepalives and stay. (Not the
    /// global --idle-timeout, which quits a browser after no input.)
    #[arg(long, default_value = "30m", value_name = "DURATION")]
    pub link_timeout: String,
    /// Append the log here [default: stderr when headless, else serve.log in the data directory].
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    /// clap's own checks, and every subcommand parsed with global flags: a subcommand flag that repeats a global
    /// one with another type (as `serve --idle-timeout` once did) panics here instead of at a user's start.
    #[test]
    fn every_command_line_parses() {
        super::Cli::command().debug_assert();
        for line in [
            "annals --idle-timeout 5m",
            "annals --idle-timeout 5m check",
            "annals list --idle-timeout off",
            "annals show x",
            "annals search x",
            "annals sources",
            "annals brief t.yaml --idle-timeout 1m",
            "annals serve --headless --idle-timeout 5m",
            "annals serve --link-timeout 2h",
            "annals man",
        ] {
            let parsed = super::Cli::try_parse_from(line.split(' '));
            assert!(parsed.is_ok(), "{line}: {parsed:?}");
        }
    }
}
