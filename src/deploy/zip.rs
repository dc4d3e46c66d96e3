//! The `zip` target: a dated archive of the whole site, for a platform that takes one
//! (a province's 集约化 site platform).
//!
//! In: the folder that keeps the archives. Out: `<target>-<YYYYMMDD-HHMMSS>.zip` holding every
//! file of the site (assets first, the home page last, so a platform that unpacks in order never
//! serves a page before its assets), written under a temporary name and renamed when complete,
//! and the manifest beside it. A site unchanged since the last archive writes none.
//! Never: overwrites or deletes an archive.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::manifest::{self, Found};
use super::{LocalFile, Options, Remote, Report, plan};
use crate::config::{Config, DeployTarget};
use crate::diag::{Code, Diagnostic};

pub fn deploy(
    config: &Config,
    target: &DeployTarget,
    dir: &Path,
    output: &Path,
    local: &[LocalFile],
    opts: &Options,
    started: Instant,
) -> Result<Report, Vec<Diagnostic>> {
    let manifest_path = dir.join(manifest::NAME);
    let found = manifest::read(std::fs::read(&manifest_path).ok().as_deref());
    // what the last archive holds stands for the target's listing
    let (listing, last_archive) = match &found {
        Found::Ours(m) => {
            (m.files.iter().map(|(p, e)| (p.clone(), Remote { size: e.size, md5: None })).collect(), m.archive.clone())
        }
        _ => (Default::default(), None),
    };
    let mut plan = plan(config, None, local, found, &listing);
    plan.notes.clear(); // a zip target is always compared with its own manifest
    super::check_deletes(target, &plan, opts)?;
    let mut report = Report { elapsed: started.elapsed(), ..Report::of_plan(target, opts, &plan, local.len()) };
    if plan.uploads.is_empty()
        && plan.deletes.is_empty()
        && let Some(name) = last_archive
    {
        report.notes.push(format!("nothing changed since {}", dir.join(name).display()));
        return Ok(report);
    }
    if opts.dry_run {
        return Ok(report);
    }
    let io = |e: crate::fs::PathError| vec![Diagnostic::error(Code::DeployFailed, e.to_string()).with_file(&e.path)];
    crate::fs::create_dir_all(dir).map_err(io)?;
    let stamp =
        jiff::ZonedDateTime::now().with_time_zone(config.timezone.clone()).strftime("%Y%m%d-%H%M%S").to_string();
    let mut name = format!("{}-{stamp}.zip", target.name);
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{}-{stamp}-{n}.zip", target.name);
        n += 1;
    }
    let partial = dir.join(format!(".{name}.partial"));
    let result = write_archive(config, output, local, &partial);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(vec![
            Diagnostic::error(
                Code::DeployFailed,
                format!("cannot write the archive {}: {e}", dir.join(&name).display()),
            )
            .with_help("no archive was written; free space or fix the folder and run again"),
        ]);
    }
    crate::fs::rename(&partial, &dir.join(&name)).map_err(io)?;
    plan.manifest.archive = Some(name.clone());
    let tmp = dir.join(format!(".{}.partial", manifest::NAME));
    crate::fs::write(&tmp, &plan.manifest.to_bytes()).map_err(io)?;
    crate::fs::rename(&tmp, &manifest_path).map_err(io)?;
    report.notes.push(format!("wrote {}", dir.join(name).display()));
    report.elapsed = started.elapsed();
    Ok(report)
}

fn write_archive(config: &Config, output: &Path, local: &[LocalFile], to: &Path) -> std::io::Result<()> {
    let mut files: Vec<&LocalFile> = local.iter().collect();
    files.sort_by_key(|f| (super::order::rank(&f.path, &config.taxonomies), f.path.as_str()));
    let file = std::fs::File::create(to)?;
    let mut zip = ::zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Deflated);
    for f in files {
        zip.start_file(f.path.as_str(), options).map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(output.join(&f.path))?)?;
    }
    let mut inner = zip.finish().map_err(std::io::Error::other)?;
    inner.flush()?;
    inner.into_inner().map_err(|e| e.into_error())?.sync_all()
}
