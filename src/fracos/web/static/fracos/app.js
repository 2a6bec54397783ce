// Show only the fields that belong to the chosen pricing model; without
// JavaScript every field stays visible and the server still checks them.
(function () {
  function sync(select) {
    var model = select.value;
    document.querySelectorAll("[data-models]").forEach(function (el) {
      var show = el.getAttribute("data-models").split(" ").indexOf(model) !== -1;
      el.hidden = !show;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_pricing_model");
    if (!select) return;
    sync(select);
    select.addEventListener("change", function () { sync(select); });
  });
})();

// After htmx swaps an invoice's lines, put the keyboard back where the user was
// working: the first field in error, else the line being edited, else a new line.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail && event.detail.target;
  if (!target || target.id !== "invoice-lines") return;
  var box = document.getElementById("invoice-lines");
  if (!box) return;
  var field = box.querySelector('[aria-invalid="true"]') ||
    box.querySelector("#id_edit_description") || box.querySelector("#id_new_description");
  if (field) field.focus();
});
