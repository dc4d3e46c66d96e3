//! The `sftp` target: a server reached by SFTP (a 集约化 platform's upload account, a county's
//! own web server).
//!
//! In: host, port, user and remote folder from site.yaml; the private key (`key:`, else
//! `~/.ssh/id_ed25519`) and known_hosts (`known_hosts:`, else ssh's own). Out: files written
//! through a temporary name and renamed into place (atomic where the server has the
//! posix-rename extension, as OpenSSH does). The connection is the system's `ssh` client,
//! multiplexed (openssh crate), so keys, agents and `~/.ssh/config` work as they do for `ssh`.
//! Never: accepts a host key it does not know (strict known_hosts checking: a first connection
//! is made once by hand with `ssh`, which asks), or asks for a password.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use openssh::{KnownHosts, SessionBuilder};
use openssh_sftp_client::{Sftp, SftpOptions};

use super::{Headers, Remote, Store, StoreError, refused};
use crate::config::{DeployTarget, SftpTarget};
use crate::diag::Diagnostic;

pub struct SftpStore {
    runtime: tokio::runtime::Runtime,
    sftp: Sftp,
    dir: PathBuf,
    describe: String,
    /// Remote folders known to exist (created or seen), so each is created once.
    made: Mutex<HashSet<PathBuf>>,
}

impl SftpStore {
    pub fn open(target: &DeployTarget, t: &SftpTarget) -> Result<SftpStore, Vec<Diagnostic>> {
        let describe = format!("sftp://{}@{}:{}/{}", t.user, t.host, t.port, t.path.trim_start_matches('/'));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| vec![refused(format!("cannot start the network runtime: {e}"))])?;
        let key = t.key.as_deref().map(expand_home).or_else(|| {
            let default = expand_home(Path::new("~/.ssh/id_ed25519"));
            default.is_file().then_some(default)
        });
        if let Some(key) = key.as_ref().filter(|k| !k.is_file()) {
            return Err(vec![
                refused(format!("deploy target `{}`: the key {} does not exist", target.name, key.display()))
                    .with_help(
                        "name the private key with `key:` in the target, or create one with ssh-keygen -t ed25519",
                    ),
            ]);
        }
        // The SFTP session writes into a pipe to the `ssh` process; if ssh dies, the default
        // SIGPIPE (set by main for `gazette … | head`) would end Gazette without a word. Ignored,
        // the write fails and the deploy reports the error (E092).
        #[cfg(unix)]
        // SAFETY: changes only the disposition of SIGPIPE, process-wide; no handler runs.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        }
        let mut builder = SessionBuilder::default();
        builder
            .user(t.user.clone())
            .port(t.port)
            .known_hosts_check(KnownHosts::Strict)
            .connect_timeout(std::time::Duration::from_secs(15));
        if let Some(key) = &key {
            builder.keyfile(key);
        }
        if let Some(known) = &t.known_hosts {
            builder.user_known_hosts_file(expand_home(known));
        }
        let connect = super::with_retries(|| {
            runtime.block_on(async {
                let session = builder.connect(&t.host).await.map_err(connect_error)?;
                Sftp::from_session(session, SftpOptions::default())
                    .await
                    .map_err(|e| StoreError { message: e.to_string(), temporary: true })
            })
        })
        .map_err(|e| e.message);
        let sftp = connect.map_err(|e| {
            vec![
                Diagnostic::error(
                    crate::diag::Code::DeployFailed,
                    format!("cannot connect to deploy target `{}`: {}", target.name, one_line(&e)),
                )
                .with_note(format!("target: {describe}"))
                .with_help(
                    "check host, port and user; the server must know the key (its public half in \
                     ~/.ssh/authorized_keys there), and known_hosts must hold the server's host key: \
                     connect once with `ssh -p PORT USER@HOST` to check and add it",
                ),
            ]
        })?;
        Ok(SftpStore { runtime, sftp, dir: PathBuf::from(&t.path), describe, made: Mutex::new(HashSet::new()) })
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, StoreError> {
        super::join_safe(&self.dir, rel)
    }

    /// Creates `dir` and its parents on the server, each once.
    async fn make_dirs(&self, dir: &Path) {
        let mut todo = Vec::new();
        let mut d = Some(dir);
        while let Some(p) = d.filter(|p| !p.as_os_str().is_empty()) {
            if self.made.lock().map(|m| m.contains(p)).unwrap_or(false) {
                break;
            }
            todo.push(p.to_path_buf());
            d = p.parent();
        }
        for p in todo.into_iter().rev() {
            // an existing folder is an error to SFTP; a real problem shows at the write after
            let _ = self.sftp.fs().create_dir(&p).await;
            if let Ok(mut m) = self.made.lock() {
                m.insert(p);
            }
        }
    }
}

impl Store for SftpStore {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let full = self.path_of(path)?;
        match self.runtime.block_on(async { self.sftp.fs().read(&full).await }) {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(e) if not_found(&e) => Ok(None),
            Err(e) => Err(sftp_error("read", &full, e)),
        }
    }

    fn list(&self) -> Result<BTreeMap<String, Remote>, StoreError> {
        self.runtime.block_on(async {
            let mut files = BTreeMap::new();
            let mut dirs = vec![self.dir.clone()];
            while let Some(dir) = dirs.pop() {
                let mut fs = self.sftp.fs();
                let handle = match fs.open_dir(&dir).await {
                    Ok(h) => h,
                    // the target folder does not exist yet: a first deploy
                    Err(e) if not_found(&e) && dir == self.dir => return Ok(files),
                    Err(e) => return Err(sftp_error("list", &dir, e)),
                };
                let mut entries = Box::pin(handle.read_dir());
                while let Some(entry) =
                    std::future::poll_fn(|cx| futures_core::Stream::poll_next(entries.as_mut(), cx)).await
                {
                    let entry = entry.map_err(|e| sftp_error("list", &dir, e))?;
                    let name = entry.filename().to_path_buf();
                    if name == Path::new(".") || name == Path::new("..") {
                        continue;
                    }
                    let meta = entry.metadata();
                    let path = dir.join(&name);
                    if meta.file_type().is_some_and(|t| t.is_dir()) {
                        if let Ok(mut m) = self.made.lock() {
                            m.insert(path.clone());
                        }
                        dirs.push(path);
                    } else if meta.file_type().is_some_and(|t| t.is_file())
                        && let Ok(rel) = path.strip_prefix(&self.dir)
                    {
                        files.insert(
                            rel.to_string_lossy().into_owned(),
                            Remote { size: meta.len().unwrap_or(0), md5: None },
                        );
                    }
                }
            }
            Ok(files)
        })
    }

    fn put(&self, path: &str, bytes: Vec<u8>, _headers: &Headers) -> Result<(), StoreError> {
        let dest = self.path_of(path)?;
        let parent = dest.parent().map(Path::to_path_buf).unwrap_or_else(|| self.dir.clone());
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = parent.join(format!(".{name}{}{}", super::UPLOAD_SUFFIX, std::process::id()));
        self.runtime.block_on(async {
            self.make_dirs(&parent).await;
            let mut fs = self.sftp.fs();
            fs.write(&tmp, &bytes).await.map_err(|e| sftp_error("write", &tmp, e))?;
            if let Err(e) = fs.rename(&tmp, &dest).await {
                // a server without posix-rename refuses to replace: replace in two steps
                if fs.remove_file(&dest).await.is_err() || fs.rename(&tmp, &dest).await.is_err() {
                    let _ = fs.remove_file(&tmp).await;
                    return Err(sftp_error("replace", &dest, e));
                }
            }
            Ok(())
        })
    }

    fn delete(&self, path: &str) -> Result<(), StoreError> {
        let dest = self.path_of(path)?;
        self.runtime.block_on(async {
            let mut fs = self.sftp.fs();
            match fs.remove_file(&dest).await {
                Ok(()) => {}
                Err(e) if not_found(&e) => return Ok(()),
                Err(e) => return Err(sftp_error("delete", &dest, e)),
            }
            // folders the deletion emptied go too (a folder with files is refused: kept)
            let mut dir = dest.parent();
            while let Some(d) = dir.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
                if fs.remove_dir(d).await.is_err() {
                    break;
                }
                if let Ok(mut m) = self.made.lock() {
                    m.remove(d);
                }
                dir = d.parent();
            }
            Ok(())
        })
    }

    fn concurrency(&self) -> usize {
        // requests are pipelined over one connection
        8
    }
}

/// A refused key or an unknown host key is final; anything else (a server slow to answer under
/// load, a connection reset) is tried again.
fn connect_error(e: openssh::Error) -> StoreError {
    // ssh's own words ("Host key verification failed.") are in the error's sources
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let lower = message.to_ascii_lowercase();
    let temporary =
        !["permission denied", "host key", "no such file", "could not resolve"].iter().any(|w| lower.contains(w));
    StoreError { message, temporary }
}

fn not_found(e: &openssh_sftp_client::Error) -> bool {
    matches!(e, openssh_sftp_client::Error::SftpError(openssh_sftp_client::error::SftpErrorKind::NoSuchFile, _))
}

fn sftp_error(action: &str, path: &Path, e: openssh_sftp_client::Error) -> StoreError {
    let temporary = matches!(e, openssh_sftp_client::Error::IOError(_));
    StoreError { message: format!("cannot {action} {}: {}", path.display(), one_line(&e.to_string())), temporary }
}

fn one_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
}

/// `~/x` → `$HOME/x`.
fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => Path::new(&home).join(rest),
        _ => p.to_path_buf(),
    }
}
