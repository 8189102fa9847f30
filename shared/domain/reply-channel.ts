// How a survey invitation is answered: on the private web page (`web`), over WhatsApp, or by two-way SMS.
// Two-way SMS does not exist for Romanian numbers on Twilio, so the default is chosen per country of the
// phone from SURVEY_CHANNEL_DEFAULTS ("RO=web,*=sms"), parsed once when the configuration loads.

export const REPLY_CHANNELS = ['web', 'whatsapp', 'sms'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

/** Country (ISO 3166-1 alpha-2) -> channel, and `*` for every other country. */
export type ChannelDefaults = ReadonlyMap<string, ReplyChannel>;

// Calling codes of the countries the service's languages are spoken in, and their neighbours; a number of
// any other country takes the `*` default. Longest prefix wins (+373 before +37...).
const CALLING_CODES: Record<string, string> = {
  '40': 'RO',
  '373': 'MD',
  '380': 'UA',
  '7': 'RU',
  '36': 'HU',
  '359': 'BG',
  '381': 'RS',
  '44': 'GB',
  '353': 'IE',
  '1': 'US',
  '33': 'FR',
  '32': 'BE',
  '41': 'CH',
  '34': 'ES',
  '39': 'IT',
  '49': 'DE',
  '43': 'AT',
  '31': 'NL',
  '48': 'PL',
  '30': 'GR',
  '90': 'TR',
};

/** The country of an E.164 number (also behind `whatsapp:`), or undefined when the table does not know it. */
export function countryOfPhone(phone: string): string | undefined {
  const digits = /^\+(\d+)$/.exec(phone.replace(/^whatsapp:/i, '').replace(/[\s()-]/g, ''))?.[1];
  if (digits === undefined) return undefined;
  for (let length = 3; length >= 1; length -= 1) {
    const country = CALLING_CODES[digits.slice(0, length)];
    if (country !== undefined) return country;
  }
  return undefined;
}

/**
 * Parses `RO=web,MD=whatsapp,*=sms`. Every entry must be COUNTRY=channel with a known channel, no country
 * twice, and `*` must be present, so every phone has a default: a typo stops the start, not an invitation.
 */
export function parseChannelDefaults(text: string): ChannelDefaults {
  const defaults = new Map<string, ReplyChannel>();
  for (const entry of text.split(',')) {
    const match = /^\s*([A-Z]{2}|\*)\s*=\s*([a-z]+)\s*$/.exec(entry);
    if (!match) throw new Error(`"${entry.trim()}" is not COUNTRY=channel (RO=web, *=sms)`);
    const [, country = '', channel = ''] = match;
    if (!(REPLY_CHANNELS as readonly string[]).includes(channel)) {
      throw new Error(`"${channel}" is not a channel (${REPLY_CHANNELS.join(', ')})`);
    }
    if (defaults.has(country)) throw new Error(`${country} is named twice`);
    defaults.set(country, channel as ReplyChannel);
  }
  if (!defaults.has('*')) throw new Error('"*=<channel>" is required: the default for every other country');
  return defaults;
}

export function defaultChannelFor(phone: string, defaults: ChannelDefaults): ReplyChannel {
  const country = countryOfPhone(phone);
  return (country === undefined ? undefined : defaults.get(country)) ?? defaults.get('*') ?? 'sms';
}
