// te dashboard's page: reads /stream (WebSocket: a hello, then batches of outputs in id order in their compact form,
// {resync: id} when this page fell behind), keeps every symbol and timeframe in memory, and draws the selected one
// with lightweight-charts. Batches are applied once per animation frame, so a fast stream costs one redraw per frame.
import {
  createChart, createSeriesMarkers, CandlestickSeries, HistogramSeries, LineSeries,
  type IChartApi, type ISeriesApi, type UTCTimestamp, type SeriesMarker, type Time, type IPriceLine,
} from 'lightweight-charts';
import type {
  AnyMessage, CandleMessage, FairValueGapMessage, OrderBlockMessage, LiquidityLevelMessage, BreakOfStructureMessage,
  SwingPointMessage, TradeSignalMessage, PositionUpdateMessage, FootprintMessage, DeltaVolumeMessage, VolumeProfileMessage,
} from './generated/messages';

/**
 * A stream batch (DashboardServer): `s` the shapes this connection had not received yet ([shape id, shape]: a message's
 * structure and property names, each value that is not an object replaced by 0), `r` one row per output, [id (the first
 * row) or the difference to the previous row's id, shape id, the message's values in document order…].
 */
interface Batch { n: number; s: [number, unknown][]; r: unknown[][] }
interface Bar { time: UTCTimestamp; open: number; high: number; low: number; close: number; volume: number; closed: boolean }
interface Box { key: string; kind: 'fvg' | 'ob'; direction: string; top: number; bottom: number; from: number; to: number | null; state: string }
/** A position change of a strategy node (a PositionUpdate whose side or quantity differs from the node's previous one), with the signal that led to it. */
interface Fill { time: number; node: number; price: number; from: string; to: string; quantity: number; realized: number; signal: TradeSignalMessage | null }
interface Series {
  bars: Map<number, Bar>; forming: Set<number>; boxes: Map<string, Box>; levels: Map<string, LiquidityLevelMessage>; markers: SeriesMarker<Time>[];
  signals: TradeSignalMessage[]; fills: Fill[]; footprints: Map<number, FootprintMessage>; deltas: Map<number, DeltaVolumeMessage>;
  lines: Map<string, Line>;
  // what render() has drawn (bars in time order) and what changed since: appends and last-bar changes are drawn with
  // update(), anything else (an older bar changed, a preview dropped, another series shown) redraws the whole series
  sorted: Bar[]; volumes: { time: UTCTimestamp; value: number }[]; touched: Set<number>; full: boolean;
  // what changed since render() drew it: markers and liquidity levels are redrawn only then
  markersDrawn: number; levelsVersion: number; levelsDrawn: number;
}
// data: what was drawn, in time order (appended to, so many new points in one frame are drawn with one setData)
interface Line { pane: number; points: Map<number, number>; touched: Set<number>; last: number; data: { time: UTCTimestamp; value: number }[] }

const parseSecs = (iso: string): UTCTimestamp => Math.floor(Date.parse(iso.length > 23 ? iso.substring(0, 23) + 'Z' : iso) / 1000) as UTCTimestamp;
// the outputs of one event share their timestamp: the last one parsed is kept (Date.parse per output was a visible cost at 50k/s)
let secsIso = '';
let secsValue = 0 as UTCTimestamp;
const secs = (iso: string): UTCTimestamp => (iso === secsIso ? secsValue : ((secsIso = iso), (secsValue = parseSecs(iso))));
const state = new Map<string, Map<string, Series>>(); // symbol → timeframe → series
const positions = new Map<string, PositionUpdateMessage>();
const profiles = new Map<string, VolumeProfileMessage[]>(); // symbol → session profiles in arrival order
let lastId = 0;
// received and not applied yet: ids and messages (applied at the next animation frame)
let pendingIds: number[] = [];
let pendingMessages: AnyMessage[] = [];
let dirty = true;
let received = 0;

function seriesOf(symbol: string, tf: string): Series {
  let bySymbol = state.get(symbol);
  if (!bySymbol) state.set(symbol, (bySymbol = new Map()));
  let s = bySymbol.get(tf);
  if (!s) bySymbol.set(tf, (s = { bars: new Map(), forming: new Set(), boxes: new Map(), levels: new Map(), markers: [], signals: [], fills: [], footprints: new Map(), deltas: new Map(), lines: new Map(), sorted: [], volumes: [], touched: new Set(), full: true, markersDrawn: -1, levelsVersion: 0, levelsDrawn: -1 }));
  return s;
}

// symbol → node id → its last output, for the DAG drawing (summarised when drawn, not per output)
const nodeValues = new Map<string, Map<number, AnyMessage>>();
// symbol → node id (or candles:TF for the last closed candle) → its last output and that output's stream id: what a signal is explained with
const lastOutputs = new Map<string, Map<number | string, AnyMessage>>();
const lastOutputIds = new Map<string, Map<number | string, number>>();
function perSymbol<K, V>(map: Map<string, Map<K, V>>, symbol: string): Map<K, V> {
  let m = map.get(symbol);
  if (!m) map.set(symbol, (m = new Map()));
  return m;
}
let sideVersion = 0; // bumped by what the side panels show (signals, positions, footprints, profiles): they are rebuilt only then
const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, ''));
function summary(m: AnyMessage): string {
  const d = m.data as Record<string, unknown>;
  if (typeof d.value === 'number') return num(d.value);
  switch (m.type) {
    case 'candle': return `close ${d.close}`;
    case 'trade_signal': return `${(m as TradeSignalMessage).data.action} ${(m as TradeSignalMessage).data.side} ${(m as TradeSignalMessage).data.price}`;
    case 'position_update': return `${(m as PositionUpdateMessage).data.side} ${(m as PositionUpdateMessage).data.quantity}`;
    case 'fair_value_gap': case 'order_block': return `${d.direction} ${d.state}`;
    case 'swing_point': return `${d.side} ${d.price}`;
    case 'liquidity_level': return `${d.side} ${d.price} ${d.state}`;
    case 'break_of_structure': return `${d.kind} ${d.direction}`;
    case 'footprint': case 'volume_profile': return `POC ${d.poc}`;
    case 'delta_volume': return `${d.buy_volume}/${d.sell_volume}`;
    default: return m.type;
  }
}

function apply(m: AnyMessage, id: number): void {
  const tf = m.timeframe ?? '';
  const nodeId = m.metadata?.node_id;
  if (typeof nodeId === 'number' && nodeId >= 0) {
    perSymbol(nodeValues, m.symbol).set(nodeId, m);
    if (m.type !== 'trade_signal') { perSymbol(lastOutputs, m.symbol).set(nodeId, m); perSymbol(lastOutputIds, m.symbol).set(nodeId, id); }
  }
  if (m.type === 'candle' && (m as CandleMessage).data.closed === true) { perSymbol(lastOutputs, m.symbol).set(`candles:${tf}`, m); perSymbol(lastOutputIds, m.symbol).set(`candles:${tf}`, id); }
  const s = seriesOf(m.symbol, tf);
  const t = secs(m.timestamp);
  switch (m.type) {
    case 'candle': {
      const c = (m as CandleMessage).data;
      const closed = c.closed === true;
      s.bars.set(t, { time: t, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, closed });
      s.touched.add(t);
      if (!closed) s.forming.add(t);
      else {
        // te dashboard's forming candles (from the raw ticks) end where the engine closes: a preview at or before
        // this close is superseded (its bucket was this one, or one the engine never formed)
        s.forming.delete(t);
        for (const f of s.forming) if (f < t) { s.bars.delete(f); s.forming.delete(f); s.full = true; }
      }
      break;
    }
    case 'fair_value_gap':
    case 'order_block': {
      const d = (m as FairValueGapMessage | OrderBlockMessage).data;
      const from = secs('formed_time' in d ? d.formed_time : d.origin_time);
      const key = `${m.type}|${d.direction}|${from}|${d.top}|${d.bottom}`;
      const ended = d.state === 'filled' || d.state === 'invalidated';
      s.boxes.set(key, { key, kind: m.type === 'fair_value_gap' ? 'fvg' : 'ob', direction: d.direction, top: d.top, bottom: d.bottom, from, to: ended ? t : null, state: d.state });
      break;
    }
    case 'liquidity_level': {
      const l = m as LiquidityLevelMessage;
      const key = `${l.data.side}|${l.data.price}|${l.data.formed_time}`;
      s.levelsVersion++;
      if (l.data.state === 'filled' || l.data.state === 'invalidated') {
        s.levels.delete(key);
        s.markers.push({ time: t, position: l.data.side === 'buy_side' ? 'aboveBar' : 'belowBar', shape: 'circle', color: '#9a6700', text: 'sweep' });
      } else s.levels.set(key, l);
      break;
    }
    case 'break_of_structure': {
      const b = (m as BreakOfStructureMessage).data;
      s.markers.push({ time: t, position: b.direction === 'bullish' ? 'belowBar' : 'aboveBar', shape: 'square', color: b.kind === 'change_of_character' ? '#8250df' : '#0969da', text: b.kind === 'change_of_character' ? 'CHoCH' : 'BOS' });
      break;
    }
    case 'swing_point': {
      const p = (m as SwingPointMessage).data;
      s.markers.push({ time: secs(p.pivot_time), position: p.side === 'high' ? 'aboveBar' : 'belowBar', shape: 'circle', color: '#8c959f', text: p.side === 'high' ? 'SH' : 'SL' });
      break;
    }
    case 'trade_signal': {
      const g = m as TradeSignalMessage;
      sideVersion++;
      s.signals.push(g);
      explanations.set(g, explain(g, id));
      const long = g.data.side === 'long';
      s.markers.push({ id: `signal-${s.signals.length - 1}`, time: t, position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: g.data.action === 'entry' ? '#1a7f37' : '#cf222e', text: `${g.data.action} ${g.data.side}` });
      break;
    }
    case 'position_update': {
      const u = m as PositionUpdateMessage;
      sideVersion++;
      const key = `${m.symbol} node ${m.metadata?.node_id ?? '?'}`;
      const before = positions.get(key);
      positions.set(key, u);
      const from = before?.data.side ?? 'flat', qty = before?.data.quantity ?? 0;
      if (u.data.side === from && u.data.quantity === qty) break; // a mark, not a fill
      // the signal behind it: the node's latest entry (leaving flat) or exit (to flat or reversing) at or before the fill
      const node = m.metadata?.node_id ?? -1;
      const wanted = from === 'flat' ? 'entry' : 'exit';
      let signal: TradeSignalMessage | null = null;
      for (let i = s.signals.length - 1; i >= 0 && !signal; i--) {
        const g = s.signals[i];
        if ((g.metadata?.node_id ?? -1) === node && g.data.action === wanted && secs(g.timestamp) <= t) signal = g;
      }
      s.fills.push({ time: t, node, price: u.data.mark_price ?? u.data.average_price, from, to: u.data.side, quantity: u.data.quantity, realized: u.data.realized_pnl, signal });
      const opening = from === 'flat';
      const buy = (opening && u.data.side === 'long') || (!opening && from === 'short');
      s.markers.push({ id: `fill-${s.fills.length - 1}`, time: t, position: 'atPriceMiddle', price: s.fills[s.fills.length - 1].price, shape: 'circle', color: buy ? '#1a7f37' : '#cf222e', text: opening ? 'fill in' : 'fill out' });
      break;
    }
    case 'footprint': {
      const f = m as FootprintMessage;
      sideVersion++;
      s.footprints.set(secs(f.data.bar_time), f);
      break;
    }
    case 'delta_volume': {
      const d = m as DeltaVolumeMessage;
      sideVersion++;
      s.deltas.set(secs(d.data.bar_time), d);
      break;
    }
    case 'volume_profile': {
      sideVersion++;
      let list = profiles.get(m.symbol);
      if (!list) profiles.set(m.symbol, (list = []));
      list.push(m as VolumeProfileMessage);
      break;
    }
    case 'moving_average':
    case 'vwap':
    case 'rsi':
    case 'atr':
    case 'cumulative_delta': {
      const pane = m.type === 'moving_average' || m.type === 'vwap' ? 0 : m.type === 'rsi' ? 1 : m.type === 'atr' ? 2 : 3;
      const name = `${m.type} ${m.metadata?.node_id ?? ''}`.trim();
      let line = s.lines.get(name);
      if (!line) s.lines.set(name, (line = { pane, points: new Map(), touched: new Set(), last: -Infinity, data: [] }));
      line.points.set(t, m.data.value);
      line.touched.add(t);
      break;
    }
  }
}

// ── chart
const chartEl = document.getElementById('chart')!;
const chart: IChartApi = createChart(chartEl, { autoSize: true, layout: { attributionLogo: true }, timeScale: { timeVisible: true, secondsVisible: false } });
const candles: ISeriesApi<'Candlestick'> = chart.addSeries(CandlestickSeries, { upColor: '#1a7f37', downColor: '#cf222e', wickUpColor: '#1a7f37', wickDownColor: '#cf222e', borderVisible: false });
const volume: ISeriesApi<'Histogram'> = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, color: '#8c959f80' });
chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
const markers = createSeriesMarkers(candles, []);
const lines = new Map<string, ISeriesApi<'Line'>>();
let priceLines: IPriceLine[] = [];
const COLORS = ['#0969da', '#bf3989', '#9a6700', '#8250df', '#1b7c83', '#cf222e'];
const symbolSel = document.getElementById('symbol') as HTMLSelectElement;
const tfSel = document.getElementById('timeframe') as HTMLSelectElement;
let shown = { symbol: '', tf: '', bars: 0 };

function options(sel: HTMLSelectElement, values: string[]): void {
  const current = [...sel.options].map((o) => o.value);
  if (current.join() === values.join()) return;
  const keep = sel.value;
  sel.textContent = '';
  for (const v of values) sel.add(new Option(v, v));
  if (values.includes(keep)) sel.value = keep;
}
const tfSeconds = (tf: string): number => { const n = parseInt(tf, 10); return n * ({ s: 1, m: 60, h: 3600, d: 86400, w: 604800 } as Record<string, number>)[tf.slice(-1)]; };

// Points appended in one frame above which one setData() of the series is drawn instead of an update() per point:
// lightweight-charts recomputes its price scales and time scale on every update(), so at a replay's or a fast
// stream's rate (50k outputs/s: ~20 candles and ~40 line points per frame) the updates cost more than one setData.
const BULK = 8;
function render(): void {
  options(symbolSel, [...state.keys()].sort());
  const bySymbol = state.get(symbolSel.value);
  if (!bySymbol) return;
  options(tfSel, [...bySymbol.keys()].filter((tf) => tf && bySymbol.get(tf)!.bars.size > 0).sort((a, b) => tfSeconds(a) - tfSeconds(b)));
  const s = bySymbol.get(tfSel.value);
  if (!s) return;
  const same = shown.symbol === symbolSel.value && shown.tf === tfSel.value;
  const changed = [...s.touched].sort((a, b) => a - b);
  s.touched.clear();
  const lastShown = s.sorted.length > 0 ? (s.sorted[s.sorted.length - 1].time as number) : -Infinity;
  const redraw = !same || s.full || (changed.length > 0 && changed[0] < lastShown);
  if (!redraw) {
    const appended: Bar[] = [];
    for (const t of changed) {
      const b = s.bars.get(t);
      if (!b) continue;
      const v = { time: b.time, value: b.volume };
      if (s.sorted.length > 0 && s.sorted[s.sorted.length - 1].time === b.time) { s.sorted[s.sorted.length - 1] = b; s.volumes[s.volumes.length - 1] = v; }
      else { s.sorted.push(b); s.volumes.push(v); }
      appended.push(b);
    }
    if (appended.length > BULK) { candles.setData(s.sorted); volume.setData(s.volumes); }
    else for (const b of appended) { candles.update(b); volume.update({ time: b.time, value: b.volume }); }
  } else {
    s.full = false;
    s.sorted = [...s.bars.values()].sort((a, b) => a.time - b.time);
    s.volumes = s.sorted.map((b) => ({ time: b.time, value: b.volume }));
    candles.setData(s.sorted);
    volume.setData(s.volumes);
    if (!same) chart.timeScale().fitContent();
  }
  const bars = s.sorted;
  shown = { symbol: symbolSel.value, tf: tfSel.value, bars: bars.length };
  // a marker sits on the bar holding its time (a signal at a candle's close lands on that candle when no later one
  // exists): redrawn when a marker came, the series was redrawn, or a bar came after the one the last markers snapped to
  const lastBar = bars.length > 0 ? (bars[bars.length - 1].time as number) : -Infinity;
  if (redraw || s.markersDrawn !== s.markers.length || lastBar !== lastShown) {
    const snap = (t: number): number => { let lo = 0, hi = bars.length - 1, at = bars.length > 0 ? (bars[0].time as number) : t; while (lo <= hi) { const mid = (lo + hi) >> 1; if ((bars[mid].time as number) <= t) { at = bars[mid].time; lo = mid + 1; } else hi = mid - 1; } return at; };
    const latest = s.markers.reduce((a, x) => Math.max(a, x.time as number), -Infinity);
    if (redraw || s.markersDrawn !== s.markers.length || latest >= lastShown) {
      markers.setMarkers(bars.length === 0 ? [] : s.markers.map((x) => ({ ...x, time: snap(x.time as number) as UTCTimestamp })).sort((a, b) => (a.time as number) - (b.time as number)));
      markerTimes = new Map(s.markers.map((x) => [String(x.id ?? ''), snap(x.time as number)]));
    }
    s.markersDrawn = s.markers.length;
  }
  for (const [name, series] of lines) if (!s.lines.has(name)) { chart.removeSeries(series); lines.delete(name); }
  let k = 0;
  for (const [name, line] of s.lines) {
    let series = lines.get(name);
    const fresh = !series || !same;
    if (!series) lines.set(name, (series = chart.addSeries(LineSeries, { color: COLORS[k % COLORS.length], lineWidth: 1, title: name, priceLineVisible: false }, line.pane)));
    const times = [...line.touched].sort((a, b) => a - b);
    line.touched.clear();
    if (!fresh && (times.length === 0 || times[0] >= line.last)) {
      for (const t of times) {
        const p = { time: t as UTCTimestamp, value: line.points.get(t)! };
        if (line.data.length > 0 && line.data[line.data.length - 1].time === p.time) line.data[line.data.length - 1] = p;
        else line.data.push(p);
      }
      if (times.length > BULK) series.setData(line.data);
      else for (const t of times) series.update({ time: t as UTCTimestamp, value: line.points.get(t)! });
    } else {
      line.data = [...line.points].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
      series.setData(line.data);
      line.last = line.data.length > 0 ? line.data[line.data.length - 1].time : -Infinity;
    }
    if (times.length > 0) line.last = Math.max(line.last, times[times.length - 1]);
    k++;
  }
  if (redraw || s.levelsDrawn !== s.levelsVersion) {
    for (const p of priceLines) candles.removePriceLine(p);
    priceLines = [...s.levels.values()].map((l) => candles.createPriceLine({ price: l.data.price, color: '#9a6700', lineStyle: 2, lineWidth: 1, title: l.data.side === 'buy_side' ? 'BSL' : 'SSL' }));
    s.levelsDrawn = s.levelsVersion;
  }
  boxesDirty = true; // drawn at the next frame, after the chart has laid the new data out
  renderSide(s);
}

// ── FVG and order-block boxes on a canvas over the chart, from their start to where they were mitigated
// (drawn once per animation frame when the data or the visible range changed: the range changes with every bar
// appended, and drawing on each change, with its layout read and canvas resize, cost a tenth of the page's time at 50k/s)
const boxCanvas = document.getElementById('boxes') as HTMLCanvasElement;
let boxesDirty = true;
let boxesDrawn = ''; // what the canvas holds (size and rectangles): a frame that would draw the same leaves it alone
function drawBoxes(): void {
  boxesDirty = false;
  const s = state.get(symbolSel.value)?.get(tfSel.value);
  const rect = chartEl.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  const rects: [string, number, number, number, number][] = [];
  if (s) {
    const ts = chart.timeScale();
    const right = ts.width();
    for (const b of s.boxes.values()) {
      const x1 = ts.timeToCoordinate(b.from as UTCTimestamp) ?? (b.from < (ts.getVisibleRange()?.from as number) ? 0 : null);
      const x2 = b.to === null ? right : ts.timeToCoordinate(b.to as UTCTimestamp) ?? right;
      const y1 = candles.priceToCoordinate(b.top), y2 = candles.priceToCoordinate(b.bottom);
      if (x1 === null || y1 === null || y2 === null) continue;
      const bull = b.direction === 'bullish';
      const fill = b.kind === 'fvg' ? (bull ? 'rgba(26,127,55,0.18)' : 'rgba(207,34,46,0.18)') : (bull ? 'rgba(9,105,218,0.15)' : 'rgba(130,80,223,0.15)');
      rects.push([fill, x1, Math.min(y1, y2), Math.max(1, x2 - x1), Math.max(1, Math.abs(y2 - y1))]);
    }
  }
  // a canvas changed in a frame is copied for the compositor: in a trace at 50k outputs/s that copy and the commit
  // were a fifth of the page's time, so the boxes' canvas is touched only when what it shows changed
  const drawn = `${rect.width}x${rect.height}@${ratio}|${rects.join('|')}`;
  if (drawn === boxesDrawn) return;
  boxesDrawn = drawn;
  if (boxCanvas.width !== Math.round(rect.width * ratio)) boxCanvas.width = Math.round(rect.width * ratio);
  if (boxCanvas.height !== Math.round(rect.height * ratio)) boxCanvas.height = Math.round(rect.height * ratio);
  const ctx = boxCanvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, rect.width, rect.height);
  for (const [fill, x, y, w, h] of rects) {
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, w, h);
  }
}
chart.timeScale().subscribeVisibleLogicalRangeChange(() => { boxesDirty = true; });

// ── a signal's reason on hover
const tooltip = document.getElementById('tooltip')!;
let markerTimes = new Map<string, number>(); // marker id → the bar it is drawn on
const describeSignal = (g: TradeSignalMessage): string => `${g.data.action} ${g.data.side} @ ${g.data.price}\nreason ${g.data.reason_code}, node ${g.metadata?.node_id ?? '?'}, triggers ${JSON.stringify(g.data.triggers ?? [])}`;
const describeFill = (f: Fill): string => `fill ${f.from} → ${f.to} ${f.quantity} @ ${f.price}, node ${f.node}, realized ${f.realized.toFixed(2)}\n` +
  (f.signal ? `reason ${f.signal.data.reason_code} (${f.signal.data.action} ${f.signal.data.side} @ ${f.signal.data.price}, ${f.signal.timestamp.substring(11, 19)})` : 'reason: no signal of this node before it');
/** What a hover over bar `time` explains: the signals and fills drawn on it. */
function hoverText(time: number): string {
  const s = state.get(symbolSel.value)?.get(tfSel.value);
  if (!s) return '';
  const on = (kind: string, i: number): boolean => markerTimes.get(`${kind}-${i}`) === time;
  return [...s.signals.flatMap((g, i) => (on('signal', i) ? [describeSignal(g)] : [])), ...s.fills.flatMap((f, i) => (on('fill', i) ? [describeFill(f)] : []))].join('\n');
}
chart.subscribeCrosshairMove((p) => {
  const text = p.time !== undefined ? hoverText(p.time as number) : '';
  if (!p.point || text === '') { tooltip.style.display = 'none'; return; }
  tooltip.textContent = text;
  tooltip.style.left = `${p.point.x + 12}px`;
  tooltip.style.top = `${p.point.y + 12}px`;
  tooltip.style.display = 'block';
});

// ── explain a signal (a click on its marker or its row): the inputs bound to the strategy's trigger ports, each with
// the value the strategy read from it when it decided (carried in the signal: data.trigger_values, at most 4, in
// binding order; data.trigger_inputs counts them all) and the node's last output streamed before the signal (the same
// event's when its source_sequence is the signal's)
interface Explained { node: string; step: number | null; id: number | null; value: string; time: string | null; same_event: boolean; carried: number | null | undefined }
const explanations = new WeakMap<TradeSignalMessage, Explained[]>();
let selectedSignal: TradeSignalMessage | null = null;
/** The inputs behind a signal's trigger codes, one per binding in order: (port << 8) | binding index, 0xFF for every binding (TriggerPorts in C#). */
function triggerBindings(step: number, codes: number[]): string[] {
  const ports = dagPorts.get(step) ?? [];
  const out: string[] = [];
  for (const code of codes) {
    const bound = ports[code >> 8] ?? [];
    const index = code & 0xff;
    out.push(...(index === 0xff ? bound : bound.slice(index, index + 1)));
  }
  return out;
}
function explain(g: TradeSignalMessage, signalId: number): Explained[] {
  const seq = g.metadata?.source_sequence;
  const carried = g.data.trigger_values ?? [];
  let bindings = triggerBindings(g.metadata?.node_id ?? -1, g.data.triggers ?? []);
  // without the pipeline's graph the inputs have no names, but their values still came with the signal
  if (bindings.length === 0) bindings = carried.map((_, i) => `input ${i + 1}`);
  const seen = new Set<string>();
  const rows: Explained[] = [];
  bindings.forEach((node, i) => {
    if (seen.has(node)) return;
    seen.add(node);
    const value = i < carried.length ? carried[i] : undefined;
    const step = dagStepOf.get(node) ?? null;
    const om = lastOutputs.get(g.symbol)?.get(step ?? node);
    const o = om === undefined ? undefined : { id: lastOutputIds.get(g.symbol)!.get(step ?? node)!, m: om };
    if (!o || o.id > signalId) rows.push({ node, step, id: null, value: step === null ? 'not streamed' : 'no published output', time: null, same_event: false, carried: value });
    else rows.push({ node, step, id: o.id, value: summary(o.m), time: o.m.timestamp, same_event: typeof seq === 'number' && o.m.metadata?.source_sequence === seq, carried: value });
  });
  return rows;
}
function carriedText(e: Explained): string {
  if (e.carried === undefined) return 'not carried';
  return e.carried === null ? 'no value' : num(e.carried);
}
function renderExplain(): void {
  const table = document.getElementById('explain') as HTMLTableElement;
  table.textContent = '';
  const g = selectedSignal;
  if (!g || g.symbol !== symbolSel.value) { row(table, 'click a signal', ''); return; }
  row(table, `${g.data.action} ${g.data.side}`, `${g.data.price} ${g.timestamp.substring(11, 19)}`, 'signal');
  row(table, 'node, reason', `${dagName.get(g.metadata?.node_id ?? -1) ?? g.metadata?.node_id ?? '?'}, ${g.data.reason_code}`);
  const why = explanations.get(g) ?? [];
  if (why.length === 0) row(table, 'triggers', 'none given');
  const inputs = g.data.trigger_inputs ?? 0;
  const carried = g.data.trigger_values?.length ?? 0;
  if (inputs > carried) row(table, 'values carried', `${carried} of ${inputs} inputs`);
  for (const e of why) {
    const r = table.insertRow();
    r.dataset.node = e.node;
    r.dataset.id = e.id === null ? '' : String(e.id);
    r.dataset.sameEvent = String(e.same_event);
    r.dataset.carried = e.carried === undefined || e.carried === null ? '' : String(e.carried);
    r.insertCell().textContent = e.node;
    const c = r.insertCell();
    c.className = 'num';
    const streamed = e.time === null ? e.value : `${e.value}${e.same_event ? ' (this event)' : ` (${e.time.substring(11, 19)})`}`;
    c.textContent = `${carriedText(e)} at the signal · last output ${streamed}`;
  }
}

// ── the selected candle (a click on the chart): its bar, footprint and delta, and the session's volume profile
let selectedBar: number | null = null;
chart.subscribeClick((p) => {
  if (p.time === undefined) return;
  selectedBar = p.time as number;
  // a signal marker clicked (or, when the chart does not name the marker, the last signal drawn on the clicked bar)
  const s = state.get(symbolSel.value)?.get(tfSel.value);
  const hit = String(p.hoveredInfo?.objectId ?? '');
  const onBar = s ? s.signals.filter((_, i) => markerTimes.get(`signal-${i}`) === p.time) : [];
  const chosen = hit.startsWith('signal-') ? s?.signals[Number(hit.substring(7))] : onBar[onBar.length - 1];
  if (chosen) selectedSignal = chosen;
  dirty = true;
});
function row(table: HTMLTableElement, label: string, value: string | number | null | undefined, key?: string): void {
  const r = table.insertRow();
  r.insertCell().textContent = label;
  const c = r.insertCell();
  c.className = 'num';
  c.textContent = value === null || value === undefined ? '–' : String(value);
  if (key) c.dataset.key = key;
  if (typeof value === 'number') c.dataset.value = String(value);
}
function renderCandle(s: Series): void {
  const table = document.getElementById('candle') as HTMLTableElement;
  table.textContent = '';
  const bar = selectedBar === null ? undefined : s.bars.get(selectedBar);
  if (!bar) { row(table, 'click a candle', ''); return; }
  row(table, 'time', new Date(bar.time * 1000).toISOString().substring(0, 19).replace('T', ' '), 'time');
  row(table, 'open high', `${bar.open} ${bar.high}`);
  row(table, 'low close', `${bar.low} ${bar.close}`);
  row(table, 'volume', bar.volume, 'volume');
  const f = s.footprints.get(bar.time)?.data;
  if (f) {
    row(table, 'footprint POC', f.poc, 'poc');
    row(table, 'delta', f.delta, 'delta');
    row(table, 'footprint volume', f.total_volume, 'total_volume');
    row(table, 'imbalances buy / sell', `${f.buy_imbalances} / ${f.sell_imbalances}`, 'imbalances');
    row(table, 'max stacked', f.max_stacked_imbalances, 'max_stacked_imbalances');
    row(table, 'max imbalance', f.max_imbalance_price === null || f.max_imbalance_price === undefined ? '–' : `${f.max_imbalance_ratio}× at ${f.max_imbalance_price}`);
  } else row(table, 'footprint', `none on ${tfSel.value}`, 'poc');
  const d = s.deltas.get(bar.time)?.data;
  if (d) row(table, 'buy / sell volume', `${d.buy_volume} / ${d.sell_volume}`, 'buy_sell');
  // the session profile in force at the bar's end: the last one published by then
  const end = bar.time + tfSeconds(tfSel.value);
  const list = profiles.get(symbolSel.value) ?? [];
  let profile: VolumeProfileMessage | undefined;
  for (const v of list) if (secs(v.timestamp) <= end) profile = v;
  if (profile) {
    row(table, 'session POC', profile.data.poc, 'session_poc');
    row(table, 'value area', `${profile.data.val} – ${profile.data.vah}`, 'value_area');
    row(table, 'session volume', profile.data.total_volume, 'session_volume');
  }
}

// ── the pipeline's DAG (te dag --format json, served at /api/dag), columns by depth, each node with its last output
interface DagGraph { pipeline: string; groups: { label: string; sources: { id: string; name: string }[]; steps: { step: number; id: string; kind: string; ports: string[][] }[] }[]; edges: { from: string; to: string }[] }
const dagPorts = new Map<number, string[][]>(); // step → what each input port is bound to
const dagStepOf = new Map<string, number>(); // node id → step
const dagName = new Map<number, string>(); // step → node id
const dagValues = new Map<number, SVGTextElement>(); // step → its value text
let dagSteps: { step: number; id: string }[] = [];
async function loadDag(): Promise<void> {
  const q = params.get('token') ? `?token=${encodeURIComponent(params.get('token')!)}` : '';
  const r = await fetch(`/api/dag${q}`);
  if (r.status !== 200) return; // 204: no --pipeline, no drawing
  const g = (await r.json()) as DagGraph;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.getElementById('dag') as unknown as SVGSVGElement;
  const depth = new Map<string, number>();
  const label = new Map<string, string[]>();
  for (const grp of g.groups) {
    for (const src of grp.sources) { depth.set(src.id, 0); label.set(src.id, [src.name, grp.label]); }
    for (const st of grp.steps) label.set(st.id, [`${st.step + 1}. ${st.id}`, st.kind]);
  }
  const steps = g.groups.flatMap((x) => x.steps).sort((a, b) => a.step - b.step); // execution order: inputs first
  for (const st of steps) { dagPorts.set(st.step, st.ports); dagStepOf.set(st.id, st.step); dagName.set(st.step, st.id); }
  for (const st of steps) depth.set(st.id, 1 + Math.max(0, ...g.edges.filter((e) => e.to === st.id).map((e) => depth.get(e.from) ?? 0)));
  const W = 168, H = 40, GX = 36, GY = 8;
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const id of [...g.groups.flatMap((x) => x.sources.map((s) => s.id)), ...steps.map((s) => s.id)]) {
    const c = depth.get(id)!;
    const r2 = rows.get(c) ?? 0;
    rows.set(c, r2 + 1);
    pos.set(id, { x: 8 + c * (W + GX), y: 8 + r2 * (H + GY) });
  }
  svg.setAttribute('width', String(16 + (Math.max(...rows.keys()) + 1) * (W + GX)));
  svg.setAttribute('height', String(16 + Math.max(...rows.values()) * (H + GY)));
  const el = (tag: string, attrs: Record<string, string | number>, text?: string): SVGElement => {
    const e = document.createElementNS(svgNs, tag) as SVGElement;
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  for (const e of g.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (a && b) el('path', { d: `M${a.x + W},${a.y + H / 2} C${a.x + W + GX / 2},${a.y + H / 2} ${b.x - GX / 2},${b.y + H / 2} ${b.x},${b.y + H / 2}`, fill: 'none', stroke: '#afb8c1' });
  }
  for (const [id, p] of pos) {
    const step = steps.find((s) => s.id === id);
    const isSource = step === undefined;
    el('rect', { x: p.x, y: p.y, width: W, height: H, rx: isSource ? 18 : 4, fill: isSource ? '#f6f8fa' : '#fff', stroke: '#8c959f' });
    const [l1, l2] = label.get(id)!;
    el('text', { x: p.x + 6, y: p.y + 13, 'font-size': 11, 'font-weight': 600 }, l1);
    const t = el('text', { x: p.x + 6, y: p.y + 26, 'font-size': 10, fill: '#57606a' }, l2);
    if (step) dagValues.set(step.step, el('text', { x: p.x + 6, y: p.y + 37, 'font-size': 10, fill: '#0969da' }, '–') as SVGTextElement);
    else t.setAttribute('y', String(p.y + 30));
  }
  dagSteps = steps;
  sideVersion++;
  dirty = true;
}
function renderDag(): void {
  for (const [step, text] of dagValues) {
    const last = nodeValues.get(symbolSel.value)?.get(step);
    const v = last ? summary(last) : '–';
    if (text.textContent !== v) text.textContent = v;
  }
}

// what the side panels were last built from: they are rebuilt when one of these changed, not every frame
let sideDrawn: { version: number; symbol: string; tf: string; bar: number | null; barData: Bar | undefined; signal: TradeSignalMessage | null } | null = null;
function renderSide(s: Series): void {
  renderDag();
  renderStream();
  const barData = selectedBar === null ? undefined : s.bars.get(selectedBar);
  const d = sideDrawn;
  if (d && d.version === sideVersion && d.symbol === symbolSel.value && d.tf === tfSel.value && d.bar === selectedBar && d.barData === barData && d.signal === selectedSignal) return;
  sideDrawn = { version: sideVersion, symbol: symbolSel.value, tf: tfSel.value, bar: selectedBar, barData, signal: selectedSignal };
  renderCandle(s);
  renderExplain();
  const pos = document.getElementById('positions')!;
  pos.textContent = '';
  for (const [key, u] of positions) {
    if (!key.startsWith(symbolSel.value + ' ')) continue;
    const r = (pos as HTMLTableElement).insertRow();
    r.insertCell().textContent = key.substring(symbolSel.value.length + 1);
    r.insertCell().textContent = `${u.data.side} ${u.data.quantity}`;
    const pnl = r.insertCell();
    pnl.className = 'num ' + (u.data.realized_pnl + u.data.unrealized_pnl >= 0 ? 'pos' : 'neg');
    pnl.textContent = (u.data.realized_pnl + u.data.unrealized_pnl).toFixed(2);
  }
  const sig = document.getElementById('signals') as HTMLTableElement;
  sig.textContent = '';
  for (const g of s.signals.slice(-12).reverse()) {
    const r = sig.insertRow();
    r.style.cursor = 'pointer';
    r.addEventListener('click', () => { selectedSignal = g; dirty = true; });
    r.insertCell().textContent = g.timestamp.substring(11, 19);
    r.insertCell().textContent = `${g.data.action} ${g.data.side}`;
    const c = r.insertCell();
    c.className = 'num';
    c.textContent = String(g.data.price);
  }
}
const streamCells: HTMLTableCellElement[] = [];
function renderStream(): void {
  const st = document.getElementById('stream') as HTMLTableElement;
  const figures = [['last event id', lastId], ['events received', received], ['candles shown', shown.bars]] as const;
  if (streamCells.length === 0) {
    for (const [k] of figures) {
      const r = st.insertRow();
      r.insertCell().textContent = k;
      const c = r.insertCell();
      c.className = 'num';
      streamCells.push(c);
    }
  }
  figures.forEach(([, v], i) => { streamCells[i].textContent = String(v); });
}
symbolSel.addEventListener('change', () => { dirty = true; });
tfSel.addEventListener('change', () => { dirty = true; });

// ── the stream, applied once per animation frame
// apply + render per animation frame, and the stream's bytes (its batches' text), for the rate test
const frameCost = { frames: 0, maxMs: 0, totalMs: 0, draws: 0, bytes: 0 };
// A flood (a replay at full speed, a stream of tens of thousands of outputs a second): every frame applies what came,
// but the chart and panels are drawn at most every FLOOD_DRAW_MS while frames bring FLOOD_OUTPUTS or more outputs
// (400 ms: at 100 ms, then 250 ms, the page of the quiet 50k/s runs fell further behind the longer the flood lasted).
// Drawing is the page's cost per frame (the chart's setData and paint, the canvases' copies for the compositor) and at
// 50k outputs/s drawing every frame was most of the page's time; the drawing then lags what is applied by at most that
// interval and a frame, and the first quiet frame draws everything.
const FLOOD_OUTPUTS = 256;
const FLOOD_DRAW_MS = 400;
let drawnAt = -Infinity;
// A draw (render: the chart's setData of every shown series, markers, panels) costs in proportion to the series'
// length; in a flood the next one waits at least FLOOD_DRAW_SHARE times as long as the last took, so drawing never
// takes more than about a ninth of the page's time and applying the stream keeps the rest.
const FLOOD_DRAW_SHARE = 8;
let drawCost = 0;
function frame(): void {
  const began = performance.now();
  const busy = pendingIds.length > 0 || dirty || boxesDirty;
  if (boxesDirty) drawBoxes();
  let applied = 0;
  if (pendingIds.length > 0) {
    const ids = pendingIds, messages = pendingMessages;
    pendingIds = [];
    pendingMessages = [];
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] <= lastId) continue; // already applied (a resume repeats nothing, but be safe)
      apply(messages[i], ids[i]);
      lastId = ids[i];
      received++;
      applied++;
    }
    dirty = true;
  }
  if (dirty && (applied < FLOOD_OUTPUTS || began - drawnAt >= Math.max(FLOOD_DRAW_MS, FLOOD_DRAW_SHARE * drawCost))) {
    dirty = false;
    drawnAt = performance.now();
    frameCost.draws++;
    render();
    drawCost = performance.now() - drawnAt;
  }
  if (busy) { const ms = performance.now() - began; frameCost.frames++; frameCost.totalMs += ms; frameCost.maxMs = Math.max(frameCost.maxMs, ms); }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

const status = document.getElementById('status')!;
const params = new URLSearchParams(location.search);
/**
 * The function that rebuilds a message from its row: the shape's object literal with r[2], r[3], … in document order
 * (compiled once per shape and connection; the object equals what JSON.parse gives for the full message).
 */
function builder(shape: unknown): (row: unknown[]) => AnyMessage {
  let next = 2;
  const literal = (node: unknown): string => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return `r[${next++}]`;
    return `{${Object.entries(node).map(([key, value]) => {
      // an object literal would order an array-index key first and take __proto__ as the prototype: the contract has neither
      if (key === '__proto__' || String(Number(key) >>> 0) === key) throw new Error(`stream shape ${JSON.stringify(shape)}: property name ${JSON.stringify(key)} cannot be rebuilt in order`);
      return `${JSON.stringify(key)}:${literal(value)}`;
    }).join(',')}}`;
  };
  return new Function('r', `return ${literal(shape)};`) as (row: unknown[]) => AnyMessage;
}
function connect(): void {
  const q = new URLSearchParams();
  if (params.get('token')) q.set('token', params.get('token')!);
  if (lastId > 0) q.set('since', String(lastId));
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/stream?${q}`);
  const shapes: ((row: unknown[]) => AnyMessage)[] = []; // this connection's shapes, by id
  ws.onmessage = (e) => {
    const text = e.data as string;
    const msg = JSON.parse(text);
    if (msg.r !== undefined) {
      frameCost.bytes += text.length;
      const batch = msg as Batch;
      for (const [id, shape] of batch.s) shapes[id] = builder(shape);
      let id = 0;
      batch.r.forEach((row, i) => {
        id = i === 0 ? (row[0] as number) : id + (row[0] as number);
        const build = shapes[row[1] as number];
        if (build === undefined) throw new Error(`stream batch: output ${id} has shape ${String(row[1])}, which this connection never received`);
        pendingIds.push(id);
        pendingMessages.push(build(row));
      });
      return;
    }
    if (msg.hello) status.textContent = msg.hello.resumed ? `live, resumed after ${lastId}` : `live, snapshot of ${msg.hello.events} events`;
    if (msg.resync !== undefined) status.textContent = `fell behind at ${msg.resync}: resyncing`;
  };
  ws.onclose = () => { status.textContent = 'disconnected: reconnecting…'; setTimeout(connect, 500); };
}
// the graph first: signals are explained with it as they arrive
void loadDag().catch(() => undefined).finally(connect);

// What tests read: the chart's own data, the boxes and markers drawn, and the stream position.
(window as unknown as { teDashboard: unknown }).teDashboard = {
  lastId: () => lastId,
  /** The last applied id and the wall-clock time (ms since the epoch) at which it was read. */
  lastIdAt: () => [lastId, performance.timeOrigin + performance.now()],
  frameCost: () => ({ ...frameCost }),
  select: (symbol: string, tf: string) => { options(symbolSel, [...state.keys()].sort()); symbolSel.value = symbol; render(); tfSel.value = tf; render(); },
  candles: () => candles.data().map((b) => ({ ...b })),
  dag: () => dagSteps.map((st) => ({ step: st.step, id: st.id, value: dagValues.get(st.step)?.textContent ?? '' })),
  nodeValue: (step: number) => { const last = nodeValues.get(symbolSel.value)?.get(step); return last ? summary(last) : null; },
  boxes: () => [...(state.get(symbolSel.value)?.get(tfSel.value)?.boxes.values() ?? [])],
  fills: () => (state.get(symbolSel.value)?.get(tfSel.value)?.fills ?? []).map((f, i) => ({ ...f, hover: hoverText(markerTimes.get(`fill-${i}`) ?? -1) })),
  selectCandle: (time: number) => { selectedBar = time; render(); return Object.fromEntries([...document.querySelectorAll<HTMLElement>('#candle td[data-key]')].map((c) => [c.dataset.key!, c.dataset.value ?? c.textContent])); },
  markers: () => markers.markers().map((x) => ({ ...x })),
  signals: () => state.get(symbolSel.value)?.get(tfSel.value)?.signals.length ?? 0,
  /** Selects signal i of the shown series (as a click would) and returns the explanation panel's rows. */
  explain: (i: number) => { selectedSignal = state.get(symbolSel.value)?.get(tfSel.value)?.signals[i] ?? null; render(); return explainRows(); },
  explainRows: () => explainRows(),
  /** Where signal i's bar is on the page (x at the bar, y inside the chart), for a real click. */
  signalPoint: (i: number) => {
    const t = markerTimes.get(`signal-${i}`);
    const x = t === undefined ? null : chart.timeScale().timeToCoordinate(t as UTCTimestamp);
    const r = document.getElementById('chart')!.getBoundingClientRect();
    return x === null ? null : { x: r.left + x, y: r.top + r.height / 3 };
  },
};

function explainRows(): { signal: string | null; rows: { node: string; id: number | null; same_event: boolean; carried: number | null; text: string }[] } {
  const table = document.getElementById('explain') as HTMLTableElement;
  return {
    signal: table.querySelector<HTMLElement>('td[data-key="signal"]')?.textContent ?? null,
    rows: [...table.querySelectorAll<HTMLTableRowElement>('tr[data-node]')].map((r) => ({ node: r.dataset.node!, id: r.dataset.id ? Number(r.dataset.id) : null, same_event: r.dataset.sameEvent === 'true', carried: r.dataset.carried ? Number(r.dataset.carried) : null, text: r.cells[1].textContent ?? '' })),
  };
}
