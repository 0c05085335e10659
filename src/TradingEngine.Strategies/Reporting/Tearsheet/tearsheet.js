// The tearsheet's drawing: everything comes from the two JSON elements the writer embeds (#te-report: report.json's
// bytes; #te-charts: each trade's candles). Plain JavaScript and SVG, no library, so report.html opens offline and the
// default ./run.sh needs no npm. Every number cell carries its exact value in data-value for tests to compare with
// report.json; the text is only the rounded display.
(function () {
  'use strict';
  const report = JSON.parse(document.getElementById('te-report').textContent);
  const charts = JSON.parse(document.getElementById('te-charts').textContent);
  const root = document.getElementById('tearsheet');
  const NS = 'http://www.w3.org/2000/svg';
  const COLORS = ['#0969da', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#1b7c83', '#57606a'];
  const currencies = [...new Set(report.strategies.map((s) => s.currency))];
  const unit = currencies.length === 1 ? currencies[0] : currencies.length === 0 ? '' : 'mixed';

  function el(tag, attrs, parent, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function svgEl(tag, attrs, parent, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function fmt(v, digits) {
    if (v === null || v === undefined) return 'n/a';
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  // report times are yyyy-MM-ddTHH:mm:ss.fffffffZ; Date keeps milliseconds
  function ms(iso) { return Date.parse(iso.substring(0, 23) + 'Z'); }
  function shortTime(t) { return new Date(t).toISOString().replace('T', ' ').substring(0, 19); }
  function duration(s) {
    if (s < 1) return '0';
    if (s < 60) return Math.floor(s) + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm' + String(Math.floor(s % 60)).padStart(2, '0') + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
    return Math.floor(s / 86400) + 'd' + String(Math.floor((s % 86400) / 3600)).padStart(2, '0') + 'h';
  }
  function numCell(row, field, value, text) {
    const td = el('td', { 'data-field': field, 'data-value': value === null ? 'null' : String(value) }, row, text);
    if (typeof value === 'number' && /pnl|profit|expectancy/.test(field)) td.className = value > 0 ? 'pos' : value < 0 ? 'neg' : '';
    return td;
  }
  function section(id, title, note) {
    const s = el('section', { id }, root);
    el('h2', {}, s, title);
    if (note) el('p', { class: 'note' }, s, note);
    return s;
  }

  // ── a line/area chart over time: series [{ name, color, points: [[t, y]], area }]
  function timeChart(parent, id, series, width, height, yLabel) {
    const svg = svgEl('svg', { id, width, height, viewBox: `0 0 ${width} ${height}` }, parent);
    const pad = { l: 70, r: 12, t: 10, b: 24 };
    const all = series.flatMap((s) => s.points);
    if (all.length === 0) { svgEl('text', { x: 10, y: 20 }, svg, 'no trades'); return svg; }
    let x0 = Math.min(...all.map((p) => p[0])), x1 = Math.max(...all.map((p) => p[0]));
    let y0 = Math.min(0, ...all.map((p) => p[1])), y1 = Math.max(0, ...all.map((p) => p[1]));
    if (x1 === x0) { x0 -= 1; x1 += 1; }
    if (y1 === y0) { y0 -= 1; y1 += 1; }
    const X = (x) => pad.l + ((x - x0) / (x1 - x0)) * (width - pad.l - pad.r);
    const Y = (y) => pad.t + ((y1 - y) / (y1 - y0)) * (height - pad.t - pad.b);
    for (let i = 0; i <= 4; i++) {
      const v = y0 + ((y1 - y0) * i) / 4;
      svgEl('line', { x1: pad.l, x2: width - pad.r, y1: Y(v), y2: Y(v), stroke: '#eaeef2' }, svg);
      svgEl('text', { x: pad.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, svg, fmt(v, 0));
    }
    svgEl('line', { x1: pad.l, x2: width - pad.r, y1: Y(0), y2: Y(0), stroke: '#8c959f' }, svg);
    for (let i = 0; i <= 3; i++) {
      const t = x0 + ((x1 - x0) * i) / 3;
      svgEl('text', { x: X(t), y: height - 6, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle' }, svg, shortTime(t).substring(0, 16));
    }
    svgEl('text', { x: 4, y: 12 }, svg, yLabel);
    for (const s of series) {
      const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join('');
      if (s.area) svgEl('path', { d: `${d}L${X(s.points[s.points.length - 1][0])},${Y(0)}L${X(s.points[0][0])},${Y(0)}Z`, fill: s.color, 'fill-opacity': 0.25, stroke: 'none' }, svg);
      svgEl('path', { d, fill: 'none', stroke: s.color, 'stroke-width': s.width || 1.5, 'data-series': s.name }, svg);
    }
    return svg;
  }

  // ── bars: [{ label, value }]
  function barChart(parent, id, bars, width, height) {
    const svg = svgEl('svg', { id, width, height, viewBox: `0 0 ${width} ${height}` }, parent);
    const pad = { l: 70, r: 8, t: 8, b: 22 };
    const lo = Math.min(0, ...bars.map((b) => b.value)), hi = Math.max(0, ...bars.map((b) => b.value));
    const span = hi - lo || 1;
    const Y = (y) => pad.t + ((hi - y) / span) * (height - pad.t - pad.b);
    const w = (width - pad.l - pad.r) / Math.max(1, bars.length);
    svgEl('line', { x1: pad.l, x2: width - pad.r, y1: Y(0), y2: Y(0), stroke: '#8c959f' }, svg);
    svgEl('text', { x: pad.l - 6, y: Y(hi) + 8, 'text-anchor': 'end' }, svg, fmt(hi, 0));
    svgEl('text', { x: pad.l - 6, y: Y(lo), 'text-anchor': 'end' }, svg, fmt(lo, 0));
    const every = Math.ceil(bars.length / 12);
    bars.forEach((b, i) => {
      const x = pad.l + i * w;
      svgEl('rect', { x: x + w * 0.15, width: Math.max(1, w * 0.7), y: Math.min(Y(b.value), Y(0)), height: Math.max(b.value === 0 ? 0 : 1, Math.abs(Y(b.value) - Y(0))), fill: b.value >= 0 ? '#2da44e' : '#cf222e' }, svg);
      if (i % every === 0) svgEl('text', { x: x + w / 2, y: height - 6, 'text-anchor': 'middle' }, svg, b.label);
    });
    return svg;
  }

  // ── candles of one trade, with its entry and exit
  function tradeChart(parent, index) {
    parent.textContent = '';
    const trade = report.trades[index];
    const chart = charts.charts[index];
    const width = 900, height = 380, volH = 60;
    const head = el('p', { class: 'note' }, parent);
    if (!chart) { head.textContent = `trade ${index + 1}: not drawn (the first ${charts.charted} of ${charts.trades} trades are)`; return; }
    head.textContent = `trade ${index + 1}: ${trade.strategy} ${trade.side} ${trade.quantity} ${trade.symbol}, ${shortTime(ms(trade.entry_time))} @ ${trade.entry_price} → ${shortTime(ms(trade.exit_time))} @ ${trade.exit_price}, P&L ${fmt(trade.pnl, 2)} ${unit} (${trade.entry_reason} → ${trade.exit_reason}); ${chart.bars.length} candles of ${duration(chart.timeframe_s)}`;
    const svg = svgEl('svg', { id: 'trade-svg', width, height, viewBox: `0 0 ${width} ${height}`, 'data-trade': index, 'data-bars': chart.bars.length }, parent);
    const bars = chart.bars;
    if (bars.length === 0) { svgEl('text', { x: 10, y: 20 }, svg, 'the run closed no candle of ' + chart.symbol); return; }
    const pad = { l: 70, r: 12, t: 10, b: 24 };
    let lo = Math.min(...bars.map((b) => b[3]), trade.entry_price, trade.exit_price);
    let hi = Math.max(...bars.map((b) => b[2]), trade.entry_price, trade.exit_price);
    if (hi === lo) { hi += 1; lo -= 1; }
    const vmax = Math.max(...bars.map((b) => b[5])) || 1;
    const priceH = height - pad.t - pad.b - volH;
    const w = (width - pad.l - pad.r) / bars.length;
    const X = (i) => pad.l + i * w + w / 2;
    const Y = (p) => pad.t + ((hi - p) / (hi - lo)) * priceH;
    const tfMs = chart.timeframe_s * 1000;
    const indexOf = (t) => { let i = bars.findIndex((b) => b[0] + tfMs > t); return i < 0 ? bars.length - 1 : i; };
    for (let i = 0; i <= 4; i++) {
      const p = lo + ((hi - lo) * i) / 4;
      svgEl('line', { x1: pad.l, x2: width - pad.r, y1: Y(p), y2: Y(p), stroke: '#eaeef2' }, svg);
      svgEl('text', { x: pad.l - 6, y: Y(p) + 4, 'text-anchor': 'end' }, svg, fmt(p, 2));
    }
    const entryI = indexOf(ms(trade.entry_time)), exitI = indexOf(ms(trade.exit_time));
    svgEl('rect', { x: X(entryI) - w / 2, width: Math.max(1, X(exitI) - X(entryI) + w), y: pad.t, height: priceH, fill: trade.pnl >= 0 ? '#2da44e' : '#cf222e', 'fill-opacity': 0.07 }, svg);
    bars.forEach((b, i) => {
      const up = b[4] >= b[1];
      const color = up ? '#1a7f37' : '#cf222e';
      svgEl('line', { x1: X(i), x2: X(i), y1: Y(b[2]), y2: Y(b[3]), stroke: color }, svg);
      svgEl('rect', { class: 'candle', x: X(i) - w * 0.35, width: Math.max(1, w * 0.7), y: Y(Math.max(b[1], b[4])), height: Math.max(1, Math.abs(Y(b[1]) - Y(b[4]))), fill: color }, svg);
      const vh = (b[5] / vmax) * (volH - 6);
      svgEl('rect', { x: X(i) - w * 0.35, width: Math.max(1, w * 0.7), y: height - pad.b - vh, height: vh, fill: '#8c959f', 'fill-opacity': 0.5 }, svg);
    });
    const mark = (i, price, color, label) => {
      svgEl('line', { x1: pad.l, x2: width - pad.r, y1: Y(price), y2: Y(price), stroke: color, 'stroke-dasharray': '4 3' }, svg);
      svgEl('circle', { cx: X(i), cy: Y(price), r: 5, fill: color, stroke: '#fff' }, svg);
      svgEl('text', { x: width - pad.r - 4, y: Y(price) - 4, 'text-anchor': 'end', style: `fill:${color}` }, svg, `${label} ${price}`);
    };
    mark(entryI, trade.entry_price, '#0969da', 'entry');
    mark(exitI, trade.exit_price, '#8250df', 'exit');
    for (let i = 0; i <= 3; i++) {
      const k = Math.min(bars.length - 1, Math.round(((bars.length - 1) * i) / 3));
      svgEl('text', { x: X(k), y: height - 6, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle' }, svg, shortTime(bars[k][0]).substring(5, 16));
    }
  }

  // ── summary
  const trades = report.trades;
  el('p', { class: 'note' }, root, `${report.strategies.length} strategies, ${trades.length} trades, ${report.days} trading days; money in ${unit || '?'} (P&L of closed trades, commissions included); Sharpe and Sortino annualised (×√252) from ${report.min_days_for_ratios} days on.`);

  // ── equity and drawdown
  const eq = section('equity', 'Equity and drawdown', 'Closed-trade equity by exit time, per strategy and all together; drawdown of the total below its running peak.');
  const legend = el('div', { class: 'legend' }, eq);
  const series = [];
  const byTime = trades.map((t, i) => ({ t: ms(t.exit_time), pnl: t.pnl, s: t.strategy, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  report.strategies.forEach((s, k) => {
    let cum = 0;
    const points = byTime.filter((x) => x.s === s.strategy).map((x) => [x.t, (cum += x.pnl)]);
    series.push({ name: s.strategy, color: COLORS[k % COLORS.length], points });
  });
  let total = 0, peak = 0;
  const totalPts = byTime.map((x) => [x.t, (total += x.pnl)]);
  const ddPts = totalPts.map((p) => { peak = Math.max(peak, p[1]); return [p[0], p[1] - peak]; });
  if (report.strategies.length > 1) series.push({ name: 'all', color: '#1f2328', points: totalPts, width: 2.5 });
  for (const s of series) { const sp = el('span', {}, legend); el('i', { style: `background:${s.color}` }, sp); sp.append(s.name); }
  timeChart(eq, 'equity-svg', series, 900, 260, unit);
  timeChart(eq, 'drawdown-svg', [{ name: 'drawdown', color: '#cf222e', points: ddPts, area: true }], 900, 120, 'drawdown');

  // ── per-strategy statistics
  const st = section('strategies', 'Strategies');
  const stats = el('table', { id: 'stats' }, st);
  const cols = [
    ['trades', 'trades', 0], ['wins', 'wins', 0], ['losses', 'losses', 0], ['win_rate', 'win %', 1, 100], ['profit_factor', 'profit factor', 2],
    ['expectancy', `expectancy ${unit}`, 2], ['gross_profit', `gross profit ${unit}`, 2], ['gross_loss', `gross loss ${unit}`, 2],
    ['net_pnl', `net ${unit}`, 2], ['max_drawdown', `max drawdown ${unit}`, 2], ['max_drawdown_duration_s', 'drawdown time', -1],
    ['exposure', 'exposure %', 1, 100], ['sharpe', 'Sharpe/yr', 2], ['sortino', 'Sortino/yr', 2],
  ];
  const hr = el('tr', {}, el('thead', {}, stats));
  el('th', { class: 'text' }, hr, 'strategy');
  for (const c of cols) el('th', {}, hr, c[1]);
  const sb = el('tbody', {}, stats);
  for (const s of report.strategies) {
    const r = el('tr', { 'data-strategy': s.strategy }, sb);
    el('td', { class: 'text' }, r, s.strategy);
    for (const [f, , d, scale] of cols) {
      const v = s[f];
      numCell(r, f, v, d < 0 ? duration(v) : v === null ? (report.days < report.min_days_for_ratios ? `n/a (${report.days} d)` : 'n/a') : fmt(v * (scale || 1), d));
    }
  }

  // ── P&L by day and by hour
  const pl = section('pnl', 'P&L by day and by hour', 'By the UTC date and hour each trade closed.');
  const row = el('div', { class: 'row' }, pl);
  const dayBox = el('div', {}, row);
  const days = (report.strategies[0] || { daily: [] }).daily.map((d) => d.date);
  const dayTotals = days.map((date, i) => report.strategies.reduce((a, s) => a + s.daily[i].pnl, 0));
  barChart(dayBox, 'daily-svg', days.map((d, i) => ({ label: d.substring(5), value: dayTotals[i] })), 440, 160);
  const dt = el('table', { id: 'daily' }, el('div', { class: 'scroll' }, dayBox));
  const dh = el('tr', {}, el('thead', {}, dt));
  el('th', { class: 'text' }, dh, 'date');
  for (const s of report.strategies) el('th', {}, dh, s.strategy);
  const db = el('tbody', {}, dt);
  days.forEach((date, i) => {
    const r = el('tr', { 'data-date': date }, db);
    el('td', { class: 'text' }, r, date);
    for (const s of report.strategies) numCell(r, 'pnl:' + s.strategy, s.daily[i].pnl, fmt(s.daily[i].pnl, 2));
  });
  const hourBox = el('div', {}, row);
  const hours = Array.from({ length: 24 }, () => ({ trades: 0, pnl: 0 }));
  for (const t of trades) { const h = Number(t.exit_time.substring(11, 13)); hours[h].trades++; hours[h].pnl += t.pnl; }
  barChart(hourBox, 'hourly-svg', hours.map((h, i) => ({ label: String(i).padStart(2, '0'), value: h.pnl })), 440, 160);
  const ht = el('table', { id: 'hourly' }, el('div', { class: 'scroll' }, hourBox));
  const hh = el('tr', {}, el('thead', {}, ht));
  for (const c of ['hour (UTC)', 'trades', `P&L ${unit}`]) el('th', {}, hh, c);
  const hb = el('tbody', {}, ht);
  hours.forEach((h, i) => {
    if (h.trades === 0) return;
    const r = el('tr', { 'data-hour': i }, hb);
    el('td', {}, r, String(i).padStart(2, '0'));
    numCell(r, 'trades', h.trades, String(h.trades));
    numCell(r, 'pnl', h.pnl, fmt(h.pnl, 2));
  });

  // ── trades, and the selected one on its candles
  const tr = section('trades-section', 'Trades', charts.charted < charts.trades
    ? `Click a trade to draw it on its candles (the first ${charts.charted} of ${charts.trades} trades are drawn).`
    : 'Click a trade to draw it on its candles.');
  const chartBox = el('div', { id: 'trade-chart' }, tr);
  const tt = el('table', { id: 'trades' }, el('div', { class: 'scroll' }, tr));
  const th = el('tr', {}, el('thead', {}, tt));
  for (const c of ['#', 'strategy', 'symbol', 'side', 'entry (UTC)', 'entry', 'exit (UTC)', 'exit', 'qty', `P&L ${unit}`, 'entry reason', 'exit reason']) el('th', {}, th, c);
  const tb = el('tbody', {}, tt);
  trades.forEach((t, i) => {
    const r = el('tr', { 'data-index': i }, tb);
    el('td', {}, r, String(i + 1));
    el('td', { class: 'text' }, r, t.strategy);
    el('td', { class: 'text' }, r, t.symbol);
    el('td', { class: 'text' }, r, t.side);
    el('td', {}, r, shortTime(ms(t.entry_time)));
    numCell(r, 'entry_price', t.entry_price, String(t.entry_price));
    el('td', {}, r, shortTime(ms(t.exit_time)));
    numCell(r, 'exit_price', t.exit_price, String(t.exit_price));
    numCell(r, 'quantity', t.quantity, String(t.quantity));
    numCell(r, 'pnl', t.pnl, fmt(t.pnl, 2));
    el('td', { class: 'text' }, r, t.entry_reason);
    el('td', { class: 'text' }, r, t.exit_reason);
    r.addEventListener('click', () => {
      for (const x of tb.querySelectorAll('tr.selected')) x.classList.remove('selected');
      r.classList.add('selected');
      tradeChart(chartBox, i);
    });
  });
  if (trades.length > 0) { tb.firstChild.classList.add('selected'); tradeChart(chartBox, 0); }
  else el('p', { class: 'note' }, chartBox, 'no closed trades');

  window.teTearsheet = { report, charts, ready: true };
})();
