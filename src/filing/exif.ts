/**
 * When a JPEG photo was taken, from its Exif APP1 segment (Exif 2.32, CIPA DC-008): the
 * DateTimeOriginal tag (0x9003) of the Exif IFD, else DateTime (0x0132) of IFD0, as the camera's
 * local time `YYYY-MM-DDTHH:MM`. Null when the file is not a JPEG, has no Exif, or a broken one;
 * never throws. Reads only the segments before the image data.
 */
export function exifTakenAt(bytes: Uint8Array): string | null {
  try {
    const tiff = exifTiff(bytes);
    return tiff === null ? null : takenAt(tiff);
  } catch {
    return null;
  }
}

/** The TIFF structure inside the first APP1 "Exif\0\0" segment, or null. */
function exifTiff(bytes: Uint8Array): DataView | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
  let at = 2;
  while (at + 4 <= view.byteLength) {
    const marker = view.getUint16(at);
    if ((marker & 0xff00) !== 0xff00) return null;
    // Start of scan or end of image: the image data begins, no metadata after it.
    if (marker === 0xffda || marker === 0xffd9) return null;
    const length = view.getUint16(at + 2);
    if (length < 2 || at + 2 + length > view.byteLength) return null;
    if (marker === 0xffe1 && length >= 8 && ascii(view, at + 4, 6) === "Exif\0\0") {
      return new DataView(bytes.buffer, bytes.byteOffset + at + 10, length - 8);
    }
    at += 2 + length;
  }
  return null;
}

const DATE_TIME = 0x0132;
const EXIF_IFD = 0x8769;
const DATE_TIME_ORIGINAL = 0x9003;
const ASCII = 2;

function takenAt(tiff: DataView): string | null {
  const order = ascii(tiff, 0, 2);
  if (order !== "II" && order !== "MM") return null;
  const little = order === "II";
  const u16 = (at: number) => tiff.getUint16(at, little);
  const u32 = (at: number) => tiff.getUint32(at, little);
  if (u16(2) !== 42) return null;

  /** Tag → value offset of its 12-byte entry, for the IFD at `offset`. */
  const entries = (offset: number): Map<number, number> => {
    const found = new Map<number, number>();
    if (offset <= 0 || offset + 2 > tiff.byteLength) return found;
    const count = u16(offset);
    for (let i = 0; i < count; i++) {
      const entry = offset + 2 + i * 12;
      if (entry + 12 > tiff.byteLength) break;
      found.set(u16(entry), entry);
    }
    return found;
  };
  const asciiValue = (entry: number | undefined): string | null => {
    if (entry === undefined || u16(entry + 2) !== ASCII) return null;
    const count = u32(entry + 4);
    const at = count <= 4 ? entry + 8 : u32(entry + 8);
    if (count < 19 || at + 19 > tiff.byteLength) return null;
    return ascii(tiff, at, 19);
  };

  const ifd0 = entries(u32(4));
  const exifPointer = ifd0.get(EXIF_IFD);
  const exif = exifPointer === undefined ? new Map<number, number>() : entries(u32(exifPointer + 8));
  return parseStamp(asciiValue(exif.get(DATE_TIME_ORIGINAL))) ?? parseStamp(asciiValue(ifd0.get(DATE_TIME)));
}

/** "2024:06:15 14:32:10" → "2024-06-15T14:32"; unset stamps ("0000:00:00 …", blanks) → null. */
function parseStamp(stamp: string | null): string | null {
  const m = stamp === null ? null : /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2})/.exec(stamp);
  if (m === null) return null;
  const [, y, mo, d, h, mi] = m;
  if (Number(y) < 1990 || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return `${y}-${mo}-${d}T${h}:${mi}`;
}

function ascii(view: DataView, at: number, length: number): string {
  let out = "";
  for (let i = 0; i < length && at + i < view.byteLength; i++)
    out += String.fromCharCode(view.getUint8(at + i));
  return out;
}
