/* Karsplan: the admin export page's "Select all" box (django-import-export binds it with an
   inline onchange, which the Content-Security-Policy blocks; templates/admin/import_export/
   export.html drops that attribute and this binds the same handler). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("input.select-toggle"), function (box) {
    box.addEventListener("change", function (event) {
      if (typeof window.onSelectToggleChange === "function") { window.onSelectToggleChange(event); }
    });
  });
})();
