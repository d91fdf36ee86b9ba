/* Helhed's small behaviour on top of htmx and DKFDS. Everything also works without it. */
(function () {
  "use strict";

  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    try { window.DKFDS.init(); } catch (e) { /* a missing component must not stop the page */ }
  }

  // "Cancel" in a form opened inside the page: close it, and put focus back where the user was.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-cancel]");
    if (!cancel || !window.htmx) { return; }
    var form = cancel.closest("form.helhed-slot-form");
    if (!form) { return; }
    event.preventDefault();
    var slot = form.parentElement;
    form.remove();
    var opener = slot && slot.id ? document.querySelector('[hx-target="#' + slot.id + '"]') : null;
    if (opener) { opener.focus(); }
  });

  // Errors htmx does not swap (403, 404, 500, no network): say so, in the page's language.
  function showError(status) {
    var box = document.getElementById("htmx-error");
    if (!box) { return; }
    var data = document.body.dataset;
    var text = status === 403 ? data.error403 : status === 404 ? data.error404 : data.errorOther;
    box.innerHTML = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-error";
    var body = document.createElement("div");
    body.className = "alert-body";
    var p = document.createElement("p");
    p.className = "alert-text";
    p.textContent = text;
    body.appendChild(p);
    alert.appendChild(body);
    box.appendChild(alert);
  }
  document.addEventListener("htmx:responseError", function (event) {
    showError(event.detail.xhr ? event.detail.xhr.status : 0);
  });
  document.addEventListener("htmx:sendError", function () { showError(0); });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) { box.innerHTML = ""; }
  });
})();
