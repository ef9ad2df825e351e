/**
 * Where packs are read from. The core never touches a file system: the CLI and gateway pass a Node
 * implementation (src/node/pack-source.ts), the task pane and tests an in-memory one.
 */
export interface PackEntry {
  name: string;
  kind: 'file' | 'dir';
}

export interface PackSource {
  /** Entries of a directory; paths are joined with "/" (see joinPath). Throws when it cannot be read. */
  list(dir: string): PackEntry[];
  /** A text file as UTF-8. Throws when it cannot be read. */
  read(path: string): string;
  /** A binary file (.docx bodies); sources without it cannot serve .docx bodies. */
  readBinary?(path: string): Uint8Array;
}

/** "/"-joins path parts, ignoring empty ones and "." (so a root of "" or "." gives relative paths). */
export function joinPath(...parts: string[]): string {
  const kept = parts.filter((p) => p !== '' && p !== '.');
  if (!kept.length) return '';
  return kept.map((p, i) => (i === 0 ? p.replace(/\/+$/, '') || '/' : p.replace(/^\/+|\/+$/g, ''))).join('/').replace(/^\/\//, '/');
}

export function baseName(path: string): string {
  const parts = path.replace(/\/+$/, '').split('/');
  const last = parts[parts.length - 1];
  return last === '.' || last === '..' ? '' : last;
}

/** A source over a map of "/"-separated paths to contents, for tests and for packs shipped inside a bundle. */
export function memoryPackSource(files: Record<string, string | Uint8Array>): PackSource {
  const paths = Object.keys(files).map((p) => p.replace(/^\.?\//, ''));
  const get = (path: string) => {
    const key = Object.keys(files).find((p) => p.replace(/^\.?\//, '') === path.replace(/^\.?\//, ''));
    if (key === undefined) throw new Error(`${path}: no such file`);
    return files[key];
  };
  return {
    list(dir) {
      const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/^\.?\//, '').replace(/\/+$/, '')}/`;
      const entries = new Map<string, PackEntry['kind']>();
      for (const p of paths) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length).split('/');
        entries.set(rest[0], rest.length > 1 ? 'dir' : 'file');
      }
      if (!entries.size && prefix) throw new Error(`${dir}: no such directory`);
      return [...entries].map(([name, kind]) => ({ name, kind }));
    },
    read(path) {
      const v = get(path);
      return typeof v === 'string' ? v : new TextDecoder().decode(v);
    },
    readBinary(path) {
      const v = get(path);
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    },
  };
}
