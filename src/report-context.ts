// Which step is running, for code that has no handle on it: an HTTP retry deep inside an SDK
// client reports its wait on the progress line of the step that made the call.
import { AsyncLocalStorage } from 'node:async_hooks';

export type Reporter = (message: string) => void;

const current = new AsyncLocalStorage<Reporter>();

export function withReporter<T>(report: Reporter, fn: () => Promise<T>): Promise<T> {
  return current.run(report, fn);
}

export function report(message: string): void {
  current.getStore()?.(message);
}
