//! Credentials pasted into content: a cloud access key or a private key in a page or an
//! `_index.md` would be published with the site.
//!
//! In: the source text of a Markdown file (front matter and body). Out: an E093 error for each
//! line holding something shaped like a credential, by the same matcher as site.yaml's E090
//! ([`crate::config::secret_shape`]). Never: reads the disk, or looks at words that merely start
//! alike (`LTAI` alone, `AKIA` in a sentence): a key has its length and holds digits.
//!
//! Called by the validation stage (`pipeline::validate::validate`, one line), so `gazette build`
//! refuses such a site and `gazette check` reports it.

use crate::config::secret_shape;
use crate::diag::{Code, Diagnostic, Source};

/// One E093 error per line of `source` holding a credential.
pub fn in_content(source: &Source) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some((range, what)) = secret_shape(line) else { continue };
        found.push(
            Diagnostic::error(Code::ContentSecret, "a credential in the content")
                .with_span(source, start + range.start..start + range.end)
                .with_label(what)
                .with_help(
                    "remove it: the page would publish it with the site; revoke the key if this file was ever \
                     shared or committed. Deploy credentials go in environment variables or \
                     ~/.config/gazette/credentials.yaml, never in the site",
                ),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<String> {
        let source = Source { path: "content/a.md".into(), text: text.into() };
        in_content(&source).iter().map(|d| d.render(false)).collect()
    }

    #[test]
    fn finds_keys_in_front_matter_and_body() {
        let found = lines_of(
            "---\ntitle: 关于\nextra:\n  oss: LTAI5tQ7exampleK9z3\n---\n正文，密钥为 AKIAIOSFODNN7EXAMPLE。\n\n\
             ```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow…\n-----END RSA PRIVATE KEY-----\n```\n",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("error[E093]") && found[0].contains("content/a.md:4:8"), "{}", found[0]);
        assert!(found[1].contains("content/a.md:6:8") && found[1].contains("cloud access key"), "{}", found[1]);
        assert!(found[2].contains("content/a.md:9:1") && found[2].contains("private key"), "{}", found[2]);
    }

    #[test]
    fn ordinary_text_is_not_a_credential() {
        for text in [
            "---\ntitle: 关于 AKIA 与 LTAI 的说明\n---\n编号 AKID 开头的文件；AKIA2024 年度报告。\n",
            "公钥：-----BEGIN PUBLIC KEY-----\n",
            "-----BEGIN CERTIFICATE-----\n",
            "讲解私钥时写 -----BEGIN ... PRIVATE KEY----- 的样子\n",
        ] {
            assert!(lines_of(text).is_empty(), "{text}: {:?}", lines_of(text));
        }
    }

    /// No false alarm on real reports: every file of the corpus of 886 government work reports
    /// (`/work/shared/corpus/README.md`), or of the folder `GAZETTE_SECRETS_CORPUS`, as a page.
    /// Run: `cargo test --lib secrets::tests::no_hits_on_real_reports -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads a corpus outside the repository"]
    fn no_hits_on_real_reports() {
        let root = std::env::var("GAZETTE_SECRETS_CORPUS").unwrap_or("/work/shared/corpus/gov-work-reports".into());
        let (mut files, mut hits) = (0, Vec::new());
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            let source = Source { path: entry.path().to_path_buf(), text: text.into() };
            files += 1;
            hits.extend(in_content(&source).iter().map(|d| d.render(false)));
        }
        println!("{files} files, {} hits", hits.len());
        assert!(files > 0, "no files under {root}");
        assert!(hits.is_empty(), "{hits:#?}");
    }
}
