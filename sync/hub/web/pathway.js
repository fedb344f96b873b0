// Feedback Kiosk hub dashboard: the care pathway. The journey table (every stage in pathway
// order with each headline figure, its interval, n, margin of error, the answers still needed
// for ±5, its change against the previous period, its targets with their verdicts, and the
// weakest step when the hub's test says it is real), the pooled and equal-unit roll-ups, and
// the significant changes the trend charts mark. Every verdict comes from the hub
// (/api/v1/journey, /api/v1/stats): this file only shows them. Loaded before app.js, whose
// helpers (el, $, round, count, signed, stageName, api, isoDate) it uses when called.
'use strict';

// The order of the stages, from the hub (its one list, README "The care pathway"); until the first
// journey arrives, stages sort by name.
let pathwayOrder = [];

function sortStages(names) {
  const rank = (s) => (pathwayOrder.includes(s) ? pathwayOrder.indexOf(s) : pathwayOrder.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const MEASURES = {
  csat_top2_percent: { label: 'Satisfied (top 2)', format: (v) => `${round(v)}%`, unit: ' points' },
  nps_score: { label: 'NPS', format: (v) => signed(v), unit: ' points' },
  ces_mean: { label: 'Effort (mean, 1–7)', format: (v) => round(v, 1), unit: '' },
  yes_percent: { label: 'Yes', format: (v) => `${round(v)}%`, unit: ' points' },
  slider_mean: { label: 'Slider (mean)', format: (v) => round(v), unit: '' },
};
const MEASURE_ORDER = Object.keys(MEASURES);
const VERDICT_TEXT = { met: 'met', not_met: 'not met', not_yet_known: 'not yet known' };

function journey(from, to) {
  return api(`/api/v1/journey?${new URLSearchParams({ from: isoDate(from), to: isoDate(to) })}`);
}

// Per stage, the figure of one question per column: columns are the questions with a headline
// anywhere on the pathway, in the order of MEASURES.
function journeyColumns(data) {
  const seen = new Map();
  for (const s of data.stages) {
    for (const f of s.figures) if (f.measure && !seen.has(f.question)) seen.set(f.question, f.measure);
  }
  return [...seen].sort((a, b) => MEASURE_ORDER.indexOf(a[1]) - MEASURE_ORDER.indexOf(b[1]))
    .map(([question, measure]) => ({ question, measure }));
}

function changeLine(f, m) {
  const c = f.change?.previous;
  if (!c) return el('span', { class: 'change none', text: 'no earlier figure to compare' });
  const diff = `${c.difference > 0 ? '+' : ''}${minus(round(c.difference, m.format === MEASURES.ces_mean.format ? 1 : 0))}`;
  const ci = `${minus(round(c.ci95[0], 1))} to ${minus(round(c.ci95[1], 1))}`;
  return c.significant
    ? el('span', { class: `change significant ${c.difference > 0 ? 'up' : 'down'}`,
      text: `${diff} vs previous period (significant)`, title: `95% CI of the difference: ${ci}` })
    : el('span', { class: 'change', text: `${diff} vs previous period (not significant)`, title: `95% CI: ${ci}` });
}

function precisionLine(f, m) {
  const margin = `±${round(f.margin95, 1)}${m.unit}`;
  if (f.enough_data === true) return el('span', { class: 'precision enough', text: `${margin} · enough data` });
  if (f.enough_data === false) {
    return el('span', { class: 'precision', text: `${margin} · ${count(f.more_answers_needed)} more answers for ±5` });
  }
  return el('span', { class: 'precision', text: margin });
}

function journeyCell(f, m) {
  if (!f) return el('td', { class: 'muted', text: '—', title: 'Not asked at this stage' });
  const targets = f.targets.map((t) => el('li', { class: `target verdict-${t.verdict}`, 'data-target': t.id,
    text: `Target ≥ ${m.format(t.threshold)}: ${VERDICT_TEXT[t.verdict]}` }));
  if (f.value === undefined) {
    return el('td', { 'data-question': f.question }, [
      el('span', { class: 'suppressed', text: `fewer than 5 answers (${f.n})` }),
      targets.length ? el('ul', { class: 'targets' }, targets) : null]);
  }
  return el('td', { 'data-question': f.question, class: f.weakest_step ? 'weakest' : '' }, [
    el('span', { class: `figure ${f.reliability}` }, [
      el('span', { class: 'value', text: m.format(f.value) }),
      el('span', { class: 'ci', text: `${m.format(f.ci95[0])} to ${m.format(f.ci95[1])}` }),
      el('span', { class: 'n', text: `n ${count(f.n)}` })]),
    f.weakest_step ? el('span', { class: 'badge weakest-badge', text: 'Weakest step' }) : null,
    precisionLine(f, m), changeLine(f, m),
    targets.length ? el('ul', { class: 'targets' }, targets) : null,
  ]);
}

function weakestNotes(data, columns) {
  return columns.map(({ question, measure }) => {
    const w = data.weakest.find((x) => x.question === question);
    if (!w) return null;
    const what = `${MEASURES[measure].label} (“${question}”)`;
    return el('li', { 'data-question': question, class: w.significant ? 'weakest' : '' }, w.significant
      ? `${what}: ${stageName(w.stage)} is the weakest step, significantly below every other step.`
      : `${what}: no step is significantly weaker than the others (lowest: ${stageName(w.stage)}, ` +
        `within noise of ${stageName(w.closest.stage)}).`);
  }).filter(Boolean);
}

function renderJourney(data) {
  pathwayOrder = data.pathway;
  const box = $('journey');
  box.replaceChildren();
  if (!data.stages.length) return box.append(el('p', { class: 'muted', text: 'No responses in this period.' }));
  const columns = journeyColumns(data);
  const head = el('tr', {}, [el('th', { scope: 'col', text: 'Stage' }),
    ...columns.map((c) => el('th', { scope: 'col' }, [MEASURES[c.measure].label,
      el('span', { class: 'qid', text: c.question })]))]);
  const rows = data.stages.map((s) => el('tr', { 'data-stage': s.stage }, [
    el('th', { scope: 'row' }, [stageName(s.stage), el('span', { class: 'sub', text: `${count(s.responses)} responses` })]),
    ...columns.map((c) => journeyCell(s.figures.find((f) => f.question === c.question), MEASURES[c.measure])),
  ]));
  box.append(el('div', { class: 'table-wrap' }, el('table', { id: 'journey-table' }, [
    el('thead', {}, head), el('tbody', {}, rows)])),
  el('ul', { class: 'weakest-notes' }, weakestNotes(data, columns)),
  el('details', { class: 'method' }, [el('summary', { text: 'How these verdicts are made' }),
    el('ul', {}, Object.entries(data.method).map(([k, v]) => el('li', {}, [el('b', { text: `${k.replaceAll('_', ' ')}: ` }), v])))]));
}

// ---------------------------------------------------------------------------------------------
// Roll-ups: all stages together, pooled (every answer once) and equal-unit (every stage once).

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function renderRollups(summary) {
  const box = $('rollups');
  box.replaceChildren();
  const pooled = summary.rollups?.pooled;
  const equal = summary.rollups?.equal_unit;
  if (!pooled || !pooled.questions.some((q) => q.measure || q.nps || q.csat)) return;
  const rows = equal.questions.filter((e) => MEASURES[e.measure]).map((e) => {
    const m = MEASURES[e.measure];
    const p = pooled.questions.find((q) => q.question === e.question && q.type === e.type);
    const head = p && HEADLINES[p.type]?.(p);
    return el('tr', { 'data-question': e.question }, [
      el('th', { scope: 'row' }, [m.label, el('span', { class: 'qid', text: e.question })]),
      el('td', { class: 'num' }, head && p.reliability !== 'suppressed'
        ? [el('span', { class: 'value', text: head.value }), el('span', { class: 'ci', text: head.ci }),
          el('span', { class: 'n', text: `n ${count(p.n)}` })] : 'fewer than 5 answers'),
      el('td', { class: 'num' }, e.score === undefined ? 'no stage with 5 answers' : [
        el('span', { class: 'value', text: m.format(e.score) }),
        el('span', { class: 'n', text: `${e.units} stages${e.units_left_out ? `, ${e.units_left_out} left out (under 5 answers)` : ''}` })]),
    ]);
  });
  box.append(el('table', { id: 'rollup-table' }, [
    el('thead', {}, el('tr', {}, [el('th', { scope: 'col', text: 'All stages together' }),
      el('th', { scope: 'col', class: 'num', text: 'Pooled', title: pooled.label }),
      el('th', { scope: 'col', class: 'num', text: 'Equal-unit', title: equal.label })])),
    el('tbody', {}, rows)]),
  el('p', { class: 'legend', text: `${capitalised(pooled.label)}. ${capitalised(equal.label)}.` }));
}

// National instruments' "% positive" per dimension (the FFT's one, NPE's seven), over all stages:
// the positive share, its conservative 95% interval (the hub's dimensions.h) and its answers.
function renderDimensions(summary) {
  const box = $('dimensions');
  box.replaceChildren();
  const dims = summary.dimensions || [];
  if (!dims.length) return;
  const rows = dims.map((d) => el('tr', { 'data-dimension': d.dimension }, [
    el('th', { scope: 'row', text: d.dimension }),
    el('td', { class: 'num' }, [
      el('span', { class: 'value', text: `${round(d.positive.percent, 1)}%` }),
      el('span', { class: 'ci', text: `${round(d.positive.ci95[0], 1)}–${round(d.positive.ci95[1], 1)}` }),
      el('span', { class: 'n', text: `n ${count(d.n_effective)}, ${count(d.answers)} answers` })]),
  ]));
  box.append(el('table', { id: 'dimension-table' }, [
    el('thead', {}, el('tr', {}, [el('th', { scope: 'col', text: 'National measure' }),
      el('th', { scope: 'col', class: 'num', text: '% positive' })])),
    el('tbody', {}, rows)]),
  el('p', { class: 'legend', text: 'The share of positive answers of each dimension\'s questions ' +
    '("can\'t say" left out), with a 95% interval as wide as if only n patients, the answers of its ' +
    'most-answered question, had answered: one patient\'s answers to a dimension are not independent.' }));
}

// ---------------------------------------------------------------------------------------------
// Significant changes on the trend charts: the hub's change of each period from the one before
// it, per stage (GET /api/v1/stats?by=week|month&stage=).

async function trendChanges(stages, unit, from, to) {
  const out = new Map();
  await Promise.all(stages.map(async (stage) => {
    const query = new URLSearchParams({ by: unit, stage, from: isoDate(from), to: isoDate(to) });
    const data = await api(`/api/v1/stats?${query}`);
    for (const g of data.groups) {
      for (const q of g.questions) {
        if (q.change) out.set(`${stage}|${q.question}|${g.group}`, q.change);
      }
    }
  }));
  return out;
}

// The period a /stats group names: a week by its Monday (2026-11-02), a month as 2026-11.
const periodKey = (period, unit) => (unit === 'month' ? isoDate(period.from).slice(0, 7) : isoDate(period.from));

// ---------------------------------------------------------------------------------------------
// The monthly report: the same PDF as `feedback-hub report`, for a month and a site.

function offerReport(fleet) {
  const month = $('report-month');
  if (!month.value) {
    const now = new Date();
    month.value = isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))).slice(0, 7);
  }
  const site = $('report-site');
  const chosen = site.value;
  const sites = [...new Set(fleet.kiosks.map((k) => k.site).filter(Boolean))].sort();
  site.replaceChildren(el('option', { value: '', text: 'All sites' }), ...sites.map((s) => el('option', { value: s, text: s })));
  site.value = sites.includes(chosen) ? chosen : '';
}

function fetchReport(period, site) {
  const query = new URLSearchParams({ period });
  if (site) query.set('site', site);
  return api(`/api/v1/report?${query}`, { as: 'blob' });
}

async function downloadReport(event) {
  event.preventDefault();
  const period = $('report-month').value;
  const site = $('report-site').value;
  $('report-status').textContent = 'Making the report…';
  try {
    const pdf = await fetchReport(period, site);
    const link = el('a', { href: URL.createObjectURL(pdf), download: `feedback-report-${period}${site ? `-${site}` : ''}.pdf` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    $('report-status').textContent = `Report for ${period} downloaded.`;
  } catch (e) {
    $('report-status').textContent = `The report could not be made: ${e.message}`;
  }
}
