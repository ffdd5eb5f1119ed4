/* Following a link in an error summary: focus the field, and scroll so that its
   question (the label, or the legend of a group of radios or checkboxes) is in
   view above it, as GOV.UK Frontend's error summary does. Without this script
   the browser puts the field itself at the very top, its label off screen. */
(function () {
  "use strict";

  function question(input) {
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    if (legend && (input.type === "radio" || input.type === "checkbox")) {
      // A legend taller than the screen would push the answers out of view.
      var gap = input.getBoundingClientRect().top - legend.getBoundingClientRect().top;
      if (gap < window.innerHeight / 2) {
        return legend;
      }
    }
    return document.querySelector("label[for='" + input.id + "']") || legend || input;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    var input = target.matches("input, textarea, select")
      ? target
      : target.querySelector("input, textarea, select");
    if (!input) {
      return;
    }
    event.preventDefault();
    question(input).scrollIntoView({ block: "start", behavior: "instant" });
    input.focus({ preventScroll: true });
  });
})();
