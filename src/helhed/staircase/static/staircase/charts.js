/* Draws the Vega-Lite charts of the staircase pages. Each chart's spec sits in a JSON script element
   (Django's json_script) named by the data-vega-spec attribute of its container. Without JavaScript, or
   if drawing fails, the fallback text stays and the tables beside the charts hold the same figures. */
(function () {
  "use strict";
  // The Content Security Policy forbids eval and inline styles: Vega evaluates its expressions with
  // vega-interpreter (loaded after vega.min.js) instead of new Function, and vega-embed injects no <style>.
  var options = {
    actions: false, renderer: "svg", defaultStyle: false, tooltip: false, ast: true
  };
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    options.expr = window.vega && window.vega.expressionInterpreter;
    document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source) { return; }
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      window.vegaEmbed(el, spec, options).then(function () {
        var fallback = el.querySelector(".helhed-chart-fallback");
        if (fallback) { fallback.remove(); }
        // The container is role="img" with a description, and the table beside it holds the figures:
        // the drawing itself stays out of the accessibility tree.
        el.querySelectorAll("svg, canvas").forEach(function (g) { g.setAttribute("aria-hidden", "true"); });
        el.setAttribute("data-drawn", "true");
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
