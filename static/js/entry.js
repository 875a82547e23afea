/* Karsplan: the entry page. (1) Leaving the page with unsaved changes asks first. (2) Each
   chosen evidence file is checked against the server's rules (the input's `accept` and
   `data-max-bytes`) before sending: a refused file is taken out of the choice and named,
   the other files stay chosen. (3) On a wide screen the contents are open beside the form. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  var index = document.getElementById("entry-index");
  if (index && window.matchMedia("(min-width: 1600px)").matches) { index.open = true; }
  if (index) {
    // "İçindekiler" in the save bar opens the contents where they are folded.
    Array.prototype.forEach.call(document.querySelectorAll("a[href='#entry-index']"), function (link) {
      link.addEventListener("click", function () { index.open = true; });
    });
  }
  if (!form) { return; }

  var dirty = form.dataset.dirty === "1";
  var sending = false;
  function markDirty(event) {
    if (event.target && event.target.form === form && event.target.type !== "hidden") {
      dirty = true;
    }
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { sending = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty || sending) { return; }
    event.preventDefault();
    event.returnValue = form.dataset.unsavedMessage || "";
    return event.returnValue;
  });

  var accepted = (form.dataset.accept || "").toLowerCase().split(",").filter(Boolean);
  function suffix(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }
  function refusal(file, max) {
    if (accepted.length && accepted.indexOf(suffix(file.name)) < 0) {
      return form.dataset.badType.replace("{name}", file.name).replace("{types}", accepted.join(", "));
    }
    if (max && file.size > max) {
      return form.dataset.tooLarge.replace("{name}", file.name);
    }
    return "";
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[type=file][data-max-bytes]"), function (input) {
    input.addEventListener("change", function () {
      if (input.dataset.refiltered) { delete input.dataset.refiltered; return; }
      var max = parseInt(input.dataset.maxBytes, 10) || 0;
      var keep = new DataTransfer();
      var notes = [];
      Array.prototype.forEach.call(input.files || [], function (file) {
        var why = refusal(file, max);
        if (why) { notes.push(why); } else { keep.items.add(file); }
      });
      var cell = input.closest("td") || input.parentNode;
      var box = cell.querySelector(".file-refused");
      if (box) { box.textContent = notes.join(" "); }
      if (!notes.length) { return; }
      input.files = keep.files;
      input.dataset.refiltered = "1";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
