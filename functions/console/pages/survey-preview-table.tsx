// The survey editor's SMS preview: per language, each message the survey would send with its encoding,
// segments and forbidden words, from shared/domain/survey-preview.ts (the service's own code), and the checks
// the service runs on publishing. Rendered in the editor page and alone for the live preview.
import { getConfig } from '../../../shared/config.ts';
import { validateSurveyDefinition } from '../../../shared/domain/survey-definition.ts';
import { surveyMessages } from '../../../shared/domain/survey-preview.ts';
import type { Catalog } from '../messages.ts';
import { type EditorValues, previewDefinition } from './survey-form.ts';

/** A language by its name in the reader's language, with its code: "Ukrainian (uk)". */
export function languageName(locale: string, lang: string): string {
  const names = new Intl.DisplayNames([locale === 'ro' ? 'ro-RO' : 'en-GB'], { type: 'language' });
  return `${names.of(lang) ?? lang} (${lang})`;
}

/** The preview: each message per language with its encoding, segments and forbidden words, and the checks. */
export function SmsPreview({ t, locale, values }: { t: Catalog; locale: string; values: EditorValues }) {
  const def = previewDefinition(values);
  const transliterate = getConfig().SMS_TRANSLITERATE;
  const problems = validateSurveyDefinition(def);
  return (
    <>
      <h2>{t.smsPreview}</h2>
      <p class="hint">{t.smsPreviewHint}</p>
      {values.languages.map((lang) => (
        <table key={lang}>
          <caption>{`${t.smsPreview}: ${languageName(locale, lang)}`}</caption>
          <thead>
            <tr>
              <th scope="col">{t.smsMessage}</th>
              <th scope="col">{t.text}</th>
              <th scope="col">{t.encoding}</th>
              <th scope="col">{t.segments}</th>
              <th scope="col">{t.forbiddenWords}</th>
            </tr>
          </thead>
          <tbody>
            {surveyMessages(def, lang, transliterate).map((sms) => (
              <tr key={`${sms.step}-${sms.question ?? 0}`}>
                <th scope="row">
                  {sms.step === 'first'
                    ? t.firstMessage
                    : sms.step === 'thanks'
                      ? t.thanksMessage
                      : `${t.question} ${sms.question}`}
                </th>
                <td class="sms">{sms.text}</td>
                <td>{sms.encoding}</td>
                <td>{sms.segments}</td>
                <td>{sms.forbidden.length === 0 ? t.none : sms.forbidden.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <h3>{t.serviceChecks}</h3>
      {problems.length === 0 ? (
        <p>{t.noProblems}</p>
      ) : (
        <ul>
          {problems.map((p) => (
            <li key={`${p.path}-${p.message}`}>{`${p.path}: ${p.message}`}</li>
          ))}
        </ul>
      )}
    </>
  );
}
