// Partner finder: filters communes by theme, region, population band and steps done. The filters live in
// the page address (?theme=…&region=…) so a link can be shared. Without JavaScript the page lists the
// communes by theme instead.
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(form.querySelectorAll("#finder-results > li"));
  var count = document.getElementById("finder-count");
  // The theme filter is left out while no commune has stated its themes.
  var names = ["theme", "region", "population", "steps"].filter(function (name) { return form.elements[name]; });

  function matches(card, filters) {
    return (!filters.theme || card.getAttribute("data-themes").split(" ").indexOf(filters.theme) >= 0) &&
      (!filters.region || card.getAttribute("data-region") === filters.region) &&
      (!filters.population || card.getAttribute("data-population") === filters.population) &&
      (!filters.steps || parseInt(card.getAttribute("data-steps"), 10) >= parseInt(filters.steps, 10));
  }

  function apply(updateAddress) {
    var filters = {};
    var params = new URLSearchParams();
    names.forEach(function (name) {
      filters[name] = form.elements[name].value;
      if (filters[name]) { params.set(name, filters[name]); }
    });
    var shown = 0;
    cards.forEach(function (card) {
      card.hidden = !matches(card, filters);
      if (!card.hidden) { shown += 1; }
      // The e-mail about the commune names the theme sought, when one is chosen.
      var ask = card.querySelector("a.ask");
      if (ask) {
        if (!ask.hasAttribute("data-ask-any")) { ask.setAttribute("data-ask-any", ask.getAttribute("href")); }
        // The same e-mail with the theme is in the list by theme (shown without JavaScript).
        var themed = filters.theme && document.querySelector("#theme-" + filters.theme + " + ul a.ask[data-commune='" + ask.getAttribute("data-commune") + "']");
        ask.setAttribute("href", themed ? themed.getAttribute("href") : ask.getAttribute("data-ask-any"));
      }
    });
    // The table's rows follow the same filters (the table comes later in the page: see the end).
    document.querySelectorAll("#finder-table tbody tr").forEach(function (row) {
      row.hidden = !matches(row, filters);
    });
    count.textContent = count.getAttribute("data-template").replace("%(n)s", shown);
    if (updateAddress) {
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  var initial = new URLSearchParams(window.location.search);
  names.forEach(function (name) {
    var value = initial.get(name);
    var select = form.elements[name];
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  form.hidden = false;
  document.getElementById("by-theme").hidden = true;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
  // This script runs as the parser reaches it, so that the finder takes the lists' place before the page is
  // laid out; the table below it is filtered once the whole page is read.
  document.addEventListener("DOMContentLoaded", function () { apply(false); });
})();
