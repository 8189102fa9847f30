// The survey editor's form as data: read from the posted fields or from a stored version, turned into the
// body of POST /surveys, and into the definition the SMS preview is computed from. No HTML here.
import { LANGUAGES, type Language } from '../../../shared/domain/enums.ts';
import type { SurveyDefinition, SurveyQuestion } from '../../../shared/domain/survey-definition.ts';

export const QUESTION_TYPES = ['scale', 'yes_no', 'choice', 'text'] as const;
/** The API takes at most 20 questions; the editor offers no more slots than that. */
export const MAX_QUESTIONS = 20;

export type Texts = Partial<Record<Language, string>>;

export interface QuestionValues {
  id: string;
  type: string;
  min: string;
  max: string;
  /** One option a line. */
  choices: string;
  text: Texts;
}

export interface EditorValues {
  id: string;
  /** A new version of a stored survey: its id is fixed. */
  existing: boolean;
  title: string;
  languages: Language[];
  intro: Texts;
  thanks: Texts;
  questions: QuestionValues[];
}

export const blankQuestion = (): QuestionValues => ({
  id: '',
  type: 'scale',
  min: '1',
  max: '5',
  choices: '',
  text: {},
});

export function blankSurvey(): EditorValues {
  return {
    id: '',
    existing: false,
    title: '',
    languages: ['ro'],
    intro: {},
    thanks: {},
    questions: [blankQuestion()],
  };
}

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

function textsOf(form: URLSearchParams, prefix: string, languages: Language[]): Texts {
  const texts: Texts = {};
  for (const lang of languages) {
    const value = form.get(`${prefix}.${lang}`);
    if (value !== null) texts[lang] = value;
  }
  return texts;
}

/** The posted editor; questions ticked "Remove" are left out, so the form shown next numbers them afresh. */
export function editorFromForm(form: URLSearchParams): EditorValues {
  const languages = LANGUAGES.filter((lang) => form.getAll('languages').includes(lang));
  let count = 0;
  for (const key of form.keys()) {
    const index = /^questions\.(\d+)\.type$/.exec(key)?.[1];
    if (index !== undefined) count = Math.max(count, Number(index) + 1);
  }
  const questions: QuestionValues[] = [];
  for (let i = 0; i < Math.min(count, MAX_QUESTIONS); i += 1) {
    const at = (field: string) => form.get(`questions.${i}.${field}`) ?? '';
    if (at('remove') === 'on') continue;
    questions.push({
      id: at('id'),
      type: at('type'),
      min: at('min'),
      max: at('max'),
      choices: at('choices'),
      text: textsOf(form, `questions.${i}.text`, languages),
    });
  }
  return {
    id: form.get('id') ?? '',
    existing: form.get('existing') === 'yes',
    title: form.get('title') ?? '',
    languages,
    intro: textsOf(form, 'intro', languages),
    thanks: textsOf(form, 'thanks', languages),
    questions,
  };
}

interface StoredSurvey {
  id: string;
  title: string;
  languages: string[];
  intro: Texts;
  thanks: Texts;
  questions: SurveyQuestion[];
}

/** A stored version as the starting point of the next one. */
export function editorFromSurvey(survey: StoredSurvey): EditorValues {
  return {
    id: survey.id,
    existing: true,
    title: survey.title,
    languages: survey.languages.filter(isLanguage),
    intro: { ...survey.intro },
    thanks: { ...survey.thanks },
    questions: survey.questions.map((q) => ({
      id: q.id,
      type: q.type,
      min: q.min === undefined ? '' : String(q.min),
      max: q.max === undefined ? '' : String(q.max),
      choices: (q.choices ?? []).join('\n'),
      text: { ...q.text },
    })),
  };
}

/** A number field sends a number when it holds one, else what was typed, for the API to name. */
const numberOrText = (value: string) => {
  const text = value.trim();
  if (text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
};
const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The body of POST /surveys, as typed: the API validates every field and names the ones it refuses. */
export function surveyBody(values: EditorValues) {
  return {
    id: values.id.trim(),
    title: values.title,
    languages: values.languages,
    intro: values.intro,
    questions: values.questions.map((q) => ({
      id: q.id.trim(),
      type: q.type,
      ...(q.type === 'scale' ? { min: numberOrText(q.min), max: numberOrText(q.max) } : {}),
      ...(q.type === 'choice' ? { choices: lines(q.choices) } : {}),
      text: q.text,
    })),
    thanks: values.thanks,
  };
}

/** The definition the preview is computed from: what was typed, with numbers only where numbers were typed. */
export function previewDefinition(values: EditorValues): SurveyDefinition {
  const integer = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value.trim()) : undefined);
  return {
    id: values.id,
    version: 0,
    title: values.title,
    languages: values.languages,
    intro: values.intro,
    thanks: values.thanks,
    questions: values.questions.map((q) => ({
      id: q.id.trim(),
      type: (QUESTION_TYPES as readonly string[]).includes(q.type)
        ? (q.type as SurveyQuestion['type'])
        : 'text',
      min: q.type === 'scale' ? integer(q.min) : undefined,
      max: q.type === 'scale' ? integer(q.max) : undefined,
      choices: q.type === 'choice' ? lines(q.choices) : undefined,
      text: q.text,
    })),
  };
}

/**
 * Where an API problem shows: the field its path names, else the nearest enclosing one the form has
 * (`questions.0.choices.1` -> `questions.0.choices`, `languages.2` -> `languages`), else the form.
 */
export function fieldForPath(path: string, known: ReadonlySet<string>): string {
  const parts = path.split('.');
  while (parts.length > 0) {
    const name = parts.join('.');
    if (known.has(name)) return name;
    parts.pop();
  }
  return 'form';
}

/** Every name the editor shows a problem at. */
export function knownFields(values: EditorValues): Set<string> {
  const names = ['id', 'title', 'languages', 'intro', 'thanks', 'questions'];
  for (const lang of values.languages) names.push(`intro.${lang}`, `thanks.${lang}`);
  values.questions.forEach((_, i) => {
    names.push(`questions.${i}`);
    for (const field of ['id', 'type', 'min', 'max', 'choices']) names.push(`questions.${i}.${field}`);
    for (const lang of values.languages) names.push(`questions.${i}.text.${lang}`);
  });
  return new Set(names);
}
