// The survey editor's form as data (functions/console/pages/survey-form.ts): what a posted form becomes, the
// body the API gets, and where an API problem shows.
import { describe, expect, it } from 'vitest';
import {
  editorFromForm,
  fieldForPath,
  knownFields,
  surveyBody,
} from '../../functions/console/pages/survey-form.ts';

function aPostedEditor(extra: [string, string][] = []): URLSearchParams {
  return new URLSearchParams([
    ['id', 'after-hearing'],
    ['title', 'After the hearing'],
    ['languages', 'ro'],
    ['languages', 'uk'],
    ['intro.ro', 'Câteva întrebări.'],
    ['intro.uk', 'Кілька запитань.'],
    ['questions.0.id', 'safe'],
    ['questions.0.type', 'scale'],
    ['questions.0.min', '1'],
    ['questions.0.max', 'five'],
    ['questions.0.choices', 'ignored'],
    ['questions.0.text.ro', 'Cât de sigur?'],
    ['questions.1.id', 'gone'],
    ['questions.1.type', 'text'],
    ['questions.1.remove', 'on'],
    ['questions.2.id', 'which'],
    ['questions.2.type', 'choice'],
    ['questions.2.choices', 'Bus\n\n Train \n'],
    ['questions.2.text.fr', 'not a chosen language'],
    ...extra,
  ]);
}

describe('the survey editor form', () => {
  it('leaves out a question ticked "Remove" and numbers the rest afresh', () => {
    const values = editorFromForm(aPostedEditor());

    expect(values.questions.map((q) => q.id)).toEqual(['safe', 'which']);
    expect(values.languages).toEqual(['ro', 'uk']);
  });

  it('sends min and max only for a scale and choices only for a choice, numbers as numbers', () => {
    const body = surveyBody(editorFromForm(aPostedEditor()));

    expect(body.questions[0]).toEqual({
      id: 'safe',
      type: 'scale',
      min: 1,
      max: 'five',
      text: { ro: 'Cât de sigur?' },
    });
    expect(body.questions[1]).toEqual({ id: 'which', type: 'choice', choices: ['Bus', 'Train'], text: {} });
  });

  it('shows an API problem at the field it names, else at the nearest field that holds it', () => {
    const known = knownFields(editorFromForm(aPostedEditor()));

    expect(fieldForPath('questions.1.text.uk', known)).toBe('questions.1.text.uk');
    expect(fieldForPath('questions.1.choices.0', known)).toBe('questions.1.choices');
    expect(fieldForPath('languages.3', known)).toBe('languages');
    expect(fieldForPath('questions.0', known)).toBe('questions.0');
    expect(fieldForPath('somethingElse', known)).toBe('form');
  });
});
