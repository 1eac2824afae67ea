// Benchmark: 500 feedback letters (考核反馈函) of the demo's units, laid out in
// the GB/T 9704 letter format and written to disk, against writing the same
// content as a bare `docx` document with no layout work (no fonts, sizes,
// grid, borders, footers or font table), measured in the same run. Then the
// whole service path (stored results, traces, register, ledger, SHA-256) for
// every unit of the demo. Run: node test/bench/letters.ts [count]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { createContext } from '../../electron/core/context.ts';
import { listUnits } from '../../electron/core/repos/subjects.ts';
import { requireCycle } from '../../electron/core/repos/cycles.ts';
import { feedbackLetterModel } from '../../electron/core/reports/feedback-letter.ts';
import { renderDocx } from '../../electron/core/reports/gbt9704.ts';
import type { Block } from '../../electron/core/reports/model.ts';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { loadDemo, setCycleStatus } from '../../electron/core/services/cycles.ts';
import { getDocumentSettings, saveDocumentSettings } from '../../electron/core/services/document-settings.ts';
import { generateAllFeedbackLetters, letterPlan, unitResults } from '../../electron/core/services/documents.ts';

const COUNT = Number(process.argv[2] ?? 500);
const TARGET_S = 15;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-letters-'));
const ctx = await createContext({ dbFile: path.join(dir, 'demo.db'), documentsDir: path.join(dir, 'documents') });

try {
  const cycleId = (await loadDemo(ctx)).id;
  await computeCycle(ctx, cycleId);
  await setCycleStatus(ctx, { cycleId, status: 'grading' });
  const s = await getDocumentSettings(ctx, { cycleId });
  const settings = await saveDocumentSettings(ctx, { cycleId, settings: { ...s, contactPerson: '王明', contactPhone: '0316-5126688' } });
  const cycle = await requireCycle(ctx.db, cycleId);
  const units = await listUnits(ctx.db, cycleId);
  const results = await unitResults(ctx, cycleId, units.map((u) => u.id));
  const plans = [];
  for (const u of units) plans.push(await letterPlan(ctx, cycle, settings, u.id, results.get(u.id), ''));

  const bareChildren = (blocks: Block[]) =>
    blocks.map((b) =>
      b.type === 'paragraph'
        ? new Paragraph(b.text)
        : new Table({ rows: [...b.header, ...b.rows].map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph(c.text)] })) })) }),
    );

  const laidOut = path.join(dir, 'laid-out');
  const bare = path.join(dir, 'bare');
  fs.mkdirSync(laidOut);
  fs.mkdirSync(bare);
  // warm-up: module and JIT costs belong to neither side
  await renderDocx(feedbackLetterModel(plans[0]!.data));
  await Packer.toBuffer(new Document({ sections: [{ children: bareChildren(feedbackLetterModel(plans[0]!.data).blocks) }] }));

  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const plan = plans[i % plans.length]!;
    const buffer = await renderDocx(feedbackLetterModel({ ...plan.data, docNumber: `考核办函〔2026〕${i + 1}号` }, settings.fonts));
    bytes += buffer.length;
    fs.writeFileSync(path.join(laidOut, `${i + 1}-${plan.unitName}.docx`), buffer);
  }
  const laidOutMs = performance.now() - t0;

  const t1 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const plan = plans[i % plans.length]!;
    const model = feedbackLetterModel({ ...plan.data, docNumber: `考核办函〔2026〕${i + 1}号` }, settings.fonts);
    const buffer = await Packer.toBuffer(new Document({ sections: [{ children: bareChildren(model.blocks) }] }));
    fs.writeFileSync(path.join(bare, `${i + 1}-${plan.unitName}.docx`), buffer);
  }
  const bareMs = performance.now() - t1;

  const t2 = performance.now();
  const batch = await generateAllFeedbackLetters(ctx, { cycleId });
  const serviceMs = performance.now() - t2;

  const rows = plans.map((p) => p.data.indicators.length).reduce((a, b) => a + b, 0) / plans.length;
  console.log(`feedback letters: ${COUNT} (the demo's ${plans.length} units in turn; about ${rows.toFixed(0)} indicator rows, 4–6 tables, ${(bytes / COUNT / 1024).toFixed(1)} KiB each)`);
  console.log(`  GB/T 9704 layout, written      ${(laidOutMs / 1000).toFixed(2)} s   ${(laidOutMs / COUNT).toFixed(1)} ms/letter   target < ${TARGET_S} s: ${laidOutMs / 1000 < TARGET_S ? 'PASS' : 'MISS'}`);
  console.log(`  bare docx, same content        ${(bareMs / 1000).toFixed(2)} s   ${(bareMs / COUNT).toFixed(1)} ms/letter`);
  console.log(`  ratio laid out / bare          ${(laidOutMs / bareMs).toFixed(2)}`);
  console.log(`  service path (results, traces, register, ledger, SHA-256): ${batch.written} letters in ${(serviceMs / 1000).toFixed(2)} s, ${(serviceMs / batch.written).toFixed(1)} ms/letter`);
} finally {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
