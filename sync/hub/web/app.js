// Feedback Kiosk hub dashboard. Plain ES2020 without dependencies: the hub serves this page under
// a strict CSP (no inline script or style, nothing external), so charts are hand-built SVG and
// every piece of text goes in through textContent.
'use strict';

const TOKEN_KEY = 'fbk.token';
const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_MS = 86400000;
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

// Who the dashboard is for: a person signed in with the hospital's identity provider (the
// HttpOnly session cookie travels by itself; the CSRF token goes with every change), or a
// pasted token kept in this tab only. Null before either.
let person = null;

// The reply's JSON, or with { as: 'blob' } its bytes (the monthly report's PDF); with `body`,
// a POST of that JSON; with `method`, that method (DELETE).
async function api(path, { as = 'json', body, method } = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token && !person) throw new AuthError('no token');
  let res;
  try {
    const headers = { Accept: as === 'json' ? 'application/json' : '*/*' };
    const init = { headers, cache: 'no-store', credentials: token ? 'omit' : 'same-origin' };
    if (token) headers.Authorization = `Bearer ${token}`;
    else if (body !== undefined || method) headers['X-CSRF-Token'] = person.csrf_token;
    if (body !== undefined) {
      Object.assign(init, { method: 'POST', body: JSON.stringify(body) });
      headers['Content-Type'] = 'application/json';
    }
    if (method) init.method = method;
    res = await fetch(path, init);
  } catch (e) {
    throw httpError(0, `Could not reach the hub (${e.message}).`);
  }
  if (res.status === 401) throw new AuthError(person ? 'session ended' : 'token refused');
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
    renderDimensions(summary);
    renderTrends(ps, series, kind, changes);
    renderReasons(summary);
    renderThemes(ps, themesAll, themeSeries, kind);
    renderComments(notes);
    renderFleet(fleet);
    offerReport(fleet);
    inboxStages(summary.groups.map((g) => g.group));
    loadInbox();
    alertStages(path.pathway);
    loadAlerts();
    loadSettings();
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
    if (e instanceof AuthError) {
      return showLogin(person ? 'Your session has ended. Please sign in again.' : 'The hub did not accept this token.');
    }
    $('load-error').textContent = `The dashboard could not be loaded: ${e.message}`;
    $('load-error').hidden = false;
    setState('error');
  }
}

function clearDashboard() {
  // Patient comments must not linger in the page after signing out.
  for (const id of ['comments', 'trends', 'reasons', 'themes', 'theme-comments', 'journey', 'rollups', 'dimensions', 'inbox', 'alerts', 'settings']) {
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
  person = null;
  $('signed-in-as').textContent = '';
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

// Signing out of a session ends it on the hub (every hub sharing its database), not only here.
async function signOut() {
  if (person) {
    try {
      await api('/auth/logout', { body: {} });
    } catch {
      // Ended already, or the hub is unreachable: the page forgets it either way.
    }
  }
  showLogin();
}

// Analysts and admins download the period's responses as CSV; the hub audits it by name.
async function exportResponses() {
  const [from, to] = currentWindow();
  const query = new URLSearchParams({ format: 'csv', from: isoDate(from), to: isoDate(to) });
  $('export-status').textContent = 'Exporting…';
  try {
    const csv = await api(`/api/v1/responses?${query}`, { as: 'blob' });
    const link = el('a', { href: URL.createObjectURL(csv), download: `responses-${isoDate(from)}-${isoDate(to)}.csv` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    $('export-status').textContent = 'Responses exported.';
  } catch (e) {
    if (e instanceof AuthError) return showLogin('Your session has ended. Please sign in again.');
    $('export-status').textContent = e.status === 403
      ? 'Your role sees aggregates only: exports of individual responses need the analyst role.'
      : `The export failed: ${e.message}`;
  }
}

// A session cookie from signing in with the identity provider, if the hub has one for us.
async function findSession() {
  try {
    const res = await fetch('/auth/session', { cache: 'no-store', credentials: 'same-origin' });
    return res.ok ? await res.json() : { signed_in: false };
  } catch {
    return { signed_in: false };
  }
}

async function init() {
  $('login').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('export-csv').addEventListener('click', exportResponses);
  $('period').addEventListener('change', loadDashboard);
  $('report-form').addEventListener('submit', downloadReport);
  initAlerts();
  initSettings();
  for (const id of ['inbox-state', 'inbox-stage']) $(id).addEventListener('change', loadInbox);
  if (sessionStorage.getItem(TOKEN_KEY)) return showDashboard();
  const session = await findSession();
  if (session.signed_in) {
    person = session;
    $('signed-in-as').textContent = `${session.name || session.email} (${session.role})`;
    return showDashboard();
  }
  showLogin();
  $('sso').hidden = !session.sign_in_available;
}

init();
