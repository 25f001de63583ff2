/* goldenthread: filter, sort and page tables marked data-gt-filter / data-gt-sortable.
   Tables are complete HTML without this script (every row is in the page; a <noscript> style
   shows them all). With it, a long table shows PAGE_SIZE rows at a time: the others are
   detached from the document, not hidden, so a table of 10,000 rows costs the browser the
   layout of 50. Filtering and sorting work on the whole table, in memory. */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var NUMBER = /^[-+]?\d*\.?\d+$/;

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    return sort !== null && sort !== "" ? sort : cell.textContent.trim();
  }

  /* The rows of a column in ascending order: numbers as numbers when the whole column is
     numeric, text with the collator (numeric-aware, case-insensitive) otherwise. */
  function ascendingOrder(rows, index) {
    var values = rows.map(function (row) { return cellValue(row, index); });
    var order = rows.map(function (_, i) { return i; });
    if (values.every(function (v) { return v === "" || NUMBER.test(v); })) {
      var numbers = new Float64Array(values.map(function (v) { return v === "" ? -Infinity : parseFloat(v); }));
      order.sort(function (a, b) { return numbers[a] - numbers[b] || a - b; });
    } else {
      order.sort(function (a, b) { return collator.compare(values[a], values[b]) || a - b; });
    }
    return order.map(function (i) { return rows[i]; });
  }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var shown = rows;
    var needle = "";
    var page = 0;
    var paged = rows.length > PAGE_SIZE;
    table.setAttribute("data-gt-rows", String(rows.length));
    var anchor = table.parentElement && table.parentElement.classList.contains("gt-matrix-wrap")
      ? table.parentElement : table;
    var pager = null, status = null, previous = null, next = null;

    function text(row) {
      if (row.gtText === undefined) row.gtText = row.textContent.toLowerCase();
      return row.gtText;
    }

    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      page = Math.min(page, pages - 1);
      var slice = paged ? shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE) : shown;
      body.replaceChildren.apply(body, slice);
      if (!pager) return;
      var first = shown.length ? page * PAGE_SIZE + 1 : 0;
      var last = Math.min(shown.length, (page + 1) * PAGE_SIZE);
      var all = rows.length.toLocaleString();
      status.textContent = shown.length === rows.length
        ? "Rows " + first.toLocaleString() + "–" + last.toLocaleString() + " of " + all
        : "Rows " + first.toLocaleString() + "–" + last.toLocaleString() + " of " +
          shown.length.toLocaleString() + " matching (" + all + " in all)";
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }

    function applyFilter() {
      shown = needle === "" ? rows : rows.filter(function (row) { return text(row).indexOf(needle) !== -1; });
      page = 0;
      render();
    }

    if (paged) {
      pager = document.createElement("div");
      pager.className = "gt-pager";
      previous = document.createElement("button");
      previous.type = "button";
      previous.textContent = "‹ Previous";
      next = document.createElement("button");
      next.type = "button";
      next.textContent = "Next ›";
      status = document.createElement("span");
      status.setAttribute("aria-live", "polite");
      previous.addEventListener("click", function () { page -= 1; render(); });
      next.addEventListener("click", function () { page += 1; render(); });
      pager.appendChild(previous);
      pager.appendChild(status);
      pager.appendChild(next);
      anchor.parentNode.insertBefore(pager, anchor.nextSibling);
    }

    var headers = table.querySelectorAll("thead th");
    var original = rows.slice();
    var orders = {};  // column index -> rows in ascending order, computed on first use
    headers.forEach(function (th, index) {
      th.setAttribute("data-gt-sort", "");
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "columnheader");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        if (!orders[index]) orders[index] = ascendingOrder(original, index);
        rows = ascending ? orders[index].slice() : orders[index].slice().reverse();
        applyFilter();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });

    if (table.hasAttribute("data-gt-filter")) {
      var input = document.createElement("input");
      input.type = "search";
      input.className = "gt-filter";
      input.placeholder = "Filter rows…";
      input.setAttribute("aria-label", "Filter table rows");
      input.addEventListener("input", function () {
        needle = input.value.trim().toLowerCase();
        applyFilter();
      });
      anchor.parentNode.insertBefore(input, anchor);
    }
    render();
  }

  function init() {
    document.querySelectorAll("table[data-gt-sortable]:not([data-gt-ready])").forEach(function (table) {
      table.setAttribute("data-gt-ready", "");
      enhance(table);
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
