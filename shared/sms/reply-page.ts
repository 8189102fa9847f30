// The private web reply page (/r/<token>), rendered on the server as one small HTML document: the survey's
// intro and questions as one form, the way out as a second, an error summary when a submission is refused.
// It works without JavaScript and loads nothing at all: the one stylesheet is inline and named by its hash in
// the Content-Security-Policy, so `default-src 'none'` holds. Every text shown is escaped here, the survey's
// own texts included. Pure: the view comes in, the HTML and its headers go out.
import { createHash } from 'node:crypto';
import type { Language } from '../domain/enums.ts';
import { NO_WORD, YES_WORD } from './keywords.ts';
import { GONE_PAGE, REPLY_PAGE_TEXTS } from './reply-page-texts.ts';

export interface ReplyQuestionView {
  type: 'scale' | 'yes_no' | 'choice' | 'text';
  text: string;
  min?: number;
  max?: number;
  choices?: string[];
}

export interface ReplyError {
  /** The question's index; undefined for an error about the whole form. */
  question?: number;
  message: string;
}

export interface ReplyFormView {
  language: Language;
  intro?: string;
  questions: ReplyQuestionView[];
  /** What the person sent, shown again when the form comes back with errors. */
  values?: Record<string, string>;
  errors?: ReplyError[];
}

/** The field name of a question: by position, so no survey author's id ever reaches the markup. */
export const fieldName = (index: number) => `q${index}`;
/** The form field of the way out: its presence is the request. */
export const STOP_FIELD = 'stop';
export const TEXT_MAX_LENGTH = 160;

const STYLE =
  'body{font:1.125rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:36rem;padding:1rem;color:#0b0c0c;background:#fff}' +
  'h1{font-size:1.5rem}h2{font-size:1.25rem}fieldset{border:0;margin:0 0 1.5rem;padding:0}' +
  'legend{font-weight:700;margin-bottom:.25rem}label{display:block;padding:.4rem 0}' +
  'input[type=radio]{width:1.25rem;height:1.25rem;margin:0 .5rem 0 0;vertical-align:middle}' +
  'textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:2px solid #0b0c0c}' +
  'button{font:inherit;padding:.6rem 1rem;border:2px solid #0b0c0c;background:#00703c;color:#fff}' +
  'button.secondary{background:#f3f2f1;color:#0b0c0c}.hint{color:#505a5f}' +
  '.error-summary{border:4px solid #d4351c;padding:0 1rem;margin-bottom:1.5rem}.error{color:#b3261e;font-weight:700}' +
  'form>div{margin-bottom:1.5rem}a{color:#1d70b8}:focus{outline:3px solid #fd0;outline-offset:0}hr{margin:2rem 0}';

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** Headers of every reply page: nothing cached, no referrer, nothing loaded, forms only back to us. */
export const REPLY_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src '${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
};

export const REPLY_PAGE_CONTENT_TYPE = 'text/html; charset=utf-8';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(language: string, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`
  );
}

/** Each sentence of a text on its own line, as the SMS would show it. */
function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/** The value each option of a question posts: what the SMS engine reads as that answer (parseAnswer). */
export function optionsOf(
  question: ReplyQuestionView,
  language: Language,
): { value: string; label: string }[] {
  const texts = REPLY_PAGE_TEXTS[language];
  switch (question.type) {
    case 'scale': {
      const min = question.min ?? 1;
      const max = question.max ?? 5;
      return Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => ({
        value: String(min + i),
        label: String(min + i),
      }));
    }
    case 'yes_no':
      return [
        { value: YES_WORD[language], label: texts.yes },
        { value: NO_WORD[language], label: texts.no },
      ];
    case 'choice':
      return (question.choices ?? []).map((choice, i) => ({ value: String(i + 1), label: choice }));
    case 'text':
      return [];
  }
}

function errorSummary(view: ReplyFormView): string {
  const errors = view.errors ?? [];
  if (errors.length === 0) return '';
  const texts = REPLY_PAGE_TEXTS[view.language];
  const items = errors
    .map((error) => {
      const target = error.question === undefined ? 'answers' : `${fieldName(error.question)}-0`;
      return `<li><a href="#${target}">${escapeHtml(error.message)}</a></li>`;
    })
    .join('');
  return (
    '<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">' +
    `<h2 id="error-summary-title">${escapeHtml(texts.errorTitle)}</h2><ul>${items}</ul></div>`
  );
}

function questionField(view: ReplyFormView, question: ReplyQuestionView, index: number): string {
  const name = fieldName(index);
  const value = view.values?.[name] ?? '';
  const error = view.errors?.find((e) => e.question === index);
  const errorId = `${name}-error`;
  const errorLine = error ? `<p class="error" id="${errorId}">${escapeHtml(error.message)}</p>` : '';
  if (question.type === 'text') {
    const hintId = `${name}-hint`;
    const describedBy = error ? `${hintId} ${errorId}` : hintId;
    return (
      `<div><label for="${name}-0"><strong>${escapeHtml(question.text)}</strong></label>` +
      `<p class="hint" id="${hintId}">${escapeHtml(REPLY_PAGE_TEXTS[view.language].textHint)}</p>${errorLine}` +
      `<textarea id="${name}-0" name="${name}" rows="3" maxlength="${TEXT_MAX_LENGTH}" aria-describedby="${describedBy}"` +
      `${error ? ' aria-invalid="true"' : ''}>${escapeHtml(value)}</textarea></div>`
    );
  }
  const options = optionsOf(question, view.language)
    .map(
      (option, i) =>
        `<label><input type="radio" id="${name}-${i}" name="${name}" value="${escapeHtml(option.value)}"` +
        `${option.value === value ? ' checked' : ''}>${escapeHtml(option.label)}</label>`,
    )
    .join('');
  return (
    `<fieldset${error ? ` aria-describedby="${errorId}"` : ''}><legend>${escapeHtml(question.text)}</legend>` +
    `${errorLine}${options}</fieldset>`
  );
}

/** The form: intro, every question, the send button; then the way out, a form of its own. */
export function renderReplyForm(view: ReplyFormView): string {
  const texts = REPLY_PAGE_TEXTS[view.language];
  const fields = view.questions.map((question, i) => questionField(view, question, i)).join('');
  const body =
    `<h1>${escapeHtml(texts.title)}</h1>${errorSummary(view)}${view.intro ? paragraphs(view.intro) : ''}` +
    `<p class="hint">${escapeHtml(texts.optional)}</p>` +
    `<form method="post" id="answers" novalidate>${fields}<button type="submit">${escapeHtml(texts.send)}</button></form>` +
    `<hr><h2>${escapeHtml(texts.stopHeading)}</h2><p>${escapeHtml(texts.stopHint)}</p>` +
    `<form method="post"><input type="hidden" name="${STOP_FIELD}" value="1">` +
    `<button type="submit" class="secondary">${escapeHtml(texts.stopButton)}</button></form>`;
  return page(view.language, texts.title, body);
}

/** After a submission: the survey's thanks (or the default), or the opt-out confirmation. */
export function renderReplyMessage(language: Language, text: string): string {
  const title = REPLY_PAGE_TEXTS[language].title;
  return page(language, title, `<h1>${escapeHtml(title)}</h1>${paragraphs(text)}`);
}

/** The one page of every unknown, expired or spent link: it says nothing of whose link it was. */
export function renderGonePage(): string {
  const lines = GONE_PAGE.lines.map((line) => `<p lang="${line.lang}">${escapeHtml(line.text)}</p>`).join('');
  return page(GONE_PAGE.lang, GONE_PAGE.title, `<h1>${escapeHtml(GONE_PAGE.title)}</h1>${lines}`);
}
