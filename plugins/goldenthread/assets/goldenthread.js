/* goldenthread: filter, sort and page tables marked data-gt-filter / data-gt-sortable, a plan filter on
   tables grouped by plan (one <tbody data-gt-group> per plan), and a cue on tables that scroll
   sideways. Tables are complete HTML without this script (every row is in the page; a <noscript>
   style shows them all). With it, a long table shows PAGE_SIZE rows at a time: the others are
   detached from the document, not hidden, so a table of 10,000 rows costs the browser the layout
   of 50. Filtering and sorting work on the whole table, in memory.

   A table of more than 200 rows comes as its first 50 rows of HTML and a <script class="gt-rows">
   holding every row as data, its links as tokens (<@ID>, <~@handle>…) expanded from the site's
   shared index (links.js, window.goldenthreadLinks); a row becomes HTML when it is first shown.
   Long link lists likewise keep their first links, the rest behind a "show all" button. */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var NUMBER = /^[-+]?\d*\.?\d+$/;
  var TOKEN = /<([@$#~^])([^<>\s]+)>/g;
  var ENTITY = /&(amp|lt|gt|quot|#34|#39);/g;
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#34": "\"", "#39": "'" };

  /* -- row data (see the top): tokens to links, cells to text -------------------------------- */
  function links() { return window.goldenthreadLinks || { p: [], i: {}, o: {} }; }

  function expand(html, root) {
    if (html.indexOf("<") === -1) return html;
    var index = links();
    return html.replace(TOKEN, function (all, kind, key) {
      if (kind === "~" || kind === "^") {
        var o = index.o[key];
        if (!o) return all;
        var hover = kind === "~" ? o[1] : o[2];
        return '<a class="gt-owner" href="' + root + o[3] + '"' + (hover ? ' title="' + hover + '"' : "") +
          ' data-handle="' + key + '">' + (kind === "~" ? o[0] : key) + "</a>";
      }
      var it = index.i[key];
      if (!it) return all;
      var anchor = it.length > 2 ? (it[2] === 1 ? key.toLowerCase() : it[2]) : "";
      var href = '<a class="gt-ref" href="' + root + index.p[it[1]] + (anchor ? "#" + anchor : "") + '"';
      if (kind === "@") return href + ">" + it[0] + ' <span class="gt-id">' + key + "</span></a>";
      return href + ' title="' + key + ": " + it[0] + '">' + (kind === "$" ? it[0] : key) + "</a>";
    });
  }

  function decode(text) {
    return text.indexOf("&") === -1 ? text : text.replace(ENTITY, function (_, name) { return ENTITIES[name]; });
  }

  /* the text a token's link shows (still HTML-escaped, as the index holds it); null if unknown */
  function tokenText(kind, key) {
    var index = links();
    if (kind === "^" || kind === "#") return key;
    if (kind === "~") return index.o[key] ? index.o[key][0] : null;
    var it = index.i[key];
    return !it ? null : kind === "@" ? it[0] + " " + key : it[0];
  }

  /* a cell's text as the browser would show it (textContent), without building it */
  function plain(html) {
    if (html.indexOf("<") !== -1) {
      html = html.replace(TOKEN, function (all, kind, key) {
        var text = tokenText(kind, key);
        return text === null ? all : text;
      });
      if (html.indexOf("<") !== -1) html = html.replace(/<[^>]*>/g, "");
    }
    return decode(html);
  }

  /* a row's cells; in the data, a number n > 0 stands for n empty cells, -k for the table's
     k-th shared cell */
  function dataCells(d, shared) {
    var cells = Array.isArray(d) ? d : d.c;
    if (!cells.some(function (c) { return typeof c === "number"; })) return cells;
    var out = [];
    cells.forEach(function (c) {
      if (typeof c !== "number") out.push(c);
      else if (c < 0) out.push(shared[-c - 1]);
      else for (var k = 0; k < c; k += 1) out.push("");
    });
    return out;
  }

  /* the cell at a column, read from the data as it is (no copy of the row) */
  function cellAt(row, index) {
    var cells = Array.isArray(row.d) ? row.d : row.d.c;
    var column = 0;
    for (var i = 0; i < cells.length; i += 1) {
      var c = cells[i];
      if (typeof c === "number" && c > 0) {
        if (index < column + c) return "";
        column += c;
        continue;
      }
      if (column === index) return typeof c === "number" ? row.s[-c - 1] : c;
      column += 1;
    }
    return undefined;
  }

  /* a cell's text; one link alone (the commonest cell with markup) without a regular expression */
  function cellText(c) {
    var html = typeof c === "string" ? c : c[0];
    if (html.indexOf("<") === -1) return html.indexOf("&") === -1 ? html : decode(html);
    var close = html.indexOf(">");
    if (html.charCodeAt(0) === 60 && close === html.length - 1 && "@$#~^".indexOf(html.charAt(1)) !== -1) {
      var text = tokenText(html.charAt(1), html.slice(2, close));
      if (text !== null) return decode(text);
    }
    return plain(html);
  }

  /* the text of a table's k-th shared cell, made once */
  function sharedText(shared, k) {
    if (!shared.t) shared.t = [];
    if (shared.t[k] === undefined) shared.t[k] = cellText(shared[k]);
    return shared.t[k];
  }

  /* a cell: "html" (a bare <td>) or [html, sort, attributes, kind] (see views/compact.py) */
  function cellHtml(c, root) {
    if (typeof c === "string") return "<td>" + expand(c, root) + "</td>";
    var tag = c[3] ? "th" : "td";
    var attrs = (c[3] === 1 ? ' scope="row"' : "") + (typeof c[1] === "string" ? ' data-sort="' + c[1] + '"' : "") +
      (c[2] ? " " + c[2] : "");
    return "<" + tag + attrs + ">" + expand(c[0], root) + "</" + tag + ">";
  }

  function rowHtml(d, root, shared) {
    if (typeof d === "string") return expand(d, root);
    var out = Array.isArray(d) ? "<tr>" : "<tr " + d.a + ">";
    dataCells(d, shared || []).forEach(function (c) { out += cellHtml(c, root); });
    return out + "</tr>";
  }

  /* the <tr> of a row, made from its data the first time it is shown */
  function materialise(rows, root) {
    var missing = rows.filter(function (r) { return !r.el; });
    if (!missing.length) return;
    var box = document.createElement("tbody");
    box.innerHTML = missing.map(function (r) { return rowHtml(r.d, root, r.s); }).join("");
    var made = Array.prototype.slice.call(box.children);
    missing.forEach(function (r, i) { r.el = made[i]; });
  }

  function cellValue(row, index) {
    if (row.d && typeof row.d !== "string") {
      var c = cellAt(row, index);
      if (c === undefined) return "";
      if (typeof c !== "string" && typeof c[1] === "string" && c[1] !== "") return decode(c[1]);
      return cellText(c).trim();
    }
    var cell = row.el.children[index];
    if (!cell) return "";
    var attr = cell.getAttribute("data-sort");
    return attr !== null && attr !== "" ? attr : cell.textContent.trim();
  }

  /* numeric-aware, case- and accent-insensitive: compared as plain strings, which is fast */
  var NON_ASCII = /[^\x00-\x7f]/;
  var DIGIT = /\d/;
  function pad(d) { return d.length >= 16 ? d : ("0000000000000000" + d).slice(-16); }
  function textKey(value) {
    var v = NON_ASCII.test(value) ? value.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : value;
    v = v.toLowerCase();
    return DIGIT.test(v) ? v.replace(/\d+/g, pad) : v;
  }

  /* The rows of a column in ascending order: numbers as numbers when the whole column is
     numeric, text numeric-aware and case-insensitive otherwise. */
  function ascendingOrder(rows, index) {
    var values = rows.map(function (row) { return cellValue(row, index); });
    var order = rows.map(function (_, i) { return i; });
    if (values.every(function (v) { return v === "" || NUMBER.test(v); })) {
      var numbers = new Float64Array(values.map(function (v) { return v === "" ? -Infinity : parseFloat(v); }));
      order.sort(function (a, b) { return numbers[a] - numbers[b] || a - b; });
    } else {
      var seen = new Map();  // a column repeats its values: each key made once
      var keys = values.map(function (v) {
        var k = seen.get(v);
        if (k === undefined) { k = textKey(v); seen.set(v, k); }
        return k;
      });
      order.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
    }
    return order.map(function (i) { return rows[i]; });
  }

  function scrollBox(table) {
    var parent = table.parentElement;
    return parent && parent.classList.contains("gt-scroll") ? parent : table;
  }

  function rowData(table) {
    var script = table.parentElement && table.parentElement.querySelector("script.gt-rows");
    if (!script) return null;
    try { return JSON.parse(script.textContent); } catch (e) { return null; }
  }

  function enhance(table) {
    var data = rowData(table);
    var root = data ? data.r : "";
    /* one group per <tbody>; its heading row (tr.gt-group) stays first and is never filtered.
       A row: {el: its <tr> once made, d: its data (tables sent as data)}. */
    var groups = Array.prototype.map.call(table.tBodies, function (body, k) {
      var head = body.rows[0] && body.rows[0].classList.contains("gt-group") ? body.rows[0] : null;
      var shown = Array.prototype.filter.call(body.rows, function (r) { return r !== head; });
      var rows = data
        ? (data.g[k] || []).map(function (d, i) { return { el: shown[i] || null, d: d, s: data.s || [] }; })
        : shown.map(function (el) { return { el: el, d: null }; });
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
      if (row.t === undefined) {
        if (row.d && typeof row.d !== "string") {
          var cells = Array.isArray(row.d) ? row.d : row.d.c;
          var parts = [];
          for (var i = 0; i < cells.length; i += 1) {
            var c = cells[i];
            if (typeof c === "number") { if (c < 0) parts.push(sharedText(row.s, -c - 1)); }
            else parts.push(cellText(c));
          }
          row.t = parts.join(" ").toLowerCase();
        } else {
          row.t = (row.el ? row.el.textContent : plain(row.d)).toLowerCase();
        }
      }
      return row.t;
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
        materialise(slice, root);
        slice = slice.map(function (r) { return r.el; });
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
      // read the layout after the browser has made it, not forced here in the middle of the event
      window.requestAnimationFrame(markOverflow);
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

    if (data) {
      // the filter's text of every row, made once as the table is set up (as DataTables builds
      // its search cache), so that no keystroke has to wait for it
      groups.forEach(function (g) { g.original.forEach(text); });
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

  /* A long link list keeps its first links; a button brings the rest from its data. */
  function moreLists() {
    document.querySelectorAll("p.gt-more[data-gt-more]:not([data-gt-ready])").forEach(function (note) {
      note.setAttribute("data-gt-ready", "");
      var script = note.nextElementSibling, list = note.previousElementSibling;
      if (!script || !script.classList.contains("gt-links") || !list) return;
      var more = parseInt(note.getAttribute("data-gt-more"), 10);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gt-more-button";
      button.textContent = "Show all " + (list.children.length + more).toLocaleString() +
        " (" + more.toLocaleString() + " more)";
      button.addEventListener("click", function () {
        var data = JSON.parse(script.textContent);
        list.insertAdjacentHTML("beforeend", data.l.map(function (t) { return "<li>" + expand(t, data.r) + "</li>"; }).join(""));
        note.remove();
      });
      note.replaceChildren(button);
    });
  }

  /* Row data needs the shared link index (links.js), loaded last on the pages that carry data. */
  function whenLinks(then) {
    var script = document.getElementById("gt-links");
    if (window.goldenthreadLinks || !script) { then(); return; }
    script.addEventListener("load", then);
    script.addEventListener("error", then);
  }

  function init() {
    whenLinks(function () {
      document.querySelectorAll("table[data-gt-sortable]:not([data-gt-ready])").forEach(function (table) {
        table.setAttribute("data-gt-ready", "");
        enhance(table);
      });
      moreLists();
      markOverflow();
    });
  }

  window.addEventListener("resize", markOverflow);
  // what a data row becomes, for the browser tests that compare it with the HTML the build wrote
  window.goldenthreadRows = { rowHtml: rowHtml };

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
