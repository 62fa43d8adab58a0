import { escapeHtml } from './escape.ts';
import type { FastifyRequest } from 'fastify';
import type { PropsWithChildren } from '@kitajs/html';
import '../http/types.ts';

/** Field name → message; shown next to each field and summarised above the form. */
export type FormErrors = Record<string, string>;

export function CsrfField({ request }: { request: FastifyRequest }) {
  return <input type="hidden" name="_csrf" value={request.csrfToken} />;
}

export interface FieldProps {
  name: string;
  label: string;
  type?: string;
  value?: string | null;
  errors?: FormErrors;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  /** Renders a textarea instead of an input. */
  multiline?: boolean;
}

/** A labelled input whose error message sits next to it and is announced with it. */
export function Field({ name, label, type = 'text', value, errors, hint, required, autocomplete, multiline }: FieldProps) {
  const error = errors?.[name];
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id: name,
    name,
    required,
    autocomplete,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
  };
  // A colour input gets the same label, hint and width as a text field (the class sizes its swatch).
  const kind = type === 'color' ? ' field-colour' : '';
  return (
    <div class={`${error ? 'field field-error' : 'field'}${kind}`}>
      <label for={name}>{escapeHtml(label)}</label>
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {escapeHtml(hint)}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
      {multiline ? (
        <textarea {...common} rows="5">
          {escapeHtml(value) ?? ''}
        </textarea>
      ) : (
        <input {...common} type={type} value={value ?? undefined} />
      )}
    </div>
  );
}

export interface CheckboxProps {
  name: string;
  label: string;
  checked?: boolean;
  /** What the form receives when the box is ticked (nothing when it is not). */
  value?: string;
  errors?: FormErrors;
  hint?: string;
}

/**
 * A checkbox laid out like the other fields: the box in the form's column with its label beside it,
 * hint and error message under the label, announced with the box.
 */
export function Checkbox({ name, label, checked, value = 'on', errors, hint }: CheckboxProps) {
  const error = errors?.[name];
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-checkbox field-error' : 'field field-checkbox'}>
      <input
        type="checkbox"
        id={name}
        name={name}
        value={value}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <label for={name}>{escapeHtml(label)}</label>
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {escapeHtml(hint)}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export interface SelectProps {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  errors?: FormErrors;
}

export function Select({ name, label, options, value, errors }: SelectProps) {
  const error = errors?.[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={name}>{escapeHtml(label)}</label>
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
      <select id={name} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${name}-error` : undefined}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {escapeHtml(o.label)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The list of problems above a form, linking to each field, focused by the page script. */
export function ErrorSummary({ request, errors }: { request: FastifyRequest; errors?: FormErrors }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return '';
  return (
    <div class="error-summary" role="alert" tabindex="-1">
      <h2>{escapeHtml(request.t('platform:form.errorSummary'))}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{escapeHtml(message)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PostForm({
  request,
  action,
  children,
  multipart,
}: PropsWithChildren<{ request: FastifyRequest; action: string; multipart?: boolean }>) {
  return (
    <form method="post" action={action} enctype={multipart ? 'multipart/form-data' : undefined} novalidate>
      {/* First: a multipart body is checked as the handler reads it, so the token comes before any file. */}
      <CsrfField request={request} />
      {children}
    </form>
  );
}
