import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/enums.ts';
import { findForbiddenWords } from '../../shared/sms/forbidden-words.ts';
import {
  escapeHtml,
  REPLY_PAGE_HEADERS,
  type ReplyFormView,
  renderGonePage,
  renderReplyForm,
  renderReplyMessage,
} from '../../shared/sms/reply-page.ts';
import { GONE_PAGE, REPLY_PAGE_TEXTS } from '../../shared/sms/reply-page-texts.ts';

function aView(overrides: Partial<ReplyFormView> = {}): ReplyFormView {
  return {
    language: 'ro',
    intro: 'Câteva întrebări scurte.',
    questions: [
      { type: 'scale', text: 'Cât de în siguranță v-ați simțit?', min: 1, max: 5 },
      { type: 'yes_no', text: 'V-a fost de folos sprijinul?' },
      { type: 'choice', text: 'Cum ați ajuns?', choices: ['Pe jos', 'Cu mașina'] },
      { type: 'text', text: 'Ce ar trebui să facem altfel?' },
    ],
    ...overrides,
  };
}

/** The text a person reads: the markup removed, entities left as they are. */
const visibleText = (html: string) => html.replace(/<style>.*<\/style>/s, '').replace(/<[^>]+>/g, ' ');

describe('the words of the reply page', () => {
  it.each(LANGUAGES)('carry no forbidden word in %s', (language) => {
    const texts = Object.values(REPLY_PAGE_TEXTS[language]);
    expect(texts.flatMap((text) => findForbiddenWords(text))).toEqual([]);
    expect(texts.every((text) => text.trim() !== '')).toBe(true);
  });

  it('leave none on the neutral page either, nor on any rendered page', () => {
    expect(findForbiddenWords(`${GONE_PAGE.title} ${GONE_PAGE.lines.map((l) => l.text).join(' ')}`)).toEqual(
      [],
    );
    for (const language of LANGUAGES) {
      expect(findForbiddenWords(visibleText(renderReplyForm(aView({ language, intro: undefined }))))).toEqual(
        [],
      );
    }
  });
});

describe('the reply form', () => {
  it('is one small page for a phone: the language, the viewport, every question as a labelled field', () => {
    const html = renderReplyForm(aView());
    expect(html).toMatch(/^<!doctype html><html lang="ro">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(html).toContain('<legend>Cât de în siguranță v-ați simțit?</legend>');
    expect(html.match(/type="radio" id="q0-\d" name="q0"/g)).toHaveLength(5);
    expect(html).toContain('name="q1" value="DA">Da</label>');
    expect(html).toContain('name="q2" value="2">Cu mașina</label>');
    expect(html).toContain('<label for="q3-0"><strong>Ce ar trebui să facem altfel?</strong></label>');
    expect(html).toContain('maxlength="160"');
    expect(html).toContain('<button type="submit" class="secondary">Nu mă mai contactați</button>');
    // Two forms: the answers, and the way out.
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
  });

  it('loads nothing and runs nothing: no script, no external reference, and the CSP names its one style', () => {
    const html = renderReplyForm(aView());
    expect(html).not.toMatch(/<script|<img|<link|<iframe|src=|https?:\/\/|\son[a-z]+=/i);
    const style = /<style>(.*)<\/style>/s.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(REPLY_PAGE_HEADERS['content-security-policy']).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
    expect(REPLY_PAGE_HEADERS['referrer-policy']).toBe('no-referrer');
    expect(REPLY_PAGE_HEADERS['cache-control']).toBe('no-store');
  });

  it('escapes every text it did not write: a survey author’s and what the person typed', () => {
    const html = renderReplyForm(
      aView({
        intro: '<script>alert(1)</script>',
        questions: [
          { type: 'choice', text: 'A & B "quoted"', choices: ['<b>x</b>', "it's"] },
          { type: 'text', text: 'Why?' },
        ],
        values: { q1: '</textarea><script>alert(2)</script>' },
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A &amp; B &quot;quoted&quot;');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('it&#39;s');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>');
  });

  it('gives the form back with an error summary linking to each field, and keeps what was chosen', () => {
    const html = renderReplyForm(
      aView({
        values: { q0: '4', q3: 'Mai repede' },
        errors: [
          { question: 1, message: 'Alegeți unul dintre răspunsurile oferite' },
          { message: 'Altceva' },
        ],
      }),
    );
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain('<h2 id="error-summary-title">A apărut o problemă</h2>');
    expect(html).toContain('<li><a href="#q1-0">Alegeți unul dintre răspunsurile oferite</a></li>');
    expect(html).toContain('<li><a href="#answers">Altceva</a></li>');
    expect(html).toContain('<fieldset aria-describedby="q1-error">');
    expect(html).toContain('id="q0-3" name="q0" value="4" checked>');
    expect(html).toContain('>Mai repede</textarea>');
  });

  it('shows no error summary when there is nothing wrong', () => {
    expect(renderReplyForm(aView())).not.toContain('class="error-summary"');
  });
});

describe('the pages after the form', () => {
  it('thanks in the survey’s language, one paragraph a line', () => {
    const html = renderReplyMessage('uk', 'Дякуємо!\nSTOP = відписатися');
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain('<p>Дякуємо!</p><p>STOP = відписатися</p>');
  });

  it('answers every unknown, expired or spent link with one page that names nothing', () => {
    const html = renderGonePage();
    expect(html).toContain('<p lang="en">This address is no longer valid.</p>');
    expect(visibleText(html)).not.toMatch(/survey|chestionar|form/i);
    expect(html).not.toContain('<form');
  });

  it('escapes the five characters HTML gives meaning to', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
