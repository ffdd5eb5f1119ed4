/* On a small screen the main navigation folds behind a "Menu" button. The page's head
   marks it as having scripts (class "js" on <html>), and site.css folds the menu and
   shows the button from the first frame; without scripts, or on a wider screen, the
   menu is always shown and the button never is. */
(function () {
  "use strict";
  var button = document.querySelector(".site-nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) {
    return;
  }
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  });
})();
