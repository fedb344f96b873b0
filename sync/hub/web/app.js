// Feedback Kiosk hub dashboard. Plain ES2020 without dependencies: the hub serves this page under
// a strict CSP (no inline script or style, nothing external), so charts are hand-built SVG and
// every piece of text goes in through textContent.
'use strict';

const TOKEN_KEY = 'fbk.token';
const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_MS = 86400000;
const ALARM_TEXT = {
  storage_low: 'Disk nearly full',
  save_failed: 'Answers could not be saved',
  unauthorized: 'Token refused by hub',
  pack_refused: 'Survey pack refused',
  silent: 'Silent (no heartbeat)',
};
const INDICATIVE_TEXT = 'Indicative: 5–29 answers';

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------
// DOM helpers. Neither ever parses markup, and neither ever sets a style attribute (CSP).

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...[].concat(children).filter((c) => c != null));
  return node;
}

function svg(tag, attrs = {}, children = []) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...[].concat(children).filter((c) => c != null));
  return node;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fmtDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const fmtMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const fmtMonthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const fmtLocal = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const fmtClock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

const isoDate = (d) => d.toISOString().slice(0, 10);
const round = (v, digits = 0) => Number(v).toFixed(digits);
// A real minus sign reads better than a hyphen next to numbers.
const minus = (text) => text.replace(/^-/, '−');
const signed = (v) => (Math.round(v) > 0 ? '+' : '') + minus(round(v));
const count = (n) => Number(n).toLocaleString('en-GB');

function stageName(code) {
  if (!code) return '(no stage)';
  return code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');
}

function languageName(code) {
  try {
    return languageNames.of(code);
  } catch {
    return code || 'unknown language';
  }
}

function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} days`;
}

function localTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : fmtLocal.format(d);
}

function ago(iso) {
  const ms = Date.now() - Date.parse(iso);
  if (Number.isNaN(ms)) return 'never';
  return ms < 45000 ? 'just now' : `${duration(ms)} ago`;
}

function bytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1000 && i < units.length - 1; i++) n /= 1000;
  return `${round(n, i === 0 || n >= 100 ? 0 : 1)} ${units[i]}`;
}

function clockOffset(ms) {
  return Math.abs(ms) < 1000 ? `${minus(String(ms))} ms` : `${minus(round(ms / 1000, 1))} s`;
}

// ---------------------------------------------------------------------------------------------
// Hub API

class AuthError extends Error {}
const httpError = (status, message) => Object.assign(new Error(message), { status });

// The reply's JSON, or with { as: 'blob' } its bytes (the monthly report's PDF); with `body`,
// a POST of that JSON.
async function api(path, { as = 'json', body } = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new AuthError('no token');
  let res;
  try {
    const headers = { Authorization: `Bearer ${token}`, Accept: as === 'json' ? 'application/json' : '*/*' };
    const init = { headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      Object.assign(init, { method: 'POST', body: JSON.stringify(body) });
      headers['Content-Type'] = 'application/json';
    }
    res = await fetch(path, init);
  } catch (e) {
    throw httpError(0, `Could not reach the hub (${e.message}).`);
  }
  if (res.status === 401) throw new AuthError('token refused');
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      message = (await res.json()).error.message || message;
    } catch {
      // Not the hub's JSON error shape (e.g. a proxy page): keep the status line.
    }
    throw httpError(res.status, `${path.split('?')[0]}: ${message}`);
  }
  return as === 'blob' ? res.blob() : res.json();
}

function stats(from, to, includeFlagged = false) {
  const query = new URLSearchParams({ by: 'stage', from: isoDate(from), to: isoDate(to) });
  if (includeFlagged) query.set('include_flagged', 'true');
  return api(`/api/v1/stats?${query}`);
}

// Viewers may not read patient text; that is a normal state of the page, not an error.
async function comments() {
  try {
    return await api('/api/v1/comments?limit=20');
  } catch (e) {
    if (e.status === 403) return { note: 'Your role sees aggregates only.' };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Periods, all in UTC to match the hub's from/to dates. The last one is still in progress.

function periods(kind, now = new Date()) {
  const out = [];
  if (kind === '12m') {
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth();
    for (let i = 11; i >= 0; i--) {
      const from = new Date(Date.UTC(y, m - i, 1));
      const to = new Date(Date.UTC(y, m - i + 1, 1));
      const short = i === 11 || from.getUTCMonth() === 0
        ? `${fmtMonth.format(from)} ’${String(from.getUTCFullYear()).slice(2)}` : fmtMonth.format(from);
      out.push({ from, to, short, long: fmtMonthYear.format(from) });
    }
    return out;
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((now.getUTCDay() + 6) % 7) * DAY_MS; // getUTCDay: Sunday is 0
  for (let i = 7; i >= 0; i--) {
    const from = new Date(monday - i * 7 * DAY_MS);
    const to = new Date(from.getTime() + 7 * DAY_MS);
    out.push({ from, to, short: fmtDay.format(from), long: `Week of ${fmtDate.format(from)}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures: one headline number per question type, with its interval and reliability.

const HEADLINES = {
  nps: (q) => q.nps && { value: signed(q.nps.score), ci: `${signed(q.nps.ci95[0])} to ${signed(q.nps.ci95[1])}` },
  smiley: (q) => q.csat && {
    value: `${round(q.csat.top2.percent)}%`,
    ci: `${round(q.csat.top2.ci95[0])}–${round(q.csat.top2.ci95[1])}%`,
  },
  effort: (q) => q.ces && {
    value: round(q.ces.mean.mean, 1),
    ci: `${round(q.ces.mean.ci95[0], 1)}–${round(q.ces.mean.ci95[1], 1)}`,
  },
  slider: (q) => q.slider && {
    value: round(q.slider.mean.mean),
    ci: `${round(q.slider.mean.ci95[0])}–${round(q.slider.mean.ci95[1])}`,
  },
};

function indicativeMark() {
  return el('span', { class: 'dagger', title: INDICATIVE_TEXT }, [
    el('span', { 'aria-hidden': 'true', text: '†' }),
    el('span', { class: 'sr-only', text: ' (indicative)' }),
  ]);
}

function figureNode(q) {
  const headline = HEADLINES[q.type]?.(q);
  if (q.reliability === 'suppressed' || !headline) {
    return el('span', { class: 'suppressed', text: 'fewer than 5 answers' });
  }
  return el('span', { class: `figure ${q.reliability}`, title: `${count(q.n)} answers` }, [
    el('span', { class: 'value', text: headline.value }),
    q.reliability === 'indicative' ? indicativeMark() : null,
    el('span', { class: 'ci', text: headline.ci }),
  ]);
}

function figureCell(questions, type) {
  const matching = questions.filter((q) => q.type === type);
  if (!matching.length) return el('td', { class: 'num muted', text: '—', title: 'Not asked at this stage' });
  // Several questions of one type: label each with its question id.
  return el('td', { class: 'num' }, matching.map((q) => el('div', {}, [
    matching.length > 1 ? el('span', { class: 'qid', text: q.question }) : null,
    figureNode(q),
  ])));
}

// ---------------------------------------------------------------------------------------------
// Summary table

function renderSummary(summary, withFlagged) {
  const flaggedBy = new Map(withFlagged.groups.map((g) => [g.group, g]));
  const byName = new Map(summary.groups.map((g) => [g.group, g]));
  const tbody = $('stage-summary').tBodies[0];
  tbody.replaceChildren();
  if (!byName.size) {
    tbody.append(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'No responses in this period.' })));
    return;
  }
  for (const name of sortStages(byName.keys())) {
    const g = byName.get(name);
    const f = flaggedBy.get(name) ?? g;
    const share = f.responses ? `${round((100 * f.flagged) / f.responses, 1)}%` : '—';
    tbody.append(el('tr', { 'data-stage': name }, [
      el('th', { scope: 'row', text: stageName(name) }),
      el('td', { class: 'num', text: count(g.responses) }),
      el('td', { class: 'num', text: count(g.completed) }),
      el('td', { class: 'num', text: count(g.abandoned) }),
      el('td', { class: 'num', text: share, title: `${count(f.flagged)} of ${count(f.responses)} responses` }),
      figureCell(g.questions, 'nps'),
      figureCell(g.questions, 'smiley'),
      figureCell(g.questions, 'effort'),
    ]));
  }
}

// ---------------------------------------------------------------------------------------------
// Trend charts

const METRICS = {
  nps: { label: 'NPS', min: -100, max: 100, ticks: [-100, -50, 0, 50, 100], format: signed,
    read: (q) => q.nps && { value: q.nps.score, ci: q.nps.ci95 } },
  smiley: { label: 'Satisfied (top 2)', min: 0, max: 100, ticks: [0, 25, 50, 75, 100],
    format: (v) => `${round(v)}%`, read: (q) => q.csat && { value: q.csat.top2.percent, ci: q.csat.top2.ci95 } },
};

// The chart follows one question id across all periods, so a pack change never mixes questions.
function chooseQuestion(stage, results) {
  const questions = results.flatMap((r) => r.groups.filter((g) => g.group === stage))
    .flatMap((g) => g.questions);
  return questions.find((q) => q.type === 'nps') ?? questions.find((q) => q.type === 'smiley');
}

function seriesFor(stage, question, results, changeOf) {
  return results.map((r, i) => {
    const group = r.groups.find((g) => g.group === stage);
    const q = group?.questions.find((x) => x.question === question?.question);
    const figure = q && q.reliability !== 'suppressed' ? METRICS[q.type].read(q) : null;
    return { responses: group?.responses ?? 0, n: q?.n ?? 0, reliability: q?.reliability ?? 'suppressed',
      change: figure ? changeOf(i) : undefined, ...(figure ?? {}) };
  });
}

function describePoint(period, p, metric) {
  if (p.value === undefined) return `${period.long}: fewer than 5 answers`;
  const mark = p.reliability === 'indicative' ? ', indicative' : '';
  const changed = p.change?.significant ? ', a significant change from the period before' : '';
  return `${period.long}: ${metric.format(p.value)} (95% CI ${metric.format(p.ci[0])} to ` +
    `${metric.format(p.ci[1])}, ${p.n} answers${mark})${changed}`;
}

// Geometry in viewBox units; CSS scales the whole chart to its column.
const G = { w: 560, h: 236, left: 44, right: 10, top: 12, plotBottom: 148, barTop: 164, barBottom: 206, labelY: 224 };

function trendChart(stage, ps, points, metric, unit) {
  const width = G.w - G.left - G.right;
  const x = (i) => G.left + (width / ps.length) * (i + 0.5);
  const y = (v) => G.top + ((metric.max - Math.min(metric.max, Math.max(metric.min, v))) /
    (metric.max - metric.min)) * (G.plotBottom - G.top);
  const title = `${stageName(stage)}: ${metric ? metric.label : 'responses'} by ${unit}`;
  const summary = metric ? points.map((p, i) => describePoint(ps[i], p, metric)).join('; ') : 'no rated question';
  const counts = points.map((p, i) => `${ps[i].short} ${p.responses}`).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${G.w} ${G.h}`, role: 'img', class: 'chart',
    'aria-label': `${title}. ${summary}. Responses per ${unit}: ${counts}.` }, svg('title', { text: title }));

  if (metric) {
    for (const t of metric.ticks) {
      chart.append(svg('line', { x1: G.left, x2: G.w - G.right, y1: y(t), y2: y(t), class: t === 0 ? 'grid zero' : 'grid' }),
        svg('text', { x: G.left - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end', text: metric.format(t) }));
    }
    drawRuns(chart, points, x, y);
  } else {
    chart.append(svg('text', { x: G.w / 2, y: (G.top + G.plotBottom) / 2, class: 'note', 'text-anchor': 'middle',
      text: 'No NPS or satisfaction question at this stage' }));
  }
  drawBars(chart, ps, points, x, metric);
  ps.forEach((p, i) => chart.append(svg('text', { x: x(i), y: G.labelY, class: 'tick', 'text-anchor': 'middle', text: p.short })));
  chart.append(svg('text', { x: G.left - 6, y: G.barBottom, class: 'tick', 'text-anchor': 'end', text: 'n' }));
  return chart;
}

// Consecutive periods with a figure form a run: a band and a line. A suppressed period breaks it.
function drawRuns(chart, points, x, y) {
  const runs = [];
  points.forEach((p, i) => {
    if (p.value === undefined) return;
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === i - 1) last.push(i);
    else runs.push([i]);
  });
  for (const run of runs) {
    if (run.length === 1) {
      // A lone point has no neighbours to span a band to: show its interval as an error bar.
      const [i] = run;
      const [lo, hi] = points[i].ci;
      chart.append(svg('line', { x1: x(i), x2: x(i), y1: y(lo), y2: y(hi), class: 'errorbar' }));
      for (const v of [lo, hi]) chart.append(svg('line', { x1: x(i) - 5, x2: x(i) + 5, y1: y(v), y2: y(v), class: 'errorbar' }));
      continue;
    }
    const upper = run.map((i) => `${x(i)},${y(points[i].ci[1])}`);
    const lower = run.map((i) => `${x(i)},${y(points[i].ci[0])}`).reverse();
    chart.append(svg('polygon', { points: [...upper, ...lower].join(' '), class: 'band' }),
      svg('polyline', { points: run.map((i) => `${x(i)},${y(points[i].value)}`).join(' '), class: 'line' }));
  }
  points.forEach((p, i) => {
    if (p.value !== undefined) {
      // A significant change from the period before (the hub's test) gets a ring.
      if (p.change?.significant) chart.append(svg('circle', { cx: x(i), cy: y(p.value), r: 9, class: 'changed' }));
      chart.append(svg('circle', { cx: x(i), cy: y(p.value), r: 4.5, class: `dot ${p.reliability}` }));
    } else {
      chart.append(svg('text', { x: x(i), y: G.plotBottom - 6, class: 'gap', 'text-anchor': 'middle', text: p.n ? '<5' : '–' }));
    }
  });
}

function drawBars(chart, ps, points, x, metric) {
  const max = Math.max(1, ...points.map((p) => p.responses));
  const slot = (G.w - G.left - G.right) / ps.length;
  const barWidth = Math.min(28, slot * 0.55);
  points.forEach((p, i) => {
    const h = ((G.barBottom - G.barTop - 10) * p.responses) / max;
    const label = `${metric ? describePoint(ps[i], p, metric) : ps[i].long}; ${count(p.responses)} responses`;
    chart.append(svg('rect', { x: x(i) - barWidth / 2, y: G.barBottom - h, width: barWidth, height: Math.max(h, 0.5), class: 'bar' },
      svg('title', { text: label })),
    svg('text', { x: x(i), y: G.barBottom - h - 3, class: 'bar-label', 'text-anchor': 'middle', text: count(p.responses) }));
  });
}

function trendStages(results) {
  return sortStages(new Set(results.flatMap((r) => r.groups.map((g) => g.group))));
}

function renderTrends(ps, results, kind, changes) {
  const unit = kind === '12m' ? 'month' : 'week';
  const stages = trendStages(results);
  const box = $('trends');
  box.replaceChildren();
  if (!stages.length) box.append(el('p', { class: 'muted', text: 'No responses in this period.' }));
  for (const stage of stages) {
    const question = chooseQuestion(stage, results);
    const metric = question && METRICS[question.type];
    const points = seriesFor(stage, question, results,
      (i) => changes.get(`${stage}|${question?.question}|${periodKey(ps[i], unit)}`));
    const caption = el('figcaption', {}, [
      el('span', { class: 'stage', text: stageName(stage) }),
      el('span', { class: 'muted', text: metric ? ` ${metric.label} by ${unit} · question “${question.question}”` : ` responses by ${unit}` }),
    ]);
    box.append(el('figure', { class: 'trend', 'data-stage': stage }, [caption, trendChart(stage, ps, points, metric, unit)]));
  }
}

// ---------------------------------------------------------------------------------------------
// Comments and fleet

function renderComments(data) {
  const box = $('comments');
  box.replaceChildren();
  if (data.note) return box.append(el('p', { class: 'note', id: 'comments-note', text: data.note }));
  if (!data.comments.length) return box.append(el('p', { class: 'muted', text: 'No comments yet.' }));
  const list = el('ol', { class: 'comment-list' });
  // Newest first, whatever order the hub used (ISO 8601 UTC strings sort as text).
  const newestFirst = [...data.comments].sort((a, b) => String(b.at).localeCompare(String(a.at)));
  for (const c of newestFirst) {
    const text = el('p', { class: 'comment-text', text: c.text });
    if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(c.language ?? '')) text.lang = c.language;
    const meta = [stageName(c.stage), languageName(c.language)];
    if (c.question && c.question !== 'comment') meta.push(`question “${c.question}”`);
    list.append(el('li', {}, [text, el('p', { class: 'comment-meta' }, [
      el('time', { datetime: c.at, title: c.at, text: localTime(c.at) }),
      ` · ${meta.join(' · ')}`,
    ])]));
  }
  box.append(list);
}

function alertsOf(k) {
  const codes = [...(k.alarms ?? [])];
  if (k.silent && !codes.includes('silent')) codes.push('silent');
  return codes;
}

function fleetRow(k) {
  const alerts = alertsOf(k);
  const badges = el('ul', { class: 'badges' }, alerts.map((code) => el('li', {
    class: 'badge', 'data-alarm': code,
    title: code === 'storage_low' ? `${bytes(k.disk_free_bytes ?? 0)} free` : code,
    text: ALARM_TEXT[code] ?? code,
  })));
  const hasBacklog = k.backlog > 0;
  return el('tr', { class: alerts.length ? 'alert' : '', 'data-kiosk': k.kiosk_id }, [
    el('th', { scope: 'row', text: k.kiosk_id }),
    el('td', { text: k.site || '—' }),
    el('td', { text: k.stage ? stageName(k.stage) : '—' }),
    el('td', {}, el('time', { datetime: k.last_seen, title: k.last_seen, text: ago(k.last_seen) })),
    el('td', { class: 'num', text: count(k.backlog), title: bytes(k.backlog_bytes ?? 0) }),
    el('td', { class: 'num', text: hasBacklog ? duration(k.oldest_unsent_age_ms) : '—' }),
    el('td', {}, [`app ${k.app_version}`, el('span', { class: 'sub', text: `${k.pack_id} v${k.pack_version}` })]),
    el('td', { class: 'num', text: clockOffset(k.clock_offset_ms ?? 0) }),
    el('td', {}, [alerts.length ? badges : el('span', { class: 'ok', text: 'OK' }),
      k.last_error ? el('span', { class: 'sub', text: `Last error: ${k.last_error}`, title: k.last_error }) : null]),
  ]);
}

function renderFleet(data) {
  // Kiosks that need attention first.
  const kiosks = [...data.kiosks].sort((a, b) =>
    Number(alertsOf(b).length > 0) - Number(alertsOf(a).length > 0) || a.kiosk_id.localeCompare(b.kiosk_id));
  const tbody = $('fleet').tBodies[0];
  tbody.replaceChildren(...kiosks.map(fleetRow));
  if (!kiosks.length) tbody.append(el('tr', {}, el('td', { colspan: 9, class: 'empty', text: 'No kiosk has reported yet.' })));
  const alerting = kiosks.filter((k) => alertsOf(k).length).length;
  $('fleet-heading').textContent = `Kiosk fleet (${kiosks.length}${alerting ? `, ${alerting} with alerts` : ''})`;
}

// ---------------------------------------------------------------------------------------------
// Page states

let generation = 0; // bumped per load so that a slow, superseded load never renders
let currentRange = [new Date(), new Date()];
const currentWindow = () => currentRange;

function setState(state) {
  document.body.dataset.state = state;
  $('dashboard').setAttribute('aria-busy', String(state === 'loading'));
  $('loading').hidden = state !== 'loading';
}

async function loadDashboard() {
  const gen = ++generation;
  const kind = $('period').value;
  const ps = periods(kind);
  const [from, to] = [ps[0].from, ps[ps.length - 1].to];
  currentRange = [from, to];
  setState('loading');
  $('load-error').hidden = true;
  $('period-caption').textContent = `${fmtDate.format(from)} – ${fmtDate.format(new Date(to - DAY_MS))} (UTC` +
    `${kind === '12m' ? '' : ', weeks start on Monday'}). The latest ${kind === '12m' ? 'month' : 'week'} is still in progress.`;
  try {
    const [path, summary, withFlagged, series, fleet, notes, themesAll, themeSeries] = await Promise.all([
      journey(from, to), stats(from, to), stats(from, to, true), Promise.all(ps.map((p) => stats(p.from, p.to))),
      api('/api/v1/kiosks'), comments(), themes(from, to), Promise.all(ps.map((p) => themes(p.from, p.to))),
    ]);
    const changes = await trendChanges(trendStages(series), kind === '12m' ? 'month' : 'week', from, to);
    if (gen !== generation) return;
    renderJourney(path);
    renderSummary(summary, withFlagged);
    renderRollups(summary);
    renderTrends(ps, series, kind, changes);
    renderReasons(summary);
    renderThemes(ps, themesAll, themeSeries, kind);
    renderComments(notes);
    renderFleet(fleet);
    offerReport(fleet);
    inboxStages(summary.groups.map((g) => g.group));
    loadInbox();
    $('period-caption').append(` Updated ${fmtClock.format(new Date())}.`);
    // Viewers see whole weeks of answers that arrived before this week, in cells of 5 or more
    // (README "Small groups"): say so, so that an empty last week is not read as no answers.
    const d = summary.disclosure;
    if (d && d.level === 'viewer') {
      $('period-caption').append(el('span', { id: 'viewer-note', text:
        ` Your role sees whole weeks of answers received before ${d.received_before}, and only` +
        ` where at least 5 patients answered a question in the same kiosk, stage, survey,` +
        ` language and week: ${count(d.answers_left_out)} answers are left out here.` }));
    }
    setState('ready');
  } catch (e) {
    if (gen !== generation) return;
    if (e instanceof AuthError) return showLogin('The hub did not accept this token.');
    $('load-error').textContent = `The dashboard could not be loaded: ${e.message}`;
    $('load-error').hidden = false;
    setState('error');
  }
}

function clearDashboard() {
  // Patient comments must not linger in the page after signing out.
  for (const id of ['comments', 'trends', 'reasons', 'themes', 'theme-comments', 'journey', 'rollups', 'inbox']) {
    $(id).replaceChildren();
  }
  for (const id of ['stage-summary', 'fleet']) $(id).tBodies[0].replaceChildren();
  $('fleet-heading').textContent = 'Kiosk fleet';
}

function showView(login) {
  $('login-view').hidden = !login;
  $('dashboard').hidden = login;
  $('controls').hidden = login;
}

function showLogin(error = '') {
  generation++;
  sessionStorage.removeItem(TOKEN_KEY);
  clearDashboard();
  showView(true);
  $('login-error').textContent = error;
  $('login-error').hidden = !error;
  document.body.dataset.state = 'login';
  $('token').focus();
}

function showDashboard() {
  showView(false);
  $('login-error').hidden = true;
  loadDashboard();
}

function signIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  // Hub tokens are printable ASCII; anything else could not travel in a header anyway.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    $('login-error').textContent = token ? 'A token contains only letters, digits and punctuation.' : 'Enter a token.';
    $('login-error').hidden = false;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token').value = '';
  showDashboard();
}

function init() {
  $('login').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => showLogin());
  $('period').addEventListener('change', loadDashboard);
  $('report-form').addEventListener('submit', downloadReport);
  for (const id of ['inbox-state', 'inbox-stage']) $(id).addEventListener('change', loadInbox);
  if (sessionStorage.getItem(TOKEN_KEY)) showDashboard();
  else showLogin();
}

init();
