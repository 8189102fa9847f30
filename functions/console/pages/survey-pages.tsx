// The admin's Surveys: every survey with its latest version, and one version of a survey with the SMS segments
// the API counted for each question, links to its other versions and to the editor of the next one.
import { Layout, Notice, Table } from '../components.tsx';
import { formatInstant, type PageContext, page } from '../page-context.ts';
import { typeLabels } from './survey-editor.tsx';
import { languageName } from './survey-preview-table.tsx';

interface SurveyRow {
  id: string;
  title: string;
  languages: string[];
  latestVersion: number;
}

interface SurveyVersion {
  id: string;
  version: number;
  title: string;
  languages: string[];
  createdAt: string;
  questions: { id: string; type: string; min?: number; max?: number; choices?: string[] }[];
  segments: { questionId: string; segments: Record<string, number> }[];
}

const href = (id: string) => `/console/surveys/${encodeURIComponent(id)}`;

export async function surveysPage(ctx: PageContext) {
  const { t } = ctx;
  const cursor = ctx.request.query.get('cursor');
  const listed = await ctx.get(`/surveys?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  const rows = listed.items as SurveyRow[];
  return page(
    <Layout frame={ctx.frame} title={t.surveys}>
      <p>
        <a class="button" href="/console/surveys/new">
          {t.newSurvey}
        </a>
      </p>
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={t.surveys}
          head={[t.surveyId, t.surveyTitle, t.surveyLanguages, t.latestVersion]}
          rows={rows.map((s) => [
            <a href={href(s.id)}>{s.id}</a>,
            s.title,
            s.languages.join(', '),
            String(s.latestVersion),
          ])}
        />
      )}
      {listed.nextCursor && (
        <p>
          <a href={`/console/surveys?cursor=${encodeURIComponent(listed.nextCursor)}`}>{t.next}</a>
        </p>
      )}
    </Layout>,
  );
}

export async function surveyPage(ctx: PageContext) {
  const { t, locale, request } = ctx;
  const surveyId = ctx.params['surveyId'] as string;
  const asked = request.query.get('version');
  const version = asked && /^\d{1,6}$/.test(asked) ? `?version=${asked}` : '';
  const [latest, shown] = await Promise.all([
    ctx.get(`/surveys/${encodeURIComponent(surveyId)}`) as Promise<SurveyVersion>,
    version
      ? (ctx.get(`/surveys/${encodeURIComponent(surveyId)}${version}`) as Promise<SurveyVersion>)
      : undefined,
  ]);
  const survey = shown ?? latest;
  const published = request.query.get('published');
  const versions = Array.from({ length: latest.version }, (_, i) => latest.version - i);
  const segmentsOf = (questionId: string) =>
    survey.segments.find((s) => s.questionId === questionId)?.segments ?? {};
  return page(
    <Layout frame={ctx.frame} title={`${survey.title} (${t.version} ${survey.version})`}>
      {published && /^\d+$/.test(published) && <Notice>{`${t.publishedVersion} ${published}.`}</Notice>}
      <dl class="summary">
        <dt>{t.surveyId}</dt>
        <dd>{survey.id}</dd>
        <dt>{t.version}</dt>
        <dd>{survey.version}</dd>
        <dt>{t.publishedOn}</dt>
        <dd>{formatInstant(locale, survey.createdAt)}</dd>
        <dt>{t.surveyLanguages}</dt>
        <dd>{survey.languages.map((lang) => languageName(locale, lang)).join(', ')}</dd>
      </dl>
      <p>
        <a class="button" href={`${href(survey.id)}/edit`}>
          {t.newVersion}
        </a>
      </p>
      <Table
        caption={t.questions}
        head={[
          t.questionId,
          t.questionType,
          t.answers,
          ...survey.languages.map((l) => `${t.segments} (${l})`),
        ]}
        rows={survey.questions.map((q) => [
          q.id,
          typeLabels(t)[q.type] ?? q.type,
          q.type === 'scale' ? `${q.min}-${q.max}` : q.type === 'choice' ? (q.choices ?? []).join(', ') : '-',
          ...survey.languages.map((l) => String(segmentsOf(q.id)[l] ?? '-')),
        ])}
      />
      <h2>{t.versions}</h2>
      <ul>
        {versions.map((v) => (
          <li key={v}>
            {v === survey.version ? (
              <strong>{`${t.version} ${v}`}</strong>
            ) : (
              <a href={`${href(survey.id)}?version=${v}`}>{`${t.version} ${v}`}</a>
            )}
          </li>
        ))}
      </ul>
    </Layout>,
  );
}
