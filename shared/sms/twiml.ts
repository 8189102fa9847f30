// The TwiML answer to an inbound SMS, written by hand: twilio.twiml would bring the SDK's REST client into the
// webhook bundle for one XML element. Text is XML-escaped; no reply is an empty <Response/>.

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function twiml(reply: string | null): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  return reply === null
    ? `${head}<Response/>`
    : `${head}<Response><Message>${escapeXml(reply)}</Message></Response>`;
}

/** The text of the <Message> of a TwiML answer, or null when it has none (the phone simulator uses it). */
export function twimlMessage(document: string): string | null {
  const match = /<Message>([\s\S]*?)<\/Message>/.exec(document);
  if (!match?.[1]) return null;
  return match[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
