// Small accessibility fixes on top of Material, applied on the first load and after every
// instant navigation (Material's `document$`):
// * a box that scrolls sideways (a wide table, a long display equation on a phone) gets
//   tabindex="0", so keyboard users can reach and scroll it; the attribute is removed again
//   when a wider window means it no longer scrolls;
// * the search dialog gets an accessible name.
// Math is typeset when the site is built (tools/math_hook.py): nothing here renders it.
(function () {
  "use strict";

  var SCROLLERS = [
    ".md-typeset .md-typeset__scrollwrap",
    ".md-typeset table",
    ".md-typeset div.arithmatex",
    ".md-typeset .katex-display",
  ].join(", ");
  var MARK = "data-scroll-focus";

  function scrollsSideways(element) {
    var overflow = window.getComputedStyle(element).overflowX;
    return (overflow === "auto" || overflow === "scroll") && element.scrollWidth > element.clientWidth + 1;
  }

  // A block far from the screen is not laid out yet (site.css: content-visibility); measuring a
  // box inside it would force that layout, so such boxes wait until they are shown.
  // (A box can itself be such a block: then its first child tells.)
  var SHOWN = { contentVisibilityAuto: true };
  function isLaidOut(element) {
    if (typeof element.checkVisibility !== "function") return true;
    var child = element.firstElementChild;
    return element.checkVisibility(SHOWN) && (child === null || child.checkVisibility(SHOWN));
  }

  // All boxes are measured first and changed afterwards: measuring after a change would make
  // the browser lay the page out again for every box.
  function markScrollers(elements) {
    elements = elements.filter(isLaidOut);
    var scrolls = elements.map(scrollsSideways);
    elements.forEach(function (element, index) {
      if (scrolls[index]) {
        if (!element.hasAttribute("tabindex")) {
          element.setAttribute("tabindex", "0");
          element.setAttribute(MARK, "");
        }
      } else if (element.hasAttribute(MARK)) {
        element.removeAttribute("tabindex");
        element.removeAttribute(MARK);
      }
    });
  }

  function allScrollers() {
    return Array.prototype.slice.call(document.querySelectorAll(SCROLLERS));
  }

  // A box is measured again whenever its size changes: when it is first shown, and when a
  // narrower or wider window changes what fits.
  var observer =
    typeof window.ResizeObserver === "function"
      ? new window.ResizeObserver(function (entries) {
          markScrollers(
            entries.map(function (entry) {
              return entry.target;
            }),
          );
        })
      : null;

  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
      dialog.setAttribute("aria-label", "Search");
    }
  }

  function update() {
    nameSearchDialog();
    var elements = allScrollers();
    if (observer) {
      observer.disconnect();
      elements.forEach(function (element) {
        observer.observe(element);
      });
    }
    markScrollers(elements);
  }

  // A second look, once the browser is idle (fonts may have changed widths since).
  var pending = false;
  function scheduleUpdate() {
    if (pending) return;
    pending = true;
    var run = function () {
      pending = false;
      markScrollers(allScrollers());
    };
    if (typeof window.requestIdleCallback === "function") {
      window.requestIdleCallback(run, { timeout: 1000 });
    } else {
      window.setTimeout(run, 200);
    }
  }

  if (typeof document$ !== "undefined" && typeof document$.subscribe === "function") {
    document$.subscribe(function () {
      update();
      scheduleUpdate();
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", scheduleUpdate);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(scheduleUpdate);
})();
