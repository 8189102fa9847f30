// Amazon SES (API v2) as the e-mail gateway. Only the sender's bundle reaches this module (outbound-mail.ts),
// so only the sender carries the SES client and only its role may call ses:SendEmail, from MAIL_FROM alone.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type MailGateway, MailPermanentError, MailTransientError } from './mail-gateway.ts';

/** SES answers that a later attempt may get past: throttling and quotas reset, a fault on its side passes. */
const TRANSIENT = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException']);

export function createSesMailGateway(options: { from: string; region: string }): MailGateway {
  const client = new SESv2Client({ region: options.region, maxAttempts: 2 });
  return {
    async send(mail) {
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [...mail.to] },
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
              },
            },
          }),
        );
        return { providerId: out.MessageId ?? mail.idempotencyKey };
      } catch (error) {
        const name = (error as { name?: string }).name ?? 'error';
        const fault = (error as { $fault?: string }).$fault;
        // Only the error's name goes on: SES messages can quote an address.
        if (fault === 'client' && !TRANSIENT.has(name))
          throw new MailPermanentError('SES refused the e-mail', name, { cause: error });
        throw new MailTransientError('SES could not take the e-mail now', name, { cause: error });
      }
    },
  };
}
