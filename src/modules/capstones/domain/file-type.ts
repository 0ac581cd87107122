/** The kinds of file a plan may carry, recognised by their content: the name's extension must agree. */
export interface FileKind {
  mediaType: string;
  label: string;
  extensions: string[];
}

export const FILE_KINDS = {
  pdf: { mediaType: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document (DOCX)',
    extensions: ['docx'],
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel workbook (XLSX)',
    extensions: ['xlsx'],
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint presentation (PPTX)',
    extensions: ['pptx'],
  },
  png: { mediaType: 'image/png', label: 'PNG image', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', label: 'JPEG image', extensions: ['jpg', 'jpeg'] },
  gif: { mediaType: 'image/gif', label: 'GIF image', extensions: ['gif'] },
  webp: { mediaType: 'image/webp', label: 'WebP image', extensions: ['webp'] },
} satisfies Record<string, FileKind>;

export type FileKindId = keyof typeof FILE_KINDS;

export const ALLOWED_TYPES_TEXT = 'PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF or WebP';

export type FileCheck = { ok: true; kind: FileKindId; mediaType: string } | { ok: false; reason: string };

/**
 * What a file is, from its first bytes (and, for Office files, the names inside the ZIP), never from its name or the
 * browser's Content-Type. The name's extension must then agree, so a renamed file is refused either way.
 */
export function checkFile(fileName: string, bytes: Uint8Array): FileCheck {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty.' };
  const program = programKind(bytes);
  if (program) return { ok: false, reason: `The file is a program (${program}), not a document or image.` };
  const kind = detectKind(bytes);
  if (!kind) return { ok: false, reason: `The file's content is not a ${ALLOWED_TYPES_TEXT} file.` };
  const extension = extensionOf(fileName);
  const expected = FILE_KINDS[kind];
  if (!expected.extensions.includes(extension)) {
    return {
      ok: false,
      reason: `The file's content is a ${expected.label} but its name ends in “${extension ? `.${extension}` : '(no extension)'}”: rename it to .${expected.extensions[0]} or choose the right file.`,
    };
  }
  return { ok: true, kind, mediaType: expected.mediaType };
}

export function detectKind(bytes: Uint8Array): FileKindId | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeKind(zipEntryNames(bytes));
  return null;
}

function programKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'Windows executable';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'Linux ELF executable';
  if (startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) {
    return 'macOS executable';
  }
  if (startsWith(bytes, [0x23, 0x21])) return 'script';
  return null;
}

/** An Office Open XML package: a ZIP with `[Content_Types].xml` and the part folder of its application. */
function officeKind(names: string[] | null): FileKindId | null {
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.some((name) => name.startsWith('word/'))) return 'docx';
  if (names.some((name) => name.startsWith('xl/'))) return 'xlsx';
  if (names.some((name) => name.startsWith('ppt/'))) return 'pptx';
  return null;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const MAX_ENTRIES = 10_000;

/** The entry names of a ZIP's central directory; null when the directory cannot be read (not a sound ZIP). */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count > MAX_ENTRIES) return null;
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_DIRECTORY_ENTRY) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return bytes.length < to ? '' : String.fromCharCode(...bytes.subarray(from, to));
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 || dot === fileName.length - 1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/**
 * A file name safe to store and to show: no folders, no control or shell-special characters, at most 120
 * characters with its extension kept.
 */
export function sanitizeFileName(original: string, fallbackExtension: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (clean.length > 120) {
    const extension = extensionOf(clean);
    clean = `${clean.slice(0, 119 - extension.length).trimEnd()}.${extension}`;
  }
  return clean === '' || clean === `.${extensionOf(clean)}` ? `attachment.${fallbackExtension}` : clean;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
