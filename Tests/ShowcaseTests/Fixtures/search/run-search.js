// Runs the browser's search code (templates/static/assets/search.js) under node, for the tests
// and the benchmark. Reads a JSON request on stdin, writes a JSON answer on stdout.
//
//   node run-search.js SEARCH_JS tokens            ["ＡＢ妇联", …]        → [[{cjk, text}, …], …]
//   node run-search.js SEARCH_JS search SITE_DIR  [{q, kind?, all?}, …] → [{q, urls, first, bytes, warmBytes}, …]
//
// `urls`: every result (all pages) when `all`, else the first ten; `first`: the first result's
// title and snippet parts; `bytes`: bytes of index files a fresh page reads for the first ten
// results; `warmBytes`: the same with meta.json already loaded.
'use strict';
const fs = require('fs');
const path = require('path');
const api = require(path.resolve(process.argv[2]));
const mode = process.argv[3];
const request = JSON.parse(fs.readFileSync(0, 'utf8'));

async function main() {
  if (mode === 'tokens') return request.map((q) => api.tokens(q).map((t) => ({ cjk: t.cjk, text: t.text })));
  const root = process.argv[4];
  const out = [];
  for (const item of request) {
    let bytes = 0;
    const searcher = new api.Searcher((p) => fs.promises.readFile(path.join(root, 'search', p)).then((b) => {
      bytes += b.length;
      return p.endsWith('.bin') ? new Uint8Array(b.buffer, b.byteOffset, b.length) : JSON.parse(b.toString('utf8'));
    }));
    await searcher.ready();
    const metaBytes = bytes;
    const state = await searcher.start(item.q, item.kind || '');
    const first = await searcher.more(state, 10);
    const firstTen = bytes;
    const urls = first.map((r) => r.url);
    if (item.all) {
      while (state.cursor < state.ranked.length) {
        const more = await searcher.more(state, 10);
        urls.push(...more.map((r) => r.url));
      }
    }
    out.push({ q: item.q, urls, exact: state.exact, candidates: state.ranked.length, bytes: firstTen, warmBytes: firstTen - metaBytes,
               first: first.length ? { title: first[0].title, kind: first[0].kind, snippet: api.snippet(first[0], state.tokens) } : null });
  }
  return out;
}
main().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e && e.stack || e); process.exit(1); });
