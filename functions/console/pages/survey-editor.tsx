// The survey editor: a new survey or the next version of one, with a preview per language of every SMS the
// survey would send. The figures come from shared/domain/survey-preview.ts, the service's own code; without
// JavaScript "Preview" re-renders the form with them, with it a small script asks /console/surveys/preview.

import { renderToString } from 'preact-render-to-string';
import { LANGUAGES, type Language } from '../../../shared/domain/enums.ts';
import { ApiProblem } from '../api-client.ts';
import {
  Checkbox,
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  fieldId,
  Layout,
  Select,
  TextArea,
} from '../components.tsx';
import { type ConsoleResponse, htmlResponse, redirect } from '../console-http.ts';
import type { Catalog } from '../messages.ts';
import { type PageContext, page } from '../page-context.ts';
import {
  blankQuestion,
  blankSurvey,
  type EditorValues,
  editorFromForm,
  editorFromSurvey,
  fieldForPath,
  knownFields,
  MAX_QUESTIONS,
  QUESTION_TYPES,
  surveyBody,
} from './survey-form.ts';
import { languageName, SmsPreview } from './survey-preview-table.tsx';

export const typeLabels = (t: Catalog): Record<string, string> => ({
  scale: t.typeScale,
  yes_no: t.typeYesNo,
  choice: t.typeChoice,
  text: t.typeText,
});

function LanguageTexts(props: {
  t: Catalog;
  locale: string;
  prefix: string;
  label: string;
  values: EditorValues;
  texts: Partial<Record<Language, string>>;
  errors: FieldErrors;
}) {
  return (
    <>
      {props.values.languages.map((lang) => (
        <TextArea
          key={lang}
          name={`${props.prefix}.${lang}`}
          label={`${props.label}: ${languageName(props.locale, lang)}`}
          value={props.texts[lang]}
          errors={props.errors}
        />
      ))}
    </>
  );
}

/** The survey's intro or thanks: one text per language, in a group of its own. */
function SurveyTexts(props: {
  t: Catalog;
  locale: string;
  part: 'intro' | 'thanks';
  values: EditorValues;
  errors: FieldErrors;
}) {
  const { t, part } = props;
  return (
    <fieldset id={fieldId(part)}>
      <legend>{t[part]}</legend>
      <LanguageTexts
        t={t}
        locale={props.locale}
        prefix={part}
        label={t[part]}
        values={props.values}
        texts={props.values[part]}
        errors={props.errors}
      />
    </fieldset>
  );
}

function GroupError({ name, errors }: { name: string; errors: FieldErrors }) {
  return errors[name] ? <p class="error">{errors[name]}</p> : null;
}

export function editorPage(ctx: PageContext, values: EditorValues, errors: FieldErrors): ConsoleResponse {
  const { t, locale } = ctx;
  const types = typeLabels(t);
  const title = values.existing ? `${t.newVersion}: ${values.id}` : t.newSurvey;
  return page(
    <Layout frame={ctx.frame} title={title}>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/console/surveys" data-preview="/console/surveys/preview" novalidate>
        <Csrf token={ctx.session.csrf} />
        {values.existing ? (
          <>
            <input type="hidden" name="id" value={values.id} />
            <input type="hidden" name="existing" value="yes" />
          </>
        ) : (
          <Field name="id" label={t.surveyId} hint={t.surveyIdHint} value={values.id} errors={errors} />
        )}
        <Field name="title" label={t.surveyTitle} value={values.title} errors={errors} />
        <fieldset id={fieldId('languages')}>
          <legend>{t.surveyLanguages}</legend>
          <p class="hint">{t.surveyLanguagesHint}</p>
          <GroupError name="languages" errors={errors} />
          {LANGUAGES.map((lang) => (
            <Checkbox
              key={lang}
              name="languages"
              value={lang}
              label={languageName(locale, lang)}
              checked={values.languages.includes(lang)}
            />
          ))}
        </fieldset>
        <SurveyTexts t={t} locale={locale} part="intro" values={values} errors={errors} />
        <div id={fieldId('questions')}>
          <GroupError name="questions" errors={errors} />
          {values.questions.map((q, i) => (
            <fieldset key={i} id={fieldId(`questions.${i}`)} class="question">
              <legend>{`${t.question} ${i + 1}`}</legend>
              <GroupError name={`questions.${i}`} errors={errors} />
              <Field
                name={`questions.${i}.id`}
                label={t.questionId}
                hint={t.questionIdHint}
                value={q.id}
                errors={errors}
              />
              <Select
                name={`questions.${i}.type`}
                label={t.questionType}
                options={QUESTION_TYPES.map((type) => [type, types[type] ?? type] as [string, string])}
                value={q.type}
                errors={errors}
              />
              <Field
                name={`questions.${i}.min`}
                label={t.minimum}
                hint={t.scaleOnly}
                inputmode="numeric"
                value={q.min}
                errors={errors}
              />
              <Field
                name={`questions.${i}.max`}
                label={t.maximum}
                hint={t.scaleOnly}
                inputmode="numeric"
                value={q.max}
                errors={errors}
              />
              <TextArea name={`questions.${i}.choices`} label={t.choices} value={q.choices} errors={errors} />
              <LanguageTexts
                t={t}
                locale={locale}
                prefix={`questions.${i}.text`}
                label={t.questionText}
                values={values}
                texts={q.text}
                errors={errors}
              />
              {values.questions.length > 1 && (
                <Checkbox name={`questions.${i}.remove`} label={t.removeQuestion} checked={false} />
              )}
            </fieldset>
          ))}
        </div>
        <SurveyTexts t={t} locale={locale} part="thanks" values={values} errors={errors} />
        <section id="sms-preview" class="preview" aria-live="polite">
          <SmsPreview t={t} locale={locale} values={values} />
        </section>
        {/* Preview first: Enter in a field submits the first button, and a preview changes nothing. */}
        <button type="submit" name="action" value="preview" class="secondary">
          {t.preview}
        </button>
        {values.questions.length < MAX_QUESTIONS && (
          <button type="submit" name="action" value="add" class="secondary">
            {t.addQuestion}
          </button>
        )}
        <button type="submit" name="action" value="publish">
          {t.publish}
        </button>
      </form>
      <script src="/console/static/survey-preview.js" defer />
    </Layout>,
  );
}

export async function newSurveyPage(ctx: PageContext) {
  return editorPage(ctx, blankSurvey(), {});
}

export async function newVersionPage(ctx: PageContext) {
  const surveyId = ctx.params['surveyId'] as string;
  const survey = await ctx.get(`/surveys/${encodeURIComponent(surveyId)}`);
  return editorPage(ctx, editorFromSurvey(survey), {});
}

/** The editor's POST: preview and add re-render; publish asks the API, which validates, and redirects. */
export async function submitSurvey(ctx: PageContext) {
  const values = editorFromForm(ctx.request.form);
  const action = ctx.request.form.get('action');
  if (action === 'add' && values.questions.length < MAX_QUESTIONS) values.questions.push(blankQuestion());
  if (action !== 'publish') return editorPage(ctx, values, {});
  try {
    const created = await ctx.api('POST', '/surveys', { body: surveyBody(values) });
    return redirect(
      `/console/surveys/${encodeURIComponent(created.body.id)}?published=${created.body.version}`,
    );
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const known = knownFields(values);
    const errors: FieldErrors = {};
    for (const [path, message] of Object.entries(error.fields)) errors[fieldForPath(path, known)] ??= message;
    if (Object.keys(errors).length === 0) errors['form'] = error.detail || ctx.t.serverErrorBody;
    return editorPage(ctx, values, errors);
  }
}

/** The live preview's answer: only the preview, rendered by the same component as the page's. */
export async function previewFragment(ctx: PageContext): Promise<ConsoleResponse> {
  const values = editorFromForm(ctx.request.form);
  const html = renderToString(
    <section id="sms-preview">
      <SmsPreview t={ctx.t} locale={ctx.locale} values={values} />
    </section>,
  );
  const response = htmlResponse(200, html);
  return { ...response, body: html };
}
