//! The deploy manifest, `.gazette-deploy.json` at the target: every file Gazette put there, with
//! its size and content hash, written after everything else.
//!
//! In: the bytes of a target's manifest (or none). Out: what Gazette last deployed, or the
//! reason a full comparison is needed. Never: lets a file it does not list be deleted — files
//! at the target that are not in Gazette's manifest belong to someone else.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest's file name at the target (inside the S3 prefix or remote folder).
pub const NAME: &str = ".gazette-deploy.json";
const GENERATOR: &str = "gazette";
const FORMAT: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub format: u32,
    /// For a zip target: the archive that holds these files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    pub files: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub size: u64,
    pub sha256: String,
}

/// What the target's manifest said.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    Ours(Manifest),
    /// No manifest: a first deploy, or a store someone filled by hand.
    Missing,
    /// A file by that name that is not Gazette's manifest (or one of a newer format).
    Foreign,
}

impl Manifest {
    pub fn new(files: BTreeMap<String, Entry>) -> Manifest {
        Manifest { generator: GENERATOR.into(), format: FORMAT, archive: None, files }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

pub fn read(bytes: Option<&[u8]>) -> Found {
    let Some(bytes) = bytes else { return Found::Missing };
    match serde_json::from_slice::<Manifest>(bytes) {
        Ok(m) if m.generator == GENERATOR && m.format == FORMAT => Found::Ours(m),
        _ => Found::Foreign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_foreign() {
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), Entry { size: 3, sha256: "ab".into() });
        let m = Manifest::new(files);
        assert_eq!(read(Some(&m.to_bytes())), Found::Ours(m));
        assert_eq!(read(None), Found::Missing);
        assert_eq!(read(Some(b"{\"files\": {}}")), Found::Foreign);
        assert_eq!(read(Some(b"{\"generator\":\"hugo\",\"format\":1,\"files\":{}}")), Found::Foreign);
        assert_eq!(read(Some(b"not json")), Found::Foreign);
    }
}
