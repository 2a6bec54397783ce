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
