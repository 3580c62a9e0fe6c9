import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF as `pdftotext` (poppler-utils) extracts it, no-break spaces made plain. */
export function pdfText(pdf: Buffer, layout = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-pdf-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const args = layout ? ['-layout', join(dir, 'doc.pdf'), '-'] : [join(dir, 'doc.pdf'), '-'];
    return execFileSync('pdftotext', args, { encoding: 'utf8' }).replace(/\u00A0/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Collapses runs of whitespace (line breaks inside table cells) into single spaces. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ');
