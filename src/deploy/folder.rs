//! The `folder` target: a local or mounted folder, such as a web server's document root.
//!
//! In: the folder's path (relative to the site root). Out: files written into it, each through
//! a temporary file renamed into place, so a reader never gets half a file.
//! Never: writes outside that folder, or into the site itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Headers, LocalFile, Remote, Store, StoreError, refused};
use crate::config::{Config, DeployTarget};
use crate::diag::Diagnostic;

pub struct FolderStore {
    dir: PathBuf,
}

impl FolderStore {
    pub fn open(config: &Config, target: &DeployTarget, path: &Path) -> Result<FolderStore, Vec<Diagnostic>> {
        let dir = config.root.join(path);
        let abs = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
        let root = std::path::absolute(&config.root).unwrap_or_else(|_| config.root.clone());
        if root.starts_with(&abs) || abs.starts_with(root.join("content")) || abs.parent().is_none() {
            return Err(vec![
                refused(format!("deploy target `{}`: {} is the site itself, or holds it", target.name, dir.display()))
                    .with_help("name the web server's folder, e.g. `path: /srv/www/renda`"),
            ]);
        }
        Ok(FolderStore { dir: abs })
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, StoreError> {
        super::join_safe(&self.dir, rel)
    }
}

impl Store for FolderStore {
    fn describe(&self) -> String {
        format!("folder {}", self.dir.display())
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match std::fs::read(self.path_of(path)?) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error("read", &self.dir.join(path), e)),
        }
    }

    fn list(&self) -> Result<BTreeMap<String, Remote>, StoreError> {
        let mut files = BTreeMap::new();
        if !self.dir.exists() {
            return Ok(files);
        }
        for entry in walkdir::WalkDir::new(&self.dir).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| StoreError { message: e.to_string(), temporary: false })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.dir) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            files.insert(rel, Remote { size, md5: None });
        }
        Ok(files)
    }

    fn same_content(&self, path: &str, local: &LocalFile, remote: &Remote) -> bool {
        remote.size == local.size
            && self
                .read(path)
                .ok()
                .flatten()
                .is_some_and(|b| super::hex(&<sha2::Sha256 as sha2::Digest>::digest(&b)) == local.sha256)
    }

    fn put(&self, path: &str, bytes: Vec<u8>, _headers: &Headers) -> Result<(), StoreError> {
        let dest = self.path_of(path)?;
        let parent = dest.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = parent.join(format!(".{name}{}{}", super::UPLOAD_SUFFIX, std::process::id()));
        std::fs::write(&tmp, &bytes).map_err(|e| io_error("write", &tmp, e))?;
        std::fs::rename(&tmp, &dest).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io_error("replace", &dest, e)
        })
    }

    fn delete(&self, path: &str) -> Result<(), StoreError> {
        let dest = self.path_of(path)?;
        match std::fs::remove_file(&dest) {
            Ok(()) => {
                // folders the deletion emptied go too, up to the target folder
                let mut dir = dest.parent();
                while let Some(d) = dir.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
                    if std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error("delete", &dest, e)),
        }
    }

    fn concurrency(&self) -> usize {
        4
    }
}

fn io_error(action: &str, path: &Path, e: std::io::Error) -> StoreError {
    let temporary = matches!(e.kind(), std::io::ErrorKind::Interrupted | std::io::ErrorKind::TimedOut);
    StoreError { message: format!("cannot {action} {}: {}", path.display(), crate::fs::io_reason(&e)), temporary }
}
