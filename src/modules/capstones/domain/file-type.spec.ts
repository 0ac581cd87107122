import { describe, expect, it } from '@jest/globals';
import {
  samplePdf,
  samplePng,
  sampleJpeg,
  sampleGif,
  sampleOffice,
  sampleWindowsExecutable,
  sampleElfExecutable,
  zip,
} from './file-samples.fixtures.js';
import { attachmentDisposition, checkFile, detectKind, sanitizeFileName, zipEntryNames } from './file-type.js';

describe('checkFile', () => {
  it.each([
    ['plan.pdf', samplePdf(), 'application/pdf'],
    ['chart.PNG', samplePng(), 'image/png'],
    ['photo.jpg', sampleJpeg(), 'image/jpeg'],
    ['photo.jpeg', sampleJpeg(), 'image/jpeg'],
    ['logo.gif', sampleGif(), 'image/gif'],
    ['plan.docx', sampleOffice('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['budget.xlsx', sampleOffice('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['slides.pptx', sampleOffice('pptx'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ])('should accept %s by its content', (name, bytes, mediaType) => {
    expect(checkFile(name, bytes)).toEqual({ ok: true, kind: expect.any(String), mediaType });
  });

  it('should refuse a Windows executable renamed .pdf, naming it a program', () => {
    const result = checkFile('plan.pdf', sampleWindowsExecutable());
    expect(result).toEqual({
      ok: false,
      reason: 'The file is a program (Windows executable), not a document or image.',
    });
  });

  it('should refuse an ELF executable renamed .pdf', () => {
    expect(checkFile('plan.pdf', sampleElfExecutable())).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Linux ELF executable'),
    });
  });

  it('should refuse a PDF renamed .docx, saying what the content is', () => {
    const result = checkFile('plan.docx', samplePdf());
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('content is a PDF but its name ends in “.docx”'),
    });
  });

  it('should refuse a DOCX named .xlsx', () => {
    expect(checkFile('budget.xlsx', sampleOffice('docx')).ok).toBe(false);
  });

  it('should refuse a ZIP that is not an Office document', () => {
    expect(checkFile('plan.docx', zip([['notes.txt', 'hello']]))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('is not a PDF, DOCX'),
    });
  });

  it('should refuse a ZIP whose central directory is cut off', () => {
    const bytes = sampleOffice('docx');
    expect(detectKind(bytes.subarray(0, bytes.length - 30))).toBeNull();
  });

  it('should refuse plain text, an empty file and a file without extension', () => {
    expect(checkFile('plan.pdf', Buffer.from('hello'))).toMatchObject({ ok: false });
    expect(checkFile('plan.pdf', Buffer.alloc(0))).toEqual({ ok: false, reason: 'The file is empty.' });
    expect(checkFile('plan', samplePdf())).toMatchObject({
      ok: false,
      reason: expect.stringContaining('(no extension)'),
    });
  });
});

describe('zipEntryNames', () => {
  it('should list the entries of the central directory', () => {
    expect(zipEntryNames(sampleOffice('pptx'))).toEqual(['[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml']);
  });
});

describe('sanitizeFileName', () => {
  it('should drop folders, control and special characters and keep letters of any script', () => {
    expect(sanitizeFileName('C:\\Users\\me\\Plan d’action.pdf', 'pdf')).toBe('Plan d_action.pdf');
    expect(sanitizeFileName('../../etc/passwd', 'pdf')).toBe('passwd');
    expect(sanitizeFileName('योजना "2026"\r\n.pdf', 'pdf')).toBe('योजना _2026_.pdf');
    expect(sanitizeFileName('...', 'pdf')).toBe('attachment.pdf');
  });

  it('should cut long names and keep the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.docx`, 'docx');
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('attachmentDisposition', () => {
  it('should give an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('Plan é.pdf')).toBe(
      `attachment; filename="Plan _.pdf"; filename*=UTF-8''Plan%20%C3%A9.pdf`,
    );
  });
});
