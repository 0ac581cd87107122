import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser's file name of each uploaded file, by field name (attachFieldsToBody 'keyValues' drops it). */
    uploadedFileNames: Record<string, string> | null;
  }
}

/** Multipart `onFile`: keeps the bytes as 'keyValues' does, and the file's name beside them. */
export async function keepUploadedFile(
  this: FastifyRequest,
  part: { fieldname: string; filename: string; toBuffer(): Promise<Buffer> },
): Promise<void> {
  await part.toBuffer();
  this.uploadedFileNames = { ...(this.uploadedFileNames ?? {}), [part.fieldname]: part.filename };
}

export function uploadedFileName(request: FastifyRequest, field: string): string | null {
  return request.uploadedFileNames?.[field] ?? null;
}
