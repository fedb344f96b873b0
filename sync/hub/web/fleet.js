// Feedback Kiosk hub dashboard: the latest comments (analysts and admins) and the kiosk fleet
// (site, stage, last seen, backlog, versions, clock offset, alarms and central settings; kiosks
// that need attention first). Loaded before app.js, whose helpers (el, $, stageName,
// languageName, localTime, ago, bytes, duration, clockOffset, count) and settings.js's
// settingsCell it uses when called.
'use strict';

const ALARM_TEXT = {
  storage_low: 'Disk nearly full',
  save_failed: 'Answers could not be saved',
  unauthorized: 'Token refused by hub',
  pack_refused: 'Survey pack refused',
  settings_refused: 'Central settings refused',
  silent: 'Silent (no heartbeat)',
};

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
    settingsCell(k),
  ]);
}

function renderFleet(data) {
  // Kiosks that need attention first.
  const kiosks = [...data.kiosks].sort((a, b) =>
    Number(alertsOf(b).length > 0) - Number(alertsOf(a).length > 0) || a.kiosk_id.localeCompare(b.kiosk_id));
  const tbody = $('fleet').tBodies[0];
  tbody.replaceChildren(...kiosks.map(fleetRow));
  if (!kiosks.length) tbody.append(el('tr', {}, el('td', { colspan: 10, class: 'empty', text: 'No kiosk has reported yet.' })));
  const alerting = kiosks.filter((k) => alertsOf(k).length).length;
  $('fleet-heading').textContent = `Kiosk fleet (${kiosks.length}${alerting ? `, ${alerting} with alerts` : ''})`;
}
