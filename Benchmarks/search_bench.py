#!/usr/bin/env python3
"""Search on a built site: bytes per query in a real headless Chromium, and recall.

    python3 Benchmarks/search_bench.py SITE_OUTPUT_DIR [--queries 妇,市妇,…] [--no-browser]

For each query:
- cold: a fresh browser profile opens /search/?q=QUERY; every response of the page counts
  (HTML, CSS, script, meta.json, shards, text chunks), read from the Resource Timing API
  (encodedBodySize: bytes as sent, the server does not compress).
- warm: on a search page that has already answered another query (script and meta.json loaded),
  the query is typed into the box; only the requests it makes count.
- recall: every result of the browser's search code (search.js under node, all pages of results)
  against a plain substring scan of the page texts (Tests/Browser/test_search.py's folding).
Needs chromium, chromium-driver, selenium (for the bytes) and node (for recall).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "Tests", "Browser"))
import test_search as T  # noqa: E402  (the folding, the server and the browser setup)

QUERIES = ["妇", "展", "联", "爱", "市妇", "庭教", "志愿服", "家庭教育", "留守儿童", "花桥", "义卖", "绘本共读",
           "心理健康咨询", "巾帼志愿服务队", "昆山市妇女联合会", "单亲母亲互助", "老人健康义诊", "2014", "ｓｏｃｉａｌ", "妇联，服务"]


def texts(folder):
    return T.read_texts(folder)


def recall(folder, queries):
    runner = os.path.join(REPO, "Tests", "ShowcaseTests", "Fixtures", "search", "run-search.js")
    script = os.path.join(REPO, "templates", "static", "assets", "search.js")
    request = json.dumps([{"q": q, "all": True} for q in queries])
    answers = json.loads(subprocess.run(["node", runner, script, "search", folder], input=request.encode(),
                                        capture_output=True, check=True).stdout)
    pages = texts(folder)
    folded = {u: T.folded(t) for u, t in pages.items()}  # once, not once per query
    out = {}
    for q, a in zip(queries, answers):
        want = {u for u, t in pages.items() if T.contains(t, q, folded[u])}
        got = set(a["urls"])
        out[q] = {"expected": len(want), "found": len(got & want), "wrong": len(got - want),
                  "recall": (len(got & want) / len(want)) if want else 1.0, "node_bytes_first10": a["bytes"]}
    return out


def resource_bytes(driver):
    return driver.execute_script(
        "return performance.getEntriesByType('resource').reduce((n, e) => n + e.encodedBodySize, 0)"
        " + performance.getEntriesByType('navigation').reduce((n, e) => n + e.encodedBodySize, 0)")


def new_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = T.CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(T.DRIVER), options=options)


def browser_bytes(site, queries):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    out = {}
    for q in queries:
        driver = new_browser()  # a fresh profile: nothing cached
        try:
            driver.get(site.url + "search/?q=" + urllib.parse.quote(q))
            T.wait_done(driver)
            time.sleep(0.2)
            cold = resource_bytes(driver)
            # Warm: the page has answered another query; this one is typed into the box.
            driver.get(site.url + "search/?q=" + urllib.parse.quote("公益" if q != "公益" else "社区"))
            T.wait_done(driver)
            driver.execute_script("performance.clearResourceTimings()")
            box = driver.find_element(By.ID, "search-q")
            box.clear()
            box.send_keys(q)
            box.send_keys(Keys.ENTER)
            T.wait_done(driver)
            time.sleep(0.2)
            warm = driver.execute_script("return performance.getEntriesByType('resource').reduce((n, e) => n + e.encodedBodySize, 0)")
            shown = len(driver.find_elements(By.CSS_SELECTOR, "#search-results a.search-title"))
            out[q] = {"cold": cold, "warm": warm, "shown": shown}
        finally:
            driver.quit()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    queries = args.queries.split(",")
    size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(args.folder, "search", "**", "*"), recursive=True) if os.path.isfile(p))
    files = len([p for p in glob.glob(os.path.join(args.folder, "search", "**", "*"), recursive=True) if os.path.isfile(p)])
    print(f"index: {files} files, {size / 1e6:.1f} MB "
          f"(shards {sum(os.path.getsize(p) for p in glob.glob(os.path.join(args.folder, 'search', 's', '*'))) / 1e6:.1f} MB)")
    r = recall(args.folder, queries)
    b = {}
    if not args.no_browser and T.CHROMIUM and T.DRIVER:
        site = T.Site(args.folder)
        try:
            b = browser_bytes(site, queries)
        finally:
            site.close()
    print("| query | pages with it | found | wrong | recall | shown | warm kB | cold kB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for q in queries:
        x, y = r[q], b.get(q, {})
        warm = f"{y['warm'] / 1000:.1f}" if y else "–"
        cold = f"{y['cold'] / 1000:.1f}" if y else "–"
        print(f"| {q} | {x['expected']} | {x['found']} | {x['wrong']} | {x['recall']:.0%} | {y.get('shown', '–')} | {warm} | {cold} |")
    json.dump({"recall": r, "bytes": b}, open(os.path.join(REPO, ".bench", "search.json") if os.path.isdir(os.path.join(REPO, ".bench")) else os.devnull, "w"),
              ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
