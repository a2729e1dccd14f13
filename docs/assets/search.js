/* Site search, loaded only when the reader starts to search: matches words against the index the build wrote
   (search-index.json), lists links to pages, figure cards and police forces. Stores nothing, evaluates no code. */
(function () {
  "use strict";
  var form = document.querySelector(".readers-search");
  if (!form || form.getAttribute("data-ready")) {
    return;
  }
  form.setAttribute("data-ready", "yes");
  var input = form.querySelector("input");
  var status = form.querySelector(".readers-search-status");
  var list = form.querySelector(".readers-search-results");
  var indexAddress = new URL(form.getAttribute("data-index"), document.baseURI);
  var MOST = 10;
  var entries = null;

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^a-z0-9%]+/).filter(Boolean);
  }

  function prepare(raw) {
    return raw.map(function (entry) {
      return {entry: entry, title: words(entry.t), all: words(entry.t + " " + entry.k + " " + entry.x)};
    });
  }

  function hasWord(haystack, word) {
    for (var i = 0; i < haystack.length; i += 1) {
      if (haystack[i].indexOf(word) === 0) {
        return true;
      }
    }
    return false;
  }

  function score(item, query) {
    var total = 0;
    for (var i = 0; i < query.length; i += 1) {
      if (hasWord(item.title, query[i])) {
        total += 3;
      } else if (hasWord(item.all, query[i])) {
        total += 1;
      } else {
        return 0;
      }
    }
    if (item.title.join(" ") === query.join(" ")) {
      total += 10;
    }
    return total + (item.entry.k === "page" || item.entry.k === "police force" ? 1 : 0);
  }

  function show() {
    var query = words(input.value);
    list.textContent = "";
    if (!query.length || !entries) {
      status.textContent = entries ? "" : "Loading the search index…";
      return;
    }
    var found = entries.map(function (item, order) { return {item: item, order: order, score: score(item, query)}; })
      .filter(function (match) { return match.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    status.textContent = found.length ? found.length + " found" + (found.length > MOST ? ", the first " + MOST + " shown" : "")
      : "Nothing found. Try fewer words, or the A–Z index.";
    found.slice(0, MOST).forEach(function (match) {
      var entry = match.item.entry;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(entry.u, indexAddress).href;
      link.textContent = entry.t;
      var kind = document.createElement("span");
      kind.className = "readers-search-kind";
      kind.textContent = " (" + entry.k + ")";
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
  }

  input.addEventListener("input", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) {
      window.location.assign(first.href);
    }
  });
  fetch(indexAddress.href, {credentials: "omit", cache: "no-store"})
    .then(function (response) { return response.json(); })
    .then(function (raw) { entries = prepare(raw); show(); })
    .catch(function () { status.textContent = "The search could not load. The A–Z index lists every page."; });
  show();
})();
