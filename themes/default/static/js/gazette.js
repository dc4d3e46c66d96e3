/* Gazette default theme: small progressive enhancements. The site works without this file.
 * - larger-text mode for older readers (remembered in localStorage)
 * - print button on report pages
 * - the table of contents stays open beside the text on wide screens and folds on phones
 * - wide tables that scroll become keyboard-focusable
 * - starts the Pagefind search UI on the search page, when it is present, over the theme's
 *   search layer (js/search/pagefind.js: which pages match what was typed); the query is kept
 *   in the URL (?q=)
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

    var toc = document.querySelector(".toc-details");
    if (toc && window.matchMedia) {
      // the same width as the two-column layout in gazette.css
      var wide = window.matchMedia("(min-width: 64rem)");
      var syncToc = function () { toc.open = wide.matches; };
      syncToc();
      if (wide.addEventListener) wide.addEventListener("change", syncToc);
    }

    markScrollableTables();
    window.addEventListener("resize", markScrollableTables);

    var search = document.getElementById("gz-search");
    if (search && typeof window.PagefindUI === "function") startSearch(search);
  });

  // ---------------------------------------------------------------- search (Pagefind UI)
  // The index holds Chinese already split into words by ICU4X's dictionary segmenter (see
  // src/search/segment.rs); js/search/pagefind.js splits the query the same way, with the
  // browser's Intl.Segmenter (ICU4C, same dictionary). The index keeps a space between words
  // and dots inside long ones, which results show without (joinWords).
  // BEGIN character classes: generated from crates/cjk-class by `GAZETTE_WRITE_JS_CLASSES=1 cargo test --lib js_classes`; do not edit
  // one Chinese character (cjk_class::is_han)
  var HAN = "(?:[\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF]|[\\uD840-\\uD8BF][\\uDC00-\\uDFFF])";
  // one character of Chinese or Japanese text or its punctuation, written without spaces
  // between words (cjk_class::is_cjk_unspaced or is_cjk_punctuation)
  var CJK = "(?:[\\u00B7\\u2010-\\u2027\\u2E80-\\u2FDF\\u2FF0-\\u312F\\u3190-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF9F\\uFFDD-\\uFFEF]|[\\uD840-\\uD8BF][\\uDC00-\\uDFFF])";
  // END character classes
  var SPACE_IN_CJK = new RegExp("(" + CJK + ")((?:</?mark>)*) +((?:</?mark>)*)(?=" + CJK + ")", "g");
  // and between digits and Chinese (2022 年 → 2022年), which official text never spaces
  var SPACE_AT_DIGIT = new RegExp("(" + CJK + ")((?:</?mark>)*) +((?:</?mark>)*)(?=[0-9])|([0-9])((?:</?mark>)*) +((?:</?mark>)*)(?=" + CJK + ")", "g");
  // the dots the index puts inside long Chinese words (财.政.预算; SUBWORD_MARK in src/search/segment.rs)
  var DOT_IN_HAN = new RegExp("(" + HAN + ")\\.(?=" + HAN + ")", "g");
  var LEADING_PUNCTUATION = /^(?:\s|[\u3001\u3002\uFF0C\uFF1B\uFF1A\uFF1F\uFF01\uFF09\u300B\u300D\u300F\u3011\u3015\u2026\u2014\u00B7,.;:?!)])+/;

  /** excerpt HTML without the spaces and dots the index put between and inside Chinese words */
  function joinWords(html) {
    if (typeof html !== "string") return html;
    return html.replace(DOT_IN_HAN, "$1").replace(SPACE_IN_CJK, "$1$2$3")
      .replace(SPACE_AT_DIGIT, function (m, a, b, c, d, e, f) { return a ? a + b + c : d + e + f; })
      // two highlighted words in a row are one highlight (乡村振兴, not 乡村 振兴)
      .replace(/<\/mark><mark>/g, "");
  }

  function startSearch(el) {
    var bundlePath = el.getAttribute("data-bundle-path") || "/pagefind/";
    var d = el.dataset;
    var translations = {};
    var keys = ["placeholder", "clear_search", "load_more", "search_label", "filters_label", "zero_results",
      "many_results", "one_result", "alt_search", "search_suggestion", "searching"];
    for (var i = 0; i < keys.length; i++) {
      var v = el.getAttribute("data-t-" + keys[i].replace(/_/g, "-"));
      if (v) translations[keys[i]] = v;
    }
    var shards = window.gazetteSearchShards || [];
    var note = document.createElement("p");
    note.className = "gz-search-note";
    note.setAttribute("role", "status");
    note.hidden = true;
    el.parentNode.insertBefore(note, el.nextSibling);
    // what the search layer (js/search/pagefind.js) found: a term no page holds, or pages that
    // hold only some of the words, which it puts after the pages that hold every term
    window.addEventListener("gazette-search", function (event) {
      var r = event.detail || {};
      var text = "";
      if (r.missing && r.missing.length) {
        text = (d.tNoteMissing || "").replace("[TERMS]", r.missing.join("”“"));
        if (r.partial) text += " " + (d.tNoteRest || "").replace("[COUNT]", r.partial);
      } else if (r.partial && r.matches) {
        text = (d.tNotePartial || "").replace("[MATCHES]", r.matches).replace("[COUNT]", r.partial);
      }
      note.textContent = text;
      note.hidden = !text;
      // the note goes right above the results
      var area = el.querySelector(".pagefind-ui__results-area");
      if (area && note.parentNode !== area) area.insertBefore(note, area.firstChild.nextSibling);
    });
    var ui = new window.PagefindUI({
      element: "#" + el.id,
      // the search layer over Pagefind's module (it loads the bundle from bundlePath)
      bundlePath: el.getAttribute("data-search-module") || bundlePath,
      mergeIndex: shards.map(function (p) { return { bundlePath: bundlePath + p }; }),
      showSubResults: false,
      showImages: false,
      translations: translations,
      processResult: function (result) {
        // an excerpt may begin just after a word, at the punctuation that ended a sentence
        result.excerpt = joinWords(result.excerpt).replace(LEADING_PUNCTUATION, "");
        var m = result.meta || {};
        // shown under each title as "label: value"; the rest stays in the index
        var shown = { title: m.title };
        if (m.date && d.labelDate) shown[d.labelDate] = m.date;
        if (m.type && d.labelType) shown[d.labelType] = m.type;
        if (result.gazettePartial && d.labelMatch) shown[d.labelMatch] = d.tPartial;
        result.meta = shown;
        return result;
      }
    });
    // Pagefind names its input by title and placeholder only: give it the label of the search
    // form, and keep its invisible "clear" button out of the tab order until there is text
    var input = el.querySelector(".pagefind-ui__search-input");
    if (input && d.tSearchLabel) input.setAttribute("aria-label", d.tSearchLabel);
    // the query lives in the URL (/search/?q=…), so a search can be shared and survives reload
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
    var timer = null;
    el.addEventListener("input", function (event) {
      var input = event.target;
      if (!input || input.type !== "text" && input.type !== "search") return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(window.location.href);
        var value = input.value.trim();
        if (value) url.searchParams.set("q", value);
        else url.searchParams.delete("q");
        window.history.replaceState(null, "", url);
      }, 300);
    });
  }

  // A table or code block wider than the text column scrolls inside itself (see .prose table and
  // .prose pre in gazette.css); give it a tab stop so keyboard users can scroll it too (axe:
  // scrollable-region-focusable).
  function markScrollableTables() {
    var tables = document.querySelectorAll(".prose table, .prose pre");
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
