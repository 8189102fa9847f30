import { describe, expect, it } from 'vitest';
import { findForbiddenWords } from '../../shared/sms/forbidden-words.ts';

// One realistic sentence per language and concept, with inflected forms and the spellings people type.
const CAUGHT: Record<string, [text: string, word: string][]> = {
  ro: [
    ['Dosar de trafic de persoane', 'trafic'],
    ['Traficanții au fost prinși', 'Traficanții'],
    ['Datele victimei sunt protejate', 'victimei'],
    ['Procurorul vă așteaptă', 'Procurorul'],
    ['Citație la Parchetul de pe lângă Tribunal', 'Parchetul'],
    ['Termen la instanța din Cluj', 'instanța'],
    ['Termen la instanţa din Cluj (sedilă)', 'instanţa'],
    ['Mergeți la poliție', 'poliție'],
    ['Mergeti la politia locala', 'politia'],
    ['Audierea are loc mâine', 'Audierea'],
    ['Procesul începe luni', 'Procesul'],
    ['Sunați la DIICOT', 'DIICOT'],
    ['Info ANITP', 'ANITP'],
    ['Judecătorul a amânat', 'Judecătorul'],
  ],
  en: [
    ['Human trafficking support', 'trafficking'],
    ['Victims can call us', 'Victims'],
    ['The prosecutor called', 'prosecutor'],
    ['Court date set', 'Court'],
    ['Police station', 'Police'],
    ['Your hearing is tomorrow', 'hearing'],
    ['The trial starts', 'trial'],
  ],
  uk: [
    ['Протидія торгівлі людьми', 'торгівлі людьми'],
    ['Трафік людей', 'Трафік'],
    ['Жертвам допомагають', 'Жертвам'],
    ['Потерпіла має право', 'Потерпіла'],
    ['Прокурор чекає', 'Прокурор'],
    ['Засідання суду', 'суду'],
    ['Зверніться до поліції', 'поліції'],
    ['Слухання перенесено', 'Слухання'],
    ['Допит свідка', 'Допит'],
  ],
  ru: [
    ['Борьба с торговлей людьми', 'торговлей людьми'],
    ['Жертва получит помощь', 'Жертва'],
    ['Потерпевшая вызвана', 'Потерпевшая'],
    ['Прокуратура района', 'Прокуратура'],
    ['Повестка в суд', 'суд'],
    ['Полиция приедет', 'Полиция'],
    ['Допрос назначен', 'Допрос'],
    ['Слушание отложено', 'Слушание'],
  ],
  hu: [
    ['Emberkereskedelem elleni iroda', 'Emberkereskedelem'],
    ['Az áldozatok segítése', 'áldozatok'],
    ['Az aldozat neve', 'aldozat'],
    ['Az ügyészség levele', 'ügyészség'],
    ['A bíróság döntése', 'bíróság'],
    ['Hívja a rendőrséget', 'rendőrséget'],
    ['A meghallgatás holnap lesz', 'meghallgatás'],
  ],
  fr: [
    ['La traite des êtres humains', 'traite'],
    ['Les victimes sont aidées', 'victimes'],
    ['Le procureur vous attend', 'procureur'],
    ['Convocation au tribunal', 'tribunal'],
    ['Appelez la police', 'police'],
    ["L'audience est reportée", 'audience'],
    ['Le procès commence', 'procès'],
  ],
  es: [
    ['La trata de personas', 'trata'],
    ['Tráfico de personas', 'Tráfico'],
    ['Apoyo a las víctimas', 'víctimas'],
    ['La fiscalía llamó', 'fiscalía'],
    ['El fiscal le espera', 'fiscal'],
    ['Cita en el tribunal', 'tribunal'],
    ['Llame a la policía', 'policía'],
    ['La audiencia es mañana', 'audiencia'],
  ],
  it: [
    ['La tratta di esseri umani', 'tratta'],
    ['Sostegno alle vittime', 'vittime'],
    ['Il procuratore la aspetta', 'procuratore'],
    ['Presso il tribunale', 'tribunale'],
    ['Chiami la polizia', 'polizia'],
    ["L'udienza è rinviata", 'udienza'],
  ],
  de: [
    ['Beratung bei Menschenhandel', 'Menschenhandel'],
    ['Hilfe für Opfer', 'Opfer'],
    ['Die Staatsanwaltschaft schreibt', 'Staatsanwaltschaft'],
    ['Termin beim Gericht', 'Gericht'],
    ['Termin beim Landgericht', 'Landgericht'],
    ['Rufen Sie die Polizei', 'Polizei'],
    ['Die Anhörung ist morgen', 'Anhörung'],
    ['Die Verhandlung beginnt', 'Verhandlung'],
  ],
};

describe('findForbiddenWords', () => {
  for (const [language, cases] of Object.entries(CAUGHT)) {
    describe(`in ${language}`, () => {
      for (const [text, word] of cases) {
        it(`catches "${word}" in "${text}"`, () => {
          expect(findForbiddenWords(text)).toContain(word);
        });
      }
    });
  }

  it('is case-insensitive and reports each word as written', () => {
    expect(findForbiddenWords('POLIȚIA și Poliția și poliția')).toEqual(['POLIȚIA', 'Poliția', 'poliția']);
  });

  it('treats the cedilla and comma-below Romanian letters alike', () => {
    expect(findForbiddenWords('instanţa')).toEqual(['instanţa']);
    expect(findForbiddenWords('instanța')).toEqual(['instanța']);
    expect(findForbiddenWords('instanta')).toEqual(['instanta']);
  });

  it('catches a word written with decomposed diacritics (NFD input)', () => {
    expect(findForbiddenWords('poli\u0074\u0326ia'.normalize('NFD'))).toHaveLength(1);
    expect(findForbiddenWords('Anho\u0308rung')).toEqual(['Anho\u0308rung']);
  });

  it('finds every forbidden word of a mixed text, once each', () => {
    expect(findForbiddenWords('Procurorul, procurorul și poliția: audiere.')).toEqual([
      'Procurorul',
      'procurorul',
      'poliția',
      'audiere',
    ]);
  });

  it('does not flag the Cyrillic words for trade or people on their own', () => {
    expect(findForbiddenWords('Торгівля овочами. Люди чекають.')).toEqual([]);
  });

  it('passes neutral sentences, including words that merely resemble forbidden ones', () => {
    const neutral = [
      'Reamintire: programare 10.12 10:00, Str. Memorandumului 21. STOP = oprire mesaje',
      'Ați fost tratat cu respect? Răspundeți 1-5.',
      'Were you treated with courtesy? Reply 1-5.',
      'Un bref questionnaire, une courte pause.',
      'Se trató de una cita breve; ¿quiere procurar venir?',
      'Il suo appuntamento è spostato. Grazie.',
      'Ihr Termin wurde verlegt. Danke für Ihre Antworten.',
      'Зустріч перенесено. Дякуємо за відповіді.',
      'Встреча перенесена. Спасибо за ответы.',
      'Az időpont módosult. Köszönjük a válaszokat.',
    ];
    for (const text of neutral) expect(findForbiddenWords(text), text).toEqual([]);
  });
});
