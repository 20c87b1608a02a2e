/**
 * A minimal streaming reader for (gzipped) ustar/pax/GNU tar archives: yields regular files one at a time,
 * so a 40 MB archive of small XML files is never held whole in memory.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface TarEntry {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

function field(h: Buffer, start: number, len: number): string {
  const raw = h.subarray(start, start + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? len : nul).toString('utf8');
}

function octal(h: Buffer, start: number, len: number): number {
  const s = field(h, start, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** Every regular file of a .tar.gz, in archive order. */
export async function* readTarGz(file: string): AsyncGenerator<TarEntry> {
  let buf: Buffer = Buffer.alloc(0);
  let longName: string | null = null;
  let paxPath: string | null = null;
  for await (const chunk of createReadStream(file).pipe(createGunzip())) {
    buf = buf.length === 0 ? (chunk as Buffer) : Buffer.concat([buf, chunk as Buffer]);
    for (;;) {
      if (buf.length < BLOCK) break;
      const h = buf.subarray(0, BLOCK);
      if (h.every((b) => b === 0)) {
        buf = buf.subarray(BLOCK);
        continue;
      }
      const size = octal(h, 124, 12);
      const total = BLOCK + Math.ceil(size / BLOCK) * BLOCK;
      if (buf.length < total) break;
      const data = Buffer.from(buf.subarray(BLOCK, BLOCK + size));
      buf = buf.subarray(total);
      const type = String.fromCharCode(h[156] ?? 48);
      if (type === 'L') {
        longName = data.toString('utf8').replace(/\0+$/, '');
        continue;
      }
      if (type === 'x') {
        const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
        paxPath = m ? m[1]! : null;
        continue;
      }
      const prefix = field(h, 345, 155);
      const name = longName ?? paxPath ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
      longName = null;
      paxPath = null;
      if (type === '0' || type === '\0' || type === '7') yield { path: name.replace(/^\.\//, ''), data };
    }
  }
}
