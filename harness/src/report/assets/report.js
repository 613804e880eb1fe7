// report.html: tabs, a text filter, verdict filters and hash routing. No dependencies.
// Routes: #view-resource | #view-requirement | #view-tag | #view-coverage, #filter=<text>,
// #case-<id> opens that case, #first-failure opens the first failing case (else the first error).
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
  // Rows of the requirement and tag views carry no text of their own: data-case names the
  // case (in the resource view) whose data-search they share.
  var searchOf = {};
  all("#view-resource .case").forEach(function (el) { searchOf[el.id] = el.getAttribute("data-search") || ""; });

  function showView(name) {
    var found = views.some(function (v) { return v.id === "view-" + name; });
    if (!found) { name = "resource"; }
    views.forEach(function (v) { v.classList.toggle("active", v.id === "view-" + name); });
    tabs.forEach(function (t) { t.classList.toggle("active", t.getAttribute("data-view") === name); });
  }

  function applyFilter() {
    var words = filterBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    var anyVerdict = Object.keys(selectedVerdicts).length === 0;
    var visibleInResource = 0;
    all(".case").forEach(function (el) {
      var text = el.getAttribute("data-search") || searchOf[el.getAttribute("data-case")] || "";
      var verdictOk = anyVerdict || selectedVerdicts[el.getAttribute("data-verdict")];
      var ok = verdictOk && words.every(function (w) { return text.indexOf(w) !== -1; });
      el.classList.toggle("hidden", !ok);
      if (ok && el.closest("#view-resource")) { visibleInResource += 1; }
    });
    all(".group").forEach(function (group) {
      var cases = all(".case", group);
      var filtering = words.length > 0 || !anyVerdict;
      var hide = filtering && cases.every(function (c) { return c.classList.contains("hidden"); });
      group.classList.toggle("hidden", hide);
    });
    shown.textContent = visibleInResource + " of " + all("#view-resource .case").length + " cases shown";
  }

  function openCase(el) {
    if (el.classList.contains("hidden")) {
      filterBox.value = "";
      selectedVerdicts = {};
      countButtons.forEach(function (b) { b.classList.remove("selected"); });
      applyFilter();
    }
    showView("resource");
    var details = el.querySelector("details");
    if (details) { details.open = true; }
    all(".case.target").forEach(function (c) { c.classList.remove("target"); });
    el.classList.add("target");
    el.scrollIntoView({ block: "start" });
  }

  function route() {
    var hash = location.hash.slice(1);
    if (hash === "first-failure") {
      var first = document.querySelector('#view-resource .case[data-verdict="fail"]') ||
        document.querySelector('#view-resource .case[data-verdict="error"]');
      showView("resource");
      if (first) { openCase(first); }
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
    showView("resource");
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
