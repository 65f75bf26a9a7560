// Dashboard charts, drawn with the vendored Chart.js from the JSON next to each canvas
// (<script type="application/json">, not executable: strict CSP). The same numbers are in the
// table under each chart; a suppressed cell ("<5") has no bar, and its tooltip says "<5".
document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.Chart === "undefined") return;
  const palette = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#843c0c", "#375623"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const horizontal = Boolean(spec.horizontal);
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((dataset, index) => ({
          label: dataset.label,
          data: dataset.data,
          backgroundColor: palette[index % palette.length],
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: Boolean(spec.stacked), beginAtZero: true },
          y: { stacked: Boolean(spec.stacked), beginAtZero: true },
        },
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: (context) => {
                const shown = spec.datasets[context.datasetIndex].display[context.dataIndex];
                return `${context.dataset.label}: ${shown}`;
              },
            },
          },
        },
      },
    });
    canvas.dataset.drawn = "1";
  });
});
