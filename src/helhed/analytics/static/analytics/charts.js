/* Draws the Vega-Lite charts of the policy-goal pages. Each chart's spec sits in a JSON script element
   (Django's json_script) named by the data-goal-chart attribute of its container. Without JavaScript,
   or if drawing fails, the fallback text stays; a table nearby holds the same figures. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll("[data-goal-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-goal-chart"));
      if (!source) { return; }
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }).then(function (result) {
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
