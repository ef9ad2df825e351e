/**
 * A small synchronous ZIP reader (central directory, stored and deflated entries, via node:zlib), for the few
 * places that must read a .docx without waiting, such as the template loader. No ZIP64 and no encryption: a
 * .docx needs neither. Asynchronous reading elsewhere uses JSZip.
 */
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  /** True when the file is a ZIP archive whose contents cannot be read (as opposed to not being a ZIP at all). */
  constructor(
    message: string,
    readonly damaged = false,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries whose names `want` accepts, decoded as UTF-8 text. */
export function unzipSync(bytes: Uint8Array, want: (name: string) => boolean): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (at === 0xffffffff) throw new ZipError('ZIP64 archives are not supported', true);
  const out = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL) throw new ZipError('bad central directory', true);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/') || !want(name)) continue;
    if (flags & 1) throw new ZipError(`${name} is encrypted`, true);
    if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL) throw new ZipError(`bad local header for ${name}`, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > view.byteLength) throw new ZipError(`${name} is cut short`, true);
    const data = bytes.subarray(start, start + compressed);
    let raw: Uint8Array;
    if (method === 0) raw = data;
    else if (method === 8) {
      try {
        raw = inflateRawSync(data);
      } catch {
        throw new ZipError(`${name} cannot be unpacked`, true);
      }
    } else throw new ZipError(`${name} uses an unsupported compression method (${method})`, true);
    if (raw.length !== size) throw new ZipError(`${name} has the wrong size`, true);
    out.set(name, decoder.decode(raw));
  }
  return out;
}

function findEndOfCentralDirectory(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  throw new ZipError('not a ZIP archive');
}
