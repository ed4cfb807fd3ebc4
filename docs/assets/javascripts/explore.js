// Explorable figures (crossentropy.figures.explore): a range input chooses one of the stops the
// package tabulated at build time (JSON in the figure's <template class="ce-explore-data">);
// this script only looks the stop up. It writes the stop's
// texts into the elements marked data-field, sets the input's aria-valuetext, and moves the
// figure's marks (matplotlib artists found by their gid): a line's path runs through the stop's
// points, a marker is placed on each point. Data coordinates are mapped to the SVG's user units
// with the affine [a, b, c, d, e, f] that matplotlib's transforms gave (SVG matrix order).
// Runs on the first load and after every instant navigation (Material's document$).
(function () {
  "use strict";

  var WIRED = "data-explore-wired";

  function toSvg(m, x, y) {
    return [(m[0] * x + m[2] * y + m[4]).toFixed(2), (m[1] * x + m[3] * y + m[5]).toFixed(2)];
  }

  function moveMark(group, flat, matrix) {
    var points = [];
    for (var k = 0; k + 1 < flat.length; k += 2) points.push(toSvg(matrix, flat[k], flat[k + 1]));
    if (!points.length) {
      group.setAttribute("visibility", "hidden");
      return;
    }
    group.removeAttribute("visibility");
    var line = group.querySelector(":scope > path");
    if (line) {
      line.setAttribute("d", "M " + points.map(function (p) { return p.join(" "); }).join(" L "));
    }
    var uses = group.querySelectorAll("use");
    if (!uses.length) return;
    var parent = uses[0].parentNode;
    for (var n = uses.length; n < points.length; n += 1) parent.appendChild(uses[0].cloneNode(false));
    for (var extra = uses.length - 1; extra >= points.length; extra -= 1) parent.removeChild(uses[extra]);
    uses = group.querySelectorAll("use");
    points.forEach(function (p, i) {
      uses[i].setAttribute("x", p[0]);
      uses[i].setAttribute("y", p[1]);
    });
  }

  function wire(figure) {
    if (figure.hasAttribute(WIRED)) return;
    var holder = figure.querySelector("template.ce-explore-data");
    var input = figure.querySelector("input[type='range']");
    if (!holder || !input) return;
    var data;
    try {
      data = JSON.parse(holder.content ? holder.content.textContent : holder.textContent);
    } catch (error) {
      return; // the static figure stays as it is
    }
    var marks = data.marks.map(function (id) { return figure.querySelector("[id='" + id + "']"); });
    if (marks.some(function (mark) { return !mark; })) return;
    var targets = Array.prototype.map.call(figure.querySelectorAll("[data-field]"), function (el) {
      return { el: el, column: data.fields.indexOf(el.getAttribute("data-field")) };
    }).filter(function (target) { return target.column >= 0; });

    function show(index) {
      var stop = data.stops[index];
      if (!stop) return;
      targets.forEach(function (target) {
        if (target.el.textContent !== stop.text[target.column]) target.el.textContent = stop.text[target.column];
      });
      input.setAttribute("aria-valuetext", stop.valuetext);
      marks.forEach(function (mark, i) { moveMark(mark, stop.points[i], data.affine); });
    }

    input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
    input.disabled = false;
    figure.setAttribute(WIRED, "");
    if (parseInt(input.value, 10) !== data.start) show(parseInt(input.value, 10));
  }

  function wireAll() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.ce-explore"), wire);
  }

  if (typeof document$ !== "undefined" && typeof document$.subscribe === "function") {
    document$.subscribe(wireAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireAll);
  } else {
    wireAll();
  }
})();
