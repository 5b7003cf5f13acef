/* congkhai search: the header box, the /tim-kiem/ page and the document search of /van-ban/, all
   over one static index (built by generator/search_index.py, whose docstring describes its
   files), through `search()` below. No dependency, no web worker, no WebAssembly: a first query
   downloads this script, the index's entry, a small vocabulary file per word, the postings of
   its words and the five results shown (12 to 20 kB with gzip at 5,000 disclosures,
   bench/RESULTS.md).

   How residents type, and what is done about it:
   - the query is normalised to NFC first (decomposed input, the legacy "tổ hợp" form);
   - words are looked up folded (no tone or vowel marks, đ as d), so `dat dai` finds "đất đai";
     a word typed with marks ranks the pages that spell it so first, whatever the tone placement
     (`hoà` = `hòa`);
   - every word must match; the last one may be half-typed and is completed from the most
     frequent words it starts;
   - `115/QĐ` is one word, as the index keeps a document number whole;
   - the excerpt is cut and highlighted here, with the same folding, so `ho ngheo` highlights
     "hộ nghèo". */
(function () {
  "use strict";

  // A phone shows about five results; each shown result downloads its own small file.
  var SHOWN_IN_HEADER = 5;
  var PAGE_SIZE = 20;
  var EXCERPT_WORDS = 32;
  var DEBOUNCE_MS = 150;
  // A half-typed last word stands for at most this many of the words it starts.
  var COMPLETIONS = 8;
  // Score parts: a title hit counts more than the most frequent body word (weights 1..31); the
  // exact spelling doubles a word's score; a completion counts half of the word itself.
  var TITLE_WEIGHT = 40;
  var EXACT_FACTOR = 2;
  var COMPLETION_FACTOR = 0.5;
  // Two query words side by side on a page add this much of a title hit, scaled by how rare
  // the pair is.
  var PAIR_WEIGHT = 30;
  var TONES = { "\u0300": "1", "\u0301": "2", "\u0303": "3", "\u0309": "4", "\u0323": "5" };
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var WORD = /[\p{L}\p{N}\u0300-\u036f]+/gu;

  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);
  var entryPromise = null;
  var files = new Map();
  var notFound = 0;

  /* The index's entry names the directory of this build's files; it is revalidated on every
     visit, the rest never changes under its name. A portal with no items has no index. */
  function loadEntry() {
    if (!entryPromise) {
      entryPromise = fetch(new URL("ck-search/index.json", root).href, { cache: "no-cache" })
        .then(function (response) {
          if (response.status === 404) return null;
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (entry) {
          if (entry) entry.base = new URL("ck-search/" + entry.version + "/", root).href;
          return entry;
        });
      entryPromise.catch(function () { entryPromise = null; });
    }
    return entryPromise;
  }

  /* One index file, fetched once; `missingOk`: a file that is absent reads as null. */
  function load(entry, name, missingOk) {
    var url = entry.base + name;
    if (!files.has(url)) {
      var promise = fetch(url).then(function (response) {
        if (response.status === 404) notFound++;
        if (missingOk && response.status === 404) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      promise.catch(function () { files.delete(url); });
      files.set(url, promise);
    }
    return files.get(url);
  }

  /* Lower case, marks removed, đ as d: how two spellings are compared. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }

  /* The spelling whatever the tone placement: letters with vowel marks, `~`, tone marks. */
  function variant(token) {
    var letters = "";
    var tones = "";
    var decomposed = token.normalize("NFD");
    for (var i = 0; i < decomposed.length; i++) {
      var c = decomposed[i];
      if (TONES[c]) tones += TONES[c];
      else letters += c;
    }
    letters = letters.normalize("NFC");
    return tones ? letters + "~" + tones : letters;
  }

  function fileKey(prefix) {
    if (/^[a-z0-9]+$/.test(prefix)) return prefix;
    var hex = "";
    new TextEncoder().encode(prefix).forEach(function (b) {
      hex += (b < 16 ? "0" : "") + b.toString(16);
    });
    return "x" + hex;
  }

  /* The words of a query, as the index keeps them (see tokens() in search_index.py): a chunk of
     several words joined by punctuation (`115/QĐ-UBND`) is one word, with its parts to fall
     back on when the index has no such chunk. */
  function queryWords(query, maxToken) {
    var words = [];
    var seen = new Set();
    query.normalize("NFC").toLowerCase().split(/\s+/).forEach(function (chunk) {
      var parts = (chunk.match(WORD) || []).map(function (p) { return p.slice(0, maxToken); });
      if (!parts.length) return;
      var joined = parts.length > 1 && parts.length <= 5 && /\p{L}/u.test(chunk);
      var candidates = joined ? [{ text: parts.join("").slice(0, maxToken), parts: parts }]
                              : parts.map(function (p) { return { text: p, parts: null }; });
      candidates.forEach(function (word) {
        var key = variant(word.text);
        if (seen.has(key)) return;
        seen.add(key);
        word.folded = fold(word.text);
        word.variant = key;
        word.marked = key !== word.folded;
        words.push(word);
      });
    });
    return words;
  }

  /* The index words that stand for `word`: the word itself, and if `prefix`, the most frequent
     words it starts. Each is {token, df, file}. */
  function lookup(entry, word, prefix) {
    var folded = word.folded;
    var key = folded.slice(0, entry.prefix);
    return load(entry, "w/" + fileKey(key) + ".json", true).then(function (shard) {
      if (!shard) return [];
      var rows = shard.t.map(function (row) {
        return { token: row[0], df: row[1], file: fileKey(key) + "." + row[2] };
      });
      if (folded.length < entry.prefix && shard.top) {
        rows = rows.concat(shard.top.map(function (row) {
          return { token: row[0], df: row[1], file: row[2] };
        }));
      }
      var exact = rows.filter(function (row) { return row.token === folded; });
      if (!prefix && exact.length) return exact;
      var longer = rows.filter(function (row) {
        return row.token !== folded && row.token.indexOf(folded) === 0;
      });
      longer.sort(function (a, b) { return b.df - a.df || (a.token < b.token ? -1 : 1); });
      return exact.concat(longer).slice(0, COMPLETIONS);
    });
  }

  /* A postings string -> [[doc id, weight], ...]; see encode_postings() in search_index.py. */
  function decode(text) {
    var out = [];
    var doc = -1;
    var i = 0;
    while (i < text.length) {
      var gap = 0;
      var shift = 0;
      var digit;
      do {
        digit = B64.indexOf(text[i++]);
        gap += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit & 32);
      doc += gap + 1;
      out.push([doc, B64.indexOf(text[i++])]);
    }
    return out;
  }

  function idf(entry, df) {
    return Math.log(1 + (entry.docs - df + 0.5) / (df + 0.5));
  }

  /* Does the index spelling `have` match the typed `want`? A completion only has to start with
     the typed letters and tones. */
  function sameSpelling(want, have, completion) {
    if (!completion) return want === have;
    var w = want.split("~");
    var h = have.split("~");
    return h[0].indexOf(w[0]) === 0 && (h[1] || "").indexOf(w[1] || "") === 0;
  }

  /* doc id -> score of one query word: on each page, the best of its index words and their
     spellings counts, once (the exact spelling before another spelling of the same folded word,
     both before a completion of a half-typed word), so that words folding alike (hộ, hỗ, họ) or
     a word's completions never add up. */
  function wordScores(entry, word, terms) {
    return Promise.all(terms.map(function (term) {
      return load(entry, "p/" + term.file + ".json", false);
    })).then(function (buckets) {
      var scores = new Map();
      terms.forEach(function (term, t) {
        var spellings = buckets[t][term.token] || {};
        var completion = term.token !== word.folded;
        var weight = idf(entry, term.df) * (completion ? COMPLETION_FACTOR : 1);
        Object.keys(spellings).forEach(function (spelling) {
          var exact = word.marked && sameSpelling(word.variant, spelling, completion);
          decode(spellings[spelling]).forEach(function (posting) {
            var w = (posting[1] & 31) + (posting[1] & 32 ? TITLE_WEIGHT : 0);
            var score = weight * w * (exact ? EXACT_FACTOR : 1);
            if (score > (scores.get(posting[0]) || 0)) scores.set(posting[0], score);
          });
        });
      });
      return scores;
    });
  }

  /* Which pairs file holds two words side by side: FNV-1a of their UTF-8 bytes, as
     pair_bucket() in search_index.py computes it. */
  function pairBucket(pair, buckets) {
    var hash = 0x811c9dc5;
    new TextEncoder().encode(pair).forEach(function (byte) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    });
    return hash % buckets;
  }

  /* doc id -> bonus for the query's adjacent words found side by side on the page, over every
     page found (a half-typed last word counts once it is a whole word of the index). */
  function pairScores(entry, units) {
    var wanted = [];
    for (var i = 0; i + 1 < units.length; i++) {
      var next = units[i + 1];
      var whole = next.terms.some(function (term) { return term.token === next.word.folded; });
      if (whole) wanted.push(units[i].word.folded + " " + next.word.folded);
    }
    if (!entry.pairs || !wanted.length) return Promise.resolve(new Map());
    return Promise.all(wanted.map(function (pair) {
      return load(entry, "q/" + pairBucket(pair, entry.pairs) + ".json", false);
    })).then(function (files) {
      var bonus = new Map();
      wanted.forEach(function (pair, i) {
        var docs = decode(files[i][pair] || "");
        var weight = PAIR_WEIGHT * idf(entry, docs.length);
        docs.forEach(function (posting) {
          bonus.set(posting[0], (bonus.get(posting[0]) || 0) + weight);
        });
      });
      return bonus;
    });
  }

  /* The index words of every query word (the last one half-typed if `lastIsPrefix`); a joined
     word the index lacks falls back to its parts. Resolves to [{word, terms}], terms empty for
     a word found nowhere. */
  function resolve(entry, words, lastIsPrefix) {
    return Promise.all(words.map(function (word, i) {
      var prefix = lastIsPrefix && i === words.length - 1;
      return lookup(entry, word, prefix).then(function (terms) {
        if (terms.length || !word.parts) return [{ word: word, terms: terms }];
        return resolve(entry, queryWords(word.parts.join(" "), entry.maxToken), prefix);
      });
    })).then(function (lists) {
      return [].concat.apply([], lists);
    });
  }

  /* The documents that pass the chosen filters, or null for no filter. */
  function filtered(entry, filters) {
    var keys = Object.keys(filters);
    if (!keys.length) return Promise.resolve(null);
    return load(entry, "facets.json", false).then(function (facets) {
      var wanted = keys.map(function (key) {
        var facet = facets[key] || { values: [], docs: [] };
        return { docs: facet.docs, index: facet.values.indexOf(filters[key].normalize("NFC")) };
      });
      var pass = new Set();
      for (var doc = 0; doc < entry.docs; doc++) {
        if (wanted.every(function (w) { return w.index >= 0 && w.docs[doc] === w.index; })) {
          pass.add(doc);
        }
      }
      return pass;
    });
  }

  /* Results for `query` (and filters), each with its result file loaded, best first.
     Returns {results, total, missing, words}: `missing` is a word no page contains. */
  function search(query, filters, limit) {
    var before = notFound;
    function again() {
      return republished().then(function (changed) {
        return changed ? searchOnce(query, filters, limit) : null;
      }, function () { return null; });
    }
    return searchOnce(query, filters, limit).then(
      function (answer) {
        if (!answer.missing || notFound === before) return answer;
        return again().then(function (fresh) { return fresh || answer; });
      },
      function (error) {
        return again().then(function (fresh) {
          if (!fresh) throw error;
          return fresh;
        });
      }
    );
  }

  /* Was the portal rebuilt since this page loaded its index? A rebuilt portal's index lives
     under a new name and the old one is gone; then everything is loaded again. */
  function republished() {
    var old = entryPromise;
    if (!old) return Promise.resolve(false);
    return old.then(function (entry) {
      entryPromise = null;
      return loadEntry().then(function (now) {
        var changed = (now && now.version) !== (entry && entry.version);
        if (changed) files.clear();
        return changed;
      });
    }, function () { return false; });
  }

  function searchOnce(query, filters, limit) {
    return loadEntry().then(function (entry) {
      var none = { results: [], total: 0, missing: null, words: [] };
      if (!entry) return none;
      var words = queryWords(query, entry.maxToken);
      var texts = words.map(function (w) { return w.text; });
      none.words = texts;
      if (!words.length && !Object.keys(filters).length) return none;
      var found = [resolve(entry, words, true), filtered(entry, filters)];
      return Promise.all(found).then(function (got) {
        var units = got[0];
        var allowed = got[1];
        var missing = units.filter(function (unit) { return !unit.terms.length; })[0];
        if (missing) {
          return { results: [], total: 0, missing: missing.word.text, words: texts };
        }
        return Promise.all([
          Promise.all(units.map(function (unit) {
            return wordScores(entry, unit.word, unit.terms);
          })),
          pairScores(entry, units),
        ]).then(function (scored) {
          var ranked = rank(entry, scored[0], scored[1], allowed);
          return Promise.all(ranked.slice(0, limit).map(function (doc) {
            return load(entry, "f/" + doc + ".json", false);
          })).then(function (shown) {
            var all = units.map(function (unit) { return unit.word.text; });
            return { results: shown, total: ranked.length, missing: null,
                     words: all };
          });
        });
      });
    });
  }

  /* Documents found by every word (and passing the filters), by total score (the words'
     scores and the bonus of the words found side by side), then newest first (document ids
     are numbered newest first). */
  function rank(entry, perWord, pairBonus, allowed) {
    var docs;
    if (!perWord.length) {
      docs = Array.from(allowed || []).sort(function (a, b) { return a - b; });
      return docs;
    }
    var smallest = perWord.slice().sort(function (a, b) { return a.size - b.size; })[0];
    var scored = [];
    smallest.forEach(function (_, doc) {
      if (allowed && !allowed.has(doc)) return;
      var total = 0;
      for (var i = 0; i < perWord.length; i++) {
        var score = perWord[i].get(doc);
        if (score === undefined) return;
        total += score;
      }
      scored.push([doc, total + (pairBonus.get(doc) || 0)]);
    });
    scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return scored.map(function (pair) { return pair[0]; });
  }

  function compact(word) {
    return fold(word).replace(/[^\p{L}\p{N}]/gu, "");
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The passage of the page's text with the most query words in it. */
  function excerpt(text, words) {
    var tokens = text.split(/\s+/).filter(Boolean);
    var terms = words.map(compact);
    var hits = tokens.map(function (token) {
      var folded = compact(token);
      // Earlier words are whole words; the last one may still be being typed.
      for (var t = 0; t < terms.length; t++) {
        var last = t === terms.length - 1;
        if (terms[t] && (last ? folded.indexOf(terms[t]) === 0 : folded === terms[t])) return t;
      }
      return -1;
    });
    var best = 0;
    var bestScore = -1;
    for (var start = 0; start < Math.max(1, tokens.length - EXCERPT_WORDS + 1); start++) {
      var seen = new Set();
      var count = 0;
      for (var k = start; k < Math.min(tokens.length, start + EXCERPT_WORDS); k++) {
        if (hits[k] >= 0) { seen.add(hits[k]); count++; }
      }
      var score = seen.size * 100 + count;
      if (score > bestScore) { bestScore = score; best = start; }
      if (hits[start] >= 0 && seen.size === terms.length) break;
    }
    // Start a few words before the passage's first hit, not at the start of the page's table.
    var first = best;
    while (first < tokens.length - 1 && hits[first] < 0) first++;
    var from = Math.max(0, first - 3);
    var parts = [];
    for (var j = from; j < Math.min(tokens.length, from + EXCERPT_WORDS); j++) {
      var word = escapeHtml(tokens[j]);
      parts.push(hits[j] >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return (from > 0 ? "… " : "") + parts.join(" ") + (from + EXCERPT_WORDS < tokens.length ? " …" : "");
  }

  function resultItem(data, words) {
    var li = document.createElement("li");
    li.className = "md-search-result__item ck-result";
    var facts = [data.k, data.n, data.d].filter(Boolean).map(escapeHtml);
    li.innerHTML =
      '<a class="md-search-result__link" href="' + escapeHtml(new URL(data.u, root).href) + '">' +
      '<article class="md-search-result__article md-typeset">' +
      '<h2 class="ck-result__title">' + escapeHtml(data.t || data.u) + "</h2>" +
      '<p class="ck-result__facts">' + facts.join(" · ") + "</p>" +
      '<p class="ck-result__excerpt">' + excerpt(data.x || "", words) + "</p>" +
      "</article></a>";
    return li;
  }

  function statusText(answer, shown) {
    if (answer.missing) {
      return "Không có trang nào chứa “" + answer.missing + "”. Thử bỏ từ đó, hoặc gõ ngắn hơn.";
    }
    if (!answer.total) return "Không tìm thấy trang nào phù hợp.";
    if (shown < answer.total) return "Tìm thấy " + answer.total + " trang; đang hiện " + shown + ".";
    return "Tìm thấy " + answer.total + " trang.";
  }

  /* One search area: an input, optional filter selects, a status line and a result list. */
  function attach(area) {
    var mode = area.getAttribute("data-ck-search");
    var input = area.querySelector("[data-ck-search-input]");
    var list = area.querySelector("[data-ck-search-list]");
    var status = area.querySelector("[data-ck-search-status]");
    var selects = Array.prototype.slice.call(area.querySelectorAll("[data-ck-filter]"));
    var fixedType = area.getAttribute("data-ck-fixed-loai");
    var limit = mode === "header" ? SHOWN_IN_HEADER : PAGE_SIZE;
    var timer = null;
    var serial = 0;
    var initialStatus = status.innerHTML;

    function filters() {
      var chosen = {};
      if (fixedType) chosen.loai = fixedType;
      selects.forEach(function (select) {
        if (select.value) chosen[select.getAttribute("data-ck-filter")] = select.value;
      });
      return chosen;
    }

    function run() {
      var query = input.value;
      var chosen = filters();
      var mine = ++serial;
      area.setAttribute("data-ck-state", "searching");
      if (!/[\p{L}\p{N}]/u.test(query) && Object.keys(chosen).length <= (fixedType ? 1 : 0)) {
        list.innerHTML = "";
        status.innerHTML = initialStatus;
        area.setAttribute("data-ck-state", "idle");
        return;
      }
      search(query, chosen, limit).then(
        function (answer) {
          if (mine !== serial) return;
          list.innerHTML = "";
          answer.results.forEach(function (data) {
            list.appendChild(resultItem(data, answer.words));
          });
          status.textContent = statusText(answer, answer.results.length);
          if (mode === "header" && answer.total > answer.results.length) {
            var more = document.createElement("li");
            more.className = "md-search-result__item ck-result--more";
            more.innerHTML = '<a class="md-search-result__link" href="' +
              escapeHtml(new URL("tim-kiem/?q=" + encodeURIComponent(query), root).href) +
              '">Xem tất cả ' + answer.total + " kết quả</a>";
            list.appendChild(more);
          }
          if (mode === "page") {
            var params = new URLSearchParams();
            if (query) params.set("q", query);
            Object.keys(chosen).forEach(function (key) { params.set(key, chosen[key]); });
            history.replaceState(null, "", "?" + params.toString());
          }
          area.setAttribute("data-ck-query", query);
          area.setAttribute("data-ck-state", "done");
        },
        function () {
          if (mine !== serial) return;
          status.innerHTML = 'Chưa tìm được: không tải được chỉ mục tìm kiếm (mất sóng?). Thử lại sau, hoặc ' +
            'xem <a href="' + escapeHtml(new URL("tim-kiem/", root).href) + '">các danh mục</a>.';
          area.setAttribute("data-ck-state", "error");
        }
      );
    }

    function later() {
      serial++;  // a search still under way is for text the resident has since changed
      area.setAttribute("data-ck-state", "searching");
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    input.addEventListener("input", later);
    input.addEventListener("focus", function () { loadEntry().catch(function () {}); });
    selects.forEach(function (select) { select.addEventListener("change", run); });
    var form = input.form;
    if (form && mode !== "header") {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        run();
      });
    }
    if (form) {
      form.addEventListener("reset", function () { setTimeout(run, 0); });
    }
    keyboard(area, input, list);
    area.hidden = false;

    if (mode === "page") {
      var params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      selects.forEach(function (select) {
        var wanted = params.get(select.getAttribute("data-ck-filter"));
        if (wanted) select.value = wanted;
      });
      run();
    } else if (mode === "documents" && selects.some(function (s) { return s.value; })) {
      run();
    }
  }

  /* Arrow keys move between the results and back to the box; Escape closes the header box. */
  function keyboard(area, input, list) {
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }
    area.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(all.length - 1, at + 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else all[at - 1].focus();
      }
    });
  }

  /* The header box opens Material's search overlay (its CSS toggle) while in use. */
  function headerToggle(area) {
    var toggle = document.getElementById("__search");
    var input = area.querySelector("[data-ck-search-input]");
    if (!toggle) return;
    function open(on) {
      if (toggle.checked !== on) toggle.checked = on;
    }
    input.addEventListener("focus", function () { open(true); });
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        open(false);
        input.blur();
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") &&
          !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open(true);
        input.focus();
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-ck-nojs]").forEach(function (node) { node.hidden = true; });
    document.querySelectorAll("[data-ck-search]").forEach(function (area) {
      attach(area);
      if (area.getAttribute("data-ck-search") === "header") headerToggle(area);
    });
  }

  window.congkhaiSearch = {
    search: search,
    fold: fold,
    variant: variant,
    queryWords: function (query) {
      return queryWords(query, 40).map(function (w) { return w.text; });
    },
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
