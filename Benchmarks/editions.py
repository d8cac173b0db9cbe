#!/usr/bin/env python3
"""The Traditional edition's cost: the same corpus built with one edition and with both,
alternately, into a clean folder each time (release build, `--no-downloads` unless asked, output in memory).

    python3 Benchmarks/editions.py [--size 10000] [--runs 3] [--no-build] [--downloads]

`--downloads` times the default build (Word and text downloads made) instead.

Prints the median wall and CPU time of each, the ratio, peak RSS, files written, and the median
of each build phase (from the build's own summary), so the conversion is seen apart from the
second edition's pages and search index. Uses run.py's corpus and timing.
"""
import argparse
import os
import re
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402


def phases(output):
    """`读取内容 176ms，编译模板 0ms，…` (the summary's last line) → {name: seconds}. Split after
    each time, not at every "，": a phase's own name may hold one (…静态文件，检查链接)."""
    found = {}
    line = next((l.strip() for l in reversed(output.splitlines()) if re.search(r"\d+ms$", l.strip())), "")
    for piece in re.split(r"(?<=ms)，", line):
        m = re.fullmatch(r"(.+) (\d+(?:\.\d+)?)(ms|s)", piece)
        if m:
            found[m[1]] = float(m[2]) / (1000 if m[3] == "ms" else 1)
    return found


def warm_memory(folder, mb):
    """Writes and deletes a file of `mb` megabytes in `folder` (memory when it is /dev/shm).

    On this project's VMs the balloon reports freed memory to the host, so a build's first
    write to it waits for the host's fault: inside the kernel's copy of each output file
    (`copy_folio_from_iter_atomic`), most of it in the build that writes twice the bytes.
    Touching the memory just before a build takes that out of a profile (583 samples of the
    copy against 25); it did not steady the whole builds' ratios, which moved as much as
    before (BENCHMARKS.md, "Bookkeeping, and this VM's memory", fourteenth session).
    """
    path = os.path.join(folder, ".warm-memory")
    block = b"\1" * (1 << 20)
    with open(path, "wb") as f:
        for _ in range(mb):
            f.write(block)
    os.remove(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--showcase", default=os.path.join(run.ROOT, ".build-bench", "release", "showcase"))
    ap.add_argument("--out-root", default=run.default_out_root())
    ap.add_argument("--downloads", action="store_true", help="the default build, with Word and text downloads")
    ap.add_argument("--warm-memory", type=int, default=0, metavar="MB",
                    help="before each build, write and delete a file of MB in --out-root (see warm_memory)")
    args = ap.parse_args()
    if not args.no_build:
        run.sh(["swift", "build", "-c", "release", "--product", "showcase", "--scratch-path", ".build-bench"])
    one = os.path.join(run.corpus(args.size, args.seed), "showcase")
    both = os.path.join(args.out_root, f"editions-{args.size}")
    shutil.rmtree(both, ignore_errors=True)
    shutil.copytree(one, both)
    shutil.copy(os.path.join(run.ROOT, "content", "site.yaml"), os.path.join(both, "content", "site.yaml"))
    shutil.copy(os.path.join(run.ROOT, "content", "data", "traditional.yaml"), os.path.join(both, "content", "data"))
    sites = {"one edition": one, "both editions": both}
    results = {k: [] for k in sites}
    outs = {k: os.path.join(args.out_root, "editions-out-" + k.replace(" ", "-")) for k in sites}
    flags = [] if args.downloads else ["--no-downloads"]
    for k, site in sites.items():  # untimed warm-up
        run.timed([args.showcase, "build", "--source", site, "--output", outs[k]] + flags, outs[k])
    for i in range(args.runs):
        for k, site in sites.items():
            if args.warm_memory:
                warm_memory(args.out_root, args.warm_memory)
            r = run.timed([args.showcase, "build", "--source", site, "--output", outs[k]] + flags, outs[k])
            r["phases"] = phases(r["output"])
            results[k].append(r)
            run.log(f"  run {i + 1} {k}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, load {r['load']:.1f}")
    print(f"\n{args.size} articles, {args.runs} runs each (median):")
    print("| | wall (s) | CPU (s) | peak RSS (MB) | files | MB written |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = {}
    for k in sites:
        s = run.summarize(results[k], outs[k])
        medians[k] = s
        print(f"| {k} | {s['wall']:.2f} | {s['cpu']:.2f} | {s['rss_mb']:.0f} | {s['files']} | {s['mbytes']:.1f} |")
    print(f"\nboth / one: wall {medians['both editions']['wall'] / medians['one edition']['wall']:.2f}, "
          f"CPU {medians['both editions']['cpu'] / medians['one edition']['cpu']:.2f}")
    names = list(dict.fromkeys(n for r in results["both editions"] for n in r["phases"]))
    print("\nphases, both editions (median s): " + "，".join(
        f"{n} {statistics.median(r['phases'].get(n, 0) for r in results['both editions']):.2f}" for n in names))
    print(f"loads: {[round(r['load'], 1) for k in sites for r in results[k]]}")


if __name__ == "__main__":
    main()
