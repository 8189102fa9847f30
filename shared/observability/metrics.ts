// The service's metrics (issue 17) through Powertools Metrics: each call writes one embedded-metric-format line
// to stdout, which CloudWatch turns into metrics; nothing is called over the network at run time.
// Each metric is published twice in that one line: as the service's total (the alarms read it) and by its
// label (kind, class, route), so a dashboard can break the total down. A label is a closed word, never data:
// a value that could be a phone, a case id or a name is dropped, and the total is kept.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

import { METRIC_NAMESPACE, METRIC_SERVICE, type MetricName } from './metric-names.ts';

export type MetricLabel = 'kind' | 'class' | 'route' | 'status';

// Made at the first metric, so the switch (POWERTOOLS_METRICS_DISABLED: on in AWS, off on a developer's
// terminal) is read once the environment is set, whatever imported this module first.
let metrics: Metrics | undefined;
const instance = () => {
  metrics ??= new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
  return metrics;
};

/** Lower-case words, digits only as a status class: `hearing_reminder_72h`, `createCase`, `4xx`. */
const SAFE_LABEL = /^(?:[a-zA-Z][a-zA-Z_]{0,47}(?:_\d{1,3}h)?|[1-5]xx)$/;

function labelled(labels: Partial<Record<MetricLabel, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(([, value]) => value && SAFE_LABEL.test(value)),
  ) as Record<string, string>;
}

function emit(name: MetricName, unit: Unit, value: number, labels: Partial<Record<MetricLabel, string>>) {
  const single = instance().singleMetric();
  const dimensions = labelled(labels);
  if (Object.keys(dimensions).length > 0) {
    // Powertools leaves out the bare default set once another is added: name it, so the total stays.
    single.addDimensions({});
    single.addDimensions(dimensions);
  }
  single.addMetric(name, unit, value);
}

/** Counts `value` occurrences of `name`, in total and by its labels. */
export function countMetric(
  name: MetricName,
  labels: Partial<Record<MetricLabel, string>> = {},
  value = 1,
): void {
  emit(name, MetricUnit.Count, value, labels);
}

/** A measured age, in whole seconds (sender lag, the oldest open urgent alert). */
export function secondsMetric(name: MetricName, seconds: number): void {
  emit(name, MetricUnit.Seconds, Math.max(0, Math.round(seconds)), {});
}
