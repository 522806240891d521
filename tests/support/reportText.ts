// Every byte a run left under a report folder, as text to search: plain files as they are, and the
// Playwright HTML report's embedded zip (a data: URI inside index.html) unpacked entry by entry.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The entries of a zip archive (stored or deflated), read through its central directory. */
export function unzip(zip: Buffer): { name: string; data: Buffer }[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : raw });
    at += 46 + nameLength + extra;
  }
  return entries;
}

export function reportTexts(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const file of filesUnder(dir)) {
    const text = readFileSync(file).toString('latin1');
    out.push({ file, text });
    for (const m of text.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g)) {
      for (const entry of unzip(Buffer.from(m[1], 'base64'))) out.push({ file: `${file}!${entry.name}`, text: entry.data.toString('utf8') });
    }
  }
  return out;
}
