import { useSignal } from '@backstage/plugin-signals-react';
import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface PolledValue<T> {
  /** The last value received; kept while a refresh runs or after a refresh fails. */
  value?: T;
  /** The error of the last attempt, cleared by the next success. */
  error?: Error;
  /** True only until the first answer (value or error): the one time to show a loading state. */
  loading: boolean;
  /** When `value` was received. */
  updatedAt?: Date;
  /** Loads again now (the retry button of an error state). */
  retry(): void;
}

interface State<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  updatedAt?: Date;
}

/**
 * Loads a value, then again every `intervalMs` while the page is visible.
 * A refresh never blanks what is shown: the old value stays until the new
 * one arrives, so a 30-second refresh does not flicker. Answers that arrive
 * out of order, or after the dependencies changed, are dropped.
 */
export function usePolledValue<T>(
  load: () => Promise<T>,
  options: { intervalMs: number },
  deps: DependencyList,
): PolledValue<T> {
  const [state, setState] = useState<State<T>>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const latestRequest = useRef(0);

  const run = useCallback(() => {
    const request = ++latestRequest.current;
    loadRef.current().then(
      value => {
        if (request !== latestRequest.current) return;
        setState({ value, loading: false, updatedAt: new Date() });
      },
      error => {
        if (request !== latestRequest.current) return;
        setState(previous => ({
          ...previous,
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }));
      },
    );
  }, []);

  useEffect(() => {
    const requests = latestRequest;
    setState({ loading: true });
    run();
    const timer = setInterval(() => {
      if (typeof document !== 'undefined' && document.hidden) return;
      run();
    }, options.intervalMs);
    return () => {
      clearInterval(timer);
      // answers still on their way belong to the old dependencies
      requests.current++;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run, options.intervalMs, ...deps]);

  return { ...state, retry: run };
}

/** How often a signalled value is still polled: a safety net for a lost signal, not the way it updates. */
export const SIGNALLED_FALLBACK_MS = 5 * 60_000;

/**
 * A polled value that also reloads whenever the backend signals on
 * `channel` (Backstage signals): with signals on, the page updates as soon
 * as something changed and polls only every SIGNALLED_FALLBACK_MS; with
 * signals off (no signals plugin in the app) it polls every `intervalMs`.
 */
export function useSignalledValue<T>(
  load: () => Promise<T>,
  options: { intervalMs: number; channel: string },
  deps: DependencyList,
): PolledValue<T> & { live: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal(options.channel);
  const polled = usePolledValue(
    load,
    {
      intervalMs: isSignalsAvailable
        ? Math.max(options.intervalMs, SIGNALLED_FALLBACK_MS)
        : options.intervalMs,
    },
    deps,
  );
  const { retry } = polled;
  useEffect(() => {
    if (lastSignal) retry();
  }, [lastSignal, retry]);
  return { ...polled, live: isSignalsAvailable };
}
