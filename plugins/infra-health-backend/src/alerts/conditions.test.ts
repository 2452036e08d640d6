import { Condition, observeCondition } from './conditions';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const DEBOUNCE = 120_000;

function run(statuses: Array<[number, string]>) {
  let condition: Condition | undefined;
  const changes: string[] = [];
  for (const [seconds, status] of statuses) {
    const result = observeCondition(
      condition,
      {
        cluster: 'prod',
        environment: 'prod',
        status: status as any,
        reason: status,
      },
      at(seconds),
      DEBOUNCE,
    );
    condition = result.condition;
    if (result.changed)
      changes.push(`${result.changed.from}->${result.changed.to}@${seconds}`);
  }
  return { condition: condition!, changes };
}

describe('observeCondition', () => {
  it('confirms a new level once it held for the debounce time, and back', () => {
    const { changes, condition } = run([
      [0, 'ok'],
      [30, 'critical'],
      [90, 'critical'],
      [150, 'critical'],
      [300, 'ok'],
      [420, 'ok'],
    ]);
    expect(changes).toEqual(['ok->critical@150', 'critical->ok@420']);
    expect(condition.confirmed).toBe('ok');
    expect(condition.confirmedSince).toBe(at(300).toISOString());
  });

  it('flapping inside the window confirms nothing; the level that then holds confirms once', () => {
    const flaps: Array<[number, string]> = [];
    for (let i = 0; i < 10; i++)
      flaps.push([i * 10, i % 2 ? 'ok' : 'critical']);
    expect(run(flaps).changes).toEqual([]);
    expect(
      run([...flaps, [100, 'critical'], [230, 'critical']]).changes,
    ).toEqual(['ok->critical@230']);
  });

  it('unknown neither starts nor ends a condition', () => {
    const { changes, condition } = run([
      [0, 'critical'],
      [130, 'critical'],
      [200, 'unknown'],
      [400, 'unknown'],
    ]);
    expect(changes).toEqual(['ok->critical@130']);
    expect(condition.confirmed).toBe('critical');
  });

  it('warning to critical is its own change', () => {
    expect(
      run([
        [0, 'warning'],
        [121, 'warning'],
        [130, 'critical'],
        [251, 'critical'],
      ]).changes,
    ).toEqual(['ok->warning@121', 'warning->critical@251']);
  });
});
