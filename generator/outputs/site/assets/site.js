/* The editors' site: sorting, filtering and search for the table of places (by name, and
   by the towns and districts each place covers), finding an outlet's page, and copy
   buttons. Plain JavaScript, no libraries, no network. Without it every page still shows
   everything: the full table and every draft. */
(function () {
  "use strict";

  var status = document.getElementById("status");

  function announce(message) {
    if (!status) {
      return;
    }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 30);
  }

  // --- copy buttons --------------------------------------------------------------------

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.setAttribute("aria-hidden", "true");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return copyByHand(text);
        }
      );
    }
    return Promise.resolve(copyByHand(text));
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) {
        return;
      }
      var what = button.getAttribute("data-what") || "text";
      copy(source.textContent).then(function (done) {
        announce(done ? "Copied: " + what : "Could not copy: select the text and copy it");
      });
    });
  });

  // --- find your outlet: open the page of the outlet chosen ------------------------------

  var finder = document.getElementById("find-outlet");
  var choice = document.getElementById("find-outlet-choice");
  var open = document.getElementById("find-outlet-open");
  if (finder && choice && open) {
    finder.hidden = false;
    var go = function () {
      var target = choice.value;
      // Only the outlets' own pages, as the page lists them.
      if (/^(partners|radio)\/[a-z0-9-]+\.html$/.test(target)) {
        window.location.href = target;
      } else {
        announce("Choose your outlet or station first");
        choice.focus();
      }
    };
    open.addEventListener("click", go);
    finder.addEventListener("submit", function (event) {
      event.preventDefault();
      go();
    });
  }

  // --- the table of places -------------------------------------------------------------

  var table = document.getElementById("places");
  var form = document.getElementById("filters");
  if (!table || !table.tBodies.length) {
    return;
  }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("row-count");
  var singular = table.getAttribute("data-singular") || "row";
  var plural = table.getAttribute("data-plural") || "rows";
  rows.forEach(function (row, index) {
    row.setAttribute("data-index", String(index));
  });

  function value(id) {
    var control = document.getElementById(id);
    return control ? control.value : "";
  }

  function has(row, attribute, wanted) {
    return (" " + (row.getAttribute(attribute) || "") + " ").indexOf(" " + wanted + " ") !== -1;
  }

  function matches(row) {
    var query = value("filter-search").trim().toLowerCase();
    var region = value("filter-region");
    var outlet = value("filter-outlet");
    var station = value("filter-station");
    var flag = value("filter-flag");
    if (query && (row.getAttribute("data-search") || "").indexOf(query) === -1) {
      return false;
    }
    if (region && row.getAttribute("data-region") !== region) {
      return false;
    }
    if (outlet && !has(row, "data-outlets", outlet)) {
      return false;
    }
    if (station && !has(row, "data-stations", station)) {
      return false;
    }
    if (flag === "none") {
      return !(row.getAttribute("data-flags") || "");
    }
    return !flag || has(row, "data-flags", flag);
  }

  // A row found by a town or district it covers says which ("Covers Southampton").
  function explain(row, query) {
    var note = row.querySelector(".match");
    if (!note) {
      return;
    }
    var name = row.cells[0].querySelector("a");
    var found = "";
    if (query && name && name.textContent.toLowerCase().indexOf(query) === -1) {
      (row.getAttribute("data-places") || "").split(";").some(function (place) {
        if (place.toLowerCase().indexOf(query) !== -1) {
          found = place;
          return true;
        }
        return false;
      });
    }
    note.textContent = found ? "Covers " + found : "";
    note.hidden = !found;
  }

  function apply() {
    var shown = 0;
    var query = value("filter-search").trim().toLowerCase();
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (ok) {
        shown += 1;
        explain(row, query);
      }
    });
    if (count) {
      var noun = rows.length === 1 ? singular : plural;
      count.textContent = "Showing " + shown + " of " + rows.length + " " + noun;
    }
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
  }

  function key(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell ? cell.getAttribute("data-sort") : null;
    if (raw === null || raw === "") {
      return null;
    }
    if (numeric) {
      var number = parseFloat(raw);
      return isNaN(number) ? null : number;
    }
    return raw;
  }

  function sortBy(header, column, direction) {
    var numeric = header.getAttribute("data-type") === "number";
    var sign = direction === "ascending" ? 1 : -1;
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, column, numeric);
      var y = key(b, column, numeric);
      var order = 0;
      if (x === null || y === null) {
        order = x === y ? 0 : x === null ? 1 : -1; // rows without a value go last
      } else if (numeric) {
        order = sign * (x - y);
      } else {
        order = sign * x.localeCompare(y, "en", { sensitivity: "base", numeric: true });
      }
      if (order === 0) {
        order = Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
      }
      return order;
    });
    sorted.forEach(function (row) {
      tbody.appendChild(row);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell !== header) {
        cell.removeAttribute("aria-sort");
      }
    });
    header.setAttribute("aria-sort", direction);
    announce("Sorted by " + header.textContent.trim() + ", " + direction);
  }

  Array.prototype.forEach.call(table.querySelectorAll("th button.sort"), function (button) {
    var header = button.closest("th");
    button.addEventListener("click", function () {
      var current = header.getAttribute("aria-sort");
      var first = header.getAttribute("data-first") || "ascending";
      var next = current === "ascending" ? "descending" : current ? "ascending" : first;
      sortBy(header, header.cellIndex, next);
    });
  });

  apply();
})();
