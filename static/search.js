// Search page: Pagefind's index (pagefind/) is loaded only when someone searches. Results come from the
// index of the page's language only (Pagefind reads <html lang>).
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) { pagefind = import(script.getAttribute("data-pagefind")); }
    return pagefind;
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt;  // Pagefind's excerpt of our own pages, with <mark> around the words
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = results.length
      ? status.getAttribute("data-count").replace("%(n)s", results.length)
      : status.getAttribute("data-empty");
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) { list.textContent = ""; status.textContent = ""; return; }
    load().then(function (module) { return module.search(query); }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (result) { return result.data(); }));
    }).then(function (results) {
      if (ticket === latest) { show(results); }
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  search(query);
  input.addEventListener("input", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    search(input.value);
  });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); search(input.value); });
})();
