// Issue 17: each metric is one embedded-metric-format line on stdout, published as the service's total and by
// its label; a label that could carry data (a phone, a case id, a free text) is dropped, the total kept.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC_NAMESPACE, METRICS } from '../../shared/observability/metric-names.ts';

type Emf = {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
};

let metrics: typeof import('../../shared/observability/metrics.ts');

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  metrics = await import('../../shared/observability/metrics.ts');
});

afterEach(() => vi.restoreAllMocks());

function emitted(action: () => void): Emf[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  action();
  vi.restoreAllMocks();
  return lines
    .flatMap((line) => line.split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Emf);
}

describe('a counted metric', () => {
  it('is published as the total over the service and by its kind, in one line', () => {
    const [line, ...rest] = emitted(() => metrics.countMetric(METRICS.messagesSent, { kind: 'reminder' }));

    expect(rest).toEqual([]);
    const [definition] = line?._aws.CloudWatchMetrics ?? [];
    expect(definition?.Namespace).toBe(METRIC_NAMESPACE);
    expect(definition?.Dimensions).toEqual([['service'], ['service', 'kind']]);
    expect(definition?.Metrics).toEqual([{ Name: 'MessagesSent', Unit: 'Count' }]);
    expect(line).toMatchObject({ service: 'alaturi', kind: 'reminder', MessagesSent: 1 });
  });

  it('keeps API errors by route id and status class', () => {
    const [line] = emitted(() =>
      metrics.countMetric(METRICS.apiClientErrors, { route: 'createCase', status: '4xx' }),
    );

    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ['service'],
      ['service', 'route', 'status'],
    ]);
    expect(line).toMatchObject({ route: 'createCase', status: '4xx', ApiClientErrors: 1 });
  });

  it.each([
    ['a phone', '+40712345678'],
    ['a case id', '01JD8Z5Q3W4E5R6T7Y8U9I0OPA'],
    ['a name', 'Ana Popescu'],
    ['a path with an id', '/cases/01JD8Z5Q3W4E5R6T7Y8U9I0OPA'],
  ])('drops a label that could be %s, and still counts the total', (_what, value) => {
    const [line] = emitted(() => metrics.countMetric(METRICS.inboundMessages, { class: value }));

    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(JSON.stringify(line)).not.toContain(value);
    expect(line).toMatchObject({ InboundMessages: 1 });
  });
});

describe('a measured age', () => {
  it('is whole seconds, never negative, with no label', () => {
    const [lag] = emitted(() => metrics.secondsMetric(METRICS.senderLagSeconds, 912.6));
    const [early] = emitted(() => metrics.secondsMetric(METRICS.senderLagSeconds, -3));

    expect(lag).toMatchObject({ SenderLagSeconds: 913 });
    expect(lag?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'SenderLagSeconds', Unit: 'Seconds' }]);
    expect(early).toMatchObject({ SenderLagSeconds: 0 });
  });
});
