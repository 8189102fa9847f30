// The one structured logger (Powertools, JSON lines). Call sites log ids and counts only, never a name,
// a phone, a free-text field or a token; `redact` is the last line of defence for anything that slips through.
import { Logger } from '@aws-lambda-powertools/logger';
import { getConfig } from './config.ts';

const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const BEARER = /(bearer\s+)?eyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

export function redact(text: string): string {
  return text.replace(BEARER, '[token]').replace(PHONE, '[number]');
}

export const logger = new Logger({
  serviceName: 'alaturi',
  logLevel: getConfig().LOG_LEVEL,
});
