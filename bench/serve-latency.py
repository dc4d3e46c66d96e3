#!/usr/bin/env python3
"""Time from saving a file to the updated page being served by `gazette serve`.

    bench/serve-latency.py SITE_DIR [--gazette target/release/gazette] [--runs 5]

Copies SITE_DIR (following the themes/ symlink) to a temporary folder, starts
`gazette serve --port 0` on the copy, and measures two kinds of change separately, each run
starting only when serve is idle (the previous rebuild has printed its line and nothing else has
been printed for --quiet seconds), so that no change waits behind the rebuild of another:

  report:   appends a unique marker to the first report's body and polls its page until the
            marker is served (the latency an editor sees after saving a report);
  template: adds a unique HTML comment to the page template (every page re-renders) and polls
            the same page until it appears; also records when the rebuild of every page ended
            (serve prints a line after each rebuild).

serve's stdout is read all the time by a thread (a pipe nobody reads fills up and blocks serve),
and its rebuild lines give the end of each rebuild and serve's own time for it.
Prints, per kind, the median and maximum of --runs runs. Polling is every 5 ms over loopback
HTTP/1.0. On Linux it also prints the CPU time serve's threads used from the write to the end of
the rebuild (/proc/PID/task/*/schedstat): on a machine shared with other work the wall times
stretch with the load, the CPU time much less, so compare runs by it.
"""
import argparse, glob, os, re, shutil, socket, statistics, subprocess, tempfile, threading, time

# serve's line after a rebuild, in either language of the site:
# "rebuilt in 522 ms: …" or "已重新生成（522 ms）：…"
REBUILT = re.compile(r"(?:rebuilt in |已重新生成（)([\d.]+)\s*(ms|s)\b")


class Output:
    """Reads serve's stdout to the end, keeping each line with the time it arrived."""

    def __init__(self, stream):
        self.lines = []  # (time, line)
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            with self.cond:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self.cond.notify_all()

    def wait_line(self, pattern, after=0, timeout=120):
        """The first line from index `after` on matching `pattern`: (index, time, match)."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for i in range(after, len(self.lines)):
                    m = pattern.search(self.lines[i][1])
                    if m:
                        return i, self.lines[i][0], m
                after = len(self.lines)
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise SystemExit(f"timed out waiting for serve to print {pattern.pattern!r}")
                self.cond.wait(left)

    def count(self):
        with self.cond:
            return len(self.lines)

    def wait_quiet(self, quiet):
        """Returns once nothing has been printed for `quiet` seconds."""
        while True:
            with self.cond:
                last = self.lines[-1][0] if self.lines else 0.0
            idle = time.perf_counter() - last
            if idle >= quiet:
                return
            time.sleep(quiet - idle)


def get(port, path):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data.decode("utf-8", "replace")


def wait_for(port, path, marker, timeout=120):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if marker in get(port, path):
            return time.perf_counter()
        time.sleep(0.005)
    raise SystemExit(f"timed out waiting for {marker} at {path}")


def cpu_seconds(pid):
    """CPU time of all of a process's threads so far (Linux), or None."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that ended meanwhile
    except OSError:
        return None
    return total / 1e9


def seconds(m):
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "ms" else value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--gazette", default="target/release/gazette")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quiet", type=float, default=1.0,
                    help="seconds without output from serve before the next change (default 1)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gazette-serve-latency-")
    site = os.path.join(tmp, "site")
    shutil.copytree(os.path.abspath(a.site), site, symlinks=False,
                    ignore=shutil.ignore_patterns("public", ".gazette-cache"))
    report = sorted(glob.glob(f"{site}/content/reports/*/*.md"))[0]
    stem = os.path.basename(report)[:-3]
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)
    year = os.path.basename(os.path.dirname(report))
    template = os.path.join(site, "themes/default/templates/page.html")
    if not os.path.exists(template):
        # a site on the built-in theme: write it out, so that a template can be changed
        subprocess.run([a.gazette, "theme", "eject", "--root", site], check=True, stdout=subprocess.DEVNULL)
    original_report = open(report, encoding="utf-8").read()
    original_template = open(template, encoding="utf-8").read()
    proc = subprocess.Popen([a.gazette, "serve", "--port", "0", "--root", site],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        out = Output(proc.stdout)
        _, _, m = out.wait_line(re.compile(r"http://127\.0\.0\.1:(\d+)(/\S*)"), timeout=600)
        port, base = int(m.group(1)), m.group(2)
        path = f"{base}reports/{year}/{slug}/"
        get(port, path)

        def change(write, marker):
            """Waits until serve is idle, makes the change, and returns (served, rebuilt,
            serve's own rebuild time, serve's CPU time), in seconds from the write."""
            out.wait_quiet(a.quiet)
            before = out.count()
            cpu0 = cpu_seconds(proc.pid)
            t0 = time.perf_counter()
            write(marker)
            served = wait_for(port, path, marker) - t0
            _, at, m = out.wait_line(REBUILT, after=before)
            cpu1 = cpu_seconds(proc.pid)
            cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else float("nan")
            return served, at - t0, seconds(m), cpu

        def save_report(marker):
            with open(report, "w", encoding="utf-8") as f:
                f.write(original_report + f"\n{marker}\n")

        def save_template(marker):
            # inside the main block: text outside blocks of a child template is not rendered
            with open(template, "w", encoding="utf-8") as f:
                f.write(re.sub(r"(\{%-?\s*block main\s*-?%\})", r"\1<!-- " + marker + " -->",
                               original_template, count=1))

        results = {"report": [], "template": []}
        for run in range(a.runs):
            results["report"].append(change(save_report, f"bench-marker-{run}-{time.time_ns()}"))
        for run in range(a.runs):
            results["template"].append(change(save_template, f"tpl-marker-{run}-{time.time_ns()}"))
        ms = lambda v: f"median {statistics.median(v)*1000:.0f} ms, max {max(v)*1000:.0f} ms"
        for what, rows in results.items():
            served, rebuilt, own, cpu = zip(*rows)
            print(f"{what:8s} change → page served: {ms(served)}; rebuild ended: {ms(rebuilt)}; "
                  f"serve's own rebuild time: {ms(own)}; serve's CPU time: {ms(cpu)} ({len(rows)} runs)")
    finally:
        proc.send_signal(2)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
