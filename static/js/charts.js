// Draws every `canvas[data-chart]` (admin reports, teacher and partner analytics) from the JSON script of the same id,
// and draws again when a report's results are swapped in after its filters change; the table beside each chart
// holds the same figures for anyone who cannot see it.
(function () {
  var charts = new WeakMap();
  var palette = ["#007d7e", "#e04e39", "#4f46e5", "#c2410c", "#15803d", "#a21caf", "#0369a1", "#854d0e"];

  function draw(canvas) {
    if (charts.has(canvas) || !window.Chart) { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (dataset, index) {
      var colour = palette[index % palette.length];
      dataset.borderColor = dataset.borderColor || colour;
      dataset.backgroundColor = dataset.backgroundColor || colour;
    });
    var rtl = document.documentElement.dir === "rtl";
    charts.set(canvas, new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
        aspectRatio: 3,
        locale: document.documentElement.lang || undefined,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { rtl: rtl, position: "bottom" }, tooltip: { rtl: rtl } },
        scales: { x: { reverse: rtl, stacked: !!spec.stacked }, y: { beginAtZero: true, stacked: !!spec.stacked } },
      },
    }));
  }

  function drawAll() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    new MutationObserver(drawAll).observe(document.body, { childList: true, subtree: true });
  });
})();
