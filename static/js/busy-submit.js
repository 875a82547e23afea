/* Karsplan: a <form data-busy="Hazırlanıyor…"> shows that it is working once sent: its submit
   button is disabled and reads the data-busy text, and the form is marked aria-busy. A slow
   answer (a report rendered in-process when no worker runs) is no longer mistaken for a dead
   button, nor sent twice. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit], button:not([type])");
      form.setAttribute("aria-busy", "true");
      if (button) {
        // Disabled after this event, so that the button's own value is still sent.
        window.setTimeout(function () {
          button.disabled = true;
          button.textContent = form.getAttribute("data-busy");
        }, 0);
      }
      var note = form.querySelector("[data-busy-note]");
      if (note) { note.hidden = false; }
    });
  });
})();
