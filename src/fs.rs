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
