// Side-by-side comparison: keeps the communes named in the address (?c=a,b,c, or ?c=a&c=b as the finder's
// form sends them), at most four, and writes the address in its short form so that it can be shared.
// Without JavaScript the page shows every commune.
(function () {
  "use strict";
  var table = document.getElementById("compare");
  var status = document.getElementById("compare-status");
  if (!table || !status) { return; }
  var known = {};
  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-commune]"), function (cell) {
    known[cell.getAttribute("data-commune")] = true;
  });
  var chosen = [];
  new URLSearchParams(window.location.search).getAll("c").forEach(function (value) {
    value.split(",").forEach(function (slug) {
      if (known[slug] && chosen.indexOf(slug) < 0 && chosen.length < 4) { chosen.push(slug); }
    });
  });
  if (chosen.length < 2) {
    status.textContent = status.getAttribute("data-empty");
    return;
  }
  Array.prototype.forEach.call(table.querySelectorAll("[data-commune]"), function (cell) {
    cell.hidden = chosen.indexOf(cell.getAttribute("data-commune")) < 0;
  });
  status.textContent = status.getAttribute("data-template").replace("%(n)s", chosen.length);
  window.history.replaceState(null, "", window.location.pathname + "?c=" + chosen.join(",") + window.location.hash);
})();
