"""`showcase serve` in a real browser: the page it serves carries the reload script without a
console error, saving a content file reloads the open page with the change, and saving an
article while another page is open takes the browser to that article's page.

(The other browser checks go through a plain static server, as production has no preview.)"""
import queue
import re
import shutil
import signal
import subprocess
import threading
import time

from conftest import REPO, explain, showcase_binary

WAIT = 90  # seconds; a rebuild of the sample takes about one on a busy machine


def test_saving_reloads_the_open_page(tmp_path, browser, findings):
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    serve = subprocess.Popen(
        [str(showcase_binary()), "serve", "--source", str(root), "--output", str(tmp_path / "out"),
         "--port", "0", "--no-downloads"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in serve.stdout], daemon=True).start()
    try:
        url, said, deadline = None, [], time.monotonic() + WAIT
        while url is None and time.monotonic() < deadline and serve.poll() is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            said.append(line)
            match = re.search(r"预览地址：(http://127\.0\.0\.1:\d+/\S*?)（", line)
            url = match.group(1) if match else None
        assert url, "showcase serve printed no address:\n" + "".join(said)

        problems = [f"console error: {e}" for e in browser.open(url, 1280)]
        if browser.js("return document.querySelectorAll('script').length") < 1:
            problems.append("the preview page has no reload script")
        browser.js("window.notReloadedYet = true;")

        config = root / "content" / "site.yaml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^title: .*$", "title: 预览检查改过的标题", text, count=1),
                          encoding="utf-8")
        heading, deadline = None, time.monotonic() + WAIT
        while time.monotonic() < deadline:
            heading = browser.js("return window.notReloadedYet ? null : "
                                 "document.querySelector('h1') && document.querySelector('h1').textContent")
            if heading:
                break
            time.sleep(0.5)
        if heading != "预览检查改过的标题":
            problems.append(f"after saving site.yaml the open page shows {heading!r} "
                            f"(None: it never reloaded) within {WAIT} s")

        # The home page is open; an article's body is saved: the browser goes to its page.
        article = root / "content" / "articles" / "alliance-founded-2014.md"
        article.write_text(article.read_text(encoding="utf-8") + "\n预览检查新加的一段。\n", encoding="utf-8")
        page, deadline = url + "articles/alliance-founded-2014/", time.monotonic() + WAIT
        shown = None
        while time.monotonic() < deadline:
            shown = browser.js("return location.href")
            if shown == page and "预览检查新加的一段。" in browser.js("return document.body.textContent"):
                break
            time.sleep(0.5)
        else:
            while not lines.empty():
                said.append(lines.get())
            problems.append(f"after saving {article.name} the browser shows {shown!r}, not {page} with the "
                            f"new paragraph, within {WAIT} s; showcase serve said:\n" + "".join(said))
        assert not findings.add("preview", 1280, problems), explain(problems)
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
