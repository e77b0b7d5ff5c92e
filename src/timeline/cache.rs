//! A parse cache for large timeline files, so the second load of an unchanged file skips serde_yaml.
//!
//! Only files that serde_yaml had to read for at least half their bytes are cached: what the subset reader
//! (`subset`) reads, it reads faster than the cache could be read back, so those files get no cache file (and
//! a stale one is removed at the first miss). A file with a cache file is hashed to check it; other files are not.
//!
//! One cache file per timeline file, in `$ANNALS_CACHE_DIR`, else `$XDG_CACHE_HOME/annals`, else
//! `$HOME/.cache/annals`, named by a hash of the timeline's absolute path. It holds a header line
//! (`annals-cache <format> <annals version> <file length> <file hash> <payload length> <payload hash>`) and then the
//! raw, not yet validated timeline as JSON. It is used only when every field of the header matches the bytes
//! of the file just read and of the payload; anything else (another version, a changed file, a cut or corrupt
//! cache, JSON that does not fit the raw types) is ignored and the file is parsed. What the cache gives is
//! validated again like a fresh parse, so it never holds authority over the data. Writing goes through a
//! temporary file and a rename, and any failure to write is ignored: the cache can never fail a load.
//! `ANNALS_CACHE=off` turns it off; files under [`MIN_BYTES`] are never cached.

use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::raw::RawTimeline;

/// Files smaller than this parse in a few milliseconds and are not cached.
pub const MIN_BYTES: usize = 4 << 20;

/// The environment variable that turns the cache off (`off`, `0`, `no` or `false`).
pub const CACHE_VAR: &str = "ANNALS_CACHE";

/// The environment variable naming the cache directory.
pub const CACHE_DIR_VAR: &str = "ANNALS_CACHE_DIR";

/// The format of the cache file; change it whenever the raw types change.
const FORMAT: u32 = 2;

/// Where the cache of one timeline file lives and how large a file must be to use it.
#[derive(Debug, Clone)]
pub struct Cache {
    /// The cache file of this timeline file.
    file: PathBuf,
}

/// The identity of a file's bytes: its length and a 64-bit hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    len: usize,
    hash: u64,
}

impl Key {
    /// The key of these bytes.
    pub fn of(bytes: &[u8]) -> Key {
        Key { len: bytes.len(), hash: hash(bytes) }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    // SipHash with fixed keys: stable for a given build, which is all a cache needs (the version is in the
    // header, and a different hash only means a miss).
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new_with_keys(0x616e_6e61_6c73, FORMAT as u64);
    h.write(bytes);
    h.finish()
}

impl Cache {
    /// The cache for the timeline at `path` from the environment, or `None` when it is turned off or there is
    /// no directory for it.
    pub fn from_env(path: &Path) -> Option<Cache> {
        if std::env::var(CACHE_VAR).is_ok_and(|v| matches!(v.trim(), "off" | "0" | "no" | "false")) {
            return None;
        }
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let dir = var(CACHE_DIR_VAR)
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("annals")))
            .or_else(|| var("HOME").map(|d| d.join(".cache").join("annals")))?;
        Some(Cache::in_dir(&dir, path))
    }

    /// The cache for the timeline at `path`, kept in `dir`.
    pub fn in_dir(dir: &Path, path: &Path) -> Cache {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let name = format!("{:016x}.annals-cache", hash(abs.as_os_str().as_encoded_bytes()));
        Cache { file: dir.join(name) }
    }

    /// The path of the cache file.
    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Whether there is a cache file for this timeline file.
    pub fn exists(&self) -> bool {
        self.file.is_file()
    }

    /// The raw timeline cached for a file with this key, or `None` on any mismatch or damage, which removes
    /// the cache file (a parse rewrites it if the file still needs one).
    pub fn read(&self, key: Key) -> Option<RawTimeline> {
        let raw = self.try_read(key);
        if raw.is_none() {
            let _ = std::fs::remove_file(&self.file);
        }
        raw
    }

    fn try_read(&self, key: Key) -> Option<RawTimeline> {
        let data = std::fs::read(&self.file).ok()?;
        let newline = data.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&data[..newline]).ok()?;
        let payload = &data[newline + 1..];
        if header != header_line(key, payload) {
            return None;
        }
        serde_json::from_slice(payload).ok()
    }

    /// Stores `raw` for a file with this key; failures are ignored (the cache is only ever a shortcut).
    pub fn write(&self, key: Key, raw: &RawTimeline) {
        let _ = self.try_write(key, raw);
    }

    fn try_write(&self, key: Key, raw: &RawTimeline) -> std::io::Result<()> {
        let payload = serde_json::to_vec(raw).map_err(std::io::Error::other)?;
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = self.file.with_extension(format!("tmp{}", std::process::id()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(header_line(key, &payload).as_bytes())?;
            f.write_all(b"\n")?;
            f.write_all(&payload)?;
            // No fsync: a cache cut short by a crash fails its length and hash check and is parsed again, and
            // syncing a gigabyte would hold up the first load for seconds.
            std::fs::rename(&tmp, &self.file)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

fn header_line(key: Key, payload: &[u8]) -> String {
    format!(
        "annals-cache {FORMAT} {} {} {:016x} {} {:016x}",
        env!("CARGO_PKG_VERSION"),
        key.len,
        key.hash,
        payload.len(),
        hash(payload)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{Date, parse, validate};

    const TEXT: &str = include_str!("../../tests/fixtures/valid/browser.yaml");

    fn raw() -> RawTimeline {
        parse::parse(TEXT, &mut |_, _| {}).unwrap().raw
    }

    fn dump(raw: RawTimeline) -> String {
        format!("{:?}", validate::validate(raw, Date::ymd(2026, 11, 23)).0)
    }

    #[test]
    fn a_written_cache_reads_back_the_same_timeline() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(dir.path(), Path::new("t.yaml"));
        let key = Key::of(TEXT.as_bytes());
        cache.write(key, &raw());
        assert_eq!(dump(cache.read(key).expect("a hit")), dump(raw()));
    }

    #[test]
    fn another_key_a_damaged_payload_or_a_missing_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_dir(dir.path(), Path::new("t.yaml"));
        let key = Key::of(TEXT.as_bytes());
        assert!(cache.read(key).is_none());
        cache.write(key, &raw());
        assert!(cache.read(Key::of(b"other bytes")).is_none());
        assert!(!cache.path().exists(), "a miss removes the cache file");
        cache.write(key, &raw());
        let mut data = std::fs::read(cache.path()).unwrap();
        let last = data.len() - 2;
        data[last] ^= 1;
        std::fs::write(cache.path(), &data).unwrap();
        assert!(cache.read(key).is_none(), "a flipped bit in the payload");
        assert!(!cache.path().exists());
        data.truncate(data.len() / 2);
        std::fs::write(cache.path(), &data).unwrap();
        assert!(cache.read(key).is_none(), "a cut file");
    }

    #[test]
    fn each_timeline_path_has_its_own_cache_file() {
        let a = Cache::in_dir(Path::new("/c"), Path::new("/x/a.yaml"));
        let b = Cache::in_dir(Path::new("/c"), Path::new("/x/b.yaml"));
        assert_ne!(a.path(), b.path());
        assert!(a.path().starts_with("/c"));
    }
}
