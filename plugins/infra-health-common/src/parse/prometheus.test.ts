import fs from 'node:fs';
import path from 'node:path';
import { parseExposition } from '../__testUtils__/parseExposition';
import {
  CEPH_METRIC_NAMES,
  CEPH_METRIC_SHAPES,
  evaluateCephMetrics,
} from '../rules/cephMetrics';
import { CILIUM_GAUGE_SHAPES } from '../rules/ciliumMetrics';
import { MetricSample, parsePrometheusVector } from './prometheus';

const AT = '2026-11-21T10:00:00.000Z';
const TIME = 1795255200.123;

/** An instant-vector answer of `/api/v1/query`, as Prometheus writes it. */
const vector = (result: unknown) => ({
  status: 'success',
  data: { resultType: 'vector', result },
});
const series = (
  name: string,
  labels: Record<string, string>,
  value: string,
) => ({
  metric: { __name__: name, ...labels },
  value: [TIME, value],
});

/** The Prometheus answer to the Ceph query over a real ceph-mgr capture, with a job label added by the scrape. */
function cephAnswer(file: string) {
  const samples = parseExposition(
    fs.readFileSync(path.join(__dirname, '../__fixtures__', file), 'utf8'),
  ).filter(s => (CEPH_METRIC_NAMES as readonly string[]).includes(s.name));
  return vector(
    samples.map(s =>
      series(s.name, { ...s.labels, job: 'ceph' }, String(s.value)),
    ),
  );
}

describe('parsePrometheusVector', () => {
  it('reads the real ceph-mgr metrics within their shapes, judged as from the capture', () => {
    const parsed = parsePrometheusVector(
      cephAnswer('live-mgr-metrics-degraded.txt'),
      {
        byName: CEPH_METRIC_SHAPES,
      },
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value.find(s => s.name === 'ceph_osd_up')).toEqual({
      name: 'ceph_osd_up',
      labels: { ceph_daemon: 'osd.0', job: 'ceph' },
      value: 0,
    });
    const checks = evaluateCephMetrics(parsed.value, AT);
    expect(checks.find(c => c.id === 'ceph.health')?.status).toBe('warning');
    expect(checks.find(c => c.id === 'ceph.osds')?.status).toBe('critical');
  });

  it('reads an aggregation without __name__ and Prometheus float spellings', () => {
    expect(
      parsePrometheusVector(
        vector([
          { metric: { reason: 'Policy denied' }, value: [TIME, '0.25'] },
          { metric: {}, value: [TIME, '1e3'] },
        ]),
        { every: { value: 'amount' } },
      ),
    ).toEqual({
      ok: true,
      value: [
        { name: '', labels: { reason: 'Policy denied' }, value: 0.25 },
        { name: '', labels: {}, value: 1000 },
      ] satisfies MetricSample[],
    });
  });

  it.each([
    ['not an object', [], 'the answer is not a query result (a list)'],
    ['a string', 'ok', 'the answer is not a query result (a string)'],
    [
      'an error answer',
      {
        status: 'error',
        errorType: 'bad_data',
        error: 'parse error at char 5',
      },
      'error bad_data: parse error at char 5',
    ],
    [
      'a status that is not success',
      { status: 'partial' },
      'the answer\'s status is "partial", not "success"',
    ],
    [
      'no data',
      { status: 'success' },
      'the answer has no data object (missing)',
    ],
    [
      'a matrix',
      { status: 'success', data: { resultType: 'matrix', result: [] } },
      'the result is a matrix where a vector was expected',
    ],
    [
      'no result type',
      { status: 'success', data: { result: [] } },
      'the result type is missing where "vector" was expected',
    ],
    [
      'a result that is not a list',
      vector({}),
      'the vector is not a list (an object)',
    ],
    [
      'an element that is a string',
      vector(['ceph_health_status 0']),
      'result[0] is not an object (a string)',
    ],
    [
      'a metric that is a list',
      vector([{ metric: [], value: [TIME, '1'] }]),
      'result[0].metric is not an object (a list)',
    ],
    [
      'a label that is a number',
      vector([
        {
          metric: { __name__: 'ceph_osd_up', ceph_daemon: 0 },
          value: [TIME, '1'],
        },
      ]),
      'result[0].metric.ceph_daemon is not a string (a number)',
    ],
    [
      'a value that is not a pair',
      vector([{ metric: { __name__: 'ceph_health_status' }, value: '0' }]),
      'series ceph_health_status: value is not a [time, "value"] pair',
    ],
    [
      'a value written as a number',
      vector([
        { metric: { __name__: 'ceph_health_status' }, value: [TIME, 0] },
      ]),
      'series ceph_health_status: value is not a [time, "value"] pair',
    ],
    [
      'a time that is a string',
      vector([
        {
          metric: { __name__: 'ceph_health_status' },
          value: [String(TIME), '0'],
        },
      ]),
      'series ceph_health_status: value is not a [time, "value"] pair',
    ],
    [
      'a value that is not a number',
      vector([series('ceph_health_status', {}, 'zero')]),
      'series ceph_health_status: value "zero" is not a number',
    ],
    [
      'an empty value',
      vector([series('ceph_health_status', {}, '')]),
      'series ceph_health_status: value "" is not a number',
    ],
    [
      'NaN',
      vector([series('ceph_health_status', {}, 'NaN')]),
      'series ceph_health_status: value NaN is not a finite number',
    ],
    [
      'a value too big for a number',
      vector([series('ceph_pg_total', {}, '1e400')]),
      'series ceph_pg_total: value 1e400 is not a finite number',
    ],
    [
      'a health level Ceph does not have',
      vector([series('ceph_health_status', {}, '3')]),
      'series ceph_health_status: value 3 is not one of 0, 1, 2',
    ],
    [
      'a fractional OSD flag',
      vector([series('ceph_osd_up', { ceph_daemon: 'osd.0' }, '0.5')]),
      'series ceph_osd_up{ceph_daemon="osd.0"}: value 0.5 is not one of 0, 1',
    ],
    [
      'a negative PG count',
      vector([series('ceph_pg_total', { pool_id: '1' }, '-8')]),
      'series ceph_pg_total{pool_id="1"}: value -8 is not a whole number of at least 0',
    ],
    [
      'a health detail without its severity label',
      vector([series('ceph_health_detail', { name: 'OSD_DOWN' }, '1')]),
      'series ceph_health_detail{name="OSD_DOWN"}: no severity label',
    ],
    [
      'negative bytes',
      vector([series('ceph_cluster_total_bytes', {}, '-1')]),
      'series ceph_cluster_total_bytes: value -1 is below 0',
    ],
  ])('does not read %s', (_label, body, reason) => {
    expect(parsePrometheusVector(body, { byName: CEPH_METRIC_SHAPES })).toEqual(
      {
        ok: false,
        reason,
      },
    );
  });

  it('checks the Cilium gauges too', () => {
    expect(
      parsePrometheusVector(
        vector([
          series('cilium_unreachable_nodes', { pod: 'cilium-a' }, '0.5'),
        ]),
        { byName: CILIUM_GAUGE_SHAPES },
      ),
    ).toEqual({
      ok: false,
      reason:
        'series cilium_unreachable_nodes{pod="cilium-a"}: value 0.5 is not a whole number of at least 0',
    });
    expect(
      parsePrometheusVector(
        vector([series('cilium_unreachable_nodes', { pod: 'cilium-a' }, '-1')]),
        { byName: CILIUM_GAUGE_SHAPES },
      ).ok,
    ).toBe(false);
    expect(
      parsePrometheusVector(
        vector([series('cilium_endpoint_state', { pod: 'cilium-a' }, '3')]),
        { byName: CILIUM_GAUGE_SHAPES },
      ),
    ).toEqual({
      ok: false,
      reason: 'series cilium_endpoint_state{pod="cilium-a"}: no state label',
    });
  });
});
