// The notification e-mails: both languages, a neutral subject, a count and a console link, nothing else.
import { describe, expect, it } from 'vitest';
import { MAIL_KINDS } from '../../shared/domain/outbox-message.ts';
import { mailText } from '../../shared/mail/mail-texts.ts';
import { findForbiddenWords } from '../../shared/sms/forbidden-words.ts';

const BASE = 'https://alaturi.example.ro/';

describe('mailText', () => {
  it.each(MAIL_KINDS.map((k) => [k]))('writes %s in Romanian, then English, with a console link', (kind) => {
    const { subject, text } = mailText(kind, 'unit:DIICOT-CRAIOVA', 1, BASE);
    expect(subject).toBe('Alături: notificare / notification');
    expect(text).toMatch(/Detalii în consolă[\s\S]*Details in the console/);
    expect(text).toMatch(/https:\/\/alaturi\.example\.ro\/console\/(queue|today|due)\n/);
    expect(text).not.toContain('example.ro//console');
  });

  it('keeps the subject free of every word an SMS must not carry, so a lock screen tells nothing', () => {
    expect(findForbiddenWords(mailText('urgent_alert', 'county:DJ', 1, BASE).subject)).toEqual([]);
  });

  it('counts in both languages, singular and plural', () => {
    expect(mailText('review_digest', 'unit:DIICOT-CRAIOVA', 1, BASE).text).toContain(
      'One measure is due for review within 7 days (unit DIICOT-CRAIOVA)',
    );
    const many = mailText('review_digest', 'unit:DIICOT-CRAIOVA', 3, BASE).text;
    expect(many).toContain('3 măsuri trebuie reevaluate în următoarele 7 zile');
    expect(many).toContain('3 measures are due for review within 7 days');
    expect(mailText('urgent_alert', 'county:DJ', 2, BASE).text).toContain(
      '2 alerte urgente noi în județul DJ',
    );
  });

  it('carries only the kind, the count, the scope code and the link: no digit but the count and the scope', () => {
    const { text } = mailText('urgent_protection_request', 'unit:DIICOT-CRAIOVA', 4, 'https://a.example.ro');
    // Every number in the text is the count: nothing that could be a phone, a date or a case number.
    expect(text.match(/\d+/g)).toEqual(['4', '4']);
    expect(text).not.toMatch(/\+?\d{6,}|@/);
  });
});
