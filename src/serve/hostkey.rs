//! The server's identity: an ed25519 host key generated once and kept, mode 0600, in the user's data
//! directory (or at `--host-key PATH`). A key file that others can read is refused, as OpenSSH refuses one.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::{HashAlg, PrivateKey};

use super::ServeError;

/// `$XDG_DATA_HOME/annals`, else `~/.local/share/annals`.
pub fn data_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = xdg.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("annals"))
}

/// Where the host key lives unless `--host-key` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("host_ed25519"))
}

/// Loads the key at `path`, or creates one there (mode 0600) when the file is absent. Returns the key and
/// whether it was just created.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), ServeError> {
    let err = |reason: String| ServeError::HostKey { path: path.to_path_buf(), reason };
    match fs::metadata(path) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(err(format!(
                    "the key is readable by other users (mode {mode:04o}); run `chmod 600 {}`",
                    path.display()
                )));
            }
            let text = fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
            let key = PrivateKey::from_openssh(&text)
                .map_err(|e| err(format!("not an OpenSSH private key ({e})")))?;
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((create(path).map_err(err)?, true)),
        Err(e) => Err(err(e.to_string())),
    }
}

fn create(path: &Path) -> Result<PrivateKey, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(|e| e.to_string())?;
    }
    let mut seed = [0u8; 32];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|e| format!("no randomness for a new key: {e}"))?;
    let pair = Ed25519Keypair::from_seed(&seed);
    seed.fill(0);
    let key =
        PrivateKey::new(KeypairData::Ed25519(pair), "annals serve host key").map_err(|e| e.to_string())?;
    let text = key.to_openssh(LineEnding::LF).map_err(|e| e.to_string())?;
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot create it: {e}"))?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(key)
}

/// The fingerprint as `ssh` shows it: `SHA256:...`.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_once_with_mode_0600_then_loads_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/host");
        let (a, created) = load_or_create(&path).unwrap();
        assert!(created);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let (b, created) = load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("SHA256:"));
    }

    #[test]
    fn refuses_a_key_others_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host");
        load_or_create(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let e = load_or_create(&path).unwrap_err().to_string();
        assert!(e.contains("mode 0644") && e.contains("chmod 600"), "{e}");
    }

    #[test]
    fn names_the_file_of_a_bad_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host");
        fs::write(&path, "not a key").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let e = load_or_create(&path).unwrap_err().to_string();
        assert!(e.contains("host") && e.contains("not an OpenSSH private key"), "{e}");
    }
}
