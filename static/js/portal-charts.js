// Portal pages: draws every `canvas[data-chart]` from the JSON script of the same id; the table beside each chart
// holds the same figures for anyone who cannot see it.
(function () {
  var palette = ["#007d7e", "#e04e39", "#4f46e5", "#c2410c", "#15803d", "#a21caf"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) { return; }
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (dataset, index) {
      dataset.borderColor = dataset.backgroundColor = palette[index % palette.length];
    });
    var rtl = document.documentElement.dir === "rtl";
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
        aspectRatio: 2.5,
        locale: document.documentElement.lang || undefined,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { rtl: rtl, position: "bottom" }, tooltip: { rtl: rtl } },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
