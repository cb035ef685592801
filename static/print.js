// "Print / save as PDF" button on commune pages; hidden without JavaScript (the browser's menu still prints).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.closest("[hidden]").hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
