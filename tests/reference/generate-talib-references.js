// Regenerates the TA-Lib reference values the C# indicator tests compare against.
//
// Reads the real bars from $TE_DATA_DIR (default ../../../shared/data relative to this folder), runs
// TA-Lib's own C core (npm `talib` 2.0.5 = TA-Lib 0.4.0) and `technicalindicators` 3.1.0 (VWAP only),
// and writes talib.json next to this script: OUTPUTS ONLY, never the input data. For long series
// the outputs are sampled (all of the first 60, then every k-th, then the last 30) to keep the file small.
//
// Usage (see README.md for building talib on Linux):
//   NODE_PATH=/tmp/talib-ref/node_modules TE_DATA_DIR=/work/shared/data node generate-talib-references.js
'use strict';
const fs = require('fs');
const path = require('path');
const talib = require('talib');
const ti = require('technicalindicators');

const dataDir = process.env.TE_DATA_DIR || path.resolve(__dirname, '../../../shared/data');
const periods = [5, 14, 20, 50];
const maxPerSeries = 400;

// Files and their formats. Only clean files: the broken Skender files are for the validators.
const files = [
  ['bars/skender/default.csv', 'skender'],
  ['bars/skender/intraday.csv', 'skender'],
  ['bars/lean_equity_daily/spy.csv', 'lean-daily'],
  ['bars/lean_equity_daily/ibm.csv', 'lean-daily'],
  ['bars/lean_equity_minute_2013-10/20131007_spy_minute_trade.csv', 'lean-minute'],
  ['bars/lean_equity_minute_2013-10/20131010_bac_minute_trade.csv', 'lean-minute'],
  ['bars/lean_es_futures_minute/20131008_es_minute_trade_201312.csv', 'lean-futures-minute'],
  ['bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv', 'nautilus'],
];

function readBars(relative, format) {
  let text = fs.readFileSync(path.join(dataDir, relative), 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/).filter(l => l.length > 0);
  const hasHeader = format === 'skender' || format === 'nautilus';
  const rows = hasHeader ? lines.slice(1) : lines;
  const bars = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  // Deci-cents: the integer is divided by 10000 (one correctly rounded IEEE division, as in C#).
  const scale = (format === 'lean-daily' || format === 'lean-minute') ? 10000 : 1;
  for (const row of rows) {
    const f = row.split(',');
    bars.time.push(f[0]);
    const px = s => scale === 1 ? parseFloat(s) : parseInt(s, 10) / scale;
    bars.open.push(px(f[1]));
    bars.high.push(px(f[2]));
    bars.low.push(px(f[3]));
    bars.close.push(px(f[4]));
    bars.volume.push(parseFloat(f[5]));
  }
  return bars;
}

function sampleIndices(begin, count) {
  const stride = Math.max(1, Math.ceil(count / maxPerSeries));
  const keep = new Set();
  for (let i = 0; i < count; i++) {
    if (i < 60 || i >= count - 30 || i % stride === 0) keep.add(i);
  }
  return [...keep].sort((a, b) => a - b);
}

function run(name, bars, period) {
  const params = { name, startIdx: 0, endIdx: bars.close.length - 1, optInTimePeriod: period };
  if (name === 'ATR') {
    params.high = bars.high; params.low = bars.low; params.close = bars.close;
  } else {
    params.inReal = bars.close;
  }
  const r = talib.execute(params);
  if (r.error) throw new Error(`${name}(${period}): ${r.error}`);
  const out = r.result.outReal;
  const keep = sampleIndices(r.begIndex, out.length);
  return {
    indicator: name,
    period,
    begin: r.begIndex,
    outputs: out.length,
    index: keep.map(i => i + r.begIndex),
    value: keep.map(i => out[i]),
  };
}

// technicalindicators' VWAP is anchored at the first bar it is given, so it is run once per NY trading
// day of Skender's intraday file: that is our regular-hours session anchoring (09:30 NY reset).
function vwapPerDay(bars) {
  const index = [], value = [];
  let start = 0;
  for (let i = 1; i <= bars.time.length; i++) {
    if (i === bars.time.length || bars.time[i].slice(0, 10) !== bars.time[start].slice(0, 10)) {
      const slice = k => bars[k].slice(start, i);
      const out = ti.VWAP.calculate({ high: slice('high'), low: slice('low'), close: slice('close'), volume: slice('volume') });
      out.forEach((v, j) => { index.push(start + j); value.push(v); });
      start = i;
    }
  }
  return { indicator: 'VWAP', period: 0, begin: 0, outputs: index.length, index, value };
}

const result = {
  generator: 'tests/reference/generate-talib-references.js',
  talib: `npm talib 2.0.5 (its bundled TA-Lib C sources built with g++ on linux; binding version ${talib.version})`,
  technicalindicators: '3.1.0 (VWAP only)',
  files: [],
};
for (const [relative, format] of files) {
  const bars = readBars(relative, format);
  const series = [];
  for (const name of ['SMA', 'EMA', 'WMA', 'RSI', 'ATR'])
    for (const period of periods) series.push(run(name, bars, period));
  if (relative.endsWith('skender/intraday.csv')) series.push(vwapPerDay(bars));
  result.files.push({ file: relative, format, rows: bars.close.length, series });
  console.error(`${relative}: ${bars.close.length} bars, ${series.length} series`);
}
fs.writeFileSync(path.join(__dirname, 'talib.json'), JSON.stringify(result) + '\n');
