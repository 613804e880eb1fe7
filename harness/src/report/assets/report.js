// report.html: tabs, a text filter, verdict filters and hash routing. No dependencies.
// Routes: #view-failures | #view-resource | #view-requirement | #view-tag | #view-coverage,
// #filter=<text>, #case-<id> opens that row (a scenario, or one of its variants),
// #first-failure opens the first failing row (else the first error). Without a route the
// failures view opens when something failed, else the resource view.
// When the script has run without error, <body data-js="ok">; any uncaught error sets "error".
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function () {
    body.setAttribute("data-js", "error");
  });
  body.classList.add("js");

  var all = function (selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  };
  var views = all(".view");
  var tabs = all(".tabs a[data-view]");
  var filterBox = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var countButtons = all("button.count[data-verdict]");
  var selectedVerdicts = {};
  // Every row is in the resource view once: in full, or (failing rows) as a link to its
  // details in the failures view (data-case names them).
  var resourceRows = all("#view-resource .case");

  // The requirement and tag views: each row filed as a link row in the slot of each of its
  // requirements (data-r) and tags (data-t), in resource-view order.
  var slots = {};
  all(".slot[data-slot]").forEach(function (el) { slots[el.getAttribute("data-slot")] = el; });
  function linkRow(el) {
    var anchor = el.id || el.getAttribute("data-case");
    var row = document.createElement("div");
    row.className = "case row v-" + el.getAttribute("data-verdict");
    ["data-verdict", "data-n"].forEach(function (name) { row.setAttribute(name, el.getAttribute(name)); });
    row.setAttribute("data-case", anchor);
    var badge = el.querySelector(".badge");
    if (badge) { row.appendChild(badge.cloneNode(true)); row.appendChild(document.createTextNode(" ")); }
    var link = document.createElement("a");
    link.href = "#" + anchor;
    var code = el.querySelector("code");
    link.appendChild(code ? code.cloneNode(true) : document.createTextNode(anchor));
    row.appendChild(link);
    [".nv", ".title", ".problem"].forEach(function (selector) {
      var part = el.querySelector(selector);
      if (part) { row.appendChild(document.createTextNode(" ")); row.appendChild(part.cloneNode(true)); }
    });
    return row;
  }
  resourceRows.forEach(function (el) {
    var keys = [];
    (el.getAttribute("data-r") || "").split(" ").filter(Boolean).forEach(function (r) { keys.push("r " + r); });
    var tags = (el.getAttribute("data-t") || "").split(" ").filter(Boolean);
    if (tags.length === 0) { keys.push("t "); }
    tags.forEach(function (t) { keys.push("t " + t); });
    keys.forEach(function (key) { if (slots[key]) { slots[key].appendChild(linkRow(el)); } });
  });
  var rows = all(".case");

  // What the filter matches: a row's verdict, summary, facts, variants and checks (not its
  // exchanges), lower-cased; link rows share the text of the row they link to.
  var searchOf = {};
  all(".case[id]").forEach(function (el) {
    var parts = [el.getAttribute("data-verdict")];
    all("summary, dl, .variants, .checks", el).forEach(function (part) { parts.push(part.textContent); });
    searchOf[el.id] = parts.join(" ").toLowerCase();
  });
  var totalCases = resourceRows.reduce(function (n, el) { return n + Number(el.getAttribute("data-n") || 1); }, 0);
  var anyFailure = document.querySelector("#view-failures .case") !== null;

  function showView(name) {
    var found = views.some(function (v) { return v.id === "view-" + name; });
    if (!found) { name = anyFailure ? "failures" : "resource"; }
    views.forEach(function (v) { v.classList.toggle("active", v.id === "view-" + name); });
    tabs.forEach(function (t) { t.classList.toggle("active", t.getAttribute("data-view") === name); });
  }

  function applyFilter() {
    var words = filterBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    var anyVerdict = Object.keys(selectedVerdicts).length === 0;
    rows.forEach(function (el) {
      var text = searchOf[el.id || el.getAttribute("data-case")] || "";
      var verdictOk = anyVerdict || selectedVerdicts[el.getAttribute("data-verdict")];
      var ok = verdictOk && words.every(function (w) { return text.indexOf(w) !== -1; });
      el.classList.toggle("hidden", !ok);
    });
    var filtering = words.length > 0 || !anyVerdict;
    all(".group").forEach(function (group) {
      var members = all(".case", group);
      var hide = filtering && members.every(function (c) { return c.classList.contains("hidden"); });
      group.classList.toggle("hidden", hide);
    });
    var visible = resourceRows.filter(function (el) { return !el.classList.contains("hidden"); });
    var visibleCases = visible.reduce(function (n, el) { return n + Number(el.getAttribute("data-n") || 1); }, 0);
    shown.textContent = visible.length + " of " + resourceRows.length + " rows shown (" +
      visibleCases + " of " + totalCases + " cases)";
  }

  function openCase(target) {
    var el = target.closest(".case") || target;
    if (el.classList.contains("hidden")) {
      filterBox.value = "";
      selectedVerdicts = {};
      countButtons.forEach(function (b) { b.classList.remove("selected"); });
      applyFilter();
    }
    var view = el.closest(".view");
    showView(view ? view.id.slice(5) : "resource");
    var details = el.querySelector("details");
    if (details) { details.open = true; }
    all(".case.target").forEach(function (c) { c.classList.remove("target"); });
    el.classList.add("target");
    target.scrollIntoView({ block: "start" });
  }

  function route() {
    var hash = location.hash.slice(1);
    if (hash === "first-failure") {
      var first = document.querySelector('#view-failures .case[data-verdict="fail"]') ||
        document.querySelector('#view-failures .case[data-verdict="error"]');
      if (first) { openCase(first); } else { showView("resource"); }
      return;
    }
    if (hash.indexOf("view-") === 0) { showView(hash.slice(5)); return; }
    if (hash.indexOf("filter=") === 0) {
      try { filterBox.value = decodeURIComponent(hash.slice(7)); } catch (e) { filterBox.value = hash.slice(7); }
      applyFilter();
      showView("resource");
      return;
    }
    if (hash.indexOf("case-") === 0) {
      var el = document.getElementById(hash);
      if (!el) {
        try { el = document.getElementById(decodeURIComponent(hash)); } catch (e) { el = null; }
      }
      if (el) { openCase(el); return; }
    }
    showView("");
  }

  filterBox.addEventListener("input", applyFilter);
  countButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var verdict = button.getAttribute("data-verdict");
      if (selectedVerdicts[verdict]) { delete selectedVerdicts[verdict]; } else { selectedVerdicts[verdict] = true; }
      button.classList.toggle("selected", !!selectedVerdicts[verdict]);
      applyFilter();
    });
  });
  window.addEventListener("hashchange", route);

  route();
  applyFilter();
  if (body.getAttribute("data-js") !== "error") { body.setAttribute("data-js", "ok"); }
})();
