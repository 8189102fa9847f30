// The console's building blocks (GOV.UK Frontend patterns): one component per pattern, used by every page,
// plain functions of typed props. JSX escapes every value; no component calls the API.
import type { ComponentChildren } from 'preact';
import type { Catalog, Locale } from './messages.ts';

export interface PageFrame {
  t: Catalog;
  locale: Locale;
  /** The current path and query without `lang`, for the language link. */
  here: string;
  role?: string;
  csrf?: string;
}

export function Layout(props: { frame: PageFrame; title: string; children: ComponentChildren }) {
  const { frame } = props;
  const { t } = frame;
  const other = frame.locale === 'ro' ? 'en' : 'ro';
  const join = frame.here.includes('?') ? '&' : '?';
  return (
    <html lang={frame.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - ${t.appName}`}</title>
        <link rel="stylesheet" href="/console/static/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="top">
          <span class="brand">{t.appName}</span>
          {frame.role && <Navigation frame={frame} />}
          <a class="lang" href={`${frame.here}${join}lang=${other}`} lang={other} hreflang={other}>
            {t.otherLanguage}
          </a>
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** Each role's menu: the pages that role works in, first the one it lands on. */
const menus = (t: Catalog): Record<string, [string, string][]> => ({
  coordinator: [
    ['/console/today', t.today],
    ['/console/cases', t.cases],
    ['/console/calendar', t.calendar],
    ['/console/alerts', t.alerts],
  ],
  prosecutor: [
    ['/console/queue', t.queue],
    ['/console/due', t.dueForReview],
    ['/console/calendar', t.calendar],
  ],
  analyst: [
    ['/console/indicators', t.indicators],
    ['/console/feedback', t.feedback],
  ],
  admin: [
    ['/console/surveys', t.surveys],
    ['/console/places', t.places],
    ['/console/audit', t.audit],
    ['/console/erasure', t.erasure],
  ],
});

function Navigation({ frame }: { frame: PageFrame }) {
  const { t } = frame;
  const links = menus(t)[frame.role ?? ''] ?? [];
  return (
    <nav aria-label={t.mainNav}>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={frame.here.split('?')[0] === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
        <li>
          <form method="post" action="/console/logout">
            <Csrf token={frame.csrf} />
            <button type="submit" class="link">
              {t.signOut}
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

export function Csrf({ token }: { token: string | undefined }) {
  return token ? <input type="hidden" name="csrf" value={token} /> : null;
}

export type FieldErrors = Record<string, string>;

/** The error summary at the top of a form: each problem links to its field. */
export function ErrorSummary({ t, errors }: { t: Catalog; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{t.errorSummary}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;

interface FieldProps {
  name: string;
  label: string;
  value?: string;
  errors: FieldErrors;
  type?: string;
  hint?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'text';
}

export function Field(props: FieldProps) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete ?? 'off'}
        inputMode={props.inputmode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={
          [error && `${id}-error`, props.hint && `${id}-hint`].filter(Boolean).join(' ') || undefined
        }
      />
    </div>
  );
}

export function TextArea(props: FieldProps) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <textarea id={id} name={props.name} rows={3} aria-describedby={error ? `${id}-error` : undefined}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  options: readonly (string | [string, string])[];
  value?: string;
  errors: FieldErrors;
  blank?: boolean;
}) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select id={id} name={props.name} aria-describedby={error ? `${id}-error` : undefined}>
        {props.blank && <option value="" />}
        {props.options.map((option) => {
          const [value, label] = typeof option === 'string' ? [option, option] : option;
          return (
            <option key={value} value={value} selected={value === props.value}>
              {label}
            </option>
          );
        })}
      </select>
    </div>
  );
}

export function Checkbox(props: { name: string; label: string; value?: string; checked: boolean }) {
  const id = fieldId(`${props.name}-${props.value ?? 'on'}`);
  return (
    <div class="checkbox">
      <input id={id} type="checkbox" name={props.name} value={props.value ?? 'on'} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/**
 * A table with its caption and column headers. With `rowHeaders`, each row's first cell heads its row (a data
 * table read row by row); `cellClass` marks cells by their text (the analyst's withheld "< k").
 */
export function Table(props: {
  caption: string;
  head: string[];
  rows: ComponentChildren[][];
  rowHeaders?: boolean;
  describedBy?: string | undefined;
  cellClass?: (cell: ComponentChildren) => string | undefined;
}) {
  return (
    <table aria-describedby={props.describedBy}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.head.map((cell) => (
            <th key={cell} scope="col">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              props.rowHeaders && j === 0 ? (
                <th key={j} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={j} class={props.cellClass?.(cell)}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The victim's phone: masked until the user asks, which is a POST the API audits as a read. */
export function MaskedPhone(props: {
  t: Catalog;
  caseId: string;
  phone?: string;
  revealed: boolean;
  csrf: string;
}) {
  if (!props.phone) return <span>-</span>;
  if (props.revealed) return <span>{props.phone}</span>;
  return (
    <form method="post" action={`/console/cases/${props.caseId}/phone`} class="inline">
      <span>{maskPhone(props.phone)} </span>
      <Csrf token={props.csrf} />
      <button type="submit" class="secondary">
        {props.t.showPhone}
      </button>
    </form>
  );
}

export function maskPhone(phone: string): string {
  return phone.length <= 6 ? '***' : `${phone.slice(0, 4)} *** *** ${phone.slice(-3)}`;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}
