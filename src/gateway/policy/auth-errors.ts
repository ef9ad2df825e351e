/**
 * The errors authentication throws. Reasons are fixed phrases (at most with an algorithm name that has been
 * checked to be a plain identifier): a token, a key or a claim value is never echoed.
 */
import { HttpError } from '../types';

const REALM = 'wenshu';

/** Only characters that are safe inside a quoted-string of a header and say nothing secret. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, "'");
}

/** 401 for a credential that was presented and is not good (RFC 6750 `invalid_token`). */
export function invalidToken(reason: string): HttpError {
  return new HttpError(401, 'unauthorized', reason, {
    'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${headerSafe(reason)}"`,
  });
}

/** 401 when no credential was presented at all (RFC 6750: no error code then). */
export function missingCredentials(reason: string): HttpError {
  return new HttpError(401, 'unauthorized', reason, { 'WWW-Authenticate': `Bearer realm="${REALM}"` });
}

/** 403: who the caller is, is known, and they may not use the gateway (e.g. no department is mapped). */
export function forbidden(reason: string): HttpError {
  return new HttpError(403, 'forbidden', reason);
}

/** 503: the signing keys could not be fetched; not the caller's fault, so not a 401. */
export function keysUnavailable(): HttpError {
  return new HttpError(503, 'auth_unavailable', 'the signing keys of the identity provider could not be fetched; try again shortly', {
    'retry-after': '5',
  });
}

/** 403 for a valid token that does not grant what the gateway requires (RFC 6750 `insufficient_scope`). */
export function insufficientScope(reason: string): HttpError {
  return new HttpError(403, 'insufficient_scope', reason, {
    'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", error_description="${headerSafe(reason)}"`,
  });
}

/** 503: a directory lookup (Microsoft Graph) the caller's department depends on failed; not the caller's fault. */
export function directoryUnavailable(): HttpError {
  return new HttpError(503, 'directory_unavailable', "the directory could not be asked for the user's groups; try again shortly", { 'retry-after': '5' });
}
