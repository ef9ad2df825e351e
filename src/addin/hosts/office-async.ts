/// <reference types="office-js" />
/**
 * Office's callback-style `*Async` calls as promises. Every Outlook and Office-common call in the hosts
 * goes through here, so a failed call always rejects with the AsyncResult's own error message.
 */

/** An `*Async` call that failed: the message, code and name Office reported. */
export class OfficeAsyncError extends Error {
  readonly code: number | undefined;
  readonly officeName: string | undefined;

  constructor(message: string, code?: number, officeName?: string) {
    super(message);
    this.name = 'OfficeAsyncError';
    this.code = code;
    this.officeName = officeName;
  }
}

type Callback<T> = (result: Office.AsyncResult<T>) => void;

function failed(result: Office.AsyncResult<unknown>): boolean {
  const statuses = (globalThis as { Office?: { AsyncResultStatus?: { Failed?: unknown; Succeeded?: unknown } } }).Office
    ?.AsyncResultStatus;
  const status = result.status as unknown;
  if (statuses && statuses.Failed !== undefined && status === statuses.Failed) return true;
  // office.js uses "failed"/"succeeded" at run time; the type definitions number them. Accept both.
  if (status === 'failed' || status === 1) return true;
  if (statuses && statuses.Succeeded !== undefined && status === statuses.Succeeded) return false;
  if (status === 'succeeded' || status === 0) return false;
  return Boolean(result.error);
}

/**
 * Calls `start` with a callback and settles when Office calls it back:
 * `await officeAsync<string>((cb) => item.body.getAsync(Office.CoercionType.Text, cb))`.
 * Rejects with the AsyncResult's error message, or with whatever `start` throws synchronously.
 */
export function officeAsync<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (!result) {
          reject(new OfficeAsyncError('Office returned no result.'));
        } else if (failed(result)) {
          const error = result.error as Partial<Office.Error> | undefined;
          reject(new OfficeAsyncError(error?.message || 'The Office operation failed.', error?.code, error?.name));
        } else {
          resolve(result.value);
        }
      });
    } catch (err) {
      reject(err instanceof Error ? err : new OfficeAsyncError(String(err)));
    }
  });
}

/**
 * Turns a method of the shape `(…args, options?, callback)` into a promise-returning function:
 * `const getBody = promisify(item.body, 'getAsync'); await getBody(Office.CoercionType.Text)`.
 * The callback is always passed last, after whatever arguments the caller gives (options included).
 */
export function promisify<T = unknown>(
  target: object,
  method: string,
): (...args: unknown[]) => Promise<T> {
  return (...args: unknown[]) =>
    officeAsync<T>((callback) => {
      const fn = (target as Record<string, unknown>)[method];
      if (typeof fn !== 'function') throw new OfficeAsyncError(`This Office version has no ${method}.`);
      (fn as (...a: unknown[]) => void).apply(target, [...args, callback]);
    });
}
