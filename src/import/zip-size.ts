/**
 * How much a workbook unpacks to, from its zip directory, before anything is unpacked: a small
 * file that unpacks to gigabytes (a zip bomb) is refused instead of filling the memory.
 */
export const MAX_UNPACKED_BYTES = 200_000_000;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** The total unpacked size, or undefined when the directory cannot be read (or uses ZIP64, which no workbook needs). */
export function unpackedSize(zip: Buffer): number | undefined {
  const searchFrom = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let i = zip.length - 22; i >= searchFrom; i--) {
    if (zip.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== DIRECTORY_ENTRY) return undefined;
    const size = zip.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return undefined;
    total += size;
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return total;
}
