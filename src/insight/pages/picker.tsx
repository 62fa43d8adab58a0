import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import type { PickerState } from '../pickers.ts';

const t = (request: FastifyRequest, key: string, vars?: Record<string, unknown>) => request.t(`insight:${key}`, vars);

export interface PickerProps {
  request: FastifyRequest;
  /** The filter's field: 'skill' or 'occupation'; the search box is `${name}Search`. */
  name: 'skill' | 'occupation';
  state: PickerState;
  /** The page's address with the other filters as they are, without this one: "remove". */
  removeHref: string;
  errors?: FormErrors;
}

/**
 * A skill or an occupation chosen by its name. Chosen: its name, kept in a hidden field, and a link
 * that removes it. Not chosen: a search box with a button that submits the filter form; the page
 * then lists what matches as radio buttons, one of which "Show" applies. No script is needed;
 * vaardig.js turns the box into a combobox (WAI-ARIA pattern) that lists the matches as one types.
 */
export function FilterPicker({ request, name, state, removeHref, errors }: PickerProps) {
  const search = `${name}Search`;
  const label = t(request, `filters.${name}`);
  const error = errors?.[name] ?? errors?.[search];
  if (state.chosen) {
    const chosen = state.chosen;
    return (
      <div class="field filter-picker" id={`${name}-picker`}>
        <input type="hidden" name={name} value={chosen.id} />
        <p class="picker-label">{escapeHtml(label)}</p>
        <p class="picker-chosen">
          <strong lang={chosen.lang ?? undefined}>{escapeHtml(chosen.name)}</strong>{' '}
          <a href={removeHref} class="picker-remove">
            {escapeHtml(t(request, 'filters.remove'))}
            <span class="visually-hidden">{escapeHtml(t(request, `filters.remove_${name}`, { name: chosen.name }))}</span>
          </a>
        </p>
      </div>
    );
  }
  const describedBy = [`${search}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div
      class={error ? 'field filter-picker field-error' : 'field filter-picker'}
      id={`${name}-picker`}
      data-filter-picker={name}
      data-list-label={t(request, `filters.${name}List`)}
      data-count-label={t(request, 'filters.found', { count: '{count}' })}
      data-none-label={t(request, 'filters.noMatches', { query: '{query}' })}
    >
      <label for={search}>{escapeHtml(t(request, `filters.${name}Search`))}</label>
      <p class="hint" id={`${search}-hint`}>
        {escapeHtml(t(request, `filters.${name}Hint`))}
      </p>
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
      <div class="picker-row">
        <input
          type="search"
          id={search}
          name={search}
          value={state.query || undefined}
          autocomplete="off"
          spellcheck="false"
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
        />
        <button type="submit" class="secondary" name="find" value={name}>
          {escapeHtml(t(request, 'filters.find'))}
          <span class="visually-hidden"> {escapeHtml(t(request, `filters.${name}`))}</span>
        </button>
      </div>
      {state.matches === null ? (
        ''
      ) : state.matches.length === 0 ? (
        <p class="muted" role="status">
          {escapeHtml(t(request, 'filters.noMatches', { query: state.query }))}
        </p>
      ) : (
        <fieldset class="picker-matches">
          <legend>{escapeHtml(t(request, `filters.${name}Matches`, { count: state.matches.length, query: state.query }))}</legend>
          {state.matches.map((m) => (
            <div class="field field-checkbox">
              <input type="radio" name={name} id={`${name}-${m.id}`} value={m.id} />
              <label for={`${name}-${m.id}`}>
                <span lang={m.lang ?? undefined}>{escapeHtml(m.name)}</span>
                {m.lang ? <span class="tag lang-mark"> {escapeHtml(m.lang.toUpperCase())}</span> : ''}
              </label>
            </div>
          ))}
        </fieldset>
      )}
    </div>
  );
}
