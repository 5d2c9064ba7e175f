// The study's sidebar (every chapter and its sections), previous/next links and search, built in
// a chapter page (and the search in the landing page) from window.STUDY_SITE, which the book stage writes to reports/site.js from the rendered
// chapters: nothing is fetched from the network, and a chapter page never goes stale when another
// chapter changes. Text is inserted with textContent only, never as HTML.
(function () {
  "use strict";
  var site = window.STUDY_SITE;
  var root = document.querySelector("[data-study-base]");
  if (!site || !root) { return; }
  var base = root.getAttribute("data-study-base");  // "../" from a chapter, "chapters/" from the landing page
  var here = root.getAttribute("data-stem") || "";
  var suffix = root.getAttribute("data-edition") === "reviewer" ? ".reviewer.html" : ".html";
  function href(stem, anchor) {
    return base + stem + "/" + stem + suffix + (anchor ? "#" + anchor : "");
  }
  function link(text, url, cls) {
    var a = document.createElement("a");
    a.textContent = text;
    a.href = url;
    if (cls) { a.className = cls; }
    return a;
  }
  var toc = document.getElementById("study-toc");
  var list = document.createElement("ol");
  if (!toc) { list = null; }
  if (list) site.chapters.forEach(function (ch) {
    var li = document.createElement("li");
    var a = link(ch.title, href(ch.stem), ch.stem === here ? "current" : "");
    if (ch.stem === here) { a.setAttribute("aria-current", "page"); }
    li.appendChild(a);
    if (ch.stem === here && ch.sections.length) {
      var sub = document.createElement("ol");
      ch.sections.forEach(function (s) {
        var si = document.createElement("li");
        si.appendChild(link(s.title, "#" + s.id));
        sub.appendChild(si);
      });
      li.appendChild(sub);
    }
    list.appendChild(li);
  });
  if (list) { toc.appendChild(list); }
  var tocBox = document.getElementById("study-toc-box");  // folded on a phone, open beside the text
  if (tocBox && window.matchMedia("(min-width: 1100px)").matches) { tocBox.open = true; }
  var i = site.chapters.map(function (c) { return c.stem; }).indexOf(here);
  var pager = document.getElementById("study-pager");
  if (pager && i >= 0) {
    if (i > 0) { pager.appendChild(link("\u2190 " + site.chapters[i - 1].title, href(site.chapters[i - 1].stem), "prev")); }
    if (i < site.chapters.length - 1) { pager.appendChild(link(site.chapters[i + 1].title + " \u2192", href(site.chapters[i + 1].stem), "next")); }
  }
  var box = document.getElementById("study-search-box");
  var results = document.getElementById("study-search-results");
  function fold(t) { return t.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var entries = site.search.map(function (e) { return {e: e, text: fold(e.title + " " + e.text)}; });
  box.addEventListener("input", function () {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var words = fold(box.value).split(/\s+/).filter(function (w) { return w.length > 1; });
    if (!words.length) { return; }
    var hits = entries.filter(function (x) {
      return words.every(function (w) { return x.text.indexOf(w) >= 0; });
    }).slice(0, 12);
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "No section mentions " + box.value.trim() + ".";
      results.appendChild(none);
    }
    hits.forEach(function (x) {
      var li = document.createElement("li");
      li.appendChild(link(x.e.title, href(x.e.stem, x.e.id)));
      results.appendChild(li);
    });
  });
})();
