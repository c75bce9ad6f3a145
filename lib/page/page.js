(function () {
  'use strict';
  var body = document.body;
  function fail(message) {
    var text = String(message && message.message || message || 'unknown error').slice(0, 500);
    if (!body.hasAttribute('data-render-error')) body.setAttribute('data-render-error', text);
    var shown = document.getElementById('render-error');
    if (shown) { shown.hidden = false; shown.textContent = 'The charts could not be drawn: ' + text; }
  }
  window.addEventListener('error', function (e) { fail(e.message || 'script error'); });
  window.addEventListener('unhandledrejection', function (e) { fail(e.reason || 'promise rejected'); });
  try {
    if (typeof Plotly === 'undefined') {
      fail('Plotly did not load (no network, or its URL is blocked).');
      return;
    }
    var data = JSON.parse(document.getElementById('chart-data').textContent);
    var dark = window.matchMedia('(prefers-color-scheme: dark)');
    var narrow = window.matchMedia('(max-width: 700px)');
    var started = performance.now();
    var divs = [];
    var syncing = false;
    function colors() {
      return dark.matches
        ? {paper: '#0d1117', font: '#e6edf3', grid: '#30363d', restart: '#f0883e'}
        : {paper: '#ffffff', font: '#1f2328', grid: '#e5e7eb', restart: '#bc4c00'};
    }
    function layout(chart, traceCount) {
      var c = colors();
      var many = traceCount > 12;
      return {
        paper_bgcolor: c.paper, plot_bgcolor: c.paper, font: {color: c.font, size: 12},
        margin: {l: narrow.matches ? 44 : 56, r: narrow.matches ? 8 : 16, t: 28, b: 40}, height: many && !narrow.matches ? 440 : 380,
        hovermode: 'x unified', hoverlabel: {namelength: -1},
        showlegend: !(many && narrow.matches),
        legend: many
          ? {orientation: 'v', x: 1.02, y: 1, yanchor: 'top', font: {size: 11}}
          : {orientation: 'h', x: 0, y: -0.28, yanchor: 'top'},
        // The hovered time to the millisecond, as the record has it: scrapes seconds apart stay apart.
        xaxis: {type: 'date', title: {text: 'time (UTC)'}, hoverformat: '%Y-%m-%d %H:%M:%S.%L', gridcolor: c.grid, linecolor: c.grid,
                rangeselector: {bgcolor: c.paper, activecolor: c.grid, buttons: [
                  {count: 1, label: '1h', step: 'hour', stepmode: 'backward'},
                  {count: 6, label: '6h', step: 'hour', stepmode: 'backward'},
                  {count: 24, label: '24h', step: 'hour', stepmode: 'backward'},
                  {count: 7, label: '7d', step: 'day', stepmode: 'backward'},
                  {step: 'all', label: 'all'}]}},
        yaxis: {title: {text: chart.yTitle}, gridcolor: c.grid, zerolinecolor: c.grid, rangemode: 'tozero', automargin: true},
        // Restarts are drawn by one trace on this hidden 0..1 axis: far cheaper than one layout shape per restart.
        yaxis2: {overlaying: 'y', range: [0, 1], visible: false, fixedrange: true}
      };
    }
    // Plotly reads a few HTML tags in trace names (<a href>, <b>, <br>); escaped, a label value stays plain text.
    function plainText(text) {
      return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }
    function traces(chart) {
      return chart.traces.map(function (t) {
        var n = t.y.length, x = new Array(n), size = new Array(n), ms = t.x0;
        for (var i = 0; i < n; i++) {
          if (i > 0) ms += t.dx[i - 1];
          x[i] = ms;
          var alone = t.y[i] !== null && (i === 0 || t.y[i - 1] === null) && (i === n - 1 || t.y[i + 1] === null);
          size[i] = alone ? 6 : 0;
        }
        var name = plainText(t.name);
        // Markers only where a point stands alone: a marker per point costs an SVG element per point.
        var alone = size.some(function (v) { return v > 0; });
        // Hover shows each value as JavaScript prints it, the shortest digits that read back to the same number:
        // '%{y}' would go through the axis format and round (1764410400.5 as 1.764410B). customdata is the same array.
        return {type: 'scatter', mode: alone ? 'lines+markers' : 'lines', name: name, x: x, y: t.y, connectgaps: false,
                customdata: t.y, hovertemplate: '%{customdata}', line: {width: 1.5}, marker: {size: size}};
      });
    }
    // Each target's gateway restarts, on the charts where that target has lines and inside the chart's own time range
    // (so they do not stretch its axis), as dotted vertical lines: one overlay trace per target, named on hover.
    function restartTraces(chart) {
      var out = [];
      data.restarts.forEach(function (r) {
        if (r.target !== '' && !chart.traces.some(function (t) { return t.target === r.target; })) return;
        var x = [], y = [];
        r.at.forEach(function (t) {
          if (t >= chart.minX && t <= chart.maxX) { x.push(t, t, null); y.push(0, 1, null); }
        });
        if (x.length === 0) return;
        var name = (r.target === '' ? '' : plainText(r.target) + ': ') + 'gateway restart';
        out.push({type: 'scatter', mode: 'lines', name: name, x: x, y: y, yaxis: 'y2', showlegend: false,
                  hoverinfo: 'x+name', line: {color: colors().restart, width: 1, dash: 'dot'}});
      });
      return out;
    }
    data.charts.forEach(function (chart) {
      chart.minX = Infinity;
      chart.maxX = -Infinity;
      chart.traces.forEach(function (t) {
        var last = t.x0;
        for (var i = 0; i < t.dx.length; i++) last += t.dx[i];
        chart.minX = Math.min(chart.minX, t.x0);
        chart.maxX = Math.max(chart.maxX, last);
      });
    });
    var remaining = data.charts.length;
    if (remaining === 0) body.setAttribute('data-draw-ms', '0');
    data.charts.forEach(function (chart) {
      var div = document.getElementById('chart-' + chart.id);
      if (!div) { fail('no element for chart ' + chart.id); return; }
      var list = traces(chart);
      var restarts = restartTraces(chart);
      divs.push(div);
      Plotly.newPlot(div, list.concat(restarts), layout(chart, list.length), {responsive: true, displaylogo: false, displayModeBar: narrow.matches ? false : 'hover'})
        .then(function () {
          div.setAttribute('data-traces', String(list.length));
          div.setAttribute('data-restarts', restarts.map(function (r) { return r.name; }).join('|'));
          div.on('plotly_relayout', function (e) {
            if (syncing) return;
            var update = {};
            if (e['xaxis.range[0]'] !== undefined) { update['xaxis.range'] = [e['xaxis.range[0]'], e['xaxis.range[1]']]; }
            else if (e['xaxis.autorange']) { update['xaxis.autorange'] = true; }
            else return;
            syncing = true;
            Promise.all(divs.filter(function (d) { return d !== div; }).map(function (d) { return Plotly.relayout(d, update); }))
              .then(function () { syncing = false; }, function (err) { syncing = false; fail(err); });
          });
          if (--remaining === 0) {
            // Sizes were taken while the page was still growing; measure again now that everything is in place.
            Promise.all(divs.map(function (d) { return Plotly.Plots.resize(d); })).then(function () {
              body.setAttribute('data-draw-ms', String(Math.round(performance.now() - started)));
            }, fail);
          }
        }, fail);
    });
    function restyle() {
      divs.forEach(function (div) {
        var chart = data.charts.filter(function (c) { return 'chart-' + c.id === div.id; })[0];
        Plotly.relayout(div, layout(chart, chart.traces.length)).then(null, fail);
      });
    }
    if (dark.addEventListener) { dark.addEventListener('change', restyle); narrow.addEventListener('change', restyle); }
  } catch (e) {
    fail(e);
  }
})();
