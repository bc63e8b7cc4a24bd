/* variorum web edition: the orig/reg switch, apparatus pop-ups, the witness view.
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

  document.addEventListener("DOMContentLoaded", function () {
    setupReadingSwitch();
    setupPopups();
    setupWitnessSwitch();
  });
}());
