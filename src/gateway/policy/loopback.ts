/**
 * Whether a socket's remote address is this machine: 127.0.0.0/8, ::1, or an IPv4-mapped 127.x address,
 * in any spelling Node or a proxy-less socket may report (expanded, upper case, hex-mapped).
 */
import { isIPv4, isIPv6 } from 'node:net';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (isIPv4(address)) return address.split('.')[0] === '127';
  if (!isIPv6(address)) return false;
  let canonical: string;
  try {
    // The URL parser writes an IPv6 address in its one canonical form (compressed, lower case, IPv4-mapped
    // addresses in hex): "0:0:0:0:0:0:0:1" -> "::1", "::FFFF:127.0.0.1" -> "::ffff:7f00:1".
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return false; // zone ids ("fe80::1%eth0") and the like
  }
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** Headers a reverse proxy, load balancer or sidecar adds: their presence means the socket is not the caller. */
const PROXY_HEADER = /^(forwarded|via|x-forwarded-.+|x-real-ip|x-original-forwarded-for|true-client-ip|cf-connecting-ip)$/i;

/** The name of the first proxy header in a request, if any. */
export function proxyHeaderIn(headers: Record<string, unknown>): string | undefined {
  return Object.keys(headers).find((h) => PROXY_HEADER.test(h));
}

/**
 * Whether a Host header names this machine on the port the gateway listens on: localhost, 127.x.x.x or
 * [::1]. A browser page on another site that rebinds its DNS name to 127.0.0.1 still sends its own name,
 * so this is what stops DNS rebinding from reaching a workstation gateway.
 */
export function isLoopbackHost(host: string | undefined, port: number | undefined): boolean {
  if (!host) return false;
  const match = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return false;
  if (match[1].startsWith('127') && !isIPv4(match[1])) return false;
  const given = match[2] === undefined ? 80 : Number(match[2]);
  return port === undefined || given === port;
}

/** Why a development-mode request is refused, or undefined when it may be served. */
export function developmentRequestProblem(req: { headers: Record<string, unknown>; remoteAddress?: string; localPort?: number }): string | undefined {
  if (!isLoopback(req.remoteAddress)) return 'development mode accepts requests from this machine only';
  const proxy = proxyHeaderIn(req.headers);
  if (proxy) return `development mode refuses requests that came through a proxy (${proxy.toLowerCase()} header): configure auth.jwt or auth.apiKeys behind a proxy`;
  const host = typeof req.headers.host === 'string' ? req.headers.host : undefined;
  if (!isLoopbackHost(host, req.localPort)) return `development mode accepts only a loopback Host header (localhost, 127.0.0.1 or [::1] with port ${req.localPort ?? 'of the gateway'})`;
  return undefined;
}
