/* Search of the authorities on the home page. The index (recherche-index.js) is a script
   that sets window.VIGIE_INDEX: loaded as a script, not fetched as JSON, it works when the
   site is opened from a folder (file://). It is loaded on first use, so the home page stays
   light. Names, INSEE codes and postal codes are matched without accents or case, as
   reports/website/search_index.py folds them. Results are built as DOM nodes (textContent),
   never as HTML. Without JavaScript the form leads to the full list of authorities. */
(function () {
  "use strict";

  var MAX_SHOWN = 50;
  var form = document.getElementById("recherche");
  var input = document.getElementById("recherche-texte");
  var results = document.getElementById("recherche-resultats");
  var status = document.getElementById("recherche-etat");
  if (!form || !input || !results || !status) {
    return;
  }
  var root = form.getAttribute("data-root") || "";
  var loading = false;
  // French typography: a no-break space before ":", a narrow one before ";".
  var NBSP = "\u00a0";
  var NARROW_NBSP = "\u202f";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function say(text) {
    status.textContent = text;
  }

  function frenchCount(count) {
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, NARROW_NBSP);
  }

  // The status, then a link to the full list of authorities: when nothing is found, or
  // when the index cannot be loaded, the list is where to look.
  function sayWithList(text, linkText) {
    status.textContent = text + " ";
    var link = document.createElement("a");
    link.href = root + "collectivites.html";
    link.textContent = linkText;
    status.appendChild(link);
    status.appendChild(document.createTextNode("."));
  }

  function matches(words) {
    var found = [];
    var index = window.VIGIE_INDEX;
    for (var i = 0; i < index.length; i++) {
      var key = " " + index[i].k + " ";
      var all = true;
      for (var j = 0; j < words.length && all; j++) {
        all = key.indexOf(" " + words[j]) !== -1;
      }
      if (all) {
        found.push(index[i]);
      }
    }
    var whole = words.join(" ");
    // The name itself first ("nantes" before "rezé (44400 nantes)"), then by name.
    found.sort(function (a, b) {
      var aFirst = fold(a.n) === whole ? 0 : 1;
      var bFirst = fold(b.n) === whole ? 0 : 1;
      return aFirst - bFirst || a.n.localeCompare(b.n, "fr");
    });
    return found;
  }

  // One result: the name as a link, then what tells two namesakes apart: the kind, the
  // département ("Loire-Atlantique (44)", its code written once), the INSEE code and the
  // postal codes. No status or score: the authority's page gives them.
  function item(entry) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + entry.u;
    link.textContent = entry.n;
    li.appendChild(link);
    var details = [entry.t];
    if (entry.d) {
      details.push(entry.d);
    }
    details.push("code INSEE " + entry.c);
    if (entry.p.length) {
      details.push((entry.p.length > 1 ? "codes postaux " : "code postal ") + entry.p.join(", "));
    }
    li.appendChild(document.createTextNode(" — " + details.join(" · ")));
    return li;
  }

  function show() {
    if (!window.VIGIE_INDEX) {
      load();
      return;
    }
    var words = fold(input.value).split(" ").filter(Boolean);
    results.textContent = "";
    if (!words.length) {
      say("");
      return;
    }
    var found = matches(words);
    var shown = found.slice(0, MAX_SHOWN);
    shown.forEach(function (entry) {
      results.appendChild(item(entry));
    });
    if (!found.length) {
      sayWithList("Aucune collectivité trouvée. Vérifiez l'orthographe, ou parcourez",
        "la liste complète des collectivités");
    } else if (found.length === 1) {
      say("1 collectivité trouvée.");
    } else if (found.length > MAX_SHOWN) {
      say(frenchCount(found.length) + " collectivités trouvées" + NARROW_NBSP + "; les " + MAX_SHOWN +
        " premières sont affichées, précisez votre recherche.");
    } else {
      say(frenchCount(found.length) + " collectivités trouvées.");
    }
  }

  function load() {
    if (loading) {
      return;
    }
    loading = true;
    say("Chargement de la liste des collectivités…");
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = show;
    script.onerror = function () {
      sayWithList("La recherche n'a pas pu être chargée" + NBSP + ": consultez",
        "la liste complète des collectivités");
    };
    document.head.appendChild(script);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
  });
  input.addEventListener("input", show);
  input.addEventListener("focus", function () {
    if (!window.VIGIE_INDEX) {
      load();
    }
  });
  if (input.value) {
    show();
  }
})();
