// Feedback Kiosk hub dashboard: alert rules and their deliveries (admins). Lists the live
// rules, adds one from a small form (a kind, a stage, its words or days, one channel: a webhook
// with its signing secret or an e-mail address with the message's language), deletes one, and
// shows the latest deliveries with their attempts. The hub checks every rule; its 400 names the
// field, and that message is shown as is. Loaded before app.js, whose helpers (el, $, api,
// stageName, localTime) it uses when called.
'use strict';

const KIND_TEXT = {
  negative_spike: 'Negative spike', comment_match: 'Comment with a word or theme',
  kiosk_silent: 'Kiosk silent while open', kiosk_alarm: 'Kiosk alarm', target_missed: 'Target missed',
};

async function deleteRule(id) {
  try {
    await api(`/api/v1/alert-rules?id=${encodeURIComponent(id)}`, { method: 'DELETE' });
    $('alert-status').textContent = `Rule ${id} deleted; its pending deliveries are cancelled.`;
  } catch (e) {
    $('alert-status').textContent = `Rule ${id} could not be deleted: ${e.message}`;
  }
  loadAlerts();
}

function channelText(c) {
  return c.type === 'email' ? `e-mail to ${c.to} (${c.language})` : `webhook ${c.url}`;
}

function ruleRow(r) {
  const what = r.kind === 'comment_match' ? [...r.themes, ...r.words].join(', ')
    : r.kind === 'target_missed' ? `last ${r.days} days`
      : r.kind === 'negative_spike' ? `last ${r.window_hours} h against ${r.baseline_days} days` : '';
  const remove = el('button', { type: 'button', class: 'secondary', text: 'Delete', 'data-rule': r.id });
  remove.addEventListener('click', () => deleteRule(r.id));
  return el('tr', { 'data-rule': r.id, 'data-kind': r.kind }, [
    el('td', { text: KIND_TEXT[r.kind] ?? r.kind }), el('td', { text: r.stage ? stageName(r.stage) : 'every stage' }),
    el('td', { text: what }), el('td', { text: r.channels.map(channelText).join('; ') }),
    el('td', { text: r.created_by }), el('td', {}, remove)]);
}

function deliveryRow(d) {
  const last = d.attempts[d.attempts.length - 1];
  return el('tr', { 'data-state': d.state }, [
    el('td', { text: localTime(d.event_at) }), el('td', { text: d.event?.summary ?? d.event?.kind ?? '' }),
    el('td', { text: `rule ${d.rule_id}, channel ${d.channel + 1}` }), el('td', { text: d.state }),
    el('td', { class: 'num', text: String(d.attempts.length) }), el('td', { text: last ? last.result : '—' })]);
}

function table(id, heads, rows, empty) {
  return el('table', { id }, [el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: heads.length, class: 'empty', text: empty })))]);
}

async function loadAlerts() {
  const box = $('alerts');
  let rules;
  let log;
  try {
    [rules, log] = await Promise.all([api('/api/v1/alert-rules'), api('/api/v1/alert-deliveries?limit=20')]);
  } catch (e) {
    $('alert-form').hidden = true;
    box.replaceChildren(el('p', { class: 'note', id: 'alerts-note', text: e.status === 403
      ? 'Admins manage alert rules.' : `Could not load the alert rules: ${e.message}` }));
    return;
  }
  $('alert-form').hidden = false;
  box.replaceChildren(
    table('alert-rules', ['Kind', 'Stage', 'Watches', 'Channels', 'Set by', ''], rules.rules.map(ruleRow), 'No alert rules.'),
    el('h3', { text: 'Latest deliveries' }),
    table('alert-deliveries', ['When', 'Event', 'Rule', 'State', 'Attempts', 'Last result'], log.deliveries.map(deliveryRow),
      'Nothing delivered yet.'));
}

// The form's fields as a rule: only the fields of the chosen kind and channel.
function ruleFromForm() {
  const kind = $('alert-kind').value;
  const rule = { kind };
  if ($('alert-stage').value) rule.stage = $('alert-stage').value;
  if (kind === 'comment_match') rule.words = $('alert-words').value.split(',').map((w) => w.trim()).filter(Boolean);
  const channel = $('alert-channel').value === 'email'
    ? { type: 'email', to: $('alert-target').value.trim(), language: $('alert-language').value }
    : { type: 'webhook', url: $('alert-target').value.trim(), secret: $('alert-secret').value };
  rule.channels = [channel];
  return rule;
}

async function addRule(event) {
  event.preventDefault();
  try {
    const made = await api('/api/v1/alert-rules', { body: ruleFromForm() });
    $('alert-status').textContent = `Rule ${made.id} added.`;
    $('alert-secret').value = '';
    loadAlerts();
  } catch (e) {
    $('alert-status').textContent = `Not added: ${e.message}`;
  }
}

function alertStages(stages) {
  $('alert-stage').replaceChildren(el('option', { value: '', text: 'every stage' }),
    ...stages.map((s) => el('option', { value: s, text: stageName(s) })));
}

function initAlerts() {
  $('alert-form').addEventListener('submit', addRule);
  const sync = () => {
    $('alert-words-field').hidden = $('alert-kind').value !== 'comment_match';
    const email = $('alert-channel').value === 'email';
    $('alert-secret-field').hidden = email;
    $('alert-language-field').hidden = !email;
    $('alert-target-label').textContent = email ? 'Address' : 'URL';
  };
  $('alert-kind').addEventListener('change', sync);
  $('alert-channel').addEventListener('change', sync);
  sync();
}
