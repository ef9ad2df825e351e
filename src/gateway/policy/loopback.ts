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
