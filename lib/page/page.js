(function () {
  'use strict';
  var body = document.body;
  // Ten colours, then five dashes: fifty traces of one chart look different from each other.
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash'];
  function fail(message) {
    var text = String(message && message.message || message || 'unknown error').slice(0, 500);
    if (!body.hasAttribute('data-render-error')) body.setAttribute('data-render-error', text);
    var shown = document.getElementById('render-error');
    if (shown) { shown.hidden = false; shown.textContent = 'The charts could not be drawn: ' + text; }
  }
  window.addEventListener('error', function (e) { fail(e.message || 'script error'); });
  window.addEventListener('unhandledrejection', function (e) { fail(e.reason || 'promise rejected'); });
  var main = document.getElementById('main');
  // The live page of watch --render is a shell: its content is the data script beside it (window.coppicePage), which
  // is loaded again after every sample (loadData) and applied in place (applyPage). render's page carries it inline.
  var fed = window.coppicePage || null;
  var data, byId, saved, charts = null, panels = null, revealTarget = function () {};
  var live = null, liveTimer = null, ticker = null;
  try {
    if (fed) main.innerHTML = fed.main;
    data = fed ? fed.data : JSON.parse(document.getElementById('chart-data').textContent);
    indexCharts();
    splitCharts(document);
    saved = loadState();
    setUpLive(fed ? fed.live : inlineLive());
    // Navigation and the filter work from the page's own text, so they work even when Plotly cannot load.
    setUpNavigation(true);
    restoreNavigation(saved, true);
    if (typeof Plotly === 'undefined') {
      fail('Plotly did not load (no network, or its URL is blocked): render the page with --plotly FILE (a local plotly.min.js), '
        + 'or install the pinned local copy with launcher/install-plotly.sh, which render and watch --render then use by themselves '
        + '(run through the checkout\'s ./jbang, from any folder).');
      return;
    }
    charts = setUpCharts();
    panels = setUpPanels(fed ? fed.panels : inlinePanels());
  } catch (e) {
    fail(e);
  }

  function indexCharts() {
    splitPerTarget();
    byId = {};
    data.charts.forEach(function (chart) { byId[chart.id] = chart; });
  }

  // ---- One small chart per target (render --chart-per-target): a chart of Other metrics whose lines come from several
  // targets becomes a grid of small charts, one per target, each a chart of its own (drawn when near, zoomed with the
  // others, its hidden lines kept, its target's outages shaded). The PromQL panels split alike (splitPanel).
  function splitPerTarget() {
    data.split = {};
    if (!data.perTarget) return;
    data.charts.slice().forEach(function (chart) {
      var targets = [];
      chart.traces.forEach(function (t) { if (t.target !== undefined && targets.indexOf(t.target) < 0) targets.push(t.target); });
      if (targets.length < 2) return;
      data.split[chart.id] = targets.map(function (target) {
        var sub = {id: chart.id + '~' + target, title: chart.title, yTitle: chart.yTitle, target: target, parent: chart.id,
                   traces: chart.traces.filter(function (t) { return t.target === target; })};
        data.charts.push(sub);
        return sub;
      });
    });
  }
  function splitCharts(root) {
    Array.prototype.forEach.call(root.querySelectorAll('#other [data-chart]'), function (div) {
      var subs = data.split[div.getAttribute('data-chart')];
      if (!subs) return;
      var grid = document.createElement('div');
      grid.className = 'per-target';
      subs.forEach(function (sub) {
        var small = document.createElement('div');
        small.className = 'chart small';
        small.id = 'chart-' + sub.id;
        small.setAttribute('data-chart', sub.id);
        grid.appendChild(small);
      });
      div.replaceWith(grid);
    });
  }

  // ---- The live page's new data, applied in place: charts already drawn stay (moved into the new content and given
  // the new data, so zoom and hidden traces stay by themselves), the rest are drawn as they come into view.
  function applyPage(next) {
    var state = currentState();
    fed = next;
    data = next.data;
    indexCharts();
    var template = document.createElement('template');
    template.innerHTML = next.main;
    splitCharts(template.content);
    var kept = [];
    if (charts) {
      var slots = {};
      Array.prototype.forEach.call(template.content.querySelectorAll('[data-chart]'), function (slot) {
        slots[slot.getAttribute('data-chart')] = slot;
      });
      Array.prototype.forEach.call(main.querySelectorAll('[data-chart][data-traces]'), function (div) {
        var id = div.getAttribute('data-chart');
        if (slots[id] && byId[id]) { slots[id].replaceWith(div); kept.push(div); }
      });
    }
    // The PromQL panels drawn so far move into the new content the same way; setUpPanels gives them the new data.
    if (panels) {
      Array.prototype.forEach.call(main.querySelectorAll('[data-panel-chart][data-drawn]'), function (div) {
        var slot = template.content.getElementById(div.id);
        if (slot && slot.hasAttribute('data-panel-chart')) slot.replaceWith(div);
      });
    }
    var y = window.scrollY;
    main.replaceChildren(template.content);
    setUpNavigation(false);
    restoreNavigation(state, false);
    if (charts) charts.refresh(kept);
    if (charts) panels = setUpPanels(next.panels);
    window.scrollTo(0, y);
    setUpLive(next.live);
    body.setAttribute('data-updates', String(Number(body.getAttribute('data-updates') || 0) + 1));
  }

  // ---- Navigation: index links open the groups they land in; the filter narrows charts and table rows as one types.
  function setUpNavigation(first) {
    var input = document.getElementById('filter');
    var count = document.getElementById('filter-count');
    var groups = Array.prototype.slice.call(document.querySelectorAll('details.group'));
    groups.forEach(function (g) { g.setAttribute('data-open', g.open ? '1' : '0'); });
    // Search text is taken before any chart is drawn, so axis ticks and legends drawn later never match.
    var items = Array.prototype.slice.call(document.querySelectorAll('.family, section.panel')).map(function (el) {
      var text = el.textContent;
      Array.prototype.forEach.call(el.querySelectorAll('[data-chart]'), function (div) {
        var chart = byId[div.getAttribute('data-chart')];
        if (chart) text += ' ' + chart.traces.map(function (t) { return t.name; }).join(' ');
      });
      return {el: el, text: text.toLowerCase()};
    });
    var rows = Array.prototype.slice.call(document.querySelectorAll('details.group tbody tr')).map(function (tr) {
      return {el: tr, text: tr.textContent.toLowerCase()};
    });
    function apply() {
      var terms = input.value.toLowerCase().split(/\s+/).filter(function (t) { return t !== ''; });
      function matches(item) { return terms.every(function (t) { return item.text.indexOf(t) >= 0; }); }
      var shown = 0, charts = 0;
      items.forEach(function (item) {
        var hit = terms.length === 0 || matches(item);
        item.el.hidden = !hit;
        if (item.el.querySelector('[data-chart], [data-panel-chart]')) { charts++; if (hit) shown++; }
      });
      rows.forEach(function (row) { row.el.hidden = terms.length > 0 && !matches(row); });
      groups.forEach(function (g) {
        if (terms.length === 0) {
          g.hidden = false;
          g.open = g.getAttribute('data-open') === '1';
          return;
        }
        var any = g.querySelector('.family:not([hidden]), tbody tr:not([hidden])') !== null;
        g.hidden = !any;
        if (any) g.open = true;
      });
      // The PromQL panels (lib/panels) answer fixed questions: a filter looks through the metric families only.
      var promql = document.getElementById('panels');
      if (promql) promql.hidden = terms.length > 0;
      count.textContent = terms.length === 0 ? '' : shown + ' of ' + charts + ' charts';
      body.setAttribute('data-filter', input.value);
    }
    input.addEventListener('input', apply);
    if (input.value) apply();
    revealTarget = reveal;
    // An index link opens the group (and the index closes) before the browser scrolls to it.
    function reveal(id) {
      var target = id && document.getElementById(id);
      if (!target) return;
      if (target.hidden || target.closest('[hidden]')) { input.value = ''; apply(); }
      for (var el = target; el; el = el.parentElement) if (el.tagName === 'DETAILS' && el.id !== 'index-list') el.open = true;
    }
    if (!first) return;
    document.addEventListener('click', function (e) {
      var a = e.target.closest ? e.target.closest('a[href^="#"]') : null;
      if (!a) return;
      revealTarget(decodeURIComponent(a.getAttribute('href').slice(1)));
      var index = document.getElementById('index-list');
      if (index && index.contains(a)) index.open = false;
    });
    window.addEventListener('hashchange', function () { revealTarget(decodeURIComponent(location.hash.slice(1))); });
    if (location.hash) {
      reveal(decodeURIComponent(location.hash.slice(1)));
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }

  // ---- Charts: drawn when they come near the viewport. Times go to Plotly as UTC wall-time text, never as epoch
  // milliseconds: Plotly draws a number as the browser's local time (plotly.js issue 1956), a zone-less text as it is.
  function setUpCharts() {
    var view = {
      dark: window.matchMedia('(prefers-color-scheme: dark)'),
      narrow: window.matchMedia('(max-width: 700px)'),
      started: performance.now(),
      divs: [],
      syncing: false,
      range: saved.range || null,
      drawn: 0,
      local: localTimeChosen()
    };
    offerLocalTime(view);
    data.charts.forEach(timeBounds);
    observeCharts(view);
    function restyle() {
      view.divs.forEach(function (div) {
        var chart = byId[div.getAttribute('data-chart')];
        Plotly.react(div, traces(view, chart).concat(restartTraces(view, chart), chartOutageMarks(view, chart)), layout(view, chart)).then(null, fail);
      });
    }
    if (view.dark.addEventListener) { view.dark.addEventListener('change', restyle); view.narrow.addEventListener('change', restyle); }
    return {refresh: function (kept) { refreshCharts(view, kept); }};
  }

  // New data (the live page): drawn charts that stay get it in place, the others are drawn when they come into view.
  function refreshCharts(view, kept) {
    offerLocalTime(view);
    data.charts.forEach(timeBounds);
    view.divs = kept.slice();
    kept.forEach(function (div) {
      var chart = byId[div.getAttribute('data-chart')];
      var list = traces(view, chart), restarts = restartTraces(view, chart);
      Plotly.react(div, list.concat(restarts, chartOutageMarks(view, chart)), layout(view, chart)).then(function () {
        div.setAttribute('data-traces', String(list.length));
        div.setAttribute('data-restarts', restarts.map(function (r) { return r.name; }).join('|'));
      }, fail);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (div) {
      if (kept.indexOf(div) < 0) view.observer.observe(div);
    });
  }

  // ---- UTC, or (the reader's choice, kept across reloads with the rest of what the user did) the browser's own
  // zone, named on the button and the axis.
  function localZoneName() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'; } catch (e) { return 'local time'; }
  }
  function localTimeChosen() {
    return saved.localTime === true;
  }
  function offerLocalTime(view) {
    var facts = document.getElementById('facts');
    // The live page's new content brings a new header: the button goes into it again.
    if (!facts || document.getElementById('time-zone')) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.id = 'time-zone';
    button.textContent = view.local ? 'Show chart times in UTC' : 'Show chart times in ' + localZoneName();
    button.addEventListener('click', function () {
      saved.localTime = !view.local;
      // A zoomed range is in the zone it was chosen in: the other zone starts from the whole window.
      saved.range = null;
      saveState(currentState());
      location.reload();
    });
    facts.appendChild(document.createTextNode(' '));
    facts.appendChild(button);
  }
  /** The wall time a chart shows for epoch ms: UTC, or the browser's zone when the reader chose it. */
  function wallTime(view, ms) {
    return view.local ? utcWallTime(ms - new Date(ms).getTimezoneOffset() * 60000) : utcWallTime(ms);
  }

  /** Epoch milliseconds as the UTC wall time Plotly reads without a zone: 'YYYY-MM-DD HH:MM:SS.sss'. */
  function utcWallTime(ms) {
    var iso = new Date(ms).toISOString();
    return iso.slice(0, 10) + ' ' + iso.slice(11, 23);
  }

  function colors(view) {
    return view.dark.matches
      ? {paper: '#0d1117', font: '#e6edf3', grid: '#30363d', restart: '#f0883e', outage: 'rgba(248,81,73,0.18)', outageMark: 'rgba(248,81,73,0.9)'}
      : {paper: '#ffffff', font: '#1f2328', grid: '#e5e7eb', restart: '#bc4c00', outage: 'rgba(207,34,46,0.12)', outageMark: 'rgba(207,34,46,0.9)'};
  }

  // At phone width the legend goes under the plot, one entry a row at worst: the chart grows to hold it. Plotly
  // would cap a horizontal legend at half the chart's height and hide the rest behind a scrollbar: the cap is
  // raised to what the chart grew by (an entry is 19 px high at font size 10). The legend sits at the bottom of
  // the chart (yref container), under a margin that holds the tick labels (time, then date) and the axis title.
  // Many lines get a legend of their own on the right. The same for the families' charts and the panels.
  function legendLayout(narrow, n, right) {
    var many = n > 12;
    return {
      height: narrow ? 300 + 20 * n : many ? 440 : 380,
      margin: {l: narrow ? 44 : 56, r: right ? 56 : narrow ? 8 : 16, t: 28, b: narrow ? 70 + 20 * n : 40},
      legend: narrow
        ? {orientation: 'h', x: 0, xanchor: 'left', yref: 'container', y: 0, yanchor: 'bottom', font: {size: 10}, maxheight: 20 * n + 20}
        : many
          ? {orientation: 'v', x: 1.02, y: 1, yanchor: 'top', font: {size: 11}}
          : {orientation: 'h', x: 0, y: -0.28, yanchor: 'top'}
    };
  }

  function layout(view, chart) {
    var c = colors(view);
    var right = chart.traces.some(function (t) { return t.right; });
    var fit = legendLayout(view.narrow.matches, chart.traces.length, right);
    var out = {
      paper_bgcolor: c.paper, plot_bgcolor: c.paper, font: {color: c.font, size: 12},
      margin: fit.margin,
      height: fit.height - (chart.parent ? 80 : 0),
      hovermode: 'x unified', hoverlabel: {namelength: -1},
      showlegend: true,
      legend: fit.legend,
      xaxis: timeAxis(view, c),
      yaxis: {title: {text: chart.yTitle}, gridcolor: c.grid, zerolinecolor: c.grid, rangemode: 'tozero', automargin: true},
      // Restarts are drawn by one trace on this hidden 0..1 axis: far cheaper than one layout shape per restart.
      yaxis2: {overlaying: 'y', range: [0, 1], visible: false, fixedrange: true},
      shapes: outageShapes(view, c, chartOutages(chart))
    };
    // A small chart of one target (--chart-per-target) is named by its target above the plot.
    if (chart.parent) { out.title = {text: plainText(chart.target), font: {size: 13}, x: 0, xanchor: 'left'}; out.margin.t = 40; }
    if (right) out.yaxis3 = {overlaying: 'y', side: 'right', title: {text: 'per second'}, rangemode: 'tozero', showgrid: false, automargin: true};
    // A range kept from an older page may be in epoch milliseconds: as text it reads as UTC too.
    if (view.range) {
      out.xaxis.range = view.range.map(function (v) { return typeof v === 'number' ? wallTime(view, v) : v; });
      out.xaxis.autorange = false;
    }
    return out;
  }

  function timeAxis(view, c) {
    // The hovered time to the millisecond, as the record has it: scrapes seconds apart stay apart.
    // automargin: the margins grow to hold the tick labels, so the date under the first tick is never cut off.
    return {type: 'date', title: {text: 'time (' + (view.local ? localZoneName() : 'UTC') + ')'}, automargin: true, hoverformat: '%Y-%m-%d %H:%M:%S.%L', gridcolor: c.grid, linecolor: c.grid,
            rangeselector: {bgcolor: c.paper, activecolor: c.grid, buttons: [
              {count: 1, label: '1h', step: 'hour', stepmode: 'backward'},
              {count: 6, label: '6h', step: 'hour', stepmode: 'backward'},
              {count: 24, label: '24h', step: 'hour', stepmode: 'backward'},
              {count: 7, label: '7d', step: 'day', stepmode: 'backward'},
              {step: 'all', label: 'all'}]}};
  }

  // Plotly reads a few HTML tags in trace names (<a href>, <b>, <br>); escaped, a label value stays plain text.
  // Control and format characters (a bidi override U+202E would reverse the legend's text after it) are shown as
  // \uNNNN, as the tools print untrusted text on a terminal.
  function plainText(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        .replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g,
            function (c) { return '\\u' + ('000' + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4); });
  }

  // The one spelling of a value on the page (record and export write the same): JavaScript's shortest digits that
  // read back to the same number, and -0.0 for negative zero, which String() would print as 0.
  function valueText(v) {
    if (v === null) return '';
    if (v === 0 && 1 / v < 0) return '-0.0';
    return v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
  }

  function traces(view, chart) {
    // At phone width a long name would run off the screen: the legend shows its start, the hover its whole.
    function legendText(text) {
      return view.narrow.matches && text.length > 52 ? text.slice(0, 51) + '…' : text;
    }
    return chart.traces.map(function (t, k) {
      var n = t.y.length, x = new Array(n), size = new Array(n), ms = t.x0;
      for (var i = 0; i < n; i++) {
        if (i > 0) ms += t.dx[i - 1];
        x[i] = wallTime(view, ms);
        var alone = t.y[i] !== null && (i === 0 || t.y[i - 1] === null) && (i === n - 1 || t.y[i + 1] === null);
        size[i] = alone ? 6 : 0;
      }
      // Markers only where a point stands alone: a marker per point costs an SVG element per point.
      var alone = size.some(function (v) { return v > 0; });
      var color = PALETTE[k % PALETTE.length];
      // Hover shows each value in the page's one spelling: '%{y}' would go through the axis format and round
      // (1764410400.5 as 1.764410B).
      var trace = {type: 'scatter', mode: alone ? 'lines+markers' : 'lines', name: plainText(legendText(t.name)), x: x, y: t.y,
              connectgaps: false, customdata: t.y.map(valueText), hovertemplate: '%{customdata}',
              line: {width: 1.5, color: color, dash: DASHES[Math.floor(k / PALETTE.length) % DASHES.length]},
              marker: {size: size, color: color}};
      if (t.right) trace.yaxis = 'y3';
      if (saved.hidden[hiddenKey(chart, t)]) trace.visible = 'legendonly';
      return trace;
    });
  }

  // Each target's gateway restarts, on the charts where that target has lines and inside the chart's own time range
  // (so they do not stretch its axis), as dotted vertical lines: one overlay trace per target, named on hover.
  function restartTraces(view, chart) {
    var out = [];
    data.restarts.forEach(function (r) {
      if (r.target !== '' && !chart.traces.some(function (t) { return t.target === r.target; })) return;
      var x = [], y = [];
      r.at.forEach(function (t) {
        if (t >= chart.minX && t <= chart.maxX) { var at = wallTime(view, t); x.push(at, at, null); y.push(0, 1, null); }
      });
      if (x.length === 0) return;
      var name = (r.target === '' ? '' : plainText(r.target) + ': ') + 'gateway restart';
      out.push({type: 'scatter', mode: 'lines', name: name, x: x, y: y, yaxis: 'y2', showlegend: false,
                hoverinfo: 'x+name', line: {color: colors(view).restart, width: 1, dash: 'dot'}});
    });
    return out;
  }

  // ---- Outages (lib/page/Outages: the page's own read of every record): each target's stretches of failed scrapes
  // or of no records, shaded on every chart where that target has lines (the coppice section, the PromQL panels and
  // Other metrics alike), with a mark above each stretch that names the target, the stretch, why and the first failed
  // scrape's error on hover. Times are wall-time text in the zone the chart shows.
  /**
   * The outages a chart shows: those of the targets named in {@code targets} (every target's when it is null: a page
   * of one target, or a panel whose series carry no instance) that overlap its time range [minX, maxX] (epoch ms), and
   * a stretch still failing at the target's last record, which lies after the chart's last point.
   */
  function outagesOver(targets, minX, maxX) {
    return mergeNear((data.outages || []).filter(function (o) {
      return (targets === null || targets.indexOf(o.target) >= 0) && o.to >= minX && (o.from <= maxX || o.ongoing);
    }).map(function (o) {
      return {target: o.target, from: Math.max(o.from, minX), to: o.to, why: o.why, error: o.error, start: o.from, count: 1};
    }), maxX - minX);
  }
  /**
   * A flapping target's many short stretches, past MAX_OUTAGES_DRAWN on a chart, merged where they lie closer than
   * a 400th of the chart's time range (a shape each would slow every chart down); a mark then counts them.
   */
  var MAX_OUTAGES_DRAWN = 200;
  function mergeNear(list, range) {
    if (list.length <= MAX_OUTAGES_DRAWN) return list;
    var near = range / 400, out = [];
    list.sort(function (a, b) { return a.target < b.target ? -1 : a.target > b.target ? 1 : a.from - b.from; }).forEach(function (o) {
      var last = out[out.length - 1];
      if (!last || last.target !== o.target || o.from - last.to > near) { out.push(o); return; }
      last.to = Math.max(last.to, o.to);
      last.count += o.count;
      if (o.why !== last.why) last.why = 'scrapes failed and no records';
      if (!last.error) last.error = o.error;
    });
    return out;
  }
  function chartOutages(chart) {
    var targets = chart.traces.some(function (t) { return t.target !== undefined; })
      ? chart.traces.map(function (t) { return t.target; }) : null;
    return outagesOver(targets, chart.minX, chart.maxX);
  }
  function outageShapes(view, c, list) {
    return list.map(function (o) {
      return {type: 'rect', xref: 'x', yref: 'paper', x0: wallTime(view, o.from), x1: wallTime(view, o.to), y0: 0, y1: 1,
              fillcolor: c.outage, line: {width: 0}, layer: 'below'};
    });
  }
  /** One marker trace on the hidden y2 axis (0..top): a mark above the middle of each stretch, its text on hover. */
  function outageMarks(view, c, list, top) {
    if (list.length === 0) return [];
    var x = [], y = [], text = [];
    list.forEach(function (o) {
      x.push(wallTime(view, (o.from + o.to) / 2));
      y.push(top);
      text.push(plainText(o.target + ': ' + (o.count > 1 ? o.count + ' stretches, ' : '') + o.why + ' from ' + zoneTime(view, o.start)
          + ' to ' + zoneTime(view, o.to) + (o.error ? ' (' + o.error + ')' : '')));
    });
    return [{type: 'scatter', mode: 'markers', name: 'outages', x: x, y: y, yaxis: 'y2', text: text, showlegend: false,
             hovertemplate: '%{text}<extra></extra>', marker: {size: 8, symbol: 'triangle-down', color: c.outageMark}}];
  }
  function chartOutageMarks(view, chart) {
    return outageMarks(view, colors(view), chartOutages(chart), 0.97);
  }

  /** The chart's first and last time (epoch ms), for the restarts drawn on it. */
  function timeBounds(chart) {
    chart.minX = Infinity;
    chart.maxX = -Infinity;
    chart.traces.forEach(function (t) {
      var last = t.x0;
      for (var i = 0; i < t.dx.length; i++) last += t.dx[i];
      chart.minX = Math.min(chart.minX, t.x0);
      chart.maxX = Math.max(chart.maxX, last);
    });
  }

  function draw(view, div) {
    var chart = byId[div.getAttribute('data-chart')];
    if (!chart) { fail('no data for chart ' + div.getAttribute('data-chart')); return Promise.resolve(); }
    var list, restarts, drawing;
    try {
      list = traces(view, chart);
      restarts = restartTraces(view, chart);
      view.divs.push(div);
      drawing = Plotly.newPlot(div, list.concat(restarts, chartOutageMarks(view, chart)), layout(view, chart),
        {responsive: true, displaylogo: false, displayModeBar: view.narrow.matches ? false : 'hover'});
    } catch (e) {
      fail(e);
      return Promise.resolve();
    }
    return Promise.resolve(drawing)
      .then(function () {
        div.setAttribute('data-traces', String(list.length));
        div.setAttribute('data-restarts', restarts.map(function (r) { return r.name; }).join('|'));
        body.setAttribute('data-drawn', String(++view.drawn));
        keepLegendState(div);
        syncZoom(view, div);
      }, fail);
  }

  // Zooming one chart zooms every drawn chart to the same time range; charts drawn later start there.
  function syncZoom(view, div) {
    div.on('plotly_relayout', function (e) {
      if (view.syncing) return;
      var update = {};
      if (e['xaxis.range[0]'] !== undefined) { view.range = [e['xaxis.range[0]'], e['xaxis.range[1]']]; update['xaxis.range'] = view.range; }
      else if (e['xaxis.range'] !== undefined) { view.range = e['xaxis.range'].slice(); update['xaxis.range'] = view.range; }
      else if (e['xaxis.autorange']) { view.range = null; update['xaxis.autorange'] = true; }
      else return;
      saved.range = view.range;
      saveState(saved);
      view.syncing = true;
      Promise.all(view.divs.filter(function (d) { return d !== div; }).map(function (d) { return Plotly.relayout(d, update); }))
        .then(function () { view.syncing = false; }, function (err) { view.syncing = false; fail(err); });
    });
  }

  // The first batch of entries is every chart on (or near) the first screen: once they are drawn the page is usable.
  function observeCharts(view) {
    var all = Array.prototype.slice.call(document.querySelectorAll('[data-chart]'));
    if (all.length === 0) { body.setAttribute('data-draw-ms', '0'); body.setAttribute('data-first-screen-ms', String(Math.round(performance.now()))); }
    var firstBatch = true;
    var observer = view.observer = new IntersectionObserver(function (entries) {
      var batch = [];
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        observer.unobserve(e.target);
        batch.push(draw(view, e.target));
      });
      if (firstBatch) {
        firstBatch = false;
        Promise.all(batch).then(function () {
          body.setAttribute('data-draw-ms', String(Math.round(performance.now() - view.started)));
          body.setAttribute('data-first-screen-ms', String(Math.round(performance.now())));
        }, fail);
      }
    }, {rootMargin: '200px 0px'});
    all.forEach(function (div) { observer.observe(div); });
  }

  // ---- Live: the age of the newest sample, the stale state, and (on the page watch --render keeps) loading its data
  // again after the next sample is due. When watch has stopped, the data says so and the page stops looking.
  function inlineLive() {
    var el = document.getElementById('live-data');
    return el ? JSON.parse(el.textContent) : null;
  }
  function isLive() {
    return live.intervalMs > 0 && !live.stoppedAt;
  }
  function tick() {
    var now = Date.now();
    var age = document.getElementById('sample-age');
    var stale = document.getElementById('stale');
    if (live.newestSample > 0 && age) {
      age.textContent = 'Last sample ' + ago(now - live.newestSample) + ' ago (' + utc(live.newestSample) + ').';
    }
    if (!stale) return;
    var problems = [];
    if (isLive()) {
      if (live.newestSample === 0) problems.push('no sample yet');
      else if (now - live.newestSample > 3 * live.intervalMs) {
        problems.push('the newest sample is ' + ago(now - live.newestSample) + ' old, more than three intervals');
      }
      live.targets.forEach(function (t) {
        if (!t.up) problems.push((t.name ? t.name + ': ' : '') + 'the newest scrape failed' + (t.error ? ': ' + t.error : ''));
      });
    }
    stale.hidden = problems.length === 0;
    stale.textContent = problems.length === 0 ? '' : 'Stale: ' + problems.join('; ') + '.';
    body.setAttribute('data-stale', problems.length === 0 ? '0' : '1');
  }
  function setUpLive(next) {
    if (!next) return;
    live = next;
    body.setAttribute('data-live', isLive() ? '1' : '0');
    if (live.stoppedAt) body.setAttribute('data-stopped', String(live.stoppedAt));
    tick();
    if (!ticker) ticker = setInterval(tick, 1000);
    if (liveTimer) clearTimeout(liveTimer);
    liveTimer = null;
    if (!isLive() || !fed) return;
    var newest = live.newestSample;
    live.targets.forEach(function (t) { newest = Math.max(newest, t.ts); });
    // Shortly after the next sample is due (and written); when it is overdue, look again every interval.
    var grace = Math.min(5000, 500 + live.intervalMs / 4);
    var wait = newest + live.intervalMs + grace - Date.now();
    if (wait < 1000) wait = Math.max(1000, Math.min(live.intervalMs, 30000));
    liveTimer = setTimeout(loadData, wait);
  }
  // The data script again, as a new script element (a query string defeats any cache); its old element goes.
  function loadData() {
    var old = document.getElementById('page-data');
    var script = document.createElement('script');
    script.src = old.getAttribute('src').split('?')[0] + '?' + Date.now();
    script.onload = function () {
      old.remove();
      script.id = 'page-data';
      try { applyPage(window.coppicePage); } catch (e) { fail(e); }
    };
    script.onerror = function () {
      script.remove();
      liveTimer = setTimeout(loadData, Math.max(1000, Math.min(live.intervalMs, 30000)));
    };
    document.body.appendChild(script);
  }
  function ago(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
  }
  function utc(ms) {
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }

  // ---- What the user did (time range, hidden traces, scroll, filter, open groups), kept across reloads in the tab.
  function stateKey() { return 'coppice-metrics:' + location.pathname; }
  function loadState() {
    var s = null;
    try { s = JSON.parse(sessionStorage.getItem(stateKey()) || 'null'); } catch (e) { s = null; }
    s = s && typeof s === 'object' ? s : {};
    if (!s.hidden || typeof s.hidden !== 'object') s.hidden = {};
    return s;
  }
  function saveState(s) {
    try { sessionStorage.setItem(stateKey(), JSON.stringify(s)); } catch (e) { /* storage off: the page still works */ }
  }
  // A trace is known by its chart's title and its own name: both stay the same across rewrites of the page.
  function hiddenKey(chart, t) { return chart.title + '\u0000' + t.name; }
  function currentState() {
    var s = saved;
    var input = document.getElementById('filter');
    s.filter = input ? input.value : '';
    s.scrollY = window.scrollY;
    s.groups = {};
    Array.prototype.forEach.call(document.querySelectorAll('details.group'), function (g) {
      s.groups[g.getAttribute('data-group')] = s.filter ? g.getAttribute('data-open') === '1' : g.open;
    });
    var index = document.getElementById('index-list');
    s.indexOpen = !!(index && index.open);
    return s;
  }
  function keepLegendState(div) {
    div.on('plotly_restyle', function () {
      var chart = byId[div.getAttribute('data-chart')];
      if (!chart) return;
      (div.data || []).forEach(function (trace, i) {
        if (i >= chart.traces.length) return;
        var key = hiddenKey(chart, chart.traces[i]);
        if (trace.visible === 'legendonly') saved.hidden[key] = true;
        else delete saved.hidden[key];
      });
      saveState(currentState());
    });
  }
  function restoreNavigation(s, first) {
    if (first && 'scrollRestoration' in history) history.scrollRestoration = 'manual';
    if (s.groups) {
      Array.prototype.forEach.call(document.querySelectorAll('details.group'), function (g) {
        var open = s.groups[g.getAttribute('data-group')];
        if (open === undefined) return;
        g.open = open;
        g.setAttribute('data-open', open ? '1' : '0');
      });
    }
    var index = document.getElementById('index-list');
    if (index && s.indexOpen) index.open = true;
    var input = document.getElementById('filter');
    if (input && s.filter) { input.value = s.filter; input.dispatchEvent(new Event('input')); }
    if (input) input.addEventListener('input', function () { saveState(currentState()); });
    if (!first) return;
    document.addEventListener('toggle', function (e) {
      var g = e.target, filter = document.getElementById('filter');
      if (g.classList && g.classList.contains('group') && !(filter && filter.value)) g.setAttribute('data-open', g.open ? '1' : '0');
    }, true);
    window.addEventListener('pagehide', function () { saveState(currentState()); });
    if (typeof s.scrollY === 'number' && s.scrollY > 0) {
      var y = s.scrollY;
      window.scrollTo(0, y);
      // Charts drawn near the top may grow the page above the spot: scroll there again once the first screen is drawn.
      new MutationObserver(function (changes, observer) {
        if (!body.hasAttribute('data-first-screen-ms')) return;
        observer.disconnect();
        window.scrollTo(0, y);
      }).observe(body, {attributes: true, attributeFilter: ['data-first-screen-ms']});
    }
  }
  // ---- PromQL panels (lib/panels): each panel's series as the engine answered them, on an axis with its unit's
  // prefix (the hover keeps the full value in the page's one spelling), and every target's outages shaded. Times go
  // to Plotly as wall-time text in the zone the other charts use (UTC unless the reader chose the browser's).
  function inlinePanels() {
    var el = document.getElementById('panel-data');
    return el ? JSON.parse(el.textContent) : null;
  }
  // Drawn again with new data (the live page), a panel keeps its zoom and hidden series (uirevision). Returns whether
  // there is a section (null: none). A panel is drawn when it comes near the screen, as the families' charts are: the
  // panels on the first screen at once (so before the families' first batch sets data-first-screen-ms), the others as
  // the reader scrolls to them. Drawing all at once took about 1 s more on 30 days of node_exporter
  // (bench/page-node-exporter.sh), for charts off the screen.
  var panelObserver = null;
  function setUpPanels(pdata) {
    if (panelObserver) panelObserver.disconnect();
    panelObserver = null;
    if (!pdata) return null;
    var view = {local: localTimeChosen()};
    var dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    var c = colors({dark: {matches: dark}});
    var later = {};
    pdata.panels.forEach(function (p) {
      var div = document.getElementById(p.id);
      if (!div) return;
      if (div.hasAttribute('data-drawn') || nearScreen(div)) drawPanel(view, c, p, div);
      else later[p.id] = p;
    });
    var ids = Object.keys(later);
    if (ids.length === 0) return true;
    var observer = panelObserver = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        observer.unobserve(e.target);
        drawPanel(view, c, later[e.target.id], e.target);
      });
    }, {rootMargin: '200px 0px'});
    ids.forEach(function (id) { observer.observe(document.getElementById(id)); });
    return true;
  }
  /** Whether a chart is shown within 200 px of the screen (the margin the charts' observers draw at). */
  function nearScreen(div) {
    var r = div.getBoundingClientRect();
    return r.width > 0 && r.top < window.innerHeight + 200 && r.bottom > -200;
  }
  /** A panel's chart, or (--chart-per-target, lines of several targets) its small charts, one per target. */
  function drawPanel(view, c, p, div) {
    var byTarget = data.perTarget ? linesByInstance(p) : null;
    if (byTarget) splitPanel(view, c, p, div, byTarget);
    else drawPanelChart(view, c, p, div);
  }
  function drawPanelChart(view, c, p, div) {
    var outages = panelOutages(p);
    var restarts = p.restarts ? panelRestarts(view, c, p) : [];
    var list = panelTraces(view, c, p, outages).concat(restarts);
    var drawn = div.hasAttribute('data-drawn') ? Plotly.react(div, list, panelLayout(view, c, p, outages))
      : Plotly.newPlot(div, list, panelLayout(view, c, p, outages), {displaylogo: false, responsive: true});
    div.setAttribute('data-drawn', String(p.lines.length));
    div.setAttribute('data-restarts', restarts.map(function (r) { return r.name; }).join('|'));
    Promise.resolve(drawn).then(null, fail);
  }
  function panelTraces(view, c, p, outages) {
    var stacked = p.kind === 'stacked area';
    // At phone width a long name would run off the screen: the legend shows its start (as the families' charts do).
    var narrow = window.matchMedia('(max-width: 700px)').matches;
    var traces = p.lines.map(function (line) {
      var name = narrow && line.name.length > 52 ? line.name.slice(0, 51) + '…' : line.name;
      return {type: 'scatter', mode: 'lines', name: plainText(name), x: line.t.map(function (ms) { return wallTime(view, ms); }),
              y: line.v.map(function (v) { return v === null ? null : v / p.divisor; }),
              customdata: line.v.map(valueText), stackgroup: stacked ? 'one' : undefined, connectgaps: false,
              hovertemplate: '%{customdata} ' + plainText(p.unit) + '<extra>%{fullData.name}</extra>'};
    });
    return traces.concat(outageMarks(view, c, outages, 1));
  }
  /** A panel's lines by their instance, in order, when they come from two targets or more (else null). */
  function linesByInstance(p) {
    var order = [], lines = {};
    p.lines.forEach(function (line) {
      if (!line.instance) return;
      if (!lines[line.instance]) { order.push(line.instance); lines[line.instance] = []; }
      lines[line.instance].push(line);
    });
    if (order.length < 2) return null;
    return order.map(function (instance) { return {instance: instance, lines: lines[instance]}; });
  }
  /**
   * A panel as one small chart per target (--chart-per-target): its element holds a grid of them, kept across new
   * data (the live page) so each keeps its zoom and hidden series; a target whose lines are gone loses its chart. Lines
   * without an instance (a sum over targets) are not on any of them.
   */
  function splitPanel(view, c, p, div, byTarget) {
    div.classList.add('per-target');
    var keep = {};
    byTarget.forEach(function (group) {
      var id = p.id + '~' + group.instance;
      keep[id] = true;
      var small = document.getElementById(id);
      if (!small || small.parentNode !== div) {
        small = document.createElement('div');
        small.className = 'chart small';
        small.id = id;
        div.appendChild(small);
      }
      drawPanelChart(view, c, {id: id, title: p.title, kind: p.kind, unit: p.unit, divisor: p.divisor, axis: p.axis,
                                lines: group.lines, restarts: p.restarts, target: group.instance}, small);
    });
    Array.prototype.slice.call(div.children).forEach(function (small) {
      if (!keep[small.id]) { Plotly.purge(small); small.remove(); }
    });
    div.setAttribute('data-drawn', String(p.lines.length));
  }
  /** A panel's outages: of the targets its series name by instance (every target's when none does), over its lines' times. */
  function panelOutages(p) {
    var targets = [], minX = Infinity, maxX = -Infinity;
    p.lines.forEach(function (line) {
      if (line.instance) targets.push(line.instance);
      if (line.t.length) { minX = Math.min(minX, line.t[0]); maxX = Math.max(maxX, line.t[line.t.length - 1]); }
    });
    return outagesOver(targets.length ? targets : null, minX, maxX);
  }
  // The lead set's panels (the coppice gateway's) mark its restarts as the page's own charts do: each target's on the
  // panels where it has lines (its instance label), inside the panel's time range, as dotted vertical lines.
  function panelRestarts(view, c, p) {
    var min = Infinity, max = -Infinity, out = [];
    p.lines.forEach(function (line) {
      if (line.t.length) { min = Math.min(min, line.t[0]); max = Math.max(max, line.t[line.t.length - 1]); }
    });
    data.restarts.forEach(function (r) {
      if (r.target !== '' && !p.lines.some(function (line) { return line.instance === r.target; })) return;
      var x = [], y = [];
      r.at.forEach(function (t) {
        if (t >= min && t <= max) { var at = wallTime(view, t); x.push(at, at, null); y.push(0, 1, null); }
      });
      if (x.length === 0) return;
      out.push({type: 'scatter', mode: 'lines', name: (r.target === '' ? '' : plainText(r.target) + ': ') + 'gateway restart',
                x: x, y: y, yaxis: 'y2', showlegend: false, hoverinfo: 'x+name', line: {color: c.restart, width: 1, dash: 'dot'}});
    });
    return out;
  }
  function panelLayout(view, c, p, outages) {
    var shapes = outageShapes(view, c, outages);
    var fit = legendLayout(window.matchMedia('(max-width: 700px)').matches, p.lines.length, false);
    // A small chart of one target (--chart-per-target) is named by its target above the plot.
    if (p.target) { fit.height -= 60; fit.margin.t = 40; }
    return {uirevision: p.id, paper_bgcolor: c.paper, plot_bgcolor: c.paper, font: {color: c.font, size: 12}, height: fit.height,
            title: p.target ? {text: plainText(p.target), font: {size: 13}, x: 0, xanchor: 'left'} : undefined,
            margin: fit.margin, hovermode: 'x unified', hoverlabel: {namelength: -1}, showlegend: true,
            legend: fit.legend, shapes: shapes, xaxis: timeAxis(view, c),
            yaxis: {title: {text: p.axis}, gridcolor: c.grid, zerolinecolor: c.grid, rangemode: 'tozero', automargin: true},
            yaxis2: {overlaying: 'y', range: [0, 1.05], visible: false, fixedrange: true}};
  }
  /** A time for a reader, to the second, named with its zone: {@code 2026-11-29 08:50:00 UTC}. */
  function zoneTime(view, ms) {
    return wallTime(view, ms).slice(0, 19) + ' ' + (view.local ? localZoneName() : 'UTC');
  }
})();
