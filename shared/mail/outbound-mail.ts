// Which gateway e-mail goes through: SES in AWS (from MAIL_FROM), otherwise the in-memory outbox that
// GET /_local/mail reads. Imported by the sender alone, so no other function's bundle carries the SES client.
import { getConfig } from '../config.ts';
import { type MailGateway, MailPermanentError } from './mail-gateway.ts';
import { MemoryMailOutbox } from './memory-mail-outbox.ts';

/** The local runtime's and the tests' mail outbox. */
export const localMailOutbox = new MemoryMailOutbox();

let gateway: MailGateway | undefined;

/** The SES client loads with the first e-mail of a container, not at every cold start of the sender. */
export async function outboundMail(): Promise<MailGateway> {
  if (gateway) return gateway;
  const config = getConfig();
  if (config.STAGE !== 'aws') {
    gateway = localMailOutbox;
  } else {
    // A stack deployed without `sesFromEmail` has no sender identity (and no grant): each e-mail fails, visibly.
    if (!config.MAIL_FROM)
      throw new MailPermanentError('MAIL_FROM is required to send e-mail in AWS', 'mail_not_configured');
    const { createSesMailGateway } = await import('./ses-mail-gateway.ts');
    gateway = createSesMailGateway({
      from: config.MAIL_FROM,
      region: config.SES_REGION ?? config.AWS_REGION,
    });
  }
  return gateway;
}
