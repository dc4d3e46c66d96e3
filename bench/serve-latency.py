#!/usr/bin/env python3
"""Time from saving a file to the updated page being served by `gazette serve`.

    bench/serve-latency.py SITE_DIR [--gazette target/release/gazette] [--runs 5]

Copies SITE_DIR (following the themes/ symlink) to a temporary folder, starts
`gazette serve --port 0` on the copy, then for each run:
  report:   appends a unique marker to the first report's body, polls its page until the marker
            is served, and records the time from the write to the first response containing it;
  template: adds a unique HTML comment to the page template (every page re-renders) and polls
            the same page until it appears.
Prints the median and the maximum of each. Polling is every 5 ms over loopback HTTP/1.0.
"""
import argparse, glob, os, re, shutil, socket, statistics, subprocess, tempfile, time

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

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--gazette", default="target/release/gazette")
    ap.add_argument("--runs", type=int, default=5)
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
    original_report = open(report, encoding="utf-8").read()
    original_template = open(template, encoding="utf-8").read()
    proc = subprocess.Popen([a.gazette, "serve", "--port", "0", "--root", site],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        base = "/"
        for line in proc.stdout:
            m = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", line)
            if m:
                port, base = int(m.group(1)), m.group(2)
                break
        path = f"{base}reports/{year}/{slug}/"
        get(port, path)
        results = {"report": [], "template": []}
        for run in range(a.runs):
            marker = f"bench-marker-{run}-{time.time_ns()}"
            t0 = time.perf_counter()
            with open(report, "w", encoding="utf-8") as f:
                f.write(original_report + f"\n{marker}\n")
            results["report"].append(wait_for(port, path, marker) - t0)
            marker = f"tpl-marker-{run}-{time.time_ns()}"
            t0 = time.perf_counter()
            # inside the main block: text outside blocks of a child template is not rendered
            with open(template, "w", encoding="utf-8") as f:
                f.write(re.sub(r"(\{%-?\s*block main\s*-?%\})", r"\1<!-- " + marker + " -->", original_template, count=1))
            results["template"].append(wait_for(port, path, marker) - t0)
            time.sleep(0.5)
        for what, v in results.items():
            print(f"{what:8s} change → served: median {statistics.median(v)*1000:.0f} ms, max {max(v)*1000:.0f} ms ({len(v)} runs)")
    finally:
        proc.send_signal(2)
        proc.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
