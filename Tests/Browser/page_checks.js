// What a person on a phone or a desktop would notice, measured in the loaded page.
// Run by test_pages.py through Selenium (the last argument is the callback); returns a list of
// problems as sentences.
const done = arguments[arguments.length - 1];
(async () => {
  const problems = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.classList.length) s += "." + [...el.classList].join(".");
    const text = (el.textContent || "").trim().replace(/\s+/g, " ");
    return text ? `${s} «${text.slice(0, 30)}${text.length > 30 ? "…" : ""}»` : s;
  };

  // Every image is fetched and decodes. Lazy images below the fold are asked for now, since
  // nothing scrolls them into view here.
  for (const img of document.images) {
    if (img.loading === "lazy") img.loading = "eager";
  }
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image did not load: ${img.getAttribute("src")}`);
    }
  }

  // Every stylesheet is fetched and parsed.
  for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
    let rules = -1;
    try { rules = link.sheet ? link.sheet.cssRules.length : -1; } catch (e) { rules = -1; }
    if (rules <= 0) problems.push(`stylesheet did not load: ${link.getAttribute("href")}`);
  }

  // The site's icon: browsers ask for it on their own (for /favicon.ico unless a page names
  // one), so a missing icon is a failed request on every first visit.
  const icon = document.querySelector('link[rel~="icon"]');
  const iconURL = icon ? icon.href : new URL("/favicon.ico", location.href).href;
  const iconStatus = await fetch(iconURL).then((r) => r.status, () => 0);
  if (iconStatus !== 200) problems.push(`the site icon ${iconURL} answered ${iconStatus}`);

  // Anything else the page fetched and did not get (fonts, scripts, icons).
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.responseStatus >= 400) {
      problems.push(`${entry.initiatorType} ${entry.name} answered ${entry.responseStatus}`);
    }
  }

  // No sideways scrolling: the page is no wider than the viewport. Name the elements that
  // stick out, innermost first, so the summary says what to fix.
  const root = document.documentElement;
  const viewport = root.clientWidth;
  if (root.scrollWidth > viewport + 1) {
    const culprits = [...document.body.querySelectorAll("*")].filter((el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= viewport + 1) return false;
      // Inside a container that scrolls on its own (a wide table) is fine.
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return false;
      }
      return ![...el.children].some((c) => c.getBoundingClientRect().right > viewport + 1);
    });
    problems.push(`scrolls sideways: ${root.scrollWidth}px of content in a ${viewport}px viewport` +
      (culprits.length ? `; sticking out: ${culprits.slice(0, 3).map(describe).join(", ")}` : ""));
  }

  // No text running out of its box: each line of text lies within the block that holds it,
  // unless that block scrolls or clips on purpose.
  const visuallyHidden = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cp = getComputedStyle(a).clipPath;
      if (cp && cp !== "none") return true;
    }
    return false;
  };
  const blockOf = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      const d = getComputedStyle(el).display;
      if (!d.startsWith("inline") && d !== "contents") return el;
    }
    return document.body;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const reported = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const block = blockOf(node);
    if (reported.has(block)) continue;
    const style = getComputedStyle(block);
    if (style.visibility === "hidden" || style.overflowX !== "visible") continue;
    // Text kept for screen readers only (the visually-hidden idiom: a 1px box clipped to
    // nothing, as a collapsed table's header row on a phone) shows nowhere to run out of.
    if (visuallyHidden(block)) continue;
    const box = block.getBoundingClientRect();
    if (box.width === 0) continue;  // not rendered
    const left = box.left + parseFloat(style.borderLeftWidth) - 1;
    const right = box.right - parseFloat(style.borderRightWidth) + 1;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && (r.right > right || r.left < left)) {
        const by = Math.round(Math.max(r.right - right, left - r.left));
        problems.push(`text runs ${by}px out of its box: ${describe(block)}`);
        reported.add(block);
        break;
      }
    }
  }
  return problems;
})().then(done, (e) => done([`the page check itself failed: ${e}`]));
