/* Karsplan: file inputs in Turkish. A browser draws a file input in its own language
   ("Choose File · No file chosen" in an English browser); this shows a Turkish button and the
   chosen file names instead (texts from data attributes on <body>, translated in base.html).
   The input itself stays in the form, focusable and labelled, only visually hidden. */
(function () {
  "use strict";
  var texts = document.body.dataset;
  if (!texts.fileChoose) { return; }

  function describe(input) {
    var files = input.files || [];
    if (!files.length) { return texts.fileNone; }
    if (files.length === 1) { return files[0].name; }
    return texts.fileMany.replace("{count}", files.length);
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[type=file]"), function (input) {
    var wrap = document.createElement("span");
    var button = document.createElement("button");
    var name = document.createElement("span");
    wrap.className = "file-pick";
    button.type = "button";
    button.className = "file-pick-button";
    button.tabIndex = -1;
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.multiple ? texts.fileChooseMany : texts.fileChoose;
    name.className = "file-pick-name";
    name.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.classList.add("file-pick-input");
    name.textContent = describe(input);
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () { name.textContent = describe(input); });
  });
})();
