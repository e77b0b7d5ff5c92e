//! Sessions without a terminal (`ssh host list`): `list`, `show ID` and `search QUERY` print plain text, as
//! the same commands do locally; anything else gets a short message. The exit status is the command's.

use std::io::Write;
use std::sync::{Arc, Mutex};

use clap::Parser;
use russh::ChannelId;
use russh::server::Handle;

use crate::cli::{Cli, Command};
use crate::cmd::{self, Out, Paint};
use crate::text::inert;
use crate::timeline::Timeline;

/// What a shell without a pty (`ssh -T host`) is told.
pub fn no_pty_message() -> String {
    "annals serve: this is a shared timeline browser. Connect with a terminal (ssh -t) to follow the \
     presenter, or run a command: list, show ID, search QUERY.\n"
        .to_string()
}

/// Runs one command line; returns its output (inert text) and exit status.
pub fn run(t: &Timeline, line: &str) -> (String, u32) {
    let words = match split(line) {
        Ok(w) => w,
        Err(e) => return (format!("annals: {e}\n"), u32::from(cmd::exit::USAGE)),
    };
    let cli = match Cli::try_parse_from(std::iter::once("annals".to_string()).chain(words)) {
        Ok(cli) => cli,
        Err(e) => return (inert_lines(&e.render().to_string()), u32::from(cmd::exit::USAGE)),
    };
    let Some(command @ (Command::List(_) | Command::Show(_) | Command::Search(_))) = &cli.command else {
        return (no_pty_message(), u32::from(cmd::exit::USAGE));
    };
    let buf = Buffer::default();
    let mut out = Out::to(Box::new(buf.clone()), Paint::new(false));
    let code = match cmd::run_loaded(t, command, &mut out) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(out, "annals: {e}");
            e.exit_code()
        }
    };
    let _ = out.flush();
    let text = String::from_utf8_lossy(&buf.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    (inert_lines(&text), u32::from(code))
}

/// Makes every line inert, keeping the line breaks.
fn inert_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            let (body, nl) = l.strip_suffix('\n').map_or((l, ""), |b| (b, "\n"));
            format!("{}{nl}", inert(body))
        })
        .collect()
}

/// Sends the output, the exit status, and closes the channel.
pub async fn reply(handle: Handle, channel: ChannelId, text: String, code: u32) {
    let _ = handle.data(channel, text.into_bytes()).await;
    let _ = handle.exit_status_request(channel, code).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Splits a command line into words as a shell would for plain words and quotes ('...', "...").
fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return Err("unterminated quote".into());
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline() -> Timeline {
        crate::timeline::load::load(&crate::timeline::Origin::Embedded).unwrap().timeline
    }

    #[test]
    fn splits_words_and_quotes() {
        assert_eq!(split("search 'plan colombia' x").unwrap(), ["search", "plan colombia", "x"]);
        assert_eq!(split(r#"show "" a"#).unwrap(), ["show", "", "a"]);
        assert!(split("search 'open").is_err());
    }

    #[test]
    fn runs_list_show_search_and_refuses_the_rest() {
        let t = timeline();
        let (text, code) = run(&t, "list --from 1914 --to 1914");
        assert_eq!(code, 0);
        assert!(text.contains("Veracruz"), "{text}");
        let (text, code) = run(&t, "search merida");
        assert_eq!(code, 0, "{text}");
        let (text, code) = run(&t, "show no-such-event");
        assert_eq!(code, 1);
        assert!(text.contains("no-such-event"), "{text}");
        let (text, code) = run(&t, "check");
        assert_eq!(code, 2);
        assert!(text.contains("list, show ID, search QUERY"));
        let (_, code) = run(&t, "list --bogus");
        assert_eq!(code, 2);
    }

    #[test]
    fn output_is_inert() {
        assert_eq!(inert_lines("a\x1b[2Jb\nc\n"), format!("{}\nc\n", inert("a\x1b[2Jb")));
        assert!(!inert_lines("a\x1b[2Jb\n").contains('\x1b'));
    }
}
