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

// The pipeline board: dragging a card onto a column submits the card's own
// "Move to" form with that stage, so a drag and the keyboard take one road
// (same endpoint, same CSRF token, same errors). Listeners sit on the document
// because htmx replaces the board after every move.
(function () {
  var dragged = null;
  function column(el) { return el && el.closest ? el.closest(".board .column") : null; }
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".opp-card[draggable='true']");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".column.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  document.addEventListener("dragover", function (event) {
    var col = column(event.target);
    if (!col || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".column.drop-target").forEach(function (c) { if (c !== col) c.classList.remove("drop-target"); });
    col.classList.add("drop-target");
  });
  document.addEventListener("drop", function (event) {
    var col = column(event.target);
    if (!col || !dragged) return;
    event.preventDefault();
    col.classList.remove("drop-target");
    var form = dragged.querySelector("form.move");
    var stage = col.getAttribute("data-stage");
    if (!form || column(dragged) === col) return;
    form.querySelector("select[name='stage']").value = stage;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
  // After a move, keep the keyboard where it was: on the moved card's title.
  document.addEventListener("htmx:afterSwap", function (event) {
    var board = document.getElementById("board");
    if (!board || !board.getAttribute("data-moved")) return;
    var card = document.getElementById("opp-" + board.getAttribute("data-moved"));
    var target = card && (card.querySelector("input[name='reason'], input[name='monthly_value']") || card.querySelector("h3 a"));
    if (target) target.focus();
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
