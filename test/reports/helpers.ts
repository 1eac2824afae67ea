// Reading generated documents back: python-docx (test/tools/read_docx.py), the
// raw XML, and LibreOffice's PDF with pages rendered to PNG under test-results/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = '/usr/bin/python3';
const READ_DOCX = join(root, 'test/tools/read_docx.py');
const FONTS_CONF = join(root, 'build/fonts/fonts.conf');

export interface Run { text: string; font: string | null; east_asia_font: string | null; size_pt: number | null; bold: boolean; color: string | null }
export interface DocxParagraph { block: number; text: string; alignment: string | null; first_line_indent_pt: number | null; line_spacing: { rule: string; pt?: number } | null; runs: Run[] }
export interface DocxTable { block: number; rows: string[][]; header_rows: number; bold_rows: number[]; column_widths_mm: number[]; fonts: string[]; sizes_pt: number[] }
export interface DocxSection { page_width_mm: number; page_height_mm: number; margin_top_mm: number; margin_bottom_mm: number; margin_left_mm: number; margin_right_mm: number; different_first_page: boolean; footers: Record<'default' | 'even' | 'first', string[] | null> }
export interface DocxDump { settings: { even_and_odd_headers: boolean }; sections: DocxSection[]; paragraphs: DocxParagraph[]; tables: DocxTable[] }

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 30_000, env: options.env ?? process.env });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

export const readDocx = (file: string): DocxDump => JSON.parse(run(PYTHON, [READ_DOCX, file])) as DocxDump;

export async function docxXml(file: string, part = 'word/document.xml'): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return zip.file(part)!.async('string');
}

/** Converts to PDF with LibreOffice; returns the PDF's path, its page count and text. Pages are kept as PNG under test-results/<folder>. */
export function toPdf(file: string, workDir: string, folder: string, keepPages = true): { pdf: string; pages: number; text: string } {
  const outDir = join(workDir, 'pdf');
  mkdirSync(outDir, { recursive: true });
  const profile = pathToFileURL(join(workDir, `lo-profile-${process.pid}`)).href;
  run('libreoffice', ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', outDir, file], { env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF }, timeout: 120_000 });
  const pdf = join(outDir, basename(file).replace(/\.docx$/, '.pdf'));
  const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))?.[1]);
  const text = run('pdftotext', ['-layout', pdf, '-']);
  if (keepPages) {
    const dir = join(root, 'test-results', folder);
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) rmSync(join(dir, old));
    copyFileSync(pdf, join(dir, 'document.pdf'));
    copyFileSync(file, join(dir, 'document.docx'));
    run('pdftoppm', ['-png', '-r', '60', pdf, join(dir, 'page')]);
  }
  return { pdf, pages, text };
}

/** pdftotext spaces out CJK in justified lines: compare without blanks. */
export const squeeze = (s: string): string => s.replace(/\s+/g, '');

export interface WordBox { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/** The words of one page of a PDF with their boxes in points (pdftotext -bbox), top-left origin. */
export function pageWords(pdf: string, page: number): WordBox[] {
  const html = run('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}
