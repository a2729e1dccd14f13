/* Quick exit: leave for a neutral site at once, replacing this page in the history. Stores nothing. */
(function () {
  "use strict";
  var PRESSES_NEEDED = 3;
  var WITHIN_MS = 5000;
  var presses = [];
  var shiftUsedWithAnotherKey = false;

  function exitLink() {
    return document.querySelector("[data-quick-exit]");
  }

  function leave() {
    var link = exitLink();
    if (!link) {
      return;
    }
    document.documentElement.classList.add("readers-leaving");
    window.location.replace(link.href);
  }

  // A page brought back from the back-forward cache must not stay hidden.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("readers-leaving");
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-quick-exit]")) {
      event.preventDefault();
      leave();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      shiftUsedWithAnotherKey = false;
    } else {
      shiftUsedWithAnotherKey = true;
      presses = [];
    }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || shiftUsedWithAnotherKey) {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < WITHIN_MS; });
    presses.push(now);
    if (presses.length >= PRESSES_NEEDED) {
      presses = [];
      leave();
    }
  });
})();

/* Search: its script loads on first use (without JavaScript, noscript.css hides the box and the A–Z link stays). */
(function () {
  "use strict";
  var form = document.querySelector(".readers-search");
  if (!form) {
    return;
  }
  var input = form.querySelector("input");
  var requested = false;

  function load() {
    if (requested) {
      return;
    }
    requested = true;
    var script = document.createElement("script");
    script.src = form.getAttribute("data-script");
    document.head.appendChild(script);
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", load);
})();
