// The admin's select2 picker names its combobox after the text of the current choice,
// which is empty until something is chosen. Name it after its field (the select's
// aria-label, see hwypt/admin_inlines.py), followed by the choice.
"use strict";
{
  const name = (select) => {
    const box = select.nextElementSibling;
    const shown = box && box.querySelector(".select2-selection__rendered");
    if (!shown) return;
    const choice = select.selectedOptions.length ? select.selectedOptions[0].text : "";
    const label = select.getAttribute("aria-label") || "Choose";
    shown.setAttribute("aria-label", choice ? `${label}: ${choice}` : label);
  };
  const nameAll = (root) => {
    root.querySelectorAll("select.admin-autocomplete[aria-label]").forEach(name);
  };
  window.addEventListener("load", () => {
    nameAll(document);
    django.jQuery(document).on("change", "select.admin-autocomplete", (event) => {
      name(event.target);
    });
  });
  // After Django's own handler has made the new row's picker.
  document.addEventListener("formset:added", (event) => {
    setTimeout(() => nameAll(event.target), 0);
  });
}
