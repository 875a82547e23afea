/* Karsplan: live status of report jobs. Polls the archive's status endpoint every 2 s for the
   rows marked data-active="1", moves their progress bars, and reloads the page once one of
   them has finished (so that its download links appear). No dependencies. */
(function () {
  "use strict";
  var table = document.querySelector("[data-report-status-url]");
  if (!table || !window.fetch) { return; }
  var url = table.getAttribute("data-report-status-url");

  function activeRows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-report-id][data-active='1']"));
  }

  function update(row, report) {
    var bar = row.querySelector("[data-progress]");
    if (bar) {
      bar.value = report.progress;
      bar.textContent = "%" + report.progress;
    }
    var label = row.querySelector("[data-status-label]");
    if (label) { label.textContent = report.status_label; }
  }

  function poll() {
    var rows = activeRows();
    if (!rows.length) { return; }
    var ids = rows.map(function (row) { return row.getAttribute("data-report-id"); }).join(",");
    fetch(url + "?ids=" + encodeURIComponent(ids), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data) { window.setTimeout(poll, 5000); return; }
      var finished = false;
      data.reports.forEach(function (report) {
        var row = document.querySelector("[data-report-id='" + report.id + "']");
        if (!row) { return; }
        update(row, report);
        if (!report.active) { finished = true; }
      });
      if (finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
    }).catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 2000);
}());
