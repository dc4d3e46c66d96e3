//! The `s3` target: any S3-compatible store (Aliyun OSS, Tencent COS, Huawei OBS, MinIO, AWS),
//! through Apache OpenDAL's S3 service.
//!
//! In: the target's endpoint, bucket, region, prefix and style from site.yaml, and credentials
//! from the environment or a credentials file outside the site ([`credentials`]). Out: objects
//! written with Content-Type and Cache-Control. Never: reads credentials from site.yaml, the
//! site folder, `~/.aws` or a cloud metadata service (only what the user named for Gazette).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Headers, Remote, Store, StoreError, refused};
use crate::config::{Config, DeployTarget, S3Target};
use crate::diag::Diagnostic;

pub struct S3Store {
    op: opendal::Operator,
    runtime: tokio::runtime::Runtime,
    describe: String,
}

/// An access key pair.
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Where they came from, for messages (never the values).
    pub source: String,
}

impl S3Store {
    pub fn open(config: &Config, target: &DeployTarget, s3: &S3Target) -> Result<S3Store, Vec<Diagnostic>> {
        let creds = credentials(config, &target.name)?;
        let mut builder = opendal::services::S3::default()
            .endpoint(&s3.endpoint)
            .bucket(&s3.bucket)
            .region(&s3.region)
            .root(&format!("/{}", s3.prefix))
            .access_key_id(&creds.access_key_id)
            .secret_access_key(&creds.secret_access_key)
            .disable_config_load()
            .disable_ec2_metadata();
        if !s3.path_style {
            builder = builder.enable_virtual_host_style();
        }
        let op = opendal::Operator::new(builder)
            .map_err(|e| vec![refused(format!("deploy target `{}`: {e}", target.name))])?
            .finish();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| vec![refused(format!("cannot start the network runtime: {e}"))])?;
        let describe =
            format!("s3://{}/{} at {} (credentials from {})", s3.bucket, s3.prefix, s3.endpoint, creds.source);
        Ok(S3Store { op, runtime, describe })
    }
}

impl Store for S3Store {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.runtime.block_on(self.op.read(path)) {
            Ok(buf) => Ok(Some(buf.to_vec())),
            Err(e) if e.kind() == opendal::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(store_error(e)),
        }
    }

    fn list(&self) -> Result<BTreeMap<String, Remote>, StoreError> {
        let entries =
            self.runtime.block_on(async { self.op.list_with("").recursive(true).await }).map_err(store_error)?;
        Ok(entries
            .into_iter()
            .filter(|e| e.metadata().is_file())
            .map(|e| {
                let m = e.metadata();
                // a single-part upload's ETag is the MD5 of its bytes, in quotes
                let md5 = m.etag().map(|t| t.trim_matches('"').to_ascii_lowercase()).filter(|t| t.len() == 32);
                (e.path().to_string(), Remote { size: m.content_length(), md5 })
            })
            .collect())
    }

    fn put(&self, path: &str, bytes: Vec<u8>, headers: &Headers) -> Result<(), StoreError> {
        let write =
            self.op.write_with(path, bytes).content_type(headers.content_type).cache_control(headers.cache_control);
        self.runtime.block_on(async { write.await }).map(|_| ()).map_err(store_error)
    }

    fn delete(&self, path: &str) -> Result<(), StoreError> {
        self.runtime.block_on(self.op.delete(path)).map_err(store_error)
    }

    fn concurrency(&self) -> usize {
        8
    }
}

fn store_error(e: opendal::Error) -> StoreError {
    let hint = match e.kind() {
        opendal::ErrorKind::PermissionDenied => " (the credentials were refused, or lack permission for this bucket)",
        opendal::ErrorKind::NotFound => " (does the bucket exist?)",
        _ => "",
    };
    // OpenDAL's text holds the whole request; keep what happened and the store's own words
    let text = e.to_string();
    let field = |name: &str| text.split(&format!("{name}: \"")).nth(1).and_then(|r| r.split('"').next());
    let head = text.split(", context:").next().unwrap_or_default();
    let said = match (field("code"), field("message")) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        _ => text.rsplit(" => ").next().filter(|t| *t != text).unwrap_or_default().to_string(),
    };
    let said: String = said.chars().take(300).collect();
    let message = if said.is_empty() { format!("{head}{hint}") } else { format!("{head}: {said}{hint}") };
    StoreError { message, temporary: e.is_temporary() }
}

/// The access key of target `name`, first found of:
/// 1. `GAZETTE_DEPLOY_<NAME>_ACCESS_KEY_ID` and `GAZETTE_DEPLOY_<NAME>_SECRET_ACCESS_KEY`
///    (`<NAME>` upper-cased, `-` as `_`);
/// 2. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`;
/// 3. the credentials file: `GAZETTE_CREDENTIALS`, else `~/.config/gazette/credentials.yaml`
///    (`$XDG_CONFIG_HOME/gazette/…`), a mapping from target name to `access_key_id` and
///    `secret_access_key`. A credentials file inside the site is refused.
pub fn credentials(config: &Config, name: &str) -> Result<Credentials, Vec<Diagnostic>> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let upper = name.to_ascii_uppercase().replace('-', "_");
    let (id_var, secret_var) =
        (format!("GAZETTE_DEPLOY_{upper}_ACCESS_KEY_ID"), format!("GAZETTE_DEPLOY_{upper}_SECRET_ACCESS_KEY"));
    for (id, secret) in [(id_var.as_str(), secret_var.as_str()), ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")] {
        match (var(id), var(secret)) {
            (Some(access_key_id), Some(secret_access_key)) => {
                return Ok(Credentials { access_key_id, secret_access_key, source: format!("${id}") });
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(vec![refused(format!("only one of {id} and {secret} is set")).with_help("set both")]);
            }
            (None, None) => {}
        }
    }
    let file = credentials_file();
    if let Some(file) = file.as_ref().filter(|f| f.is_file()) {
        let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
        if std::fs::canonicalize(file).is_ok_and(|f| f.starts_with(&root)) {
            return Err(vec![
                refused(format!("the credentials file {} is inside the site", file.display()))
                    .with_help("keep credentials outside the site folder, e.g. in ~/.config/gazette/credentials.yaml"),
            ]);
        }
        if let Some(c) = from_file(file, name)? {
            return Ok(c);
        }
    }
    Err(vec![refused(format!("no credentials for deploy target `{name}`")).with_help(format!(
        "set {id_var} and {secret_var} (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or add\n{name}:\n  access_key_id: …\n  secret_access_key: …\nto {}",
        file.map(|f| f.display().to_string()).unwrap_or_else(|| "~/.config/gazette/credentials.yaml".into())
    ))])
}

fn credentials_file() -> Option<PathBuf> {
    if let Some(f) = std::env::var_os("GAZETTE_CREDENTIALS") {
        return Some(PathBuf::from(f));
    }
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(config_home.join("gazette").join("credentials.yaml"))
}

fn from_file(file: &Path, name: &str) -> Result<Option<Credentials>, Vec<Diagnostic>> {
    let bad = |why: String| vec![refused(format!("cannot read credentials from {}: {why}", file.display()))];
    let text = std::fs::read_to_string(file).map_err(|e| bad(crate::fs::io_reason(&e)))?;
    let entries = crate::yaml::parse_mapping(&text, 1).map_err(|e| bad(e.message))?;
    let Some(entry) = entries.iter().find(|e| e.key == name) else { return Ok(None) };
    let fields = entry.value.as_map().map_err(bad)?;
    let get = |k: &str| fields.iter().find(|(key, _)| key == k).and_then(|(_, v)| v.as_text().ok());
    match (get("access_key_id"), get("secret_access_key")) {
        (Some(access_key_id), Some(secret_access_key)) => {
            Ok(Some(Credentials { access_key_id, secret_access_key, source: file.display().to_string() }))
        }
        _ => Err(bad(format!("`{name}` needs access_key_id and secret_access_key"))),
    }
}
