// The chart of a network's progress (greenmfg/templates/networks/_progress.html):
// members by gradient status, and the plan's targets against the actual per year.
(function () {
  function draw() {
    var el = document.getElementById("network-chart");
    var src = document.getElementById("network-chart-data");
    if (!el || !src || !window.echarts) return;
    var d = JSON.parse(src.textContent);
    el.style.height = "320px";
    var series = [{ name: d.status_label, type: "bar", data: d.counts, xAxisIndex: 0, yAxisIndex: 0 }];
    var option = {
      tooltip: {},
      grid: [{ left: 40, right: 20, top: 30, height: 110 }, { left: 40, right: 20, top: 190, height: 100 }],
      xAxis: [{ type: "category", data: d.statuses, gridIndex: 0 }, { type: "category", data: d.years, gridIndex: 1 }],
      yAxis: [{ type: "value", minInterval: 1, gridIndex: 0 }, { type: "value", minInterval: 1, gridIndex: 1 }],
      legend: { top: 165, data: [] },
      series: series,
    };
    d.levels.forEach(function (level, i) {
      var t = d.targets.map(function (row) { return row[i]; });
      var a = d.actual.map(function (row) { return row[i]; });
      if (t.every(function (v) { return v === null; })) return;
      option.legend.data.push(level + d.target_label, level + d.actual_label);
      series.push({ name: level + d.target_label, type: "line", data: t, xAxisIndex: 1, yAxisIndex: 1 });
      series.push({ name: level + d.actual_label, type: "bar", data: a, xAxisIndex: 1, yAxisIndex: 1 });
    });
    window.echarts.init(el).setOption(option);
  }
  if (document.readyState === "complete") draw();
  else window.addEventListener("load", draw);
})();
