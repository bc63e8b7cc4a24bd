/* Offline full-text search over static/search-index.js (works from file:// too).
   Results are built from DOM nodes and textContent only. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function snippet(text, word) {
    var at = fold(text).indexOf(word);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "… " : "") + text.slice(start, at + word.length + 80) + " …";
  }

  function search(query, index) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    return index.filter(function (entry) {
      var haystack = fold(entry.title + " " + entry.text);
      return words.every(function (word) { return haystack.indexOf(word) !== -1; });
    }).map(function (entry) { return { entry: entry, word: words[0] }; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".search-form");
    var input = document.getElementById("search-input");
    var list = document.querySelector(".search-results");
    var status = document.querySelector(".search-status");
    var index = window.VARIORUM_SEARCH || [];
    function run() {
      var hits = search(input.value, index);
      while (list.firstChild) { list.removeChild(list.firstChild); }
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hit.entry.href;
        link.textContent = hit.entry.title;
        var text = document.createElement("p");
        text.textContent = snippet(hit.entry.text, hit.word);
        item.appendChild(link);
        item.appendChild(text);
        list.appendChild(item);
      });
      status.textContent = input.value.trim() ? hits.length + " document(s) found" : "";
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; run(); }
  });
}());
