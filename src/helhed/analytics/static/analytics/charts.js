/* Draws the Vega-Lite charts of the policy-goal pages. Each chart's spec sits in a JSON script element
   (Django's json_script) named by the data-goal-chart attribute of its container. Without JavaScript,
   or if drawing fails, the fallback text stays; a table nearby holds the same figures. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    // vega-interpreter 1.2 reads this set from vega-util; the vega 5.30 bundle predates it (same value).
    if (window.vega && window.vega.expressionInterpreter && !window.vega.DisallowedObjectProperties) {
      window.vega.DisallowedObjectProperties = new Set(Object.getOwnPropertyNames(Object.prototype));
    }
    document.querySelectorAll("[data-goal-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-goal-chart"));
      if (!source) { return; }
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      // A fixed width from the container: Vega's containerSize() fails under vega-interpreter.
      if (spec.width === "container") { spec.width = Math.max(240, el.clientWidth || 0); }
      // No tooltip handler: vega-tooltip injects a style element, which the CSP refuses; tables hold the figures.
      var options = { actions: false, renderer: "svg", defaultStyle: false, tooltip: false };
      // Under the Content Security Policy (no eval) Vega evaluates expressions with vega-interpreter.
      if (window.vega && window.vega.expressionInterpreter) {
        options.ast = true;
        options.expr = window.vega.expressionInterpreter;
      }
      window.vegaEmbed(el, spec, options).then(function (result) {
        var fallback = el.querySelector(".goal-chart-fallback");
        if (fallback) { fallback.remove(); }
        var svg = el.querySelector("svg");
        if (svg) { svg.setAttribute("aria-hidden", "true"); }
        el.setAttribute("data-drawn", "true");
        return result;
      }).catch(function (error) {
        el.setAttribute("data-error", String(error));
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
