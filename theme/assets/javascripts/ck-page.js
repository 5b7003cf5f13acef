/* congkhai: the print button on item pages. Without JavaScript the button stays hidden and the
   hint beside it says how to print from the browser's own menu. */
(function () {
  "use strict";
  function setup() {
    if (typeof window.print !== "function") return;
    document.querySelectorAll("[data-ck-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    document.querySelectorAll("[data-ck-print-hint]").forEach(function (hint) {
      hint.hidden = true;
    });
    /* On a phone the keyboard reaches search through the link to the search page (see
       congkhai.css): with JavaScript it opens the header's search box in place. */
    var toggle = document.getElementById("__search");
    document.querySelectorAll(".md-header .ck-search__nojs").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!toggle) return;
        event.preventDefault();
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      });
    });
  }
  /* A table wider than a phone scrolls inside Material's frame: the frame takes keyboard focus
     (arrow keys then scroll it) and is named for screen readers. Material builds the frames once
     the page has loaded. */
  function labelScrollFrames() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (frame) {
      if (frame.hasAttribute("tabindex")) return;
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("role", "group");
      frame.setAttribute("aria-label", "Bảng số liệu (cuộn ngang để xem đủ các cột)");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  if (document.readyState === "complete") {
    labelScrollFrames();
  } else {
    window.addEventListener("load", labelScrollFrames);
  }
})();
