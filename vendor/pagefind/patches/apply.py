#!/usr/bin/env python3
"""Gazette's patches to Pagefind, replayed on the published package.

In: the package as published on crates.io (`pagefind-<version>.crate` from cargo's registry
cache, checked against the checksum in `vendor/pagefind-golden/Cargo.lock`) and the patch files
beside this script (`NNNN-name.patch`, one per `GAZETTE PATCH (n)`, applied in order).
Out: nothing by default; exit 1 when the patched package is not byte for byte the vendored
folder (`vendor/pagefind/` without `GAZETTE-PATCHES.md` and `patches/`).

    python3 vendor/pagefind/patches/apply.py                 check (CI runs this; no network)
    python3 vendor/pagefind/patches/apply.py --regenerate    rewrite the patch files from
                                                             the vendored folder
    python3 vendor/pagefind/patches/apply.py --regenerate --into 6
                                                             the same, changes no rule places
                                                             go to patch 6
    python3 vendor/pagefind/patches/apply.py --out DIR       write the patched package to DIR

`--regenerate` replays the patches as commits in a scratch git repository, finds what the
vendored folder has that they do not, and folds each changed hunk into the patch it belongs to
(`git rebase --autosquash`, so later patches are carried over it): the patch whose marker
`GAZETTE PATCH (n)` is in the hunk, else the only patch that touches the file, else `--into`.
A hunk in lines a later patch rewrites again (patch 7 re-indents most of patch 4) cannot go
back to the earlier patch without a conflict: it goes to the last patch touching its file, and
the script says so. A marker with a number after the last patch starts a new patch file. Each
patch file keeps its description (the text before its first `diff --git`).

Never: writes anywhere but the patch files (`--regenerate`) or `--out`, or uses the network
(when the package is not in cargo's cache it says which `cargo fetch` puts it there).
"""

import argparse
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PATCHES = Path(__file__).resolve().parent
VENDORED = PATCHES.parent
REPO = VENDORED.parent.parent
GOLDEN_LOCK = REPO / "vendor" / "pagefind-golden" / "Cargo.lock"
# In the vendored folder but not in the package: this script's folder and the patch list.
OURS = {"patches", "GAZETTE-PATCHES.md"}
# In the package but not vendored: cargo's own record of the upload, and a lockfile cargo
# ignores in a dependency.
NOT_VENDORED = {".cargo_vcs_info.json", "Cargo.lock"}
MARKER = re.compile(r"GAZETTE PATCH \((\d+)\)")
PATCH_NAME = re.compile(r"^(\d{4})-[a-z0-9-]+\.patch$")

# A scratch repository's git, whatever the user's configuration says.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "apply.py",
    "GIT_AUTHOR_EMAIL": "apply.py@localhost",
    "GIT_COMMITTER_NAME": "apply.py",
    "GIT_COMMITTER_EMAIL": "apply.py@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}
DIFF = ["diff", "--no-color", "--no-ext-diff", "--no-renames", "--no-textconv", "--full-index", "--binary", "-U3"]


class Failure(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regenerate", action="store_true", help="rewrite the patch files from vendor/pagefind")
    parser.add_argument("--into", type=int, metavar="N", help="with --regenerate: where changes without a rule go")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write the patched package to DIR (must not exist)")
    args = parser.parse_args()
    if args.into is not None and not args.regenerate:
        parser.error("--into needs --regenerate")
    try:
        version = package_version()
        crate = published_crate(version)
        patches = patch_files()
        with tempfile.TemporaryDirectory(prefix="pagefind-patches-") as tmp:
            stack = Path(tmp) / "pagefind"
            extract(crate, version, stack)
            replay(stack, patches)
            if args.regenerate:
                regenerate(stack, patches, args.into)
                patches = patch_files()
            different = compare(stack, VENDORED)
            if args.out:
                shutil.copytree(stack, args.out, ignore=shutil.ignore_patterns(".git"))
                print(f"the patched package is in {args.out}")
        if different:
            raise Failure(
                "the patches replayed on pagefind "
                f"{version} are not vendor/pagefind:\n" + "\n".join(different) + "\nafter an edit in "
                "vendor/pagefind, run: python3 vendor/pagefind/patches/apply.py --regenerate"
            )
        check_markers(patches)
        print(f"pagefind {version} + {len(patches)} patches = vendor/pagefind, byte for byte")
    except Failure as e:
        print(f"apply.py: {e}", file=sys.stderr)
        sys.exit(1)


# ------------------------------------------------------------------------------------------
# The published package


def package_version():
    text = (VENDORED / "Cargo.toml").read_text(encoding="utf-8")
    package = text.split("[package]", 1)[1].split("\n[", 1)[0]
    m = re.search(r'^version = "([^"]+)"', package, re.M)
    if not m:
        raise Failure("no version in vendor/pagefind/Cargo.toml's [package]")
    return m.group(1)


def published_crate(version):
    """The `.crate` cargo downloaded, whose checksum the golden test's lockfile records."""
    lock = GOLDEN_LOCK.read_text(encoding="utf-8")
    m = re.search(
        r'name = "pagefind"\nversion = "' + re.escape(version) + r'"\n'
        r'source = "registry\+https://github.com/rust-lang/crates.io-index"\nchecksum = "([0-9a-f]{64})"',
        lock,
    )
    if not m:
        raise Failure(
            f"{GOLDEN_LOCK.relative_to(REPO)} has no crates.io pagefind {version}: "
            "its Cargo.toml must name the version vendor/pagefind is a copy of"
        )
    checksum = m.group(1)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    found = sorted(glob.glob(str(cargo_home / "registry" / "cache" / "*" / f"pagefind-{version}.crate")))
    for path in found:
        if hashlib.sha256(Path(path).read_bytes()).hexdigest() == checksum:
            return Path(path)
    if found:
        raise Failure(f"{', '.join(found)}: not the checksum {checksum} of the lockfile")
    raise Failure(
        f"pagefind-{version}.crate is not in {cargo_home}/registry/cache; put it there with\n"
        "  cargo fetch --manifest-path vendor/pagefind-golden/Cargo.toml"
    )


def extract(crate, version, into):
    prefix = f"pagefind-{version}/"
    with tarfile.open(crate, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.name.startswith(prefix) or ".." in Path(member.name).parts:
                raise Failure(f"{crate}: unexpected entry {member.name}")
            rel = member.name[len(prefix) :]
            if not member.isfile() or rel in NOT_VENDORED:
                continue
            dest = into / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(tar.extractfile(member).read())


# ------------------------------------------------------------------------------------------
# Replaying


def patch_files():
    """The patch files in order; their numbers must run 1, 2, 3…"""
    files = sorted(p for p in PATCHES.iterdir() if p.suffix == ".patch")
    for n, p in enumerate(files, 1):
        m = PATCH_NAME.match(p.name)
        if not m or int(m.group(1)) != n:
            raise Failure(f"patches/{p.name}: expected a name 000{n}-some-words.patch (numbers run 1, 2, 3…)")
    return files


def git(stack, *args, input=None):
    r = subprocess.run(["git", *args], cwd=stack, env=GIT_ENV, input=input, capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure(f"git {' '.join(args)}: {r.stderr.strip() or r.stdout.strip()}")
    return r.stdout


def replay(stack, patches):
    """Commits the package, then each patch on top: the commits are the patches' states."""
    git(stack, "init", "-q")
    git(stack, "add", "-A")
    git(stack, "commit", "-q", "-m", "upstream")
    for p in patches:
        r = subprocess.run(
            ["git", "apply", "--whitespace=nowarn", str(p)], cwd=stack, env=GIT_ENV, capture_output=True, text=True
        )
        if r.returncode != 0:
            raise Failure(f"patches/{p.name} does not apply after the ones before it:\n{r.stderr.strip()}")
        git(stack, "add", "-A")
        git(stack, "commit", "-q", "--allow-empty", "-m", p.stem)


def files_of(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in OURS and d != ".git"]
        for f in filenames:
            rel = (rel_dir / f).as_posix()
            if rel_dir == Path(".") and f in OURS:
                continue
            out[rel] = Path(dirpath) / f
    return out


def compare(stack, vendored):
    """What differs between the replayed package and the vendored folder, one line each."""
    a, b = files_of(stack), files_of(vendored)
    out = [f"  {f}: in the patched package, not vendored" for f in sorted(a.keys() - b.keys())]
    out += [f"  {f}: vendored, not in the patched package" for f in sorted(b.keys() - a.keys())]
    out += [f"  {f}: differs" for f in sorted(a.keys() & b.keys()) if a[f].read_bytes() != b[f].read_bytes()]
    return out


def check_markers(patches):
    """Each patch adds its own marker, and every marker in the source has its patch."""
    for n, p in enumerate(patches, 1):
        added = [line for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("+")]
        if not any(f"GAZETTE PATCH ({n})" in line for line in added):
            raise Failure(f"patches/{p.name} adds no line with its marker `GAZETTE PATCH ({n})`")
    for path in files_of(VENDORED).values():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for m in MARKER.finditer(text):
            if not 1 <= int(m.group(1)) <= len(patches):
                raise Failure(f"{path.relative_to(REPO)}: `{m.group(0)}` has no patch file")


# ------------------------------------------------------------------------------------------
# Regenerating


def regenerate(stack, patches, into):
    commits = git(stack, "rev-list", "--reverse", "HEAD").split()
    touched = {
        n: set(git(stack, "diff", "--name-only", commits[n - 1], commits[n]).split())
        for n in range(1, len(commits))
    }
    # the worktree becomes the vendored folder; the index stays at the last patch
    load_vendored(stack)
    git(stack, "add", "-A")
    delta = git(stack, *DIFF, "--cached")
    git(stack, "reset", "-q")
    groups = {}
    for header, hunks in split_diff(delta):
        path = file_of(header)
        for hunk in hunks or [""]:
            n = owner(path, header + hunk, touched, into, len(patches))
            groups.setdefault(n, []).append((header, hunk))
    if not fold(stack, groups, commits):
        # A hunk in lines a later patch rewrote again (patch 7 re-indents much of patch 4) cannot
        # go back to the earlier patch: it goes to the last patch that touches its file.
        git(stack, "rebase", "--abort")
        git(stack, "reset", "-q", "--hard", commits[-1])
        load_vendored(stack)
        later = {}
        for n, pieces in groups.items():
            for header, hunk in pieces:
                last = max((m for m, files in touched.items() if file_of(header) in files), default=n)
                if last > n:
                    print(f"a change in {file_of(header)} for patch {n} conflicts with patch {last}: it goes to {last}")
                later.setdefault(max(n, last), []).append((header, hunk))
        groups = later
        if not fold(stack, groups, commits):
            raise Failure("the changes cannot be folded into the patches; edit the patch files by hand")
    commits = git(stack, "rev-list", "--reverse", "HEAD").split()
    for n in range(1, len(commits)):
        old = patches[n - 1] if n <= len(patches) else None
        name = old.name if old else f"{n:04d}-gazette-patch-{n}.patch"
        description = old.read_text(encoding="utf-8").split("diff --git", 1)[0] if old else new_description(n)
        body = git(stack, *DIFF, commits[n - 1], commits[n])
        new = description + body
        if not old or old.read_text(encoding="utf-8") != new:
            (PATCHES / name).write_text(new, encoding="utf-8")
            print(f"wrote patches/{name}")
    print(f"{len(groups)} patch(es) changed" if groups else "the patch files were up to date")


def load_vendored(stack):
    """Makes the scratch repository's worktree the vendored folder."""
    for rel in files_of(stack):
        (stack / rel).unlink()
    for rel, path in files_of(VENDORED).items():
        (stack / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, stack / rel)


def fold(stack, groups, commits):
    """Commits each patch's hunks as a fixup of it (a new patch as a commit of its own), then
    squashes them in; false when that conflicts with a later patch."""
    for n in sorted(groups):
        text = "".join(h + k for h, k in merge_headers(groups[n]))
        git(stack, "apply", "--cached", "--whitespace=nowarn", "-", input=text)
        if n < len(commits):
            git(stack, "commit", "-q", "--fixup", commits[n])
        else:
            git(stack, "commit", "-q", "-m", f"{n:04d}-gazette-patch-{n}")
    env = {**GIT_ENV, "GIT_SEQUENCE_EDITOR": "true"}
    r = subprocess.run(
        ["git", "rebase", "-q", "-i", "--autosquash", "--root"], cwd=stack, env=env, capture_output=True, text=True
    )
    return r.returncode == 0


def file_of(header):
    return re.match(r"diff --git a/(\S+) ", header).group(1)


def split_diff(diff):
    """[(file header, [hunks])] of a `git diff`."""
    out = []
    for part in re.split(r"(?m)^(?=diff --git )", diff):
        if not part:
            continue
        at = re.search(r"(?m)^@@ ", part)
        if at is None:
            out.append((part, []))
            continue
        header, body = part[: at.start()], part[at.start() :]
        out.append((header, [h for h in re.split(r"(?m)^(?=@@ )", body) if h]))
    return out


def merge_headers(pieces):
    """Hunks of one file under one header, in order."""
    out = []
    for header, hunk in pieces:
        if out and out[-1][0] == header:
            out[-1] = (header, out[-1][1] + hunk)
        else:
            out.append((header, hunk))
    return out


def owner(path, text, touched, into, count):
    """The patch a changed hunk belongs to."""
    numbers = {int(n) for n in MARKER.findall(text)}
    if len(numbers) == 1:
        return numbers.pop()
    if not numbers:
        owners = [n for n, files in touched.items() if path in files]
        if len(owners) == 1:
            return owners[0]
    if into is not None:
        if not 1 <= into <= count:
            raise Failure(f"--into {into}: there are patches 1 to {count}")
        return into
    first = text.split("\n@@", 1)[-1].split("\n", 1)[0]
    raise Failure(
        f"a change in {path} (@@{first}) names no single patch: mark it `GAZETTE PATCH (n)` "
        "or run again with --into N"
    )


def new_description(n):
    return (
        f"GAZETTE PATCH ({n}): describe it here and in vendor/pagefind/GAZETTE-PATCHES.md, and give\n"
        "this file a name that says what it does (keep the number).\n\n"
    )


if __name__ == "__main__":
    main()
