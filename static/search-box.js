// With JavaScript the header search box goes to the search page (without, it leads to the communes index).
document.querySelectorAll("form[data-search]").forEach(function (form) {
  form.action = form.getAttribute("data-search");
});
