/* Gazette default theme: small progressive enhancements. The site works without this file.
 * - larger-text mode for older readers (remembered in localStorage)
 * - print button on report pages
 * - wide tables that scroll become keyboard-focusable
 * - starts the Pagefind search UI on the search page, when it is present
 * Loaded in <head> without defer so the larger-text choice applies before the first paint. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gazette-large-text";

  try {
    if (window.localStorage.getItem(KEY) === "1") root.classList.add("large-text");
  } catch (e) { /* storage blocked: the default size stays */ }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var sizeButton = document.querySelector(".js-text-size");
    if (sizeButton) {
      sizeButton.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
      sizeButton.hidden = false;
      sizeButton.addEventListener("click", function () {
        var on = root.classList.toggle("large-text");
        sizeButton.setAttribute("aria-pressed", on ? "true" : "false");
        try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* ignore */ }
        markScrollableTables();
      });
    }

    var printButtons = document.querySelectorAll(".js-print");
    for (var i = 0; i < printButtons.length; i++) {
      printButtons[i].hidden = false;
      printButtons[i].addEventListener("click", function () { window.print(); });
    }

    markScrollableTables();
    window.addEventListener("resize", markScrollableTables);

    var search = document.getElementById("gz-search");
    if (search && typeof window.PagefindUI === "function") {
      new window.PagefindUI({
        element: "#gz-search",
        bundlePath: search.getAttribute("data-bundle-path") || undefined,
        showSubResults: true,
        showImages: false
      });
    }
  });

  // A table wider than the text column scrolls inside itself (see .prose table in gazette.css);
  // give it a tab stop so keyboard users can scroll it too.
  function markScrollableTables() {
    var tables = document.querySelectorAll(".prose table");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.scrollWidth > t.clientWidth + 1) {
        t.setAttribute("tabindex", "0");
      } else if (t.getAttribute("tabindex") === "0") {
        t.removeAttribute("tabindex");
      }
    }
  }
})();
