/* goldenthread: filter and sort tables marked data-gt-filter / data-gt-sortable.
   Tables are complete HTML without this script; it only adds a filter box and sortable headings. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    return sort !== null && sort !== "" ? sort : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) !== "NaN" && /^[-+]?[\d.]+$/.test(a) && /^[-+]?[\d.]+$/.test(b)) {
      return x - y;
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      th.setAttribute("data-gt-sort", "");
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "columnheader");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var result = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? result : -result;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function makeFilterable(table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "gt-filter";
    input.placeholder = "Filter rows…";
    input.setAttribute("aria-label", "Filter table rows");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
    var anchor = table.parentElement && table.parentElement.classList.contains("gt-matrix-wrap")
      ? table.parentElement : table;
    anchor.parentNode.insertBefore(input, anchor);
  }

  function init() {
    document.querySelectorAll("table[data-gt-sortable]:not([data-gt-ready])").forEach(function (table) {
      table.setAttribute("data-gt-ready", "");
      makeSortable(table);
      if (table.hasAttribute("data-gt-filter")) makeFilterable(table);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
