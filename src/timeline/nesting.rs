//! How deeply flow collections (`[...]`, `{...}`) nest, found by a byte scan before serde_yaml reads a text.
//!
//! libyaml's scanner spends time proportional to the current flow depth on every token, so a line of 100,000
//! opening brackets keeps it busy for most of a minute before serde_yaml's own depth limit is ever reached.
//! The scan refuses such text first, in one pass.
//!
//! It follows YAML's rules closely enough that the depth it finds is never much less than the real one: a
//! bracket counts where a value or a flow entry can start, quoted scalars are skipped where a value can start
//! (and at most [`MAX_QUOTE_SKIP`] bytes at a time, so a misread quote can hide only a bounded amount of
//! nesting), and comments are skipped. It may count more than the real depth (a line of a block scalar that
//! starts with `[`), which matters only past the limit, where no timeline goes: the format nests three deep.

/// The deepest flow nesting accepted. serde_yaml gives up at 128 levels of any kind.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The most bytes a quoted scalar is skipped over at once; past this the scan reads on as if unquoted.
const MAX_QUOTE_SKIP: usize = 4096;

/// The line and column (both from 1, the column in characters) of the bracket that goes deeper than `limit`.
pub fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    // Whether a value (block context) or a flow entry (flow context) may start here.
    let mut start = true;
    let mut line = 1;
    let mut line_start = 0;
    // `start` and `line_start` are all the state: the loop never looks back more than one byte.
    let mut i = 0;
    while i < b.len() {
        if depth == 0 && !start {
            // Inside a plain scalar in block context only `: ` or the end of the line can start a value.
            match memchr::memchr2(b':', b'\n', &b[i..]) {
                Some(n) => i += n,
                None => break,
            }
        }
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                start = true;
            }
            // In block context white space ends nothing (a plain scalar runs on); in flow context it separates.
            b' ' | b'\t' | b'\r' => start |= depth > 0,
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            // In flow context a bracket is always an indicator: plain scalars there cannot hold one.
            b'[' | b'{' if start || depth > 0 => {
                depth += 1;
                if depth > limit {
                    return Some((line, text[line_start..i].chars().count() + 1));
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            b'"' | b'\'' if start => {
                if let Some(end) = quote_end(&b[i..], c) {
                    line += b[i..i + end].iter().filter(|&&x| x == b'\n').count();
                    if let Some(n) = memchr::memrchr(b'\n', &b[i..i + end]) {
                        line_start = i + n + 1;
                    }
                    i += end + 1;
                    start = false;
                    continue;
                }
                start = false;
            }
            b',' if depth > 0 => start = true,
            b':' | b'-' | b'?' => {
                // `key: [`, `- [`, `? [`, and in flow context `"a":[`.
                start = depth > 0 && c == b':'
                    || matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
            }
            b'!' | b'&' if start => {
                // A tag or an anchor: the value starts after it and its white space.
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
                continue;
            }
            _ => start = false,
        }
        i += 1;
    }
    None
}

/// The offset of the quote that closes the quoted scalar `q` starts with, if within [`MAX_QUOTE_SKIP`] bytes.
fn quote_end(q: &[u8], quote: u8) -> Option<usize> {
    let q = &q[..q.len().min(MAX_QUOTE_SKIP)];
    let mut k = 1;
    while k < q.len() {
        match q[k] {
            b'\\' if quote == b'"' => k += 1,
            b'\'' if quote == b'\'' && q.get(k + 1) == Some(&b'\'') => k += 1,
            x if x == quote => return Some(k),
            _ => {}
        }
        k += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A flow value and how deeply it nests.
    fn flow() -> impl Strategy<Value = (String, usize)> {
        let scalar = prop_oneof![
            "[a-z][a-z0-9 ]{0,6}[a-z]".prop_map(|s| (s, 0)),
            "[\\[\\]{},:# a-z']{0,8}".prop_map(|s| (format!("\"{s}\""), 0)),
            "[\\[\\]{},:# a-z\"]{0,8}".prop_map(|s| (format!("'{s}'"), 0)),
        ];
        scalar.prop_recursive(8, 64, 4, |inner| {
            let gap = prop_oneof![Just(""), Just(" "), Just("\n  "), Just(" # [[[ \n  ")];
            (prop::collection::vec((inner, gap), 1..4), any::<bool>()).prop_map(|(items, map)| {
                let depth = 1 + items.iter().map(|((_, d), _)| *d).max().unwrap_or(0);
                let body: Vec<String> = items
                    .into_iter()
                    .enumerate()
                    .map(
                        |(k, ((v, _), gap))| {
                            if map { format!("k{k}:{gap} {v}") } else { format!("{gap}{v}") }
                        },
                    )
                    .collect();
                let (open, close) = if map { ('{', '}') } else { ('[', ']') };
                (format!("{open}{}{close}", body.join(", ")), depth)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The scan never finds less nesting than YAML has (so it cannot be fooled into letting deep text
        /// through), and the generated text is YAML that really nests that deep.
        #[test]
        fn the_scan_never_counts_less_than_the_real_depth((value, depth) in flow()) {
            let text = format!("a: {value}\n");
            prop_assume!(depth > 0);
            prop_assert!(too_deep(&text, depth - 1).is_some(), "{text}");
            prop_assert!(crate::timeline::yaml::from_str::<serde::de::IgnoredAny>(&text).is_ok(), "{text}");
        }
    }

    fn depth_over(text: &str, limit: usize) -> bool {
        too_deep(text, limit).is_some()
    }

    #[test]
    fn flow_nesting_past_the_limit_is_found_where_it_goes_too_deep() {
        let text = format!("title: t\nevents:\n  - title: {}{}\n", "[".repeat(70), "]".repeat(70));
        assert_eq!(too_deep(&text, 64), Some((3, "  - title: ".len() + 64 + 1)));
        assert_eq!(too_deep(&text, 70), None);
    }

    #[test]
    fn nesting_counts_across_lines_tags_anchors_and_json_style_keys() {
        let lines: String = (0..10).map(|_| "[\n").collect();
        assert!(depth_over(&format!("a: {lines}"), 9));
        assert!(!depth_over(&format!("a: {lines}"), 10));
        assert!(depth_over("a: !!seq [!!seq [&x [1]]]", 2));
        assert!(depth_over(r#"a: {"b":{"c":{"d":1}}}"#, 2));
        assert!(depth_over("- - [[[1]]]", 2));
    }

    #[test]
    fn brackets_in_text_quotes_and_comments_do_not_count() {
        let prose = "summary: Treaty [of] 1848; see [1 and [2 and [3\n".repeat(100);
        assert!(!depth_over(&prose, 1), "brackets inside a plain scalar are text");
        assert!(!depth_over(&"quote: \"[[[[\"\n".repeat(100), 1));
        assert!(!depth_over(&"quote: '[[[[ it''s'\n".repeat(100), 1));
        assert!(!depth_over(&"a: 1 # [[[[\n".repeat(100), 1));
        assert!(!depth_over(&"a: [\"]]]]\", '[[[[', x]\n".repeat(100), 1));
    }

    #[test]
    fn closing_brackets_inside_quotes_cannot_hide_nesting() {
        let text = format!("a: {}", "[ \"]\", ".repeat(100));
        assert!(depth_over(&text, 64));
        let text = format!("a: {}", "[ ']', ".repeat(100));
        assert!(depth_over(&text, 64));
    }

    #[test]
    fn an_unclosed_quote_hides_at_most_a_bounded_stretch() {
        let text = format!("a: [\"{}", "[".repeat(MAX_QUOTE_SKIP * 2));
        assert!(depth_over(&text, 64));
    }

    #[test]
    fn a_hundred_thousand_brackets_are_refused_in_one_pass() {
        let text = format!("title: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(too_deep(&text, MAX_FLOW_DEPTH), Some((1, 8 + MAX_FLOW_DEPTH)));
    }
}
