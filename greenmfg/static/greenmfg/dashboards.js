/* Dashboards of the gradient (greenmfg/dashboards): draws each chart of the
   #dashboard-data JSON with Apache ECharts (served from /static/vendor/). The same
   numbers are in each chart's table and CSV; no inline script (CSP). */
(function () {
  "use strict";
  var GREENS = ["#1b5e20", "#2e7d32", "#43a047", "#81c784", "#c8e6c9"];

  function base(title) {
    return {
      aria: { enabled: true, label: { description: title } },
      animation: false,
      color: GREENS,
      tooltip: {},
      textStyle: { fontFamily: "Noto Sans CJK SC, sans-serif" }
    };
  }

  function pyramid(chart) {
    var o = base(chart.title);
    o.tooltip = { trigger: "item" };
    o.series = [{
      // the gradient top down in the table's order (national … pool), widths by count
      type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "12%",
      label: { show: true, position: "inside", color: "#fff", formatter: "{b}\n{c}" },
      data: chart.rows.map(function (r) { return { name: String(r[0]), value: r[1] }; })
    }];
    return o;
  }

  function line(chart) {
    var o = base(chart.title);
    o.tooltip = { trigger: "axis" };
    o.legend = { top: 0 };
    o.grid = { left: 50, right: 20, top: 40, bottom: 30 };
    o.xAxis = { type: "category", data: chart.rows.map(function (r) { return String(r[0]); }) };
    o.yAxis = { type: "value", minInterval: 1 };
    o.series = chart.columns.slice(1).map(function (name, i) {
      return { type: "line", name: name, data: chart.rows.map(function (r) { return r[i + 1]; }) };
    });
    return o;
  }

  function bar(chart) {
    var o = base(chart.title);
    var rows = chart.rows.slice().reverse();
    o.grid = { left: 140, right: 30, top: 10, bottom: 30 };
    o.xAxis = { type: "value", minInterval: 1 };
    o.yAxis = { type: "category", data: rows.map(function (r) { return String(r[0]); }) };
    o.series = [{ type: "bar", data: rows.map(function (r) { return r[1]; }), label: { show: true, position: "right" } }];
    return o;
  }

  function tiles(chart) {
    var o = base(chart.title);
    var max = Math.max.apply(null, chart.rows.map(function (r) { return r[2]; }).concat([1]));
    o.tooltip = { formatter: function (p) { return p.data[3] + "：" + p.data[2]; } };
    o.grid = { left: 5, right: 5, top: 5, bottom: 50 };
    o.xAxis = { type: "category", data: [0, 1, 2, 3, 4, 5, 6, 7], show: false };
    o.yAxis = { type: "category", data: [7, 6, 5, 4, 3, 2, 1, 0], show: false };
    o.visualMap = { min: 0, max: max, dimension: 2, calculable: false, orient: "horizontal", left: "center", bottom: 0,
                    inRange: { color: ["#f1f8e9", "#1b5e20"] } };
    o.series = [{
      type: "heatmap",
      data: chart.rows.map(function (r) { return [r[4], 7 - r[3], r[2], r[1], r[0]]; }),
      label: { show: true, formatter: function (p) { return p.data[3] + "\n" + p.data[2]; },
               color: "#1d2530", textBorderColor: "#fff", textBorderWidth: 2 },
      itemStyle: { borderColor: "#fff", borderWidth: 2 }
    }];
    return o;
  }

  function indicators(chart, el) {
    // one small histogram per indicator, with the mean (基准值: 行业平均水平) and the
    // best quartile (引领值: 行业先进水平) as lines
    el.classList.add("chart-multi");
    chart.series.forEach(function (s) {
      var div = document.createElement("div");
      div.className = "chart chart-small";
      div.setAttribute("role", "img");
      div.setAttribute("aria-label", s.label + "（" + s.unit + "）");
      el.appendChild(div);
      var o = base(s.label);
      o.title = { text: s.label + "（" + s.unit + "）", textStyle: { fontSize: 12 } };
      o.grid = { left: 40, right: 10, top: 30, bottom: 40 };
      o.xAxis = { type: "category", data: s.bins.map(function (b) { return b[0] + "–" + b[1]; }),
                  axisLabel: { show: false } };
      o.yAxis = { type: "value", minInterval: 1 };
      var marks = [];
      function near(x) {
        var i = s.bins.findIndex(function (b) { return x >= b[0] && x <= b[1]; });
        return i < 0 ? s.bins.length - 1 : i;
      }
      if (s.mean !== null && s.bins.length) { marks.push({ name: chart.marks.base, xAxis: near(s.mean) }); }
      if (s.lead !== null && s.bins.length) { marks.push({ name: chart.marks.lead, xAxis: near(s.lead) }); }
      o.series = [{ type: "bar", data: s.bins.map(function (b) { return b[2]; }),
                    markLine: { symbol: "none", label: { formatter: "{b}" }, data: marks } }];
      echarts.init(div, null, { renderer: "svg" }).setOption(o);
    });
  }

  var KINDS = { pyramid: pyramid, line: line, bar: bar, tiles: tiles };

  function draw() {
    var node = document.getElementById("dashboard-data");
    if (!node || typeof echarts === "undefined") { return; }
    var charts = JSON.parse(node.textContent);
    Object.keys(charts).forEach(function (name) {
      var chart = charts[name];
      var el = document.getElementById("chart-" + name);
      if (!el) { return; }
      if (chart.kind === "indicators") { indicators(chart, el); return; }
      var c = echarts.init(el, null, { renderer: "svg" });
      c.setOption(KINDS[chart.kind](chart));
      if (chart.kind === "tiles") {
        c.on("click", function (p) {
          var q = new URLSearchParams(window.location.search);
          q.set("region", p.data[4]);
          window.location.search = q.toString();
        });
      }
    });
    document.body.setAttribute("data-charts-drawn", "1");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
