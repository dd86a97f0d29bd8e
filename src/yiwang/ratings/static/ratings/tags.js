/* The rating form's tags follow the chosen grade: praise for 满意/非常满意, problems for 不满意/非常不满意,
   both for 基本满意 (each tag group names its grades in data-grades); none before a grade is chosen. A tag of a hidden group is unticked, so what
   is sent always fits the grade; the server refuses a tag that does not. Works after HTMX swaps the panel. */
(function () {
  "use strict";
  function sync(panel) {
    if (!panel) { return; }
    var chosen = panel.querySelector("input[name=grade]:checked");
    Array.prototype.forEach.call(panel.querySelectorAll("fieldset[data-grades]"), function (group) {
      var fits = !!chosen && (" " + group.dataset.grades + " ").indexOf(" " + chosen.value + " ") >= 0;
      group.hidden = !fits;
      if (!fits) {
        Array.prototype.forEach.call(group.querySelectorAll("input[type=checkbox]"), function (box) { box.checked = false; });
      }
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target && e.target.name === "grade") { sync(e.target.closest("form")); }
  });
  function all() { Array.prototype.forEach.call(document.querySelectorAll("#rate-panel form"), sync); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
  document.addEventListener("htmx:afterSwap", all);
})();
