/* Offline full-text search over static/search-index.js and static/search-forms.js (works from file:// too).
   The index is loaded when the reader first turns to the search field (or the page is opened with ?q=), not with
   the page: an edition of 10,000 documents opens at once. A word finds the documents that contain it, and those
   naming an entity one of whose register forms it is ("Peking" finds the letters that write "Beijing").
   Results are built from DOM nodes and textContent only; the words found are marked (<mark>). */
(function () {
  "use strict";

  var SHOWN = 200;  /* results listed at most (the status says how many were found) */
  var CONTEXT = 60;  /* characters before the first word found */

  function fold(text) {
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

  /* The index: documents, and each register entity's forms with the documents naming it. */
  var documents = null, entities = [], loading = null, pending = [];
  function prepare() {
    documents = (window.VARIORUM_SEARCH || []).map(function (entry) {
      return { entry: entry, title: fold(entry.title + " " + (entry.date || "")), text: null };
    });
    entities = (window.VARIORUM_FORMS || []).map(function (entity) {
      var all = [];
      entity.forms.forEach(function (form) { all = all.concat(tokens(form)); });
      var ids = {};
      entity.documents.forEach(function (id) { ids[id] = true; });
      return { forms: entity.forms, folded: entity.forms.map(fold), tokens: all, documents: ids };
    });
  }
  function load(then) {
    if (documents) { then(); return; }
    pending.push(then);
    if (loading) { return; }
    var files = (document.querySelector(".search-form").getAttribute("data-index") || "").split(/\s+/).filter(Boolean);
    loading = true;
    function next() {
      if (!files.length) {
        prepare();
        pending.splice(0).forEach(function (callback) { callback(); });
        return;
      }
      var script = document.createElement("script");
      script.src = files.shift();
      script.addEventListener("load", next);
      script.addEventListener("error", next);
      document.head.appendChild(script);
    }
    next();
  }

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

  function search(query) {
    var wanted = terms(query);
    if (!wanted.length) { return []; }
    var hits = [];
    documents.forEach(function (doc) {
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
    function show() {
      var query = input.value;
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!query.trim()) { status.textContent = ""; return; }
      var hits = search(query);
      hits.slice(0, SHOWN).forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hit.doc.entry.href;
        link.textContent = hit.doc.entry.title;
        item.appendChild(link);
        if (hit.doc.entry.date) {
          var date = document.createElement("span");
          date.className = "search-date";
          date.textContent = ", " + hit.doc.entry.date;
          item.appendChild(date);
        }
        item.appendChild(snippet(hit));
        list.appendChild(item);
      });
      status.textContent = hits.length + " document(s) found" + (hits.length > SHOWN ? ", the first " + SHOWN + " listed" : "");
    }
    var timer = null;
    function run() {
      if (!documents) { status.textContent = "Loading the index …"; }
      load(function () { window.clearTimeout(timer); timer = null; show(); });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, documents && documents.length > 2000 ? 150 : 0);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; run(); }
  });
}());
