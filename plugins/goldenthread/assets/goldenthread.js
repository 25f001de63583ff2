/* goldenthread: filter, sort and page tables marked data-gt-filter / data-gt-sortable, a plan filter on
   tables grouped by plan (one <tbody data-gt-group> per plan), and a cue on tables that scroll
   sideways. Tables are complete HTML without this script (every row is in the page; a <noscript>
   style shows them all). With it, a long table shows PAGE_SIZE rows at a time: the others are
   detached from the document, not hidden, so a table of 10,000 rows costs the browser the layout
   of 50. Filtering and sorting work on the whole table, in memory. */
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

  function scrollBox(table) {
    var parent = table.parentElement;
    return parent && parent.classList.contains("gt-scroll") ? parent : table;
  }

  function enhance(table) {
    /* one group per <tbody>; its heading row (tr.gt-group) stays first and is never filtered */
    var groups = Array.prototype.map.call(table.tBodies, function (body) {
      var head = body.rows[0] && body.rows[0].classList.contains("gt-group") ? body.rows[0] : null;
      var rows = Array.prototype.filter.call(body.rows, function (r) { return r !== head; });
      return { body: body, head: head, original: rows, rows: rows, shown: rows, orders: {} };
    });
    var total = groups.reduce(function (n, g) { return n + g.rows.length; }, 0);
    table.setAttribute("data-gt-rows", String(total));
    var paged = total > PAGE_SIZE;
    var needle = "";
    var plan = "";
    var page = 0;
    var matching = total;
    var anchor = scrollBox(table);
    var pager = null, status = null, previous = null, next = null;

    function text(row) {
      if (row.gtText === undefined) row.gtText = row.textContent.toLowerCase();
      return row.gtText;
    }

    function render() {
      var pages = Math.max(1, Math.ceil(matching / PAGE_SIZE));
      page = Math.min(page, pages - 1);
      var skip = paged ? page * PAGE_SIZE : 0;
      var left = paged ? PAGE_SIZE : Infinity;
      groups.forEach(function (g) {
        var slice = g.shown.slice(Math.min(skip, g.shown.length), Math.min(skip, g.shown.length) + left);
        skip = Math.max(0, skip - g.shown.length);
        left -= slice.length;
        var off = plan !== "" && g.body.getAttribute("data-gt-group") !== plan;
        var empty = slice.length === 0 && (paged || needle !== "");
        if (g.head) slice.unshift(g.head);
        g.body.replaceChildren.apply(g.body, slice);
        g.body.hidden = off || empty;
      });
      if (pager) {
        var first = matching ? page * PAGE_SIZE + 1 : 0;
        var last = Math.min(matching, (page + 1) * PAGE_SIZE);
        var range = "Rows " + first.toLocaleString() + "–" + last.toLocaleString() + " of ";
        status.textContent = matching === total
          ? range + total.toLocaleString()
          : range + matching.toLocaleString() + " matching (" + total.toLocaleString() + " in all)";
        previous.disabled = page === 0;
        next.disabled = page >= pages - 1;
      }
    }

    function applyFilter() {
      matching = 0;
      groups.forEach(function (g) {
        var off = plan !== "" && g.body.getAttribute("data-gt-group") !== plan;
        g.shown = off ? [] : needle === "" ? g.rows : g.rows.filter(function (row) { return text(row).indexOf(needle) !== -1; });
        matching += g.shown.length;
      });
      page = 0;
      render();
      markOverflow();
    }

    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      th.setAttribute("data-gt-sort", "");
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "columnheader");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        // each group is sorted on its own; the order of a column is computed once
        groups.forEach(function (g) {
          if (!g.orders[index]) g.orders[index] = ascendingOrder(g.original, index);
          g.rows = ascending ? g.orders[index].slice() : g.orders[index].slice().reverse();
        });
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

    var labelled = table.querySelectorAll("tbody[data-gt-group]");
    if (labelled.length >= 2) {
      var select = document.createElement("select");
      select.className = "gt-plan-filter";
      select.setAttribute("aria-label", "Show the rows of one plan");
      select.appendChild(new Option("All plans", ""));
      labelled.forEach(function (body) {
        select.appendChild(new Option(body.getAttribute("data-gt-group-label"), body.getAttribute("data-gt-group")));
      });
      select.addEventListener("change", function () {
        plan = select.value;
        applyFilter();
      });
      anchor.parentNode.insertBefore(select, anchor);
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
      render();
    }
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
      enhance(table);
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
