/* Offline full-text search over static/search/part-N.js and static/search-forms.js (works from file:// too).
   The index is loaded when the reader first turns to the search field (or the page is opened with ?q=), not with
   the page, part by part (static/search/manifest.js names them), the results shown as each part arrives: an
   edition of 10,000 documents opens at once and answers within a part's loading. A word finds the documents that contain it, and those
   naming an entity one of whose register forms it is ("Peking" finds the letters that write "Beijing").
   Results are built from DOM nodes and textContent only; the words found are marked (<mark>). */
(function () {
  "use strict";

  var SHOWN = 200;  /* results listed at most (the status says how many were found) */
  var CONTEXT = 60;  /* characters before the first word found */

  function fold(text) {
    if (!/[^\x00-\x7f]/.test(text)) { return text.toLowerCase(); }
    return text.normalize("NFC").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The folded text, with where each of its characters is in the text (null when folding kept the length). */
  function folded(text) {
    var whole = fold(text);
    if (whole.length === text.length) { return { text: whole, at: null }; }
    var parts = [], at = [];
    for (var i = 0; i < text.length; i++) {
      var piece = fold(text[i]);
      parts.push(piece);
      for (var j = 0; j < piece.length; j++) { at.push(i); }
    }
    return { text: parts.join(""), at: at };
  }
  function original(fold, index) { return fold.at ? (index < fold.at.length ? fold.at[index] : fold.at.length) : index; }

  function tokens(text) { return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  /* The index: documents (part by part, as they load), and each register entity's forms with the documents naming it. */
  var documents = [], entities = [], state = "idle", listeners = [];
  function take(entries) {
    entries.forEach(function (entry) {
      documents.push({ entry: entry, title: fold(entry.title + " " + (entry.date || "")), text: null });
    });
  }
  function takeForms() {
    entities = (window.VARIORUM_FORMS || []).map(function (entity) {
      var all = [];
      entity.forms.forEach(function (form) { all = all.concat(tokens(form)); });
      var ids = {};
      entity.documents.forEach(function (id) { ids[id] = true; });
      return { forms: entity.forms, folded: entity.forms.map(fold), tokens: all, documents: ids };
    });
  }
  function script(src, then) {
    var element = document.createElement("script");
    element.src = src;
    element.addEventListener("load", then);
    element.addEventListener("error", then);
    document.head.appendChild(element);
  }
  /* Load the forms, then the parts one after another; each listener hears of every part loaded (state "done" at the end). */
  function load(listener) {
    if (listener && listeners.indexOf(listener) === -1) { listeners.push(listener); }
    if (state !== "idle") { if (listener && state === "done") { listener(); } return; }
    state = "loading";
    var form = document.querySelector(".search-form");
    var folder = form.getAttribute("data-index") || "";
    var parts = ((window.VARIORUM_SEARCH_MANIFEST || {}).parts || []).slice();
    window.VARIORUM_SEARCH_PARTS = window.VARIORUM_SEARCH_PARTS || [];
    function tell() { listeners.forEach(function (callback) { callback(); }); }
    function next() {
      window.VARIORUM_SEARCH_PARTS.splice(0).forEach(take);
      if (!parts.length) { state = "done"; tell(); return; }
      if (documents.length) { tell(); }
      script(folder + parts.shift(), next);
    }
    script(form.getAttribute("data-forms"), function () { takeForms(); next(); });
  }
  function total() { return (window.VARIORUM_SEARCH_MANIFEST || {}).documents || documents.length; }

  /* Each word of the query with the entities it is a form of (a whole word of one of their forms). */
  function terms(query) {
    var query_folded = fold(query).trim();
    return tokens(query).map(function (word) {
      return {
        word: word,
        entities: entities.filter(function (entity) {
          return entity.tokens.indexOf(word) !== -1 || entity.folded.indexOf(query_folded) !== -1;
        })
      };
    });
  }

  /* The documents from `from` on that hold every word wanted (or name an entity it is a form of). */
  function search(wanted, from) {
    if (!wanted.length) { return []; }
    var hits = [];
    documents.slice(from).forEach(function (doc) {
      var marks = [];
      var every = wanted.every(function (term) {
        var found = false;
        if (doc.title.indexOf(term.word) !== -1) { found = true; }
        if (doc.text === null) { doc.text = folded(doc.entry.text); }
        if (doc.text.text.indexOf(term.word) !== -1) { found = true; marks.push(term.word); }
        term.entities.forEach(function (entity) {
          if (entity.documents[doc.entry.id]) {
            found = true;
            entity.folded.forEach(function (form) { if (doc.text.text.indexOf(form) !== -1) { marks.push(form); } });
          }
        });
        return found;
      });
      if (every) { hits.push({ doc: doc, marks: marks }); }
    });
    return hits;
  }

  /* Where the words found are in the folded text: [start, end) ranges, sorted, not overlapping. */
  function ranges(text, marks) {
    var found = [];
    marks.forEach(function (mark) {
      for (var at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + mark.length)) { found.push([at, at + mark.length]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) { last[1] = Math.max(last[1], range[1]); } else { merged.push(range.slice()); }
    });
    return merged;
  }

  /* A snippet of the text around the first word found, starting and ending at word boundaries, the words marked. */
  function snippet(hit) {
    var text = hit.doc.entry.text, folding = hit.doc.text;
    var found = ranges(folding.text, hit.marks).map(function (r) { return [original(folding, r[0]), original(folding, r[1])]; });
    var first = found.length ? found[0][0] : 0;
    var start = 0;
    if (first > CONTEXT) {
      start = text.lastIndexOf(" ", first - CONTEXT);
      start = start === -1 ? 0 : start + 1;
      if (start > first) { start = first; }
    }
    var end = Math.min(text.length, (found.length ? found[0][1] : 0) + 2 * CONTEXT);
    if (end < text.length) {
      var space = text.indexOf(" ", end);
      end = space === -1 ? text.length : space;
    }
    var paragraph = document.createElement("p");
    paragraph.className = "snippet";
    if (start > 0) { paragraph.appendChild(document.createTextNode("… ")); }
    var at = start;
    found.forEach(function (range) {
      if (range[0] < at || range[1] > end) { return; }
      paragraph.appendChild(document.createTextNode(text.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      paragraph.appendChild(mark);
      at = range[1];
    });
    paragraph.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return paragraph;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".search-form");
    var input = document.getElementById("search-input");
    var list = document.querySelector(".search-results");
    var status = document.querySelector(".search-status");
    /* The search under way: its query, how many documents it has read, what it found (a part loaded adds to it). */
    var current = { query: null, read: 0, hits: [], wanted: [] };
    function item(hit) {
      var element = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.doc.entry.href;
      link.textContent = hit.doc.entry.title;
      element.appendChild(link);
      if (hit.doc.entry.date) {
        var date = document.createElement("span");
        date.className = "search-date";
        date.textContent = ", " + hit.doc.entry.date;
        element.appendChild(date);
      }
      element.appendChild(snippet(hit));
      return element;
    }
    function show() {
      var query = input.value;
      if (query !== current.query || !query.trim() || !documents.length) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        current = { query: null, read: 0, hits: [], wanted: [] };
      }
      if (!query.trim()) { status.textContent = ""; return; }
      if (!documents.length) { status.textContent = "Loading the index …"; return; }
      if (current.query === null) { current = { query: query, read: 0, hits: [], wanted: terms(query) }; }
      var found = search(current.wanted, current.read);
      current.read = documents.length;
      found.forEach(function (hit) {
        current.hits.push(hit);
        if (list.children.length < SHOWN) { list.appendChild(item(hit)); }
      });
      var hits = current.hits;
      status.textContent = hits.length + " document(s) found" + (hits.length > SHOWN ? ", the first " + SHOWN + " listed" : "")
        + (state === "done" ? "" : " (" + documents.length + " of " + total() + " documents searched)");
    }
    var timer = null;
    function run() {
      window.clearTimeout(timer);
      timer = null;
      if (state !== "done") { status.textContent = "Loading the index …"; }
      load();
      show();
    }
    /* Results as the parts of the index arrive: shown again when the reader is searching. */
    function loaded() {
      if (input.value.trim()) { show(); }
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("focus", function () { load(loaded); });
    input.addEventListener("input", function () {
      load(loaded);
      window.clearTimeout(timer);
      timer = window.setTimeout(run, documents.length > 2000 ? 150 : 0);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; load(loaded); run(); }
  });
}());
