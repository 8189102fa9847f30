import { describe, expect, it } from 'vitest';
import { keywordReply } from '../../shared/sms/keyword-replies.ts';
import { classifyInbound } from '../../shared/sms/keywords.ts';
import { smsText } from '../../shared/sms/templates.ts';

describe('the answers to STOP, DEZABONARE and AJUTOR', () => {
  it('reads DEZABONARE as STOP and AJUTOR as HELP', () => {
    expect([classifyInbound('DEZABONARE'), classifyInbound('ajutor')]).toEqual(['stop', 'help']);
  });

  it('answers a Romanian phone in Romanian, then English', () => {
    expect(keywordReply('opted_out', 'ro')).toBe(
      'Nu veți mai primi mesaje. START = reluare\nYou will receive no more messages. START = resume',
    );
    expect(keywordReply('help', 'ro').split('\n')).toEqual([
      smsText('help', 'ro').body,
      smsText('help', 'en').body,
    ]);
  });

  it('answers another language first, then Romanian and English, never one twice', () => {
    expect(keywordReply('opted_in', 'uk').split('\n')).toEqual(
      (['uk', 'ro', 'en'] as const).map((language) => smsText('opted_in', language).body),
    );
    expect(keywordReply('opted_out', 'en').split('\n')).toEqual(
      (['en', 'ro'] as const).map((language) => smsText('opted_out', language).body),
    );
  });

  it('writes Romanian without diacritics when the deployment transliterates', () => {
    expect(keywordReply('opted_out', 'ro', true)).toMatch(/^Nu veti mai primi mesaje\./);
  });
});
