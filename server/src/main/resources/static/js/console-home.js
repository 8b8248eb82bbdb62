// Draws the console home's charts from the JSON data block the page carries (the table beside them holds the
// same numbers for screen readers and for people who prefer reading).
(function () {
  const data = document.getElementById("overview-data");
  const labels = document.getElementById("overview-labels");
  if (!data || !labels || typeof Chart === "undefined") {
    return;
  }
  const overview = JSON.parse(data.textContent);
  const label = (key) => labels.dataset[key.replace(/-/g, "_")] || key;
  const statusColours = { active: "#1e6b34", draft: "#6e7781", halted: "#a4161a", retired: "#9a6700" };
  const entities = Object.keys(overview.statusesByEntity);
  const statuses = ["active", "draft", "halted", "retired"];

  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    new Chart(canvas, config);
    canvas.dataset.ready = "true";
  };

  draw("chart-statuses", {
    type: "bar",
    data: {
      labels: entities,
      datasets: statuses.map((status) => ({
        label: label(status),
        data: entities.map((entity) => overview.statusesByEntity[entity][status] || 0),
        backgroundColor: statusColours[status],
      })),
    },
    options: { responsive: true, animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });

  const bases = Object.keys(overview.purposesByLegalBasis);
  draw("chart-bases", {
    type: "doughnut",
    data: {
      labels: bases.map(label),
      datasets: [{
        data: bases.map((basis) => overview.purposesByLegalBasis[basis]),
        backgroundColor: ["#0b5394", "#1e6b34", "#9a6700", "#a4161a", "#6f42c1", "#0a7d8c"],
      }],
    },
    options: { responsive: true, animation: false },
  });
})();
