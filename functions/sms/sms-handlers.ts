// Twilio webhooks: the signature was checked by the middleware before anything here runs.
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { smsRoutes } from '../../shared/http/routes/sms-routes.ts';
import { recordDelivery } from '../../shared/services/delivery-status.ts';
import { handleInbound } from '../../shared/services/inbound-sms.ts';
import { type ReplyPage, showReply, submitReply } from '../../shared/services/web-reply.ts';
import { REPLY_PAGE_CONTENT_TYPE, REPLY_PAGE_HEADERS } from '../../shared/sms/reply-page.ts';
import { twiml } from '../../shared/sms/twiml.ts';

type Req<Id extends (typeof smsRoutes)[number]['id']> = RequestOf<typeof smsRoutes, Id>;

const html = (page: ReplyPage): ApiResult => ({
  status: page.status,
  text: page.html,
  contentType: REPLY_PAGE_CONTENT_TYPE,
  headers: { ...REPLY_PAGE_HEADERS },
});

export const smsHandlers = {
  inboundSms: async (req: Req<'inboundSms'>): Promise<ApiResult> => {
    const { reply } = await handleInbound({
      from: req.body.From,
      body: req.body.Body,
      messageSid: req.body.MessageSid,
    });
    return { status: 200, text: twiml(reply), contentType: 'text/xml; charset=utf-8' };
  },
  getReply: async (req: Req<'getReply'>): Promise<ApiResult> => html(await showReply(req.params.token)),
  postReply: async (req: Req<'postReply'>): Promise<ApiResult> =>
    html(await submitReply(req.params.token, req.body)),
  smsStatus: async (req: Req<'smsStatus'>): Promise<ApiResult> => {
    await recordDelivery(req.query, req.body);
    return { status: 204 };
  },
};
