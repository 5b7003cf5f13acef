/* congkhai search: the header box, the /tim-kiem/ page and the document search of /van-ban/, all
   over one Pagefind index (built by generator/search_index.py), through `search()` below.

   What it adds to Pagefind, for how residents type:
   - the query is normalised to NFC first (decomposed input, the legacy "tổ hợp" form);
   - every word must match: Pagefind drops a word that matches nothing, so `dat dai` could
     return a page that only says "dài"; here each word is looked up on its own and a page is
     kept only if every word found it;
   - đ typed as d is matched by the folded copy the index holds of every word with đ; the copy
     follows FOLDED_MARK in a page's text and never shows in an excerpt;
   - the excerpt is cut and highlighted here, with the same folding (tones, vowel marks, đ),
     so `ho ngheo` highlights "hộ nghèo". */
(function () {
  "use strict";

  var FOLDED_MARK = "\u2042";
  // A phone shows about five results; each shown result downloads its page's text.
  var SHOWN_IN_HEADER = 5;
  var PAGE_SIZE = 20;
  var EXCERPT_WORDS = 32;
  var DEBOUNCE_MS = 150;

  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);
  var pagefindPromise = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // No web worker: it would download a second copy of Pagefind's code (12 kB) for searches
        // that take milliseconds on the main thread.
        var settings = { baseUrl: root.pathname, excerptLength: EXCERPT_WORDS, noWorker: true };
        return pf.options(settings).then(function () {
          return pf;
        });
      });
    }
    return pagefindPromise;
  }

  /* Lower case, NFC, tone and vowel marks removed, đ as d: how two spellings are compared. */
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase();
  }

  /* The index word of one filter value; the same FNV-1a hash as filter_word() in
     generator/search_index.py (Pagefind's own filters are not byte-identical between builds). */
  function filterWord(key, value) {
    var bytes = new TextEncoder().encode((key + "=" + value).normalize("NFC"));
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return "ckf" + ("0000000" + hash.toString(16)).slice(-8);
  }

  function queryWords(query) {
    return query
      .normalize("NFC")
      .split(/\s+/)
      .filter(function (word) {
        return /[\p{L}\p{N}]/u.test(word);
      });
  }

  /* The forms a page's word can be found by: the whole word and every tail of its parts, so
     `245/QĐ-UBND` is found by `245/qd`, `qđ-ubnd` and `ubnd`. */
  function wordForms(token) {
    var parts = fold(token).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var forms = [];
    for (var i = 0; i < parts.length; i++) forms.push(parts.slice(i).join(""));
    return forms;
  }

  function compact(word) {
    return fold(word).replace(/[^\p{L}\p{N}]/gu, "");
  }

  /* Pagefind, finding no word that starts with a query word, falls back to a shorter word that
     the query word starts with (`15/qđ` to `15`); a page is only a result if each query word
     starts one of its words. */
  function containsAll(data, words) {
    var forms = new Set();
    (data.content || "").split(/\s+/).forEach(function (token) {
      wordForms(token).forEach(function (form) { forms.add(form); });
    });
    var list = Array.from(forms);
    return words.every(function (word) {
      var wanted = compact(word);
      return list.some(function (form) { return form.indexOf(wanted) === 0; });
    });
  }

  /* Results for `query` (and filters), each with its page data loaded, best first.
     Returns {results, total, missing, words}: `missing` is a word no page contains. */
  function search(query, filters, limit) {
    var words = queryWords(query);
    return loadPagefind().then(function (pf) {
      if (!words.length && !Object.keys(filters).length) {
        return { results: [], total: 0, missing: null, words: words };
      }
      var filterWords = Object.keys(filters).sort().map(function (key) {
        return filterWord(key, filters[key]);
      });
      var whole = pf.search(words.concat(filterWords).join(" "));
      var single = words.length > 1 ? words.map(function (word) { return pf.search(word); }) : [];
      return Promise.all([whole].concat(single)).then(function (answers) {
        var candidates = answers[0].results;
        for (var i = 1; i < answers.length; i++) {
          if (!answers[i].results.length) {
            return { results: [], total: 0, missing: words[i - 1], words: words };
          }
          var ids = new Set(answers[i].results.map(function (r) { return r.id; }));
          candidates = candidates.filter(function (r) { return ids.has(r.id); });
        }
        return verified(candidates, words, limit).then(function (found) {
          found.words = words;
          if (!found.total && words.length === 1) found.missing = words[0];
          return found;
        });
      });
    });
  }

  /* The longest run of query words, in order, that the page's own text has side by side. */
  function phraseRun(data, words) {
    var tokens = (data.content || "").split(FOLDED_MARK)[0].split(/\s+/).map(compact);
    var terms = words.map(compact);
    var best = 0;
    for (var i = 0; i < tokens.length; i++) {
      for (var t = 0; t < terms.length; t++) {
        var run = 0;
        while (t + run < terms.length && i + run < tokens.length && terms[t + run] &&
               tokens[i + run].indexOf(terms[t + run]) === 0) run++;
        if (run > best) best = run;
      }
    }
    return best;
  }

  /* Pagefind ranks words, not phrases: among the results shown, pages that have the query's
     words side by side (`xã hội hoá`) come before pages that have them apart. */
  function byPhrase(results, words) {
    if (words.length < 2) return results;
    var runs = new Map(results.map(function (page) { return [page, phraseRun(page, words)]; }));
    return results.slice().sort(function (a, b) { return runs.get(b) - runs.get(a); });
  }

  /* Load candidates in batches until `limit` pass; while every page checked passes, Pagefind's
     own count is exact, otherwise every candidate is checked to count the results. */
  function verified(candidates, words, limit) {
    var kept = [];
    var checked = 0;
    var rejected = 0;
    function next() {
      var enough = kept.length >= limit && (rejected === 0 || checked >= candidates.length);
      if (enough || checked >= candidates.length) {
        var total = rejected === 0 ? candidates.length : kept.length;
        var shown = byPhrase(kept.slice(0, limit), words);
        return Promise.resolve({ results: shown, total: total, missing: null });
      }
      var batch = candidates.slice(checked, checked + limit);
      checked += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
        data.forEach(function (page) {
          if (!words.length || containsAll(page, words)) kept.push(page);
          else rejected++;
        });
        return next();
      });
    }
    return next();
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The passage of the page's own text (not its folded copy) with the most query words in it. */
  function excerpt(content, words) {
    var text = content.split(FOLDED_MARK)[0];
    var tokens = text.split(/\s+/).filter(Boolean);
    var terms = words.map(fold).map(function (w) { return w.replace(/[^\p{L}\p{N}]/gu, ""); });
    var hits = tokens.map(function (token) {
      var folded = fold(token).replace(/[^\p{L}\p{N}]/gu, "");
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
    var from = Math.max(0, best - 3);
    var parts = [];
    for (var j = from; j < Math.min(tokens.length, from + EXCERPT_WORDS); j++) {
      var word = escapeHtml(tokens[j]);
      parts.push(hits[j] >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return (from > 0 ? "… " : "") + parts.join(" ") + (from + EXCERPT_WORDS < tokens.length ? " …" : "");
  }

  function resultItem(data, words) {
    var meta = data.meta || {};
    var li = document.createElement("li");
    li.className = "md-search-result__item ck-result";
    var facts = [meta.loai, meta["so-ky-hieu"], meta.ngay].filter(Boolean).map(escapeHtml);
    li.innerHTML =
      '<a class="md-search-result__link" href="' + escapeHtml(data.url) + '">' +
      '<article class="md-search-result__article md-typeset">' +
      '<h2 class="ck-result__title">' + escapeHtml(meta.title || data.url) + "</h2>" +
      '<p class="ck-result__facts">' + facts.join(" · ") + "</p>" +
      '<p class="ck-result__excerpt">' + excerpt(data.content || "", words) + "</p>" +
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
      if (!queryWords(query).length && Object.keys(chosen).length <= (fixedType ? 1 : 0)) {
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
          status.innerHTML = 'Chưa tìm được (trang đang mở không qua máy chủ web, hoặc mạng lỗi). ' +
            'Xem <a href="' + escapeHtml(new URL("tim-kiem/", root).href) + '">các danh mục</a>.';
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
    input.addEventListener("focus", function () { loadPagefind().catch(function () {}); });
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

  window.congkhaiSearch = { search: search, fold: fold, filterWord: filterWord };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
