// The SMS safety word list (DESIGN.md "Privacy and safety rules"): whoever holds the phone must not learn
// from a message that there is a case. Every outbound text and every survey definition is checked here.
//
// Matching is on normalized words: lower case, accents stripped (so ş/ș, ţ/ț, ă/a, é/e, й/и are alike).
// A `stems` entry catches every word that starts with it ("procurorul", "victimei", "Polizeibeamter");
// an `exact` entry is for a stem that would also catch ordinary words ("court" → "courtesy", French
// "courte"; "trata" → Romanian "tratat"). Every language's words are checked in every language's text,
// because a message is read by whoever has the phone, in whatever language they read. Over-blocking is
// the safe side: a survey author rephrases, a leaked word cannot be taken back.

interface ForbiddenGroup {
  /** What the words mean, for whoever maintains the list. */
  concept: string;
  stems?: readonly string[];
  exact?: readonly string[];
  /** Consecutive word stems, for terms whose single words are harmless ("торгівля" alone is trade). */
  phrases?: readonly (readonly string[])[];
}

const GROUPS: readonly ForbiddenGroup[] = [
  {
    concept: 'trafficking',
    stems: [
      'traffic', // en traffic(king), it traffico
      'trafic', // ro trafic, traficant; fr trafic; es tráfico
      'trafiqu', // fr trafiquant
      'menschenhänd', // de Menschenhändler
      'menschenhandel', // de
      'emberkeresked', // hu emberkereskedelem, emberkereskedő
      'трафік', // uk
      'трафик', // ru
      'работоргівл', // uk
      'работорговл', // ru
    ],
    exact: ['traite', 'traites', 'trata', 'tratta'], // fr/es/it, whose stems are everyday verbs ("tratat")
    phrases: [
      ['торгівл', 'людьм'], // uk торгівля людьми
      ['торговл', 'людьм'], // ru торговля людьми
    ],
  },
  {
    concept: 'exploitation',
    stems: ['exploat', 'exploit', 'explotac', 'sfrutt', 'ausbeut', 'kizsákmány', 'експлуат', 'эксплуат'],
  },
  {
    concept: 'victim',
    stems: [
      'victim', // en, ro victimă, fr victime, es víctima
      'vittim', // it
      'opfer', // de
      'áldozat', // hu
      'жертв', // uk, ru
      'потерпіл', // uk
      'потерпевш', // ru
      'vătămat', // ro persoana vătămată
    ],
  },
  {
    concept: 'prosecutor',
    stems: [
      'prosecut', // en
      'procuror', // ro
      'parchet', // ro
      'procureu', // fr procureur
      'procurator', // it procuratore, ro procurator
      'fiscal', // es fiscal, fiscalía
      'staatsanwalt', // de
      'ügyész', // hu ügyész, ügyészség
      'прокурор', // uk, ru
      'прокуратур', // uk, ru
    ],
    exact: ['procura'], // it Procura; as a stem it would catch es "procurar" (to try)
  },
  {
    concept: 'court and judge',
    stems: [
      'tribuna', // ro tribunal, fr tribunal/tribunaux, es tribunal, it tribunale
      'instanța', // ro instanța, instanță
      'instanțe', // ro instanței, instanțele
      'judecăt', // ro judecată, judecător, judecătorie
      'juzgad', // es juzgado
      'giudic', // it giudice
      'gericht', // de Gericht, Gerichtsverhandlung
      'amtsgericht',
      'landgericht',
      'oberlandesgericht',
      'richter', // de
      'bíró', // hu bíró, bíróság
      'суд', // uk суд, суддя; ru суд, судья
    ],
    exact: ['court', 'courts', 'courtroom', 'courtrooms', 'courthouse', 'courthouses', 'judge', 'judges'],
  },
  {
    concept: 'police',
    stems: [
      'police', // en, fr
      'polici', // fr policier, es policía
      'poliți', // ro poliție, poliția, polițist
      'polizi', // it polizia, poliziotto
      'polizei', // de
      'rendőr', // hu rendőr, rendőrség
      'jandarm', // ro
      'gendarm', // fr, de
      'carabinier', // it
      'поліц', // uk
      'полиц', // ru
      'милиц', // ru
    ],
    phrases: [['guardia', 'civil']],
  },
  {
    concept: 'agencies',
    exact: ['diicot', 'anitp', 'igpr'],
  },
  {
    concept: 'hearing, trial and proceedings',
    stems: [
      'hearing', // en
      'audier', // ro audiere
      'audia', // ro audiat; es audiencia
      'audien', // fr audience; ro audiență
      'audition', // fr
      'udienz', // it udienza
      'proces', // ro proces; fr procès; es proceso; it processo; en process
      'prozess', // de
      'juicio', // es
      'anhörung', // de
      'verhandlung', // de
      'hauptverhandlung',
      'vernehm', // de Vernehmung
      'meghallgat', // hu meghallgatás
      'tárgyalás', // hu
      'слуханн', // uk слухання
      'допит', // uk
      'допрос', // ru
      'слушани', // ru слушание
      'penal', // ro/es/it penal(e); fr pénal
      'crimin', // en/ro/es criminal, fr criminel
      'testimon', // en testimony, es testimonio, ro testimoniu
      'témoign', // fr témoignage
      'witness', // en
      'martor', // ro
      'testigo', // es
      'zeuge', // de
      'свідк', // uk
      'свідок', // uk
      'свидетел', // ru
    ],
    exact: ['trial', 'trials', 'témoin', 'témoins'],
  },
];

/** Lower case, accents stripped: the form both the list and a text are compared in. */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const STEMS = GROUPS.flatMap((g) => g.stems ?? []).map(normalizeWord);
const EXACT = new Set(GROUPS.flatMap((g) => g.exact ?? []).map(normalizeWord));
const PHRASES = GROUPS.flatMap((g) => g.phrases ?? []).map((p) => p.map(normalizeWord));

// Combining marks belong to the word they sit on, so a decomposed "ș" does not split "poliția".
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * The words (as written in the text) that must never appear in an SMS; empty when the text is clean.
 * Phrases come back as their words joined by a space.
 */
export function findForbiddenWords(text: string): string[] {
  const words = text.match(WORD) ?? [];
  const normalized = words.map(normalizeWord);
  const found = new Set<string>();
  normalized.forEach((word, i) => {
    if (EXACT.has(word) || STEMS.some((stem) => word.startsWith(stem))) found.add(words[i] ?? word);
    for (const phrase of PHRASES) {
      const matches = phrase.every((stem, j) => normalized[i + j]?.startsWith(stem) === true);
      if (matches) found.add(words.slice(i, i + phrase.length).join(' '));
    }
  });
  return [...found];
}
