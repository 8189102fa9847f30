// Every SMS a survey definition would send in one language, with what each costs and any word an SMS must
// never carry: the admin's editor shows these figures, computed by the same functions the conversation
// sends with (survey-engine.ts), the segment counter and the forbidden-word list.
import { findForbiddenWords } from '../sms/forbidden-words.ts';
import { countSegments, type SmsEncoding } from '../sms/segment-counter.ts';
import { toGsm7 } from '../sms/transliterate.ts';
import type { Language } from './enums.ts';
import { introduced, questionSms, type SurveyDefinition, thanks } from './survey-engine.ts';

export interface SurveySms {
  /** `first` is the intro with the first question, sent when the person says yes. */
  step: 'first' | 'question' | 'thanks';
  /** 1-based, for `first` and `question`. */
  question?: number;
  text: string;
  encoding: SmsEncoding;
  segments: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  forbidden: string[];
}

/** The conversation as sent in `language`; `transliterate` is the service's SMS_TRANSLITERATE switch. */
export function surveyMessages(
  def: SurveyDefinition,
  language: Language,
  transliterate = false,
): SurveySms[] {
  const texts: Omit<SurveySms, 'encoding' | 'segments' | 'units' | 'forbidden'>[] = def.questions.map(
    (question, i) => {
      const asked = questionSms(question, language);
      return i === 0
        ? { step: 'first', question: 1, text: introduced(def.intro[language], asked) }
        : { step: 'question', question: i + 1, text: asked };
    },
  );
  texts.push({ step: 'thanks', text: thanks(def, language) });
  return texts.map((message) => {
    const text = transliterate ? toGsm7(message.text) : message.text;
    const { encoding, segments, units } = countSegments(text);
    return { ...message, text, encoding, segments, units, forbidden: findForbiddenWords(text) };
  });
}
