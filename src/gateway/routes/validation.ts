import type { z } from 'zod';
import { formatPath } from '../../core/templates/errors';
import { HttpError } from '../types';

/** Validates a request body; the 400 names the first problem and where it is. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null) throw new HttpError(400, 'invalid_request', 'the request has no JSON body');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = formatPath(issue.path as PropertyKey[]);
  throw new HttpError(400, 'invalid_request', `${where ? `${where}: ` : ''}${issue.message}`);
}
