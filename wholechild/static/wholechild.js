// Small improvements on pages that work fully without it. Loaded with defer, so the page is
// parsed when this runs. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var d = document;
  var root = d.documentElement;
  root.className = root.className.replace("no-js", "js");

  // Errors: move focus to the summary so it is read out first; its links focus the field.
  var summary = d.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      var field = link && d.getElementById(link.hash.slice(1));
      if (!field) return;
      event.preventDefault();
      var label = field.closest("fieldset");
      label = (label && label.querySelector("legend")) || d.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // "Yes, born early" reveals the weeks question; without JS it is simply always shown.
  d.querySelectorAll("input[data-reveal]").forEach(function (input) {
    var panel = d.getElementById(input.getAttribute("data-reveal"));
    if (!panel) return;
    input.setAttribute("aria-controls", panel.id);
    var sync = function () {
      // No aria-expanded: a radio may not carry it (ARIA 1.2), and GOV.UK dropped it too.
      panel.classList.toggle("radios__conditional--hidden", !input.checked);
    };
    d.querySelectorAll("input[name='" + input.name + "']").forEach(function (radio) {
      radio.addEventListener("change", sync);
    });
    sync();
  });

  // "None of these" and the other options of a checklist exclude each other.
  d.querySelectorAll("input[data-exclusive]").forEach(function (none) {
    var others = d.querySelectorAll("input[name='" + none.name + "']:not([data-exclusive])");
    none.addEventListener("change", function () {
      if (none.checked) others.forEach(function (box) { box.checked = false; });
    });
    others.forEach(function (box) {
      box.addEventListener("change", function () { if (box.checked) none.checked = false; });
    });
  });

  // A link drawn as a button ("Start now") answers the space bar, as a button would.
  d.addEventListener("keydown", function (event) {
    if (event.key === " " && event.target.getAttribute("role") === "button" && event.target.href) {
      event.preventDefault();
      event.target.click();
    }
  });

  // Printing for the child's doctor: the button exists only when it can work.
  d.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
