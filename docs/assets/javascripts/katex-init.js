// Render the math that pymdownx.arithmatex (generic mode) leaves in the page:
//   <span class="arithmatex">\(...\)</span>  inline
//   <div class="arithmatex">\[...\]</div>    display
// with the KaTeX copy served from assets/katex (no CDN). Material's `document$` emits on the
// first load and again after every instant navigation, so each new page is rendered too.
// Rendered elements are marked with data-katex="done" (or "error"), which makes re-running
// harmless. A formula KaTeX cannot parse stays visible as TeX, and the error is reported with
// console.error so that browser tests notice it.
(function () {
  "use strict";

  var DELIMITERS = [
    ["\\(", "\\)", false],
    ["\\[", "\\]", true],
  ];

  function splitTeX(element) {
    var text = element.textContent.trim();
    var display = element.tagName === "DIV";
    for (var i = 0; i < DELIMITERS.length; i++) {
      var open = DELIMITERS[i][0];
      var close = DELIMITERS[i][1];
      if (text.slice(0, open.length) === open && text.slice(-close.length) === close) {
        return { tex: text.slice(open.length, text.length - close.length), display: DELIMITERS[i][2] };
      }
    }
    return { tex: text, display: display };
  }

  function renderMath(root) {
    if (typeof katex === "undefined") {
      console.error("KaTeX is not loaded: math is left as TeX.");
      return;
    }
    var elements = (root || document).querySelectorAll(".arithmatex:not([data-katex])");
    Array.prototype.forEach.call(elements, function (element) {
      var math = splitTeX(element);
      try {
        element.innerHTML = katex.renderToString(math.tex, {
          displayMode: math.display,
          throwOnError: true,
        });
        element.setAttribute("data-katex", "done");
      } catch (error) {
        element.setAttribute("data-katex", "error");
        console.error("KaTeX could not render " + JSON.stringify(math.tex) + ": " + error.message);
      }
    });
  }

  window.renderSiteMath = renderMath;

  if (typeof document$ !== "undefined" && typeof document$.subscribe === "function") {
    document$.subscribe(function () { renderMath(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { renderMath(document); });
  } else {
    renderMath(document);
  }
})();
