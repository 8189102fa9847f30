import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/enums.ts';
import {
  CANCEL_WORDS,
  classifyInbound,
  keywordTable,
  NO_WORD,
  START_WORD,
  STOP_WORD,
  YES_WORD,
} from '../../shared/sms/keywords.ts';

describe('classifyInbound', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop ',
    'STOP!',
    'StopAll',
    'UNSUBSCRIBE',
    'END',
    'quit',
    'REVOKE',
    'optout',
    'opt out',
    'DEZABONARE',
    'dezabonează',
    'Oprește',
    'СТОП',
    'стоп',
    'відписатися',
    'ОТПИСАТЬСЯ',
    'leiratkozás',
    'ARRÊT',
    'arret',
    'Désabonnement',
    'BAJA',
    'darse  de baja',
    'basta',
    'disiscriviti',
    'Disiscrizione',
    'STOPP',
    'abmelden',
  ])('reads "%s" as stop', (body) => {
    expect(classifyInbound(body)).toBe('stop');
  });

  it.each(['START', 'start', 'UNSTOP', 'старт', 'reluare', 'reprise', 'riattivazione', 'fortsetzen'])(
    'reads "%s" as start',
    (body) => {
      expect(classifyInbound(body)).toBe('start');
    },
  );

  it.each(['HELP', 'info', 'Ajutor', 'допомога', 'помощь', 'segítség', 'aide', 'ayuda', 'aiuto', 'Hilfe?'])(
    'reads "%s" as help',
    (body) => {
      expect(classifyInbound(body)).toBe('help');
    },
  );

  it.each(['YES', 'da', 'Da.', 'ТАК', 'так', 'tak', 'ДА', 'igen', 'Oui', 'SÍ', 'sí', 'si', 'JA'])(
    'reads "%s" as yes',
    (body) => {
      expect(classifyInbound(body)).toBe('yes');
    },
  );

  it.each(['NO', 'nu', 'НІ', 'ні', 'НЕТ', 'нет', 'nem', 'non', 'Nein'])('reads "%s" as no', (body) => {
    expect(classifyInbound(body)).toBe('no');
  });

  it.each(['', '   ', '3', 'please stop', 'stop sending me these', 'da, sigur', 'HALT', 'DANKE'])(
    'leaves "%s" alone, because only the whole message is a keyword',
    (body) => {
      expect(classifyInbound(body)).toBeNull();
    },
  );

  // Someone cancelling one appointment must not lose every later message: "cancel" gets the help text.
  it.each([
    ['en', 'CANCEL'],
    ['en', 'cancel'],
    ['ro', 'ANULARE'],
    ['ro', 'anulează'],
    ['uk', 'СКАСУВАТИ'],
    ['ru', 'ОТМЕНА'],
    ['ru', 'отменить'],
    ['hu', 'MÉGSE'],
    ['hu', 'megse'],
    ['fr', 'ANNULER'],
    ['fr', 'Annulation'],
    ['es', 'CANCELAR'],
    ['es', 'anular'],
    ['it', 'ANNULLA'],
    ['de', 'ABBRECHEN'],
    ['de', 'stornieren'],
  ])('reads the %s cancel word "%s" as help, never as stop', (_language, body) => {
    expect(classifyInbound(body)).toBe('help');
  });

  it('has a cancel word for every supported language, and none of them opts out', () => {
    const byLanguage: Record<string, string> = {
      en: 'CANCEL',
      ro: 'ANULARE',
      uk: 'СКАСУВАТИ',
      ru: 'ОТМЕНА',
      hu: 'MÉGSE',
      fr: 'ANNULER',
      es: 'CANCELAR',
      it: 'ANNULLA',
      de: 'ABBRECHEN',
    };
    expect(Object.keys(byLanguage).sort()).toEqual([...LANGUAGES].sort());
    for (const word of CANCEL_WORDS) expect(classifyInbound(word), word).toBe('help');
    for (const word of Object.values(byLanguage)) expect(CANCEL_WORDS).toContain(word);
  });

  it('never gives one word two meanings', () => {
    const meanings = new Map<string, Set<string>>();
    for (const [word, keyword] of keywordTable()) {
      meanings.set(word, (meanings.get(word) ?? new Set()).add(keyword));
    }
    const ambiguous = [...meanings].filter(([, set]) => set.size > 1).map(([word]) => word);
    expect(ambiguous).toEqual([]);
  });
});

describe('the words each language asks for', () => {
  it.each(LANGUAGES)(
    'are understood back in %s: its YES word reads as yes, its NO word as no',
    (language) => {
      expect(classifyInbound(YES_WORD[language])).toBe('yes');
      expect(classifyInbound(NO_WORD[language])).toBe('no');
    },
  );

  it('keeps STOP and START the same word in every language', () => {
    expect(STOP_WORD).toBe('STOP');
    expect(START_WORD).toBe('START');
    expect(classifyInbound(STOP_WORD)).toBe('stop');
    expect(classifyInbound(START_WORD)).toBe('start');
  });
});
