import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScoreText } from '../../shared/numbers-input.ts';

describe('parseScoreText', () => {
  it.each([
    ['45', 45],
    [' 4.5 ', 4.5],
    ['-1', -1],
    ['.5', 0.5],
    ['1,234', 1234],
    ['12,345.6', 12345.6],
    ['１２．５', 12.5],
    ['', null],
    ['   ', null],
  ])('reads %j as %j', (text, value) => {
    expect(parseScoreText(text)).toEqual({ ok: true, value });
  });

  it.each(['4,5', '1,23', '0,5', ',5', '4，5', '1,2345', '12,34,567'])('refuses the decimal comma in %j, never 45', (text) => {
    const r = parseScoreText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('逗号');
  });

  it.each(['abc', '5分', '1e5', 'NaN', 'Infinity', '--1', '1.2.3', '80%'])('refuses %j with a Chinese message', (text) => {
    const r = parseScoreText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reads back every plainly written finite decimal', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(Math.round(x * 1000) / 1000);
        if (/e/i.test(text)) return;
        expect(parseScoreText(text)).toEqual({ ok: true, value: Number(text) });
      }),
    );
  });
});
