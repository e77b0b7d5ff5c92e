//! Who may present: the public keys in `--presenters FILE` (OpenSSH `authorized_keys` format, options allowed
//! and ignored). Everyone else may view, with any user name and any key or none.

use std::path::Path;

use russh::keys::ssh_key::authorized_keys::AuthorizedKeys;
use russh::keys::ssh_key::public::KeyData;
use russh::keys::{HashAlg, PublicKey};

use super::ServeError;

/// The presenter allowlist.
#[derive(Debug, Clone, Default)]
pub struct Presenters {
    keys: Vec<KeyData>,
}

impl Presenters {
    /// Reads an `authorized_keys` file; a bad line is an error naming the file and line.
    pub fn read(path: &Path) -> Result<Presenters, ServeError> {
        let text = std::fs::read_to_string(path).map_err(|e| ServeError::Presenters {
            path: path.to_path_buf(),
            line: 0,
            reason: e.to_string(),
        })?;
        Presenters::parse(&text).map_err(|(line, reason)| ServeError::Presenters {
            path: path.to_path_buf(),
            line,
            reason,
        })
    }

    /// Parses `authorized_keys` text; the error is the 1-based line and what is wrong with it.
    pub fn parse(text: &str) -> Result<Presenters, (usize, String)> {
        let mut keys = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entry = AuthorizedKeys::new(line)
                .next()
                .ok_or_else(|| (i + 1, "empty entry".to_string()))?
                .map_err(|e| (i + 1, format!("not a public key ({e})")))?;
            keys.push(entry.public_key().key_data().clone());
        }
        Ok(Presenters { keys })
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether this (verified) key may present.
    pub fn allows(&self, key: &PublicKey) -> bool {
        self.keys.iter().any(|k| k == key.key_data())
    }
}

/// A key's fingerprint for the log.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDYDn4eoYR6cFFyuroDoQt5UjrSsJUhkRwY97mBCrOsD alice@example";
    const BOB: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEiCQgLQSZ7Y90gORrbIyDE0ZEZ21dYdVXILPoj/mKn3 bob@example";

    #[test]
    fn allows_listed_keys_only() {
        let p = Presenters::parse(&format!("# presenters\n\n{ALICE}\n")).unwrap();
        assert_eq!(p.len(), 1);
        assert!(p.allows(&PublicKey::from_openssh(ALICE).unwrap()));
        assert!(!p.allows(&PublicKey::from_openssh(BOB).unwrap()));
    }

    #[test]
    fn options_are_accepted() {
        let p = Presenters::parse(&format!("no-pty,from=\"10.0.0.1\" {BOB}")).unwrap();
        assert!(p.allows(&PublicKey::from_openssh(BOB).unwrap()));
    }

    #[test]
    fn a_bad_line_is_named() {
        let (line, reason) = Presenters::parse(&format!("{ALICE}\nssh-ed25519 garbage\n")).unwrap_err();
        assert_eq!(line, 2);
        assert!(reason.contains("not a public key"), "{reason}");
    }
}
