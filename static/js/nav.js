/* On a small screen the main navigation folds behind a "Menu" button; without
   this script, or on a wider screen, it is always shown. */
(function () {
  "use strict";
  var button = document.querySelector(".site-nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) {
    return;
  }
  var small = window.matchMedia("(max-width: 575.98px)");

  function update() {
    var open = button.getAttribute("aria-expanded") === "true";
    button.hidden = !small.matches;
    nav.hidden = small.matches && !open;
  }

  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    update();
  });
  small.addEventListener("change", update);
  update();
})();
