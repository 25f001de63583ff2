/* goldenthread: filter and sort tables marked data-gt-filter / data-gt-sortable, a plan filter on
   tables grouped by plan (one <tbody data-gt-group> per plan), and a cue on tables that scroll
   sideways. Tables are complete HTML without this script; it only adds these controls. */
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
        // each group (tbody) is sorted on its own; its heading row stays first
        Array.prototype.forEach.call(table.tBodies, function (body) {
          var rows = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains("gt-group"); });
          rows.sort(function (r1, r2) {
            var result = compare(cellValue(r1, index), cellValue(r2, index));
            return ascending ? result : -result;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
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
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          if (row.classList.contains("gt-group")) return;
          row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
        });
      });
    });
    var anchor = scrollBox(table);
    anchor.parentNode.insertBefore(input, anchor);
  }

  function scrollBox(table) {
    var parent = table.parentElement;
    return parent && parent.classList.contains("gt-scroll") ? parent : table;
  }

  function makePlanFilter(table) {
    var groups = table.querySelectorAll("tbody[data-gt-group]");
    if (groups.length < 2) return;
    var select = document.createElement("select");
    select.className = "gt-plan-filter";
    select.setAttribute("aria-label", "Show the rows of one plan");
    select.appendChild(new Option("All plans", ""));
    groups.forEach(function (body) {
      select.appendChild(new Option(body.getAttribute("data-gt-group-label"), body.getAttribute("data-gt-group")));
    });
    select.addEventListener("change", function () {
      groups.forEach(function (body) {
        body.hidden = select.value !== "" && body.getAttribute("data-gt-group") !== select.value;
      });
      markOverflow();
    });
    var anchor = scrollBox(table);
    anchor.parentNode.insertBefore(select, anchor);
  }

  /* A table wider than its box scrolls inside it; data-gt-overflow shows the cue (see the CSS). */
  function markOverflow() {
    document.querySelectorAll(".gt-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("data-gt-overflow", "");
      else box.removeAttribute("data-gt-overflow");
    });
  }

  function init() {
    document.querySelectorAll("table[data-gt-sortable]:not([data-gt-ready])").forEach(function (table) {
      table.setAttribute("data-gt-ready", "");
      makeSortable(table);
      if (table.hasAttribute("data-gt-filter")) makeFilterable(table);
      makePlanFilter(table);
    });
    markOverflow();
  }

  window.addEventListener("resize", markOverflow);

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
