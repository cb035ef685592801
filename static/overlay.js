// Live preview only: when the last rebuild failed, show its error lines over the page (the last good site
// stays served underneath). The serve command writes _preview/status.json after every rebuild.
(function () {
  "use strict";
  var script = document.currentScript;
  fetch(script.getAttribute("data-status"), { cache: "no-store" }).then(function (response) {
    return response.ok ? response.json() : { errors: [] };
  }).then(function (status) {
    if (!status.errors || !status.errors.length) { return; }
    var box = document.createElement("div");
    box.id = "preview-errors";
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = status.title;
    var list = document.createElement("pre");
    list.textContent = status.errors.join("\n");
    box.appendChild(title);
    box.appendChild(list);
    document.body.appendChild(box);
  }).catch(function () {});
})();
