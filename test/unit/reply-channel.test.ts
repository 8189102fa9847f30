import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import {
  countryOfPhone,
  defaultChannelFor,
  parseChannelDefaults,
} from '../../shared/domain/reply-channel.ts';

describe('SURVEY_CHANNEL_DEFAULTS', () => {
  it('reads COUNTRY=channel pairs with a default for every other country', () => {
    const defaults = parseChannelDefaults('RO=web, MD=whatsapp,*=sms');
    expect([...defaults]).toEqual([
      ['RO', 'web'],
      ['MD', 'whatsapp'],
      ['*', 'sms'],
    ]);
  });

  it.each([
    ['RO=web', /"\*=<channel>" is required/],
    ['RO=web,*=sms,RO=sms', /RO is named twice/],
    ['RO=fax,*=sms', /"fax" is not a channel/],
    ['ro=web,*=sms', /"ro=web" is not COUNTRY=channel/],
    ['', /is not COUNTRY=channel/],
  ])('refuses %j', (text, message) => {
    expect(() => parseChannelDefaults(text)).toThrow(message);
  });

  it('stops the start with the setting named when it is wrong', () => {
    expect(() => parseConfig({ SURVEY_CHANNEL_DEFAULTS: 'RO=web' })).toThrow(
      /SURVEY_CHANNEL_DEFAULTS: "\*=<channel>" is required/,
    );
  });

  it('defaults to the web page for Romanian numbers and two-way SMS elsewhere', () => {
    const defaults = parseConfig({}).SURVEY_CHANNEL_DEFAULTS;
    expect(defaultChannelFor('+40722123456', defaults)).toBe('web');
    expect(defaultChannelFor('whatsapp:+40722123456', defaults)).toBe('web');
    expect(defaultChannelFor('+380501234567', defaults)).toBe('sms');
  });

  it('tells countries apart by the longest calling code: +373 is Moldova, +37 alone is nobody', () => {
    const defaults = parseChannelDefaults('MD=whatsapp,RU=web,*=sms');
    expect(countryOfPhone('+37360123456')).toBe('MD');
    expect(countryOfPhone('+74951234567')).toBe('RU');
    expect(countryOfPhone('+3712345678')).toBeUndefined();
    expect(defaultChannelFor('+37360123456', defaults)).toBe('whatsapp');
    expect(defaultChannelFor('+3712345678', defaults)).toBe('sms');
  });
});

describe('the names a phone shows beside our messages', () => {
  it('refuses a sender ID or WhatsApp display name that names the agency or a court', () => {
    expect(() => parseConfig({ SMS_SENDER_ID: 'ANITP' })).toThrow(/SMS_SENDER_ID/);
    expect(() => parseConfig({ SMS_SENDER_ID: 'Politia' })).toThrow(/SMS_SENDER_ID/);
    expect(() => parseConfig({ WHATSAPP_DISPLAY_NAME: 'Tribunalul Dolj' })).toThrow(/WHATSAPP_DISPLAY_NAME/);
    expect(() => parseConfig({ REPLY_BASE_URL: 'https://victime.example.ro' })).toThrow(/REPLY_BASE_URL/);
  });

  it('accepts a neutral one', () => {
    const config = parseConfig({ SMS_SENDER_ID: 'Programari', WHATSAPP_DISPLAY_NAME: 'Programări' });
    expect([config.SMS_SENDER_ID, config.WHATSAPP_DISPLAY_NAME]).toEqual(['Programari', 'Programări']);
  });

  it('reads the WhatsApp templates per kind and language, and refuses one that is not a content SID', () => {
    const sid = `HX${'a'.repeat(32)}`;
    const config = parseConfig({ WHATSAPP_TEMPLATES: JSON.stringify({ reminder: { ro: sid } }) });
    expect(config.WHATSAPP_TEMPLATES).toEqual({ reminder: { ro: sid } });
    expect(() => parseConfig({ WHATSAPP_TEMPLATES: '{"reminder":{"ro":"hello"}}' })).toThrow(
      /WHATSAPP_TEMPLATES/,
    );
    expect(() => parseConfig({ WHATSAPP_TEMPLATES: 'not json' })).toThrow(/WHATSAPP_TEMPLATES/);
  });
});
