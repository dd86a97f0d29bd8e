/* Yiwang's page behaviour, shared by every page (no inline handlers: the Content-Security-Policy forbids them).
   Tables: each one in <main> gets a scrolling box (a wide table scrolls inside it, the page does not), and, unless it
   says data-reflow="off" or sits in a .table-scroll box (which pins its first column instead), the class `reflow`
   with every cell labelled by its column's header, so that on a phone its rows read as cards (site.css). */
(function () {
  "use strict";
  function headers(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return null;
    var out = [], cells = rows[rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      var span = cells[i].colSpan || 1, text = cells[i].textContent.replace(/\s+/g, " ").trim();
      for (var s = 0; s < span; s++) out.push(text);
    }
    return out;
  }
  function label(table) {
    var names = headers(table);
    if (!names) return;
    table.classList.add("reflow");
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) {
        var col = 0, cells = rows[r].cells;
        for (var c = 0; c < cells.length; c++) {
          var cell = cells[c], span = cell.colSpan || 1;
          if (span === 1 && names[col] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[col]);
          col += span;
        }
      }
    }
  }
  function tables(root) {
    var list = (root || document).querySelectorAll("main table");
    for (var i = 0; i < list.length; i++) {
      var t = list[i];
      var boxed = t.closest(".table-scroll, .table-wrap, .table-auto");
      if (!boxed && t.parentNode) {
        var box = document.createElement("div");
        box.className = "table-auto";
        t.parentNode.insertBefore(box, t);
        box.appendChild(t);
      }
      if (t.getAttribute("data-reflow") !== "off" && !t.closest(".table-scroll")) label(t);
    }
  }
  // A box that scrolls sideways can be reached and scrolled by keyboard: it takes focus and says what it is.
  function scrollers() {
    var boxes = document.querySelectorAll(".table-auto, .table-scroll, .table-wrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i], scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", document.documentElement.lang === "en" ? "Table (scrolls sideways)" : "表格（可左右滚动）");
      } else if (!scrolls && box.getAttribute("tabindex") === "0" && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
      }
    }
  }
  function all() { tables(document); scrollers(); }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("htmx:afterSettle", all);
  window.addEventListener("resize", scrollers);
})();
