// Feedback Kiosk hub dashboard: the comment inbox. Analysts and admins see the comments in a
// handling state (new by default) at a stage, and mark each seen, in progress or done with the
// unit that owns it and a note (POST /api/v1/comments/state, audited by the hub). Viewers do not
// read comments, so for them the inbox says so. Loaded before app.js, whose helpers (el, $,
// api, stageName, sortStages, localTime, languageName) it uses when called.
'use strict';

const STATE_TEXT = { new: 'New', seen: 'Seen', in_progress: 'In progress', done: 'Done' };
let inboxRequest = 0;

function inboxStages(stages) {
  const select = $('inbox-stage');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '', text: 'every stage' }),
    ...sortStages(stages).map((s) => el('option', { value: s, text: stageName(s) })));
  select.value = stages.includes(chosen) ? chosen : '';
}

function handlingForm(c) {
  const id = `${c.response_id}-${c.question}`;
  const state = el('select', { class: 'handling-state', 'aria-label': 'State' },
    Object.entries(STATE_TEXT).map(([value, text]) => el('option', { value, text })));
  state.value = c.handling.state;
  const owner = el('input', { class: 'handling-owner', type: 'text', maxlength: '100', placeholder: 'Owner unit',
    'aria-label': 'Owner unit', value: c.handling.owner_unit });
  const note = el('input', { class: 'handling-note', type: 'text', maxlength: '2000', placeholder: 'Note for colleagues',
    'aria-label': 'Note', value: c.handling.note });
  const form = el('form', { class: 'handling', 'data-comment': id }, [state, owner, note,
    el('button', { type: 'submit', class: 'secondary', text: 'Save' })]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    $('inbox-status').textContent = 'Saving…';
    try {
      await api('/api/v1/comments/state', { body: { response_id: c.response_id, question: c.question,
        state: state.value, owner_unit: owner.value.trim(), note: note.value.trim() } });
      $('inbox-status').textContent = `Saved: ${STATE_TEXT[state.value]}.`;
      loadInbox();
    } catch (e) {
      $('inbox-status').textContent = `Not saved: ${e.message}`;
    }
  });
  return form;
}

function inboxItem(c) {
  const text = el('p', { class: 'comment-text', text: c.text });
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(c.language ?? '')) text.lang = c.language;
  const who = c.handling.changed_by ? ` · ${STATE_TEXT[c.handling.state]} by ${c.handling.changed_by}` : '';
  return el('li', { 'data-state': c.handling.state, 'data-stage': c.stage }, [text,
    el('p', { class: 'comment-meta' }, [el('time', { datetime: c.at, text: localTime(c.at) }),
      ` · ${stageName(c.stage)} · ${languageName(c.language)}${c.themes.length ? ` · ${c.themes.join(', ')}` : ''}${who}`]),
    handlingForm(c)]);
}

async function loadInbox() {
  const mine = ++inboxRequest;
  const query = new URLSearchParams({ limit: '50' });
  if ($('inbox-state').value) query.set('state', $('inbox-state').value);
  if ($('inbox-stage').value) query.set('stage', $('inbox-stage').value);
  let data;
  try {
    data = await api(`/api/v1/comments?${query}`);
  } catch (e) {
    if (mine !== inboxRequest) return;
    $('inbox').replaceChildren(el('p', { class: 'note', id: 'inbox-note', text: e.status === 403
      ? 'Your role sees aggregates only; analysts and admins handle comments.' : `Could not load the inbox: ${e.message}` }));
    return;
  }
  if (mine !== inboxRequest) return;
  const box = $('inbox');
  if (!data.comments.length) return box.replaceChildren(el('p', { class: 'muted', text: 'No comments here.' }));
  box.replaceChildren(el('ol', { class: 'comment-list inbox-list' }, data.comments.map(inboxItem)));
}
