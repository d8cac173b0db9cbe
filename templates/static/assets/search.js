/* Showcase site search: plain JavaScript, no build step, no framework, nothing from elsewhere.
 *
 * The index (written by `showcase build`, Sources/Search/) is in search/: meta.json, binary
 * shards s/<k>.bin of postings, and binary chunks t/<c>.bin of page texts (coded with the
 * site's table of characters in meta.json). A query reads meta.json, one shard per term it
 * looks up, then the chunks of the results it shows. CJK text is found by
 * characters and bigrams and every candidate is checked against its page's text before it is
 * shown, so a result always contains the query; words are found by lower-cased prefix.
 *
 * The folding and character classes below must match Sources/Search/SearchFold.swift. The
 * same file runs under node for the recall test (module.exports at the end).
 */
(function () {
  'use strict';

  // ---- Folding: one UTF-16 unit to one unit, so offsets in folded text are offsets in the original.
  function foldUnit(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    else if (c === 0x3000) return 0x20;
    if (c >= 0x41 && c <= 0x5A) return c + 0x20;
    if (c >= 0xC0 && c <= 0xDE && c !== 0xD7) return c + 0x20;
    return c;
  }
  function isCJK(v) {
    return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x3005 && v <= 0x3007) ||
      (v >= 0x3040 && v <= 0x30FF) || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF) ||
      (v >= 0x20000 && v <= 0x3FFFF);
  }
  var SEP = 0, WORD = 1, CJK = 2;
  function charClass(v) {
    if (v < 0x80) return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) ? WORD : SEP;
    if (v >= 0xC0 && v <= 0x24F && v !== 0xD7 && v !== 0xF7) return WORD;
    return isCJK(v) ? CJK : SEP;
  }

  /* The folded text, same length, with every separator a space; `classes[i]` the class at unit i
   * (both units of a surrogate pair get the pair's class). */
  function foldText(s) {
    var out = new Array(s.length), classes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        var v = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
        var k = charClass(v);
        classes[i] = classes[i + 1] = k;
        if (k === SEP) { out[i] = ' '; out[i + 1] = ' '; } else { out[i] = s[i]; out[i + 1] = s[i + 1]; }
        i++;
        continue;
      }
      var f = foldUnit(c), cls = charClass(f);
      classes[i] = cls;
      out[i] = cls === SEP ? ' ' : String.fromCharCode(f);
    }
    return { text: out.join(''), classes: classes };
  }

  /* The query's pieces: runs of CJK characters and words, folded; punctuation dropped. */
  function tokens(query) {
    var f = foldText(query), out = [], cur = null;
    for (var i = 0; i < f.text.length; i++) {
      var cls = f.classes[i];
      if (cls === SEP) { cur = null; continue; }
      if (cur && cur.cjk === (cls === CJK)) cur.text += f.text[i];
      else { cur = { cjk: cls === CJK, text: f.text[i] }; out.push(cur); }
    }
    return out;
  }

  /* FNV-1a over UTF-16 units: the shard of a term's key (SearchFold.shard in Swift). */
  function shardOf(key, shards) {
    var h = 2166136261;
    for (var i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h % shards;
  }
  function chars(s) { return Array.from(s); }

  /* Base64 to bytes (atob exists in browsers and in node ≥ 16). */
  function bytesOf(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  /* One posting list (PostingList.swift): 0 + gaps as varints, or 1 + a bitmap. */
  function decodeList(bytes) {
    var out = [], i;
    if (!bytes || !bytes.length) return out;
    if (bytes[0] === 1) {
      for (i = 1; i < bytes.length; i++) {
        var b = bytes[i];
        if (b) for (var bit = 0; bit < 8; bit++) if (b & (1 << bit)) out.push((i - 1) * 8 + bit);
      }
      return out;
    }
    var prev = -1, gap = 0, mul = 1;
    for (i = 1; i < bytes.length; i++) {
      gap += (bytes[i] & 0x7F) * mul;
      if (bytes[i] & 0x80) { mul *= 128; continue; }
      prev += gap + 1;
      out.push(prev);
      gap = 0; mul = 1;
    }
    return out;
  }
  function varint(bytes, at) {
    var v = 0, mul = 1, b;
    do { b = bytes[at.i++]; v += (b & 0x7F) * mul; mul *= 128; } while (b & 0x80);
    return v;
  }
  var utf8 = new TextDecoder();
  /* A shard (ShardFile in PostingList.swift): term → [documents, title positions], both still coded. */
  function parseShard(bytes) {
    var out = {}, at = { i: 0 };
    while (at.i < bytes.length) {
      var n = varint(bytes, at), term = utf8.decode(bytes.subarray(at.i, at.i + n));
      at.i += n;
      var len = varint(bytes, at), all = bytes.subarray(at.i, at.i + len);
      at.i += len;
      len = varint(bytes, at);
      out[term] = [all, bytes.subarray(at.i, at.i + len)];
      at.i += len;
    }
    return out;
  }
  /* A chunk of texts (TextChunk.swift): rows [kind, title, url, date, text], coded with `table`. */
  function parseChunk(bytes, table) {
    var rows = [], at = { i: 0 };
    function str() {
      var n = varint(bytes, at), units = new Uint16Array(n), i = at.i;
      for (var k = 0; k < n; k++) {
        var b = bytes[i];
        if (b < 192) { units[k] = table[b]; i += 1; } else if (b < 255) { units[k] = table[192 + ((b - 192) << 8) + bytes[i + 1]]; i += 2; } else { units[k] = bytes[i + 1] | (bytes[i + 2] << 8); i += 3; }
      }
      at.i = i;
      var s = '';
      for (k = 0; k < n; k += 8192) s += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)));
      return s;
    }
    while (at.i < bytes.length) {
      var kind = bytes[at.i++];
      rows.push([kind, str(), str(), str(), str()]);
    }
    return rows;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++; else if (a[i] > b[j]) j++; else { out.push(a[i]); i++; j++; }
    }
    return out;
  }
  function union(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  /* The terms a token is looked up by. A CJK token: its character, or every bigram (at most
   * eight, spread over it): each is a small shard, and every bigram narrows the candidates, so a
   * phrase whose bigrams are common but never together costs shards, not page texts. The text
   * check makes it exact. A word: its prefix term (`ab*`) up to three letters, else itself. */
  function lookupTerms(token) {
    var c = chars(token.text);
    if (!token.cjk) return [c.length <= 3 ? token.text + '*' : token.text];
    if (c.length === 1) return [c[0]];
    var starts = [];
    for (var i = 0; i + 1 < c.length; i++) starts.push(i);
    if (starts.length > 8) {
      var n = starts.length, picked = [];
      for (var k = 0; k < 8; k++) picked.push(starts[Math.round(k * (n - 1) / 7)]);
      starts = picked;
    }
    var seen = {}, out = [];
    starts.forEach(function (s) { var t = c[s] + c[s + 1]; if (!seen[t]) { seen[t] = 1; out.push(t); } });
    return out;
  }
  /* The shard key: a CJK term itself; a word's first four letters, a prefix term's prefix. */
  function shardKey(term, cjk) {
    if (cjk) return term;
    if (term[term.length - 1] === '*') return term.slice(0, -1);
    return chars(term).slice(0, 4).join('');
  }

  /* Does folded text contain the token? CJK anywhere; a word only where a word starts. */
  function findToken(folded, token, from) {
    var i = folded.text.indexOf(token.text, from || 0);
    if (token.cjk) return i;
    while (i >= 0) {
      if (i === 0 || folded.classes[i - 1] !== WORD) return i;
      i = folded.text.indexOf(token.text, i + 1);
    }
    return -1;
  }
  function matchesAll(folded, toks) {
    for (var i = 0; i < toks.length; i++) if (findToken(folded, toks[i]) < 0) return false;
    return true;
  }

  /* The search over an index read through `load(path)` → Promise of parsed JSON. */
  function Searcher(load) {
    this.load = load;
    this.cache = {};
    this.parsed = {};
    this.meta = null;
  }
  Searcher.prototype.get = function (path) {
    if (!this.cache[path]) {
      var self = this;
      this.cache[path] = this.load(path).catch(function (e) { delete self.cache[path]; throw e; });
    }
    return this.cache[path];
  };
  Searcher.prototype.ready = function () {
    var self = this;
    if (this.meta) return Promise.resolve(this.meta);
    return this.get('meta.json').then(function (m) {
      m.table = new Uint16Array(m.chars.length);
      for (var i = 0; i < m.chars.length; i++) m.table[i] = m.chars.charCodeAt(i);
      // chunkOf[d]: the chunk holding document d, from the bitmap of chunk starts.
      var starts = bytesOf(m.chunks), chunkOf = new Int32Array(m.docs), c = -1;
      for (var d = 0; d < m.docs; d++) { if (starts[d >> 3] & (1 << (d & 7))) c++; chunkOf[d] = c; }
      m.chunkOf = chunkOf;
      self.meta = m;
      return m;
    });
  };
  Searcher.prototype.kindOf = function (d) {
    var kinds = this.meta.kinds;
    for (var i = 0; i < kinds.length; i++) if (d >= kinds[i][2] && d < kinds[i][2] + kinds[i][3]) return kinds[i];
    return kinds[kinds.length - 1];
  };

  /* Candidates of a query, ranked: documents with every term's postings, those whose titles
   * hold more of the query's characters first, then in index order (pages, organizations,
   * projects, events, articles; newest first within a kind). */
  Searcher.prototype.query = function (text, kind) {
    var self = this, toks = tokens(text);
    return this.ready().then(function (meta) {
      if (!toks.length) return { tokens: toks, ranked: [], exact: true };
      var lookups = toks.map(function (t) {
        var terms = lookupTerms(t);
        return Promise.all(terms.map(function (term) {
          var path = 's/' + shardOf(shardKey(term, t.cjk), meta.shards) + '.bin';
          if (!self.parsed[path]) self.parsed[path] = self.get(path).then(parseShard, function (e) { delete self.parsed[path]; throw e; });
          return self.parsed[path].then(function (shard) {
            if (t.cjk || term[term.length - 1] === '*') return [shard[term] || null];
            // A word of four letters or more is a prefix: every word in the shard that starts with it.
            return Object.keys(shard).filter(function (k) { return k.indexOf(term) === 0 && k[k.length - 1] !== '*'; })
              .map(function (k) { return shard[k]; });
          });
        })).then(function (perTerm) {
          var all = null, title = null;
          perTerm.forEach(function (entries) {
            var a = [], ti = [];
            entries.forEach(function (e) {
              if (!e) return;
              var docs = decodeList(e[0]);
              a = union(a, docs);
              ti = union(ti, decodeList(e[1]).map(function (p) { return docs[p]; }));
            });
            all = all === null ? a : intersect(all, a);
            title = title === null ? ti : intersect(title, ti);
          });
          return { all: all || [], title: title || [], weight: chars(t.text).length };
        });
      });
      return Promise.all(lookups).then(function (per) {
        var docs = per[0].all;
        for (var i = 1; i < per.length; i++) docs = intersect(docs, per[i].all);
        if (kind) {
          var range = meta.kinds.filter(function (k) { return k[0] === kind; })[0];
          docs = range ? docs.filter(function (d) { return d >= range[2] && d < range[2] + range[3]; }) : [];
        }
        var score = {};
        per.forEach(function (p) { p.title.forEach(function (d) { score[d] = (score[d] || 0) + p.weight; }); });
        docs.sort(function (a, b) { return (score[b] || 0) - (score[a] || 0) || a - b; });
        var exact = toks.every(function (t) { return !t.cjk || chars(t.text).length <= 2; });
        return { tokens: toks, ranked: docs, exact: exact };
      });
    });
  };

  /* The next `limit` results from `state.cursor` on, each checked against its text. A long
   * query's candidates can mostly be false (every bigram on the page, never together): one call
   * checks at most `budget` candidates (1.5 × limit by default: each costs a page text), so a
   * query's download stays bounded; the next call goes on from there, and
   * `state.cursor < state.ranked.length` says there is more to look at. */
  Searcher.prototype.more = function (state, limit, budget) {
    var self = this, found = [], stop = state.cursor + (budget || limit + (limit >> 1));
    function step() {
      if (found.length >= limit || state.cursor >= Math.min(stop, state.ranked.length)) return Promise.resolve(found);
      var batch = state.ranked.slice(state.cursor, Math.min(stop, state.cursor + (limit - found.length)));
      state.cursor += batch.length;
      var chunks = {};
      batch.forEach(function (d) { chunks[self.meta.chunkOf[d]] = 1; });
      return Promise.all(Object.keys(chunks).map(function (c) {
        return self.get('t/' + c + '.bin').then(function (bytes) { return [Number(c), parseChunk(bytes, self.meta.table)]; });
      })).then(function (loaded) {
        var rowsOf = {};
        loaded.forEach(function (l) { rowsOf[l[0]] = l[1]; });
        batch.forEach(function (d) {
          var c = self.meta.chunkOf[d], first = d;
          while (first > 0 && self.meta.chunkOf[first - 1] === c) first--;
          var row = rowsOf[c][d - first];
          var folded = foldText(row[4]);
          if (!matchesAll(folded, state.tokens)) { state.rejected++; return; }
          var kind = self.meta.kinds[row[0]];
          found.push({ doc: d, kind: kind[0], kindLabel: kind[1], title: row[1], url: row[2], date: row[3],
                       text: row[4], folded: folded });
        });
        return step();
      });
    }
    return step();
  };
  Searcher.prototype.start = function (text, kind) {
    return this.query(text, kind).then(function (q) {
      return { tokens: q.tokens, ranked: q.ranked, exact: q.exact, cursor: 0, rejected: 0 };
    });
  };

  /* A snippet: [[text, highlighted], …] around the first match after the title line. */
  function snippet(result, toks, width) {
    width = width || 90;
    var text = result.text, folded = result.folded;
    var bodyStart = text.indexOf('\n') + 1, at = -1, i;
    for (i = 0; i < toks.length && at < 0; i++) at = findToken(folded, toks[i], bodyStart);
    if (at < 0) at = bodyStart;
    var from = Math.max(bodyStart, at - 30), to = Math.min(text.length, from + width);
    if (from > 0 && text.charCodeAt(from) >= 0xDC00 && text.charCodeAt(from) <= 0xDFFF) from++;
    if (to < text.length && text.charCodeAt(to - 1) >= 0xD800 && text.charCodeAt(to - 1) <= 0xDBFF) to--;
    var marks = new Uint8Array(to - from);
    toks.forEach(function (t) {
      var p = findToken(folded, t, from);
      while (p >= 0 && p < to) {
        for (var k = p; k < Math.min(to, p + t.text.length); k++) marks[k - from] = 1;
        p = findToken(folded, t, p + 1);
      }
    });
    var parts = [], cur = '', curMark = marks[0] || 0;
    for (i = from; i < to; i++) {
      var m = marks[i - from], ch = text[i] === '\n' ? ' ' : text[i];
      if (m !== curMark) { if (cur) parts.push([cur, !!curMark]); cur = ''; curMark = m; }
      cur += ch;
    }
    if (cur) parts.push([cur, !!curMark]);
    if (from > bodyStart) parts.unshift(['…', false]);
    if (to < text.length) parts.push(['…', false]);
    return parts;
  }

  var api = { parseChunk: parseChunk, parseShard: parseShard, foldText: foldText, tokens: tokens, shardOf: shardOf, decodeList: decodeList, lookupTerms: lookupTerms,
              findToken: findToken, Searcher: Searcher, snippet: snippet };
  if (typeof module === 'object' && module.exports) { module.exports = api; return; }
  if (typeof document === 'undefined') return;

  // ---- The page: /search/?q=…&kind=… ------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;  // text only: titles and snippets never become HTML
    return e;
  }
  function init() {
    var page = document.getElementById('search-page');
    if (!page) return;
    var base = page.getAttribute('data-base') || '/';
    var form = document.getElementById('search-form'), input = document.getElementById('search-q');
    var status = document.getElementById('search-status'), list = document.getElementById('search-results');
    var moreButton = document.getElementById('search-more');
    page.classList.add('search-ready');
    var searcher = new Searcher(function (path) {
      return fetch(base + 'search/' + path).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return /\.bin$/.test(path) ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
    });
    var state = null, generation = 0, shown = 0, timer = null;

    function kindValue() {
      var checked = form.querySelector('input[name="kind"]:checked');
      return checked ? checked.value : '';
    }
    function setStatus(text) { status.textContent = text; }
    function render(results, toks) {
      results.forEach(function (r) {
        var li = el('li', 'search-result');
        var a = el('a', 'search-title');
        a.href = r.url;
        a.appendChild(el('span', 'search-kind', r.kindLabel));
        a.appendChild(document.createTextNode(' '));
        a.appendChild(el('span', null, r.title));
        li.appendChild(a);
        if (r.date) li.appendChild(el('span', 'search-date', r.date));
        var p = el('p', 'search-snippet');
        snippet(r, toks).forEach(function (part) { p.appendChild(part[1] ? el('mark', null, part[0]) : document.createTextNode(part[0])); });
        li.appendChild(p);
        list.appendChild(li);
      });
    }
    function summary() {
      var remaining = state.ranked.length - state.cursor;
      if (shown === 0 && remaining === 0) return '没有找到包含“' + input.value.trim() + '”的页面。';
      if (shown === 0) return '已查看 ' + state.cursor + ' 个可能的页面，暂未找到；还有 ' + remaining + ' 个可以继续查找。';
      if (remaining === 0) return '找到 ' + shown + ' 个结果。';
      var total = state.ranked.length - state.rejected;
      return (state.exact ? '找到 ' + total + ' 个结果' : '找到最多 ' + total + ' 个结果') + '，显示前 ' + shown + ' 个。';
    }
    function more(first) {
      var g = generation;
      moreButton.hidden = true;
      page.setAttribute('aria-busy', 'true');
      return searcher.more(state, 10).then(function (results) {
        if (g !== generation) return;
        page.removeAttribute('aria-busy');
        render(results, state.tokens);
        shown += results.length;
        moreButton.hidden = state.cursor >= state.ranked.length;
        setStatus(summary());
        if (!first && results.length) { var links = list.querySelectorAll('a'); links[links.length - results.length].focus(); }
      });
    }
    function run(push) {
      var q = input.value, kind = kindValue(), g = ++generation;
      var params = new URLSearchParams();
      if (q) params.set('q', q);
      if (kind) params.set('kind', kind);
      var url = location.pathname + (params.toString() ? '?' + params : '');
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
      list.textContent = '';
      shown = 0;
      moreButton.hidden = true;
      if (!tokens(q).length) { setStatus(q.trim() ? '请输入文字或数字。' : ''); page.removeAttribute('aria-busy'); return Promise.resolve(); }
      setStatus('正在搜索…');
      page.setAttribute('aria-busy', 'true');
      return searcher.start(q, kind).then(function (s) {
        if (g !== generation) return;
        state = s;
        return more(true);
      }).catch(function () {
        if (g === generation) setStatus('搜索索引读取失败，请稍后再试。');
      }).then(function () { if (g === generation) page.removeAttribute('aria-busy'); });
    }
    function fromLocation() {
      var params = new URLSearchParams(location.search);
      input.value = params.get('q') || '';
      var kind = params.get('kind') || '';
      var radio = form.querySelector('input[name="kind"][value="' + (/^[a-z]*$/.test(kind) ? kind : '') + '"]');
      if (radio) radio.checked = true;
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 150); });
    form.addEventListener('change', function (e) { if (e.target.name === 'kind') run(false); });
    moreButton.addEventListener('click', function () { more(false); });
    // Arrow keys move between the box and the result links; Escape clears the box.
    page.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a.search-title'));
      var at = links.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && (document.activeElement === input || at >= 0) && links.length) {
        e.preventDefault();
        links[Math.min(links.length - 1, at + 1)].focus();
      } else if (e.key === 'ArrowUp' && at >= 0) {
        e.preventDefault();
        if (at === 0) input.focus(); else links[at - 1].focus();
      } else if (e.key === 'Escape' && document.activeElement === input) {
        input.value = '';
        run(false);
      }
    });
    window.addEventListener('popstate', function () { fromLocation(); run(false); });
    fromLocation();
    if (input.value) run(false); else input.focus();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
