// Feedback Kiosk hub dashboard: the insight panels. "What went wrong" (every choice and
// yes/partly/no question counted per stage, each share of the patients who saw the question
// with its 95% interval) and comment themes (per stage: how many comments have each theme,
// how many of those are negative, the weekly trend, and, for analysts, the comments behind a
// theme with the words that gave it highlighted). Loaded before app.js, whose helpers (el,
// svg, $, round, count, stageName, sortStages, api, localTime, languageName) it uses when called.
'use strict';

// Theme labels in the dashboard user's language (the browser's), English otherwise. The ids
// are the API's words and never change.
const THEME_LABELS = {
  en: { waiting: 'Waiting', staff: 'Staff attitude', information: 'Information', care: 'Care and treatment',
    cleanliness: 'Cleanliness', facilities: 'Premises', parking: 'Parking and getting there',
    booking: 'Appointments and contact', food: 'Food and drink' },
  fi: { waiting: 'Odottaminen', staff: 'Henkilökunnan käytös', information: 'Tiedonsaanti', care: 'Hoito',
    cleanliness: 'Siisteys', facilities: 'Tilat', parking: 'Pysäköinti ja saapuminen',
    booking: 'Ajanvaraus ja yhteydenotto', food: 'Ruoka ja juoma' },
  sv: { waiting: 'Väntan', staff: 'Personalens bemötande', information: 'Information', care: 'Vård och behandling',
    cleanliness: 'Städning', facilities: 'Lokaler', parking: 'Parkering och resor',
    booking: 'Tidsbokning och kontakt', food: 'Mat och dryck' },
  da: { waiting: 'Ventetid', staff: 'Personalets adfærd', information: 'Information', care: 'Pleje og behandling',
    cleanliness: 'Rengøring', facilities: 'Lokaler', parking: 'Parkering og transport',
    booking: 'Tidsbestilling og kontakt', food: 'Mad og drikke' },
  nl: { waiting: 'Wachten', staff: 'Bejegening', information: 'Informatie', care: 'Zorg en behandeling',
    cleanliness: 'Netheid', facilities: 'Ruimtes', parking: 'Parkeren en bereikbaarheid',
    booking: 'Afspraken en bereikbaarheid', food: 'Eten en drinken' },
  uk: { waiting: 'Очікування', staff: 'Ставлення персоналу', information: 'Інформування', care: 'Лікування',
    cleanliness: 'Чистота', facilities: 'Приміщення', parking: 'Паркування і дорога',
    booking: 'Запис і зв’язок', food: 'Їжа й напої' },
};
const LABEL_LANGUAGE = (navigator.languages ?? [navigator.language]).map((l) => String(l).slice(0, 2))
  .find((l) => THEME_LABELS[l]) ?? 'en';
const themeLabel = (id) => THEME_LABELS[LABEL_LANGUAGE][id] ?? id;
const pct = (v) => `${round(v)}%`;
const ciText = (ci) => `${round(ci[0])}–${round(ci[1])}%`;

function themes(from, to) {
  return api(`/api/v1/themes?${new URLSearchParams({ by: 'stage', from: isoDate(from), to: isoDate(to) })}`);
}

// ---------------------------------------------------------------------------------------------
// What went wrong: one horizontal bar per option, its interval as a whisker.

const RB = { label: 190, bar: 300, row: 24, value: 120 };

function shareRows(q) {
  if (q.options) return q.options.map((o) => ({ id: o.option, label: o.label, share: o }));
  const ypn = q.yes_partly_no;
  return ypn ? ['yes', 'partly', 'no'].map((k) => ({ id: k, label: k, share: ypn[k] })) : [];
}

function reasonChart(stage, q) {
  const rows = shareRows(q);
  const x = (v) => RB.label + (RB.bar * Math.max(0, Math.min(100, v))) / 100;
  const height = rows.length * RB.row + 18;
  const title = `${stageName(stage)}: “${q.question}”, share of the ${q.n} patients who saw it`;
  const chart = svg('svg', { viewBox: `0 0 ${RB.label + RB.bar + RB.value} ${height}`, role: 'img', class: 'chart reasons-chart',
    'aria-label': `${title}: ${rows.map((r) => `${r.label} ${pct(r.share.percent)} (95% CI ${ciText(r.share.ci95)})`).join('; ')}` },
  svg('title', { text: title }));
  rows.forEach((r, i) => {
    const y = i * RB.row + 4;
    const mid = y + RB.row / 2 - 2;
    const [lo, hi] = r.share.ci95;
    chart.append(svg('g', { class: 'reason-row', 'data-option': r.id }, [
      svg('text', { x: RB.label - 8, y: mid + 4, 'text-anchor': 'end', text: r.label }),
      svg('rect', { x: RB.label, y, width: Math.max(0.5, x(r.share.percent) - RB.label), height: RB.row - 8, class: 'bar' }),
      svg('line', { x1: x(lo), x2: x(hi), y1: mid, y2: mid, class: 'errorbar' }),
      svg('text', { x: RB.label + RB.bar + 8, y: mid + 4, text: `${pct(r.share.percent)} (${count(r.share.count)})` }),
    ]));
  });
  for (const t of [0, 50, 100]) {
    chart.append(svg('text', { x: x(t), y: height - 2, class: 'tick', 'text-anchor': 'middle', text: `${t}%` }));
  }
  return chart;
}

function renderReasons(summary) {
  const box = $('reasons');
  box.replaceChildren();
  const kinds = ['single_choice', 'multi_choice', 'yes_partly_no'];
  for (const g of summary.groups) {
    for (const q of g.questions.filter((x) => kinds.includes(x.type))) {
      const caption = el('figcaption', {}, [el('span', { class: 'stage', text: stageName(g.group) }),
        el('span', { class: 'muted', text: ` “${q.question}” · ${count(q.n)} saw it` +
          (q.answered !== undefined ? `, ${count(q.answered)} chose something` : '') })]);
      const body = q.reliability === 'suppressed'
        ? el('p', { class: 'suppressed', text: 'fewer than 5 patients saw this question' })
        : reasonChart(g.group, q);
      box.append(el('figure', { class: `reasons ${q.reliability}`, 'data-stage': g.group, 'data-question': q.question },
        [caption, body]));
    }
  }
  // Stages in pathway order.
  const figures = [...box.children];
  const order = sortStages(new Set(figures.map((f) => f.dataset.stage)));
  figures.sort((a, b) => order.indexOf(a.dataset.stage) - order.indexOf(b.dataset.stage));
  box.replaceChildren(...figures);
  if (!figures.length) box.append(el('p', { class: 'muted', text: 'No choice questions were answered in this period.' }));
}

// ---------------------------------------------------------------------------------------------
// Comment themes

function sparkline(values, label) {
  const w = 120;
  const h = 28;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - ((h - 4) * v) / max).toFixed(1)}`);
  return svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'spark', role: 'img', 'aria-label': label },
    [svg('title', { text: label }), svg('polyline', { points: pts.join(' '), class: 'line' })]);
}

function themeRow(stage, t, series, unit, ps) {
  const trend = series.map((r) => r.groups.find((g) => g.group === stage)?.themes
    ?.find((x) => x.theme === t.theme)?.comments ?? 0);
  const trendLabel = `${themeLabel(t.theme)} comments by ${unit}: ` +
    trend.map((v, i) => `${ps[i].short} ${v}`).join(', ');
  const negative = t.negative
    ? el('td', { class: 'num', title: `95% CI ${ciText(t.negative.ci95)}` }, [pct(t.negative.percent),
      el('span', { class: 'sub', text: ciText(t.negative.ci95) })])
    : el('td', { class: 'num muted', text: '—', title: 'fewer than 5 comments with this theme' });
  const link = el('button', { type: 'button', class: 'theme-link', 'data-theme': t.theme, text: themeLabel(t.theme) });
  link.addEventListener('click', () => showThemeComments(stage, t.theme));
  return el('tr', { 'data-theme': t.theme }, [
    el('th', { scope: 'row' }, link),
    el('td', { class: 'num' }, [count(t.comments), el('span', { class: 'sub', text: `${pct(t.share.percent)} of comments` })]),
    negative,
    el('td', {}, sparkline(trend, trendLabel)),
  ]);
}

function renderThemes(ps, all, series, kind) {
  const unit = kind === '12m' ? 'month' : 'week';
  const box = $('themes');
  box.replaceChildren();
  for (const stage of sortStages(all.groups.map((g) => g.group))) {
    const g = all.groups.find((x) => x.group === stage);
    const caption = el('figcaption', {}, [el('span', { class: 'stage', text: stageName(stage) }),
      el('span', { class: 'muted', text: ` ${count(g.comments)} comments` })]);
    if (g.reliability === 'suppressed') {
      box.append(el('figure', { class: 'themes', 'data-stage': stage }, [caption,
        el('p', { class: 'suppressed', text: 'fewer than 5 comments' })]));
      continue;
    }
    const s = g.sentiment;
    caption.append(el('span', { class: 'sub', text: ['negative', 'mixed', 'neutral', 'positive']
      .map((k) => `${k} ${pct(s[k].percent)}`).join(' · ') }));
    const rows = [...g.themes].filter((t) => t.comments > 0).sort((a, b) => b.comments - a.comments)
      .map((t) => themeRow(stage, t, series, unit, ps));
    const table = el('table', { class: 'theme-table' }, [
      el('thead', {}, el('tr', {}, [el('th', { scope: 'col', text: 'Theme' }),
        el('th', { scope: 'col', class: 'num', text: 'Comments' }),
        el('th', { scope: 'col', class: 'num', text: 'Negative' }),
        el('th', { scope: 'col', text: `Trend by ${unit}` })])),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 4, class: 'empty', text: 'No theme found in these comments.' }))),
    ]);
    box.append(el('figure', { class: 'themes', 'data-stage': stage }, [caption, table]));
  }
  if (!box.children.length) box.append(el('p', { class: 'muted', text: 'No comments in this period.' }));
}

// The comment's text with the words that gave `theme` marked; built from text nodes only.
function highlighted(c, theme) {
  const p = el('p', { class: 'comment-text' });
  const marks = (c.matches ?? []).filter((m) => m.theme === theme).sort((a, b) => a.start - b.start);
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    p.append(c.text.slice(at, m.start), el('mark', { text: c.text.slice(m.start, m.end) }));
    at = m.end;
  }
  p.append(c.text.slice(at));
  return p;
}

let themeRequest = 0;

async function showThemeComments(stage, theme) {
  const mine = ++themeRequest;
  const box = $('theme-comments');
  const [from, to] = currentWindow();
  box.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
  let data;
  try {
    data = await api(`/api/v1/comments?${new URLSearchParams({ stage, theme, from: isoDate(from), to: isoDate(to), limit: '50' })}`);
  } catch (e) {
    if (mine !== themeRequest) return;
    box.replaceChildren(el('p', { class: 'note', text: e.status === 403
      ? 'Your role sees theme counts only; analysts read the comments.' : `Could not load the comments: ${e.message}` }));
    return;
  }
  if (mine !== themeRequest) return;
  const heading = el('h3', { text: `“${themeLabel(theme)}” in comments at the ${stageName(stage).toLowerCase()} stage` +
    ` (latest ${data.comments.length})` });
  const list = el('ol', { class: 'comment-list' }, data.comments.map((c) => el('li', { 'data-sentiment': c.sentiment ?? '' }, [
    highlighted(c, theme),
    el('p', { class: 'comment-meta' }, [el('time', { datetime: c.at, text: localTime(c.at) }),
      ` · ${languageName(c.language)} · ${c.sentiment ?? 'not analysed'}`]),
  ])));
  box.replaceChildren(heading, list);
}
