// Feedback Kiosk hub dashboard: the trend charts. Per stage, one question's headline by week
// or month with its 95% interval as a band (indicative points hollow, suppressed periods as
// gaps), the responses per period as bars, and a ring where the hub found a significant change
// from the period before. Hand-built SVG (the CSP allows no chart library). Loaded before
// app.js, whose helpers (el, svg, round, count, signed, stageName, sortStages, periodKey) it
// uses when called.
'use strict';

const METRICS = {
  nps: { label: 'NPS', min: -100, max: 100, ticks: [-100, -50, 0, 50, 100], format: (v) => signed(v),
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
