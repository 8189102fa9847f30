// The survey editor's live preview, served at /console/static/survey-preview.js (same origin, so the CSP's
// script-src 'self' allows it). It holds no SMS rule: it posts the form, CSRF token included, to
// /console/surveys/preview and swaps in the figures the server rendered. Without it, "Preview" does the same.
export const SURVEY_PREVIEW_JS = `"use strict";
(function () {
  var form = document.querySelector("form[data-preview]");
  var target = document.getElementById("sms-preview");
  if (!form || !target || !window.fetch) return;
  var timer = 0;
  var asked = 0;
  function refresh() {
    var mine = ++asked;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-preview"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || mine !== asked) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("sms-preview");
        if (!fresh) return;
        target.replaceChildren.apply(target, Array.prototype.map.call(fresh.childNodes, function (node) {
          return document.importNode(node, true);
        }));
        target.setAttribute("data-updated", String(mine));
      })
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
`;
