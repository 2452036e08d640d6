import { act, render, screen } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  SIGNALLED_FALLBACK_MS,
  usePolledValue,
  useSignalledValue,
} from './usePolledValue';

function Probe(props: { load: () => Promise<string> }) {
  const polled = usePolledValue(props.load, { intervalMs: 30_000 }, []);
  if (polled.loading) return <p>loading</p>;
  return (
    <div>
      <p>{`value: ${polled.value ?? 'none'}`}</p>
      <p>{`error: ${polled.error?.message ?? 'none'}`}</p>
    </div>
  );
}

/** A promise the test settles by hand, to see the screen while a refresh is under way. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('usePolledValue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('loads again every interval without blanking what is shown, and keeps it when a refresh fails', async () => {
    const answers = [
      deferred<string>(),
      deferred<string>(),
      deferred<string>(),
    ];
    let call = 0;
    const load = jest.fn(() => answers[call++].promise);
    render(<Probe load={load} />);
    expect(screen.getByText('loading')).toBeInTheDocument();

    await act(async () => answers[0].resolve('first'));
    expect(screen.getByText('value: first')).toBeInTheDocument();

    // the interval fires: a refresh is under way, the old value stays on screen
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    expect(load).toHaveBeenCalledTimes(2);
    expect(screen.queryByText('loading')).not.toBeInTheDocument();
    expect(screen.getByText('value: first')).toBeInTheDocument();

    await act(async () => answers[1].resolve('second'));
    expect(screen.getByText('value: second')).toBeInTheDocument();

    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    await act(async () => answers[2].reject(new Error('backend away')));
    expect(screen.getByText('value: second')).toBeInTheDocument();
    expect(screen.getByText('error: backend away')).toBeInTheDocument();
  });

  it('drops an answer that arrives after a newer one', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const load = jest
      .fn()
      .mockReturnValueOnce(slow.promise)
      .mockReturnValueOnce(fast.promise);
    render(<Probe load={load} />);
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    await act(async () => fast.resolve('new'));
    await act(async () => slow.resolve('old'));
    expect(screen.getByText('value: new')).toBeInTheDocument();
  });

  it('stops polling when unmounted', async () => {
    const load = jest.fn(async () => 'x');
    const { unmount } = render(<Probe load={load} />);
    await act(async () => {});
    unmount();
    jest.advanceTimersByTime(120_000);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('useSignalledValue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function SignalProbe(props: { load: () => Promise<string> }) {
    const polled = useSignalledValue(
      props.load,
      { intervalMs: 30_000, channel: 'infra-health:fleet' },
      [],
    );
    return <p>{`value: ${polled.value ?? 'none'}`}</p>;
  }

  it('with signals on, reloads on each signal and polls only as a fallback', async () => {
    const subscribers: Array<(message: any) => void> = [];
    const signals = {
      subscribe: (channel: string, onMessage: (message: any) => void) => {
        expect(channel).toBe('infra-health:fleet');
        subscribers.push(onMessage);
        return { unsubscribe: () => {} };
      },
    };
    let n = 0;
    const load = jest.fn(async () => `answer ${++n}`);
    render(
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        <SignalProbe load={load} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('value: answer 1')).toBeInTheDocument();
    // the 30 s poll does not run: signals say when
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => {
      subscribers.forEach(s => s({ clusters: [] }));
    });
    expect(await screen.findByText('value: answer 2')).toBeInTheDocument();
    // the fallback poll still runs, every five minutes
    await act(async () => {
      jest.advanceTimersByTime(SIGNALLED_FALLBACK_MS);
    });
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('with signals off, polls every interval', async () => {
    const load = jest.fn(async () => 'same');
    render(
      <TestApiProvider apis={[]}>
        <SignalProbe load={load} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('value: same')).toBeInTheDocument();
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    expect(load).toHaveBeenCalledTimes(3);
  });
});
