// The service's CloudWatch metrics (issue 17): one list that the code emits from (Powertools Metrics, embedded
// metric format) and the stack alarms on, so an alarm can never watch a name nothing emits.
// Dimensions are low-cardinality labels only (kind, class, route template): never a phone, a case id or a name.
export const METRIC_NAMESPACE = 'Alaturi';
/** Powertools' `service` dimension: every metric carries it, so alarms read the totals over it. */
export const METRIC_SERVICE = 'alaturi';

export const METRICS = {
  messagesSent: 'MessagesSent',
  messagesDeferred: 'MessagesDeferred',
  messagesFailed: 'MessagesFailed',
  messagesHeld: 'MessagesHeld',
  /** Twilio refused the send (an API error), as opposed to a later delivery failure. */
  twilioErrors: 'TwilioErrors',
  /** The age in seconds of the oldest message that is due and not yet sent, measured by each sender run. */
  senderLagSeconds: 'SenderLagSeconds',
  inboundMessages: 'InboundMessages',
  surveyCompletions: 'SurveyCompletions',
  alertsRaised: 'AlertsRaised',
  alertsAcknowledged: 'AlertsAcknowledged',
  /** The age in seconds of the oldest urgent alert nobody has acknowledged, measured by each sender run. */
  oldestOpenUrgentAlertSeconds: 'OldestOpenUrgentAlertSeconds',
  apiClientErrors: 'ApiClientErrors',
  apiServerErrors: 'ApiServerErrors',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];
