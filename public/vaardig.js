// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Send the CSRF token with htmx requests.
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
  document.body.addEventListener('htmx:config:request', (event) => {
    if (token) event.detail.ctx.request.headers['x-csrf-token'] = token;
  });
  // Take keyboard and screen-reader users straight to the list of form problems.
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();
  for (const picker of document.querySelectorAll('[data-skill-picker]')) enhanceSkillPicker(picker);
  for (const picker of document.querySelectorAll('[data-filter-picker]')) enhanceFilterPicker(picker);
  enhanceMenu();
  for (const button of document.querySelectorAll('button[data-copy]')) enhanceCopy(button);
});

// Copy buttons beside read-only texts (a profile link, a badge's embed code; backpack
// pages/components.tsx CopyField). Hidden without this file or without a clipboard: the text is
// selectable then. The result is said in the field's status line (role=status).
function enhanceCopy(button) {
  const field = document.getElementById(button.dataset.copy || '');
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied || '';
    } catch {
      // No permission (or no secure context): select the text so the person can copy it themselves.
      field.focus();
      field.select();
      if (status) status.textContent = button.dataset.failed || '';
    }
  });
}

// On a phone the header's links fold behind a Menu button (the stylesheet hides them only once this
// has run, so without JavaScript they stay in view).
function enhanceMenu() {
  const header = document.querySelector('.site-header');
  const toggle = header?.querySelector('.menu-toggle');
  const menu = document.getElementById('site-menu');
  if (!header || !(toggle instanceof HTMLButtonElement) || !menu) return;
  toggle.hidden = false;
  header.classList.add('menu-ready');
  toggle.addEventListener('click', () => {
    const open = menu.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.classList.contains('open')) {
      menu.classList.remove('open');
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    }
  });
}

// The skill picker (src/skills/pages/picker.tsx). Without this file it is a list of checked
// checkboxes and a text box; with it: a search box whose suggestions (htmx) become chips with a
// remove button. Keyboard: Down from the box goes to the suggestions, Up and Down move between
// them, Escape closes them; Enter in the box never submits the form.
function enhanceSkillPicker(picker) {
  const search = picker.querySelector('.picker-search');
  const input = search?.querySelector('input[type="search"]');
  const box = search?.querySelector('.suggestions');
  const chips = picker.querySelector('.chips');
  if (!search || !input || !box || !chips) return;
  const status = search.querySelector('[data-picker-status]');
  const text = (key, name) => (picker.dataset[key] || '{name}').replace('{name}', name);
  const say = (message) => {
    if (status) status.textContent = message;
  };
  const suggestionButtons = () => [...box.querySelectorAll('button[data-pick-skill]')];

  const chipFor = (id, name, lang) => {
    const li = document.createElement('li');
    li.className = 'chip';
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = picker.dataset.skillPicker;
    hidden.value = id;
    const label = document.createElement('span');
    label.className = 'chip-text';
    label.textContent = name;
    if (lang) {
      label.lang = lang;
      const mark = document.createElement('span');
      mark.className = 'tag lang-mark';
      mark.textContent = lang.toUpperCase();
      label.append(' ', mark);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'chip-remove';
    remove.setAttribute('aria-label', text('removeLabel', name));
    remove.textContent = '×';
    li.append(hidden, label, remove);
    return li;
  };

  // Server-rendered chips are checkboxes: give them the same shape as new ones.
  for (const li of [...chips.querySelectorAll('li')]) {
    const checkbox = li.querySelector('input[type="checkbox"]');
    if (!checkbox) continue;
    const nameEl = li.querySelector('label span');
    const mark = li.querySelector('.lang-mark');
    const chip = chipFor(checkbox.value, nameEl ? nameEl.textContent : li.textContent.trim(), mark ? mark.textContent.toLowerCase() : '');
    if (checkbox.checked) li.replaceWith(chip);
    else li.remove();
  }
  search.hidden = false;
  const fallback = picker.querySelector('.picker-fallback');
  const fallbackText = fallback?.querySelector('textarea, input');
  if (fallback && !fallbackText?.value.trim() && !fallback.querySelector('.error-message')) fallback.open = false;

  chips.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('.chip-remove') : null;
    if (!button) return;
    const li = button.closest('li');
    const name = li.querySelector('.chip-text')?.firstChild?.textContent ?? '';
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    say(text('removedLabel', name));
    (next?.querySelector('.chip-remove') || input).focus();
  });

  box.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-pick-skill]') : null;
    if (!button) return;
    const id = button.dataset.pickSkill;
    const name = button.dataset.skillName;
    if (![...chips.querySelectorAll('input')].some((i) => i.value === id)) chips.append(chipFor(id, name, button.dataset.skillLang));
    box.replaceChildren();
    input.value = '';
    say(text('addedLabel', name));
    input.focus();
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      suggestionButtons()[0]?.focus();
    } else if (event.key === 'ArrowDown') {
      const first = suggestionButtons()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape' && box.childElementCount) {
      event.preventDefault();
      box.replaceChildren();
    }
  });

  box.addEventListener('keydown', (event) => {
    const buttons = suggestionButtons();
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const to = at + (event.key === 'ArrowDown' ? 1 : -1);
      (to < 0 ? input : buttons[Math.min(to, buttons.length - 1)]).focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      box.replaceChildren();
      input.focus();
    }
  });
}

// The insight filters' skill and occupation pickers (src/insight/pages/picker.tsx). Without this
// file the search box submits the filter form and the page lists what matches as radio buttons.
// With it the box is also a combobox (WAI-ARIA APG, list autocomplete without automatic
// selection): matches from the library's search (/api/v1/skills, /api/v1/occupations) as one
// types; Down and Up move through them, Enter or a click chooses one and sends the form with it,
// Escape closes the list. The Search button keeps working as without this file.
function enhanceFilterPicker(box) {
  const name = box.dataset.filterPicker;
  const input = box.querySelector('input[type="search"]');
  const row = box.querySelector('.picker-row');
  const form = box.closest('form');
  if (!(input instanceof HTMLInputElement) || !row || !form || (name !== 'skill' && name !== 'occupation')) return;
  const lang = document.documentElement.lang === 'nl' ? 'nl' : 'en';
  const endpoint = name === 'skill' ? '/api/v1/skills?kind=skill&' : '/api/v1/occupations?';
  const list = document.createElement('ul');
  list.id = `${name}-listbox`;
  list.className = 'picker-listbox';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', box.dataset.listLabel || '');
  list.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  row.after(list, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  let items = [];
  let active = -1;
  let timer = 0;
  let asked = 0;
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = () => {
    list.querySelectorAll('[role="option"]').forEach((option, i) => option.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${list.id}-${active}`);
      document.getElementById(`${list.id}-${active}`)?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const choose = (item) => {
    // The choice replaces any radio button of the page's own list, and nothing more is searched.
    for (const radio of form.querySelectorAll(`input[type="radio"][name="${name}"]`)) radio.disabled = true;
    const chosen = document.createElement('input');
    chosen.type = 'hidden';
    chosen.name = name;
    chosen.value = item.id;
    form.append(chosen);
    input.value = '';
    close();
    const show = form.querySelector('button[type="submit"]:not([name])');
    if (typeof form.requestSubmit === 'function') form.requestSubmit(show instanceof HTMLButtonElement ? show : undefined);
    else form.submit();
  };
  const render = (query) => {
    list.replaceChildren();
    items.forEach((item, i) => {
      const option = document.createElement('li');
      option.id = `${list.id}-${i}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      const other = item.labelLang || (item.lang && item.lang !== lang ? item.lang : null);
      const label = document.createElement('span');
      label.textContent = item.name;
      if (other) label.lang = other;
      option.append(label);
      if (other) {
        const tag = document.createElement('span');
        tag.className = 'tag lang-mark';
        tag.textContent = ` ${other.toUpperCase()}`;
        option.append(tag);
      }
      // Keep the focus in the box while clicking an option.
      option.addEventListener('mousedown', (event) => event.preventDefault());
      option.addEventListener('click', () => choose(item));
      list.append(option);
    });
    active = -1;
    mark();
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
    status.textContent = items.length
      ? (box.dataset.countLabel || '').replace('{count}', String(items.length))
      : (box.dataset.noneLabel || '').replace('{query}', query);
  };
  const search = async () => {
    const query = input.value.trim();
    const mine = ++asked;
    if (query.length < 2) {
      items = [];
      close();
      return;
    }
    try {
      const response = await fetch(`${endpoint}q=${encodeURIComponent(query.slice(0, 200))}&lang=${lang}&limit=8`, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok || mine !== asked) return;
      items = ((await response.json()).items || []).map((x) => ({ id: x.id, name: x.name, lang: x.lang, labelLang: x.labelLang }));
      render(query);
    } catch {
      // Offline or refused: the Search button still works.
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!items.length) return;
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = active < 0 ? (step > 0 ? 0 : items.length - 1) : (active + step + items.length) % items.length;
      mark();
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(items[active]);
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else input.value = '';
    }
  });
  input.addEventListener('blur', () => close());
}
