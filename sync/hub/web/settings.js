// Feedback Kiosk hub dashboard: kiosk settings managed from the centre (admins). Lists what is
// set for all kiosks, each site and each kiosk; sets or removes one setting from a small form
// (a target, a setting the hub manages, its value as the kiosk's configuration file would hold
// it). The hub checks each value with the kiosk's own rule; its 400 names the setting and is
// shown as is. A staff PIN is sent once and shows only as "(set)". Loaded before app.js, whose
// helpers (el, $, api) it uses when called.
'use strict';

const SETTINGS_STATE_TEXT = {
  applied: 'in use', pending: 'not fetched yet', refused: 'refused by the kiosk', none: '',
};

async function changeSetting(target, setting, value) {
  try {
    await api('/api/v1/central-settings', { body: { target, settings: { [setting]: value } } });
    $('settings-status').textContent = value === null
      ? `${setting} removed for ${target}.`
      : `${setting} set for ${target}; kiosks use it between patients after their next check-in.`;
    $('settings-value').value = '';
  } catch (e) {
    $('settings-status').textContent = `Not changed: ${e.message}`;
  }
  loadSettings();
  api('/api/v1/kiosks').then(renderFleet).catch(() => {});  // what each kiosk gets now
}

function settingRow(s) {
  const remove = el('button', { type: 'button', class: 'secondary', text: 'Remove' });
  remove.addEventListener('click', () =>
    changeSetting(s.target, s.setting === 'kiosk.staff_pin_hash' ? 'kiosk.staff_pin' : s.setting, null));
  return el('tr', { 'data-target': s.target, 'data-setting': s.setting }, [
    el('td', { text: s.target }), el('td', { text: s.setting }), el('td', { text: s.value }),
    el('td', { text: `${s.set_by}, ${localTime(s.set_at)}` }), el('td', {}, remove)]);
}

async function loadSettings() {
  const box = $('settings');
  let data;
  try {
    data = await api('/api/v1/central-settings');
  } catch (e) {
    $('settings-form').hidden = true;
    box.replaceChildren(el('p', { class: 'note', id: 'settings-note', text: e.status === 403
      ? 'Admins manage kiosk settings.' : `Could not load the kiosk settings: ${e.message}` }));
    return;
  }
  $('settings-form').hidden = false;
  const select = $('settings-key');
  if (!select.options.length) {
    select.replaceChildren(...data.managed.map((m) => el('option', { value: m.setting, text: `${m.setting} (${m.what})` })));
  }
  box.replaceChildren(table('central-settings', ['Target', 'Setting', 'Value', 'Set by', ''],
    data.settings.map(settingRow), 'Nothing is set centrally: every kiosk uses its own file.'));
}

// The fleet view's cell: what the centre set for this kiosk and whether the kiosk uses it.
function settingsCell(k) {
  const set = Object.entries(k.central_settings ?? {});
  if (!set.length) return el('td', { text: '—' });
  const state = SETTINGS_STATE_TEXT[k.settings_state] ?? k.settings_state ?? '';
  return el('td', { 'data-settings-state': k.settings_state ?? '' }, [
    el('ul', { class: 'plain' }, set.map(([key, s]) => el('li', { text: `${key} = ${s.value} (${s.from})` }))),
    state ? el('span', { class: 'sub', text: state }) : null]);
}

function initSettings() {
  $('settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    changeSetting($('settings-target').value.trim(), $('settings-key').value, $('settings-value').value);
  });
  $('settings-key').addEventListener('change', () => {
    $('settings-value').type = $('settings-key').value === 'kiosk.staff_pin' ? 'password' : 'text';
  });
}
