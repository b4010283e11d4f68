// Draws the report's charts with Chart.js from the specs in #chart-specs, then marks each canvas
// data-rendered="true" once the library has drawn elements on it, and the body with the counts, so a
// headless browser can check that every chart was drawn.
(function () {
  'use strict';
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  Chart.defaults.font.size = 12;

  function color(i, alpha) {
    var c = PALETTE[i % PALETTE.length];
    if (alpha === undefined) { return c; }
    var n = parseInt(c.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }
  function axisTitle(text) { return { display: !!text, text: text || '' }; }
  function base(title, s) {
    return { plugins: { title: { display: true, text: title }, legend: { display: true } },
      scales: { y: { title: axisTitle(s.yTitle) } } };
  }
  // A deterministic jitter, so the page draws the same picture every time.
  function jitter(i) { var x = Math.sin(i * 12.9898) * 43758.5453; return (x - Math.floor(x) - 0.5) * 0.5; }

  function bar(c) {
    var s = c.spec, datasets = [];
    s.series.forEach(function (ser, i) {
      datasets.push({ label: ser.name, data: ser.values, backgroundColor: color(i, 0.75), order: 2 });
      if (ser.errors) {
        datasets.push({ label: ser.name + ' ± spread', grouped: false, order: 1, barPercentage: 0.12,
          backgroundColor: 'rgba(30,30,30,0.85)',
          data: ser.values.map(function (v, k) { var e = ser.errors[k] || 0; return [v - e, v + e]; }) });
      }
    });
    var o = base(c.title, s);
    if (s.horizontal) { o.indexAxis = 'y'; o.scales = { x: { title: axisTitle(s.yTitle) } }; }
    return { type: 'bar', data: { labels: s.labels, datasets: datasets }, options: o };
  }

  function strip(c) {
    var s = c.spec, k = 0;
    var datasets = s.groups.map(function (g, gi) {
      return { label: g, backgroundColor: color(gi, 0.7), pointRadius: 4,
        data: s.values[gi].map(function (v) { return { x: gi + jitter(k++), y: v }; }) };
    });
    var o = base(c.title, s);
    o.scales.x = { type: 'linear', min: -0.6, max: s.groups.length - 0.4,
      ticks: { stepSize: 1, autoSkip: false, callback: function (v) { return Number.isInteger(v) ? s.groups[v] : ''; } } };
    return { type: 'scatter', data: { datasets: datasets }, options: o };
  }

  function line(c) {
    var s = c.spec;
    var datasets = s.series.map(function (ser, i) {
      return { label: ser.name, showLine: true, borderColor: color(i), backgroundColor: color(i, 0.6), pointRadius: 3,
        data: ser.x.map(function (x, j) { return { x: x, y: ser.y[j] }; }).filter(function (p) { return p.y !== null; }) };
    });
    var o = base(c.title, s);
    o.scales.x = { type: 'linear', title: axisTitle(s.xTitle) };
    return { type: 'scatter', data: { datasets: datasets }, options: o };
  }

  function heatmap(c) {
    var s = c.spec, pts = [], lo = Infinity, hi = -Infinity;
    s.values.forEach(function (row, r) { row.forEach(function (v, q) {
      if (v !== null) { pts.push({ x: q, y: r, v: v }); lo = Math.min(lo, v); hi = Math.max(hi, v); } }); });
    function fill(v) {
      var t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      return 'rgb(' + Math.round(255 - 200 * t) + ',' + Math.round(245 - 120 * t) + ',' + Math.round(240 - 60 * t) + ')';
    }
    var o = base(c.title, s);
    o.plugins.legend.display = false;
    o.plugins.tooltip = { callbacks: { label: function (ctx) { var p = ctx.raw;
      return s.rows[p.y] + ' on ' + s.cols[p.x] + ': ' + p.v.toPrecision(4); } } };
    o.scales.x = { type: 'linear', min: -0.5, max: s.cols.length - 0.5, title: axisTitle(s.xTitle),
      ticks: { stepSize: 1, autoSkip: false, callback: function (v) { return Number.isInteger(v) ? s.cols[v] : ''; } } };
    o.scales.y = { type: 'linear', min: -0.5, max: s.rows.length - 0.5, reverse: true, title: axisTitle(s.yTitle),
      ticks: { stepSize: 1, autoSkip: false, callback: function (v) { return Number.isInteger(v) ? s.rows[v] : ''; } } };
    return { type: 'scatter', data: { datasets: [{ label: c.title, data: pts, pointStyle: 'rect',
      backgroundColor: pts.map(function (p) { return fill(p.v); }), borderColor: '#888',
      pointRadius: function (ctx) { var a = ctx.chart.chartArea; if (!a) { return 10; }
        return Math.max(4, Math.min(a.width / s.cols.length, a.height / s.rows.length) / 2 - 2); } }] },
      options: o };
  }

  var BUILD = { bar: bar, strip: strip, line: line, heatmap: heatmap };
  var drawn = 0;
  specs.forEach(function (c) {
    var canvas = document.getElementById(c.id);
    try {
      var chart = new Chart(canvas, BUILD[c.kind](c));
      var elements = 0;
      chart.data.datasets.forEach(function (d, i) { elements += chart.getDatasetMeta(i).data.length; });
      // Painted pixels: a chart whose elements exist but never reached the canvas stays at 0.
      var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, ink = 0;
      for (var p = 3; p < px.length; p += 4) { if (px[p] !== 0) { ink++; } }
      canvas.setAttribute('data-elements', String(elements));
      canvas.setAttribute('data-ink', String(ink));
      if (elements > 0 && ink > 0) { canvas.setAttribute('data-rendered', 'true'); drawn++; }
    } catch (e) {
      canvas.setAttribute('data-error', String(e));
    }
  });
  document.body.setAttribute('data-charts', String(specs.length));
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
