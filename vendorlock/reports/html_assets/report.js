// The findings table of the vendorlock HTML report: render, sort, filter.
// Data comes from the JSON block and reaches the page through textContent
// only, so nothing from the scanned code is ever parsed as HTML. The view
// (filter and sort) lives in the URL fragment, so a link reproduces it:
// report.html#sdk=openai&sort=portability&dir=desc
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("data").textContent);
  var findings = data.findings;
  var FILTERS = ["sdk", "kind", "confidence"];
  var RANKS = {
    confidence: ["certain", "likely"],
    portability: ["auto", "assisted", "manual"]
  };
  var DEFAULTS = { q: "", sdk: "", kind: "", confidence: "", sort: "location", dir: "asc" };
  var state = Object.assign({}, DEFAULTS);

  var table = document.getElementById("findings-table");
  var body = table.querySelector("tbody");
  var search = document.getElementById("filter-q");
  var count = document.getElementById("findings-count");
  var COLUMNS = Array.prototype.map.call(table.querySelectorAll("th[data-sort]"), function (th) {
    return th.getAttribute("data-sort");
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // A message quotes names in backticks; show them as code, the rest as text.
  function messageNode(message) {
    var p = el("p", "message");
    var parts = message.split("`");
    if (parts.length % 2 === 0) {
      p.textContent = message;
      return p;
    }
    parts.forEach(function (part, index) {
      if (part) p.appendChild(index % 2 ? el("code", "", part) : document.createTextNode(part));
    });
    return p;
  }

  // Long paths wrap after a slash rather than in the middle of a name.
  function locationCell(location) {
    var td = el("td", "loc mono");
    location.split("/").forEach(function (part, index, parts) {
      var last = index === parts.length - 1;
      td.appendChild(document.createTextNode(last ? part : part + "/"));
      if (!last) td.appendChild(document.createElement("wbr"));
    });
    return td;
  }

  function row(f) {
    var tr = el("tr");
    tr.appendChild(locationCell(f.location));
    var rule = el("td", "mono");
    if (f.url) {
      var link = el("a", "", f.rule);
      link.href = f.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      rule.appendChild(link);
    } else {
      rule.textContent = f.rule;
    }
    tr.appendChild(rule);
    var vendor = el("td", "", f.sdk);
    if (f.provider !== f.sdk) vendor.appendChild(el("span", "muted", " \u2192 " + f.provider));
    tr.appendChild(vendor);
    tr.appendChild(el("td", "", f.kind));
    tr.appendChild(el("td", "", f.confidence));
    var portability = el("td");
    portability.appendChild(el("span", "badge " + f.portability, f.portability));
    tr.appendChild(portability);
    var detail = el("td");
    detail.appendChild(messageNode(f.message));
    if (f.api) detail.appendChild(el("div", "api muted mono", f.api));
    if (f.code) detail.appendChild(el("pre", "", f.code));
    tr.appendChild(detail);
    return tr;
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function compareLocation(a, b) {
    return compareText(a.path, b.path) || (a.cell || 0) - (b.cell || 0) ||
      a.line - b.line || a.column - b.column;
  }

  function key(f, column) {
    if (RANKS[column]) return RANKS[column].indexOf(f[column]);
    if (column === "vendor") return f.sdk + "\u0000" + f.provider;
    return f[column] || "";
  }

  function compare(a, b) {
    var order = 0;
    if (state.sort !== "location") order = compareText(key(a, state.sort), key(b, state.sort));
    order = order || compareLocation(a, b);
    return state.dir === "desc" ? -order : order;
  }

  function matches(f) {
    for (var i = 0; i < FILTERS.length; i++) {
      var name = FILTERS[i];
      if (state[name] && f[name] !== state[name]) return false;
    }
    if (!state.q) return true;
    var needle = state.q.toLowerCase();
    return [f.location, f.rule, f.sdk, f.provider, f.api || "", f.message, f.code]
      .join("\n").toLowerCase().indexOf(needle) !== -1;
  }

  function render() {
    var shown = findings.filter(matches).sort(compare);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (f) { fragment.appendChild(row(f)); });
    if (!shown.length) {
      var empty = el("tr");
      var cell = el("td", "empty", "No findings match the filter.");
      cell.colSpan = 7;
      empty.appendChild(cell);
      fragment.appendChild(empty);
    }
    body.replaceChildren(fragment);
    count.textContent = "Showing " + shown.length + " of " + findings.length;
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var active = th.getAttribute("data-sort") === state.sort;
      th.setAttribute("aria-sort", active ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    });
  }

  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (name) {
      if (state[name] !== DEFAULTS[name]) params.set(name, state[name]);
    });
    try {
      history.replaceState(null, "", "#" + params.toString());
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the view still works.
    }
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    Object.keys(state).forEach(function (name) {
      if (params.has(name)) state[name] = params.get(name);
    });
    // A hand-edited fragment must not break the page: unknown values fall back.
    if (COLUMNS.indexOf(state.sort) === -1) state.sort = DEFAULTS.sort;
    if (state.dir !== "desc") state.dir = DEFAULTS.dir;
    search.value = state.q;
    FILTERS.forEach(function (name) {
      document.getElementById("filter-" + name).value = state[name];
    });
  }

  function update() {
    render();
    writeHash();
  }

  search.addEventListener("input", function () {
    state.q = search.value;
    update();
  });
  FILTERS.forEach(function (name) {
    document.getElementById("filter-" + name).addEventListener("change", function (event) {
      state[name] = event.target.value;
      update();
    });
  });
  table.querySelectorAll("th[data-sort] button").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = button.parentNode.getAttribute("data-sort");
      state.dir = state.sort === column && state.dir === "asc" ? "desc" : "asc";
      state.sort = column;
      update();
    });
  });

  readHash();
  render();
})();
