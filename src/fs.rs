//! Filesystem calls that put the path into every error.
//!
//! In: paths. Out: `io::Result`s whose messages name the path and say why, in plain words.
//! Never: called from the pure stages (only discovery, config and output touch the disk).

use std::io;
use std::path::Path;

/// An I/O error that knows the path it happened on.
#[derive(Debug)]
pub struct PathError {
    pub action: &'static str,
    pub path: std::path::PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot {} {}: {}", self.action, self.path.display(), io_reason(&self.source))
    }
}

impl std::error::Error for PathError {}

pub type Result<T> = std::result::Result<T, PathError>;

fn wrap<T>(action: &'static str, path: &Path, r: io::Result<T>) -> Result<T> {
    r.map_err(|source| PathError { action, path: path.to_path_buf(), source })
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    wrap("read", path, std::fs::read(path))
}

/// The bytes of the regular file at `path`, never through a symbolic link or from a pipe or
/// device. Pages are read after discovery walked the site (when they are parsed, and again when
/// they are written): discovery refused links out of the site, and a page swapped since for a
/// link (to `/etc/shadow`) or a FIFO (which would block the build) is an error, not followed.
pub fn read_regular(path: &Path) -> Result<Vec<u8>> {
    wrap("read", path, read_regular_file(path))
}

fn read_regular_file(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    wrap("write", path, std::fs::write(path, bytes))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    wrap("create folder", path, std::fs::create_dir_all(path))
}

pub fn copy(from: &Path, to: &Path) -> Result<u64> {
    wrap("copy to", to, std::fs::copy(from, to))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    wrap("move", from, std::fs::rename(from, to))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    wrap("remove", path, std::fs::remove_dir_all(path))
}

pub fn read_dir(path: &Path) -> Result<std::fs::ReadDir> {
    wrap("list", path, std::fs::read_dir(path))
}

pub fn metadata(path: &Path) -> Result<std::fs::Metadata> {
    wrap("inspect", path, std::fs::metadata(path))
}

pub fn canonicalize(path: &Path) -> Result<std::path::PathBuf> {
    wrap("resolve", path, std::fs::canonicalize(path))
}

/// A short, plain reason for an I/O error (no "os error 2").
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "it does not exist".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::AlreadyExists => "it already exists".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        io::ErrorKind::NotADirectory => "a part of the path is not a folder".into(),
        io::ErrorKind::FileTooLarge => "the file is larger than the system allows (ulimit -f)".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn read_regular_follows_no_link_and_opens_no_pipe() {
        let dir = std::env::temp_dir().join(format!("gazette-fs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let secret = dir.join("secret");
        std::fs::write(&secret, "root:x").unwrap();
        assert_eq!(read_regular(&secret).unwrap(), b"root:x");
        // a page swapped for a link after discovery
        let link = dir.join("page.md");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        assert!(read_regular(&link).is_err());
        // a FIFO: an error at once, not a build waiting for a writer
        let fifo = dir.join("fifo.md");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert!(read_regular(&fifo).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
