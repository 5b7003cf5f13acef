// Sorting and filters for the audit matrix. The table is complete without this script; it only
// adds controls, so the page stays usable with JavaScript off or on a very old phone.
(function () {
  "use strict";
  var table = document.getElementById("ck-matrix");
  var controls = document.getElementById("ck-controls");
  if (!table || !controls) return;
  controls.hidden = false;
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  var nameInput = document.getElementById("ck-filter-name");
  var cellSelect = document.getElementById("ck-filter-cell");
  var groupSelect = document.getElementById("ck-filter-group");
  var count = document.getElementById("ck-count");

  // "dat dai" finds "đất đai": compare without tone marks, with đ as d, in lower case.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  // A cell's class is k-<letter> (dashboard.py's CELL_CODES); worst first. A row that could not
  // be read has one wide cell, k-unreadable, and sorts last.
  var ORDER = ["m", "i", "l", "u", "p", "d", "n"];
  var CODES = {missing: "m", incomplete: "i", late: "l", unknown: "u", pass: "p", not_due: "d", na: "n"};

  function cellStatus(cell) {
    var match = cell && /(?:^| )k-([a-z_]+)/.exec(cell.className);
    return match ? match[1] : null;
  }

  function sortValue(row, index, kind) {
    var cell = row.cells[index];
    if (kind === "text") return cell ? fold(cell.textContent.trim()) : "";
    if (kind === "number") {
      var value = cell && cell.getAttribute("data-value");
      return value === null || value === undefined ? 99 : Number(value);
    }
    var position = ORDER.indexOf(cellStatus(cell));
    return position === -1 ? 99 : position;
  }

  function sortBy(index) {
    var header = headers[index];
    var kind = header.getAttribute("data-sort");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortValue(a, index, kind), y = sortValue(b, index, kind);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(headers, function (header, index) {
    if (!header.hasAttribute("data-sort")) return;
    header.tabIndex = 0;
    header.addEventListener("click", function (event) {
      if (event.target.tagName === "A") return;
      sortBy(index);
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(index); }
    });
  });

  function applyFilters() {
    var name = fold(nameInput.value.trim());
    var wanted = cellSelect.value;
    var group = groupSelect.value;
    // A rule's group is on its header cell; hide the whole column, header and cells.
    Array.prototype.forEach.call(headers, function (header, index) {
      var groupOf = header.getAttribute("data-group");
      if (groupOf === null) return;
      var hide = group !== "" && groupOf !== group;
      header.classList.toggle("ck-hidden", hide);
      Array.prototype.forEach.call(body.rows, function (row) {
        var cell = row.cells[index];
        var status = cellStatus(cell);
        if (status !== null && status !== "unreadable") {
          cell.classList.toggle("ck-hidden", hide);
        }
      });
    });
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = name === "" || fold(row.getAttribute("data-name")).indexOf(name) !== -1;
      if (ok && wanted !== "") {
        var selector = wanted === "unreadable" ? "td.k-unreadable" : "td.k-" + CODES[wanted];
        var cells = Array.prototype.filter.call(row.querySelectorAll(selector), function (cell) {
          return !cell.classList.contains("ck-hidden");
        });
        ok = cells.length > 0;
      }
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " / " + body.rows.length + " xã";
  }

  nameInput.addEventListener("input", applyFilters);
  cellSelect.addEventListener("change", applyFilters);
  groupSelect.addEventListener("change", applyFilters);
  applyFilters();
})();
