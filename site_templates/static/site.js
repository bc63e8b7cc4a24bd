/* variorum web edition: the orig/reg switch, apparatus pop-ups, the witness view, the facsimile viewer.
   Document text is only ever moved with DOM nodes and textContent, never innerHTML. */
(function () {
  "use strict";

  /* The spelling switch: as in the witness (orig) or regularised (reg). */
  function setupReadingSwitch() {
    document.querySelectorAll('input[name="reading"]').forEach(function (input) {
      input.addEventListener("change", function () {
        document.body.classList.toggle("reading-reg", input.value === "reg" && input.checked);
      });
    });
  }

  /* Original and translation: on a narrow screen one column at a time, the reader's choice. */
  function setupColumnSwitch() {
    document.querySelectorAll('input[name="column"]').forEach(function (input) {
      input.addEventListener("change", function () {
        document.body.classList.toggle("show-translation", input.value === "translation" && input.checked);
      });
    });
  }

  /* The witnesses in columns: on a narrow screen one column at a time, the witness the reader picks. */
  function setupColumnWitness() {
    var select = document.querySelector('select[name="column-witness"]');
    if (!select) { return; }
    function show() {
      document.querySelectorAll(".witness-columns [data-wit]").forEach(function (cell) {
        cell.classList.toggle("column-off", cell.getAttribute("data-wit") !== select.value);
      });
    }
    select.addEventListener("change", show);
    show();
  }

  /* Apparatus views: entries filtered by kind (their marks in the text with them); the variance heat map. */
  function setupApparatusViews() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="entry-kind"]'));
    function filter() {
      var shown = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      document.querySelectorAll(".apparatus-entry").forEach(function (entry) {
        var kind = entry.className.split(/\s+/).pop();
        entry.hidden = shown.indexOf(kind) === -1;
        var mark = document.getElementById(entry.id + "-mark");
        if (mark) { mark.hidden = entry.hidden; }
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", filter); });
    var heat = document.querySelector('input[name="variance"]');
    if (heat) { heat.addEventListener("change", function () { document.body.classList.toggle("heat-map", heat.checked); }); }
  }

  /* Apparatus pop-up at the note mark, on hover and on keyboard focus. */
  var popup = null;
  function hidePopup() {
    if (popup) { popup.remove(); popup = null; }
  }
  function showPopup(mark) {
    hidePopup();
    var id = (mark.getAttribute("href") || "").slice(1);
    var entry = id && document.getElementById(id);
    if (!entry) { return; }
    popup = document.createElement("div");
    popup.className = "apparatus-popup";
    popup.setAttribute("role", "tooltip");
    popup.id = "apparatus-popup";
    Array.prototype.forEach.call(entry.childNodes, function (node) {
      if (!(node.classList && node.classList.contains("back"))) { popup.appendChild(node.cloneNode(true)); }
    });
    document.body.appendChild(popup);
    var box = mark.getBoundingClientRect();
    popup.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - popup.offsetWidth - 8)) + "px";
    popup.style.top = (window.scrollY + box.bottom + 6) + "px";
  }
  function setupPopups() {
    document.querySelectorAll(".note-mark").forEach(function (mark) {
      mark.addEventListener("mouseenter", function () { showPopup(mark); });
      mark.addEventListener("focus", function () { showPopup(mark); });
      mark.addEventListener("mouseleave", hidePopup);
      mark.addEventListener("blur", hidePopup);
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hidePopup(); } });
  }

  /* Witness view: the text of one witness on its own, or the base text. */
  function showWitness(siglum) {
    document.body.classList.toggle("witness-view", siglum !== "");
    document.querySelectorAll(".app").forEach(function (app) {
      var readings = Array.prototype.slice.call(app.children).filter(function (el) {
        return el.classList.contains("lem") || el.classList.contains("rdg");
      });
      var chosen = readings[0];
      if (siglum !== "") {
        readings.forEach(function (reading) {
          var sigla = (reading.getAttribute("data-wit") || "").split(/\s+/);
          if (sigla.indexOf(siglum) !== -1) { chosen = reading; }
        });
      }
      readings.forEach(function (reading) { reading.hidden = reading !== chosen; });
    });
  }
  function setupWitnessSwitch() {
    var select = document.querySelector('select[name="witness"]');
    if (select) { select.addEventListener("change", function () { showWitness(select.value); }); }
  }

  /* The facsimile beside the text: the image of the page the reader is at (the last page break above the upper
     third of the window), zoomed and panned by CSS transform (a plain image, no tiles, nothing fetched), the zone
     of the line or word under the pointer outlined. */
  function setupFacsimile() {
    var viewport = document.querySelector(".facsimile-viewport");
    if (!viewport) { return; }
    var surfaces = Array.prototype.slice.call(viewport.querySelectorAll(".surface"));
    var breaks = Array.prototype.slice.call(document.querySelectorAll(".reading-text [data-facs]"));
    var label = document.querySelector(".facsimile-label");
    var current = null, lit = null, view = { scale: 1, x: 0, y: 0 };

    function apply() {
      if (current) { current.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.scale + ")"; }
    }
    function fit() { view = { scale: 1, x: 0, y: 0 }; apply(); }
    function zoom(factor, cx, cy) {
      var box = viewport.getBoundingClientRect();
      if (cx === undefined) { cx = box.width / 2; cy = box.height / 2; }
      var scale = Math.max(1, Math.min(8, view.scale * factor));
      view.x = cx - (cx - view.x) * scale / view.scale;
      view.y = cy - (cy - view.y) * scale / view.scale;
      view.scale = scale;
      if (scale === 1) { view.x = 0; view.y = 0; }
      apply();
    }
    function show(id) {
      var surface = surfaces.filter(function (s) { return s.getAttribute("data-surface") === id; })[0];
      if (!surface || surface === current) { return; }
      surfaces.forEach(function (s) { s.hidden = s !== surface; s.style.transform = ""; });
      current = surface;
      view = { scale: 1, x: 0, y: 0 };
      viewport.setAttribute("data-current", id);
      if (label) { label.textContent = "Page " + (surface.getAttribute("data-n") || ""); }
    }
    /* Zones in per cent of the surface: its own coordinates, else the image's pixels once it has loaded. */
    function placeZones(surface) {
      var img = surface.querySelector("img");
      var width = parseFloat(surface.getAttribute("data-width")) || (img && img.naturalWidth);
      var height = parseFloat(surface.getAttribute("data-height")) || (img && img.naturalHeight);
      if (!width || !height) { return; }
      surface.querySelectorAll(".zone").forEach(function (zone) {
        zone.style.left = (100 * parseFloat(zone.getAttribute("data-x")) / width) + "%";
        zone.style.top = (100 * parseFloat(zone.getAttribute("data-y")) / height) + "%";
        zone.style.width = (100 * parseFloat(zone.getAttribute("data-w")) / width) + "%";
        zone.style.height = (100 * parseFloat(zone.getAttribute("data-h")) / height) + "%";
      });
    }
    surfaces.forEach(function (surface) {
      var img = surface.querySelector("img");
      placeZones(surface);
      if (img) { img.addEventListener("load", function () { placeZones(surface); }); }
    });

    function follow() {
      if (lit) { return; }  /* the zone under the pointer keeps its page */
      var line = window.innerHeight / 3, at = breaks[0];
      breaks.forEach(function (mark) { if (mark.getBoundingClientRect().top <= line) { at = mark; } });
      if (at) { show(at.getAttribute("data-facs")); } else if (surfaces[0]) { show(surfaces[0].getAttribute("data-surface")); }
    }
    var pending = false;
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(function () { pending = false; follow(); }); }
    }, { passive: true });
    follow();

    /* The zone of what is under the pointer: an element with its own zone, else the line begun by the last line mark before it. */
    var lines = Array.prototype.slice.call(document.querySelectorAll(".reading-text .facs-line"));
    function highlight(id) {
      if (lit) { lit.classList.remove("active"); lit = null; }
      if (!id) { follow(); return; }
      var zone = viewport.querySelector('.zone[data-zone="' + id.replace(/["\\]/g, "") + '"]');
      if (!zone) { return; }
      show(zone.parentNode.getAttribute("data-surface"));
      zone.classList.add("active");
      lit = zone;
    }
    function zoneAt(node) {
      var element = node.nodeType === 1 ? node : node.parentNode;
      var own = element && element.closest ? element.closest("[data-zone]:not(.zone)") : null;
      if (own && !own.classList.contains("facs-line")) { return own.getAttribute("data-zone"); }
      var found = null;
      lines.forEach(function (mark) {
        if (mark === node || (mark.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) { found = mark; }
      });
      return found && found.closest("p, div, td, li") === (element && element.closest("p, div, td, li")) ? found.getAttribute("data-zone") : null;
    }
    var text = document.querySelector(".reading-text");
    text.addEventListener("mousemove", function (event) {
      var range = document.caretRangeFromPoint ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
      highlight(zoneAt(range ? range.startContainer : event.target));
    });
    text.addEventListener("mouseleave", function () { highlight(null); });
    text.addEventListener("focusin", function (event) { highlight(zoneAt(event.target)); });

    /* Zoom and pan: buttons, wheel, drag, keys. */
    document.querySelectorAll(".facsimile-toolbar [data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.getAttribute("data-zoom");
        if (how === "fit") { fit(); } else { zoom(how === "in" ? 1.5 : 1 / 1.5); }
      });
    });
    viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      var box = viewport.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.25 : 0.8, event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });
    var drag = null;
    viewport.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX - view.x, y: event.clientY - view.y };
      viewport.setPointerCapture(event.pointerId);
    });
    viewport.addEventListener("pointermove", function (event) {
      if (drag && view.scale > 1) { view.x = event.clientX - drag.x; view.y = event.clientY - drag.y; apply(); }
    });
    viewport.addEventListener("pointerup", function () { drag = null; });
    viewport.addEventListener("keydown", function (event) {
      var step = 40, keys = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (keys[event.key]) { view.x += keys[event.key][0]; view.y += keys[event.key][1]; apply(); }
      else if (event.key === "+" || event.key === "=") { zoom(1.5); }
      else if (event.key === "-") { zoom(1 / 1.5); }
      else if (event.key === "0") { fit(); }
      else { return; }
      event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupReadingSwitch();
    setupPopups();
    setupWitnessSwitch();
    setupFacsimile();
    setupColumnSwitch();
    setupColumnWitness();
    setupApparatusViews();
  });
}());
