// Added to every page by `gazette serve` (never to built sites): shows the last build's
// errors over the page, and keeps the scroll position when the page reloads after an edit.
(function () {
  "use strict";
  var key = "gazette-scroll:" + location.pathname;
  var nav = (performance.getEntriesByType && performance.getEntriesByType("navigation")[0]) || {};
  try {
    var saved = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    if (saved !== null && nav.type === "reload") {
      window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
    }
  } catch (e) { /* storage may be off */ }
  window.addEventListener("beforeunload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* ignore */ }
  });
  fetch("/__gazette/status", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(function (status) {
      if (!status.error) { return; }
      var box = document.createElement("div");
      box.id = "gazette-error-overlay";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-label", "Build error");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);" +
        "color:#fff;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,'Noto Sans Mono CJK SC',monospace";
      var title = document.createElement("p");
      title.style.cssText = "font:bold 18px/1.4 sans-serif;margin:0 0 1rem;color:#ffb4b4";
      title.textContent = "Gazette: the last edit has errors — this is the last good version of the page. 最近一次修改有错误，当前显示的是上一次成功生成的页面。";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      pre.textContent = status.error;
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Close");
      close.style.cssText = "position:absolute;top:1rem;right:1rem;font-size:24px;min-width:44px;min-height:44px";
      close.addEventListener("click", function () { box.remove(); });
      box.appendChild(close);
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    })
    .catch(function () { /* the server is restarting */ });
})();
