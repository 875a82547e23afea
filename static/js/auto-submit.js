/* Karsplan: a <select data-auto-submit> submits its form when changed (no inline handler:
   the Content-Security-Policy allows no inline script). Without JavaScript the form keeps its
   <noscript> button. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("select[data-auto-submit]"), function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
})();
