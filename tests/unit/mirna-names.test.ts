/**
 * miRNA name matching (src/study/mirna-names.ts): prefix, case, arms, old star names, HGNC gene
 * symbols, and the unmatched list, against a miRBase-21-style universe (and an old-style one).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { looksLikeMirna, matchMirnaNames, MirnaUniverse, normalizeMirnaName, parseMirnaName, splitMirnaList } from '../../src/study/mirna-names.ts';
import { readTargetTable } from '../../src/formats/targets.ts';

const UNIVERSE = [
  'hsa-miR-16-5p', 'hsa-miR-16-1-3p', 'hsa-miR-16-2-3p', 'hsa-miR-15a-5p', 'hsa-miR-15a-3p', 'hsa-miR-17-5p', 'hsa-miR-17-3p',
  'hsa-miR-20a-5p', 'hsa-miR-21-5p', 'hsa-let-7a-5p', 'hsa-let-7a-3p', 'hsa-let-7a-2-3p', 'hsa-miR-124-3p', 'hsa-miR-320a',
  'ebv-miR-BART1-5p', 'hsa-miRPlus-A1015', 'mmu-miR-16-5p',
];
const one = (input: string, opts = {}) => {
  const r = matchMirnaNames([input], UNIVERSE, opts);
  return r.matched[0] ?? r.unmatched[0];
};

describe('matching user-written names to a resource', () => {
  it('exact, prefix added, case, typographic dashes, missing dash', () => {
    expect(one('hsa-miR-16-5p')).toEqual({ input: 'hsa-miR-16-5p', names: ['hsa-miR-16-5p'], via: 'exact' });
    for (const s of ['miR-16-5p', 'HSA-MIR-16-5P', 'hsa-mir-16-5p', 'miR–16–5p', 'miR16-5p', ' hsa-miR-16-5p\t']) {
      expect(one(s), s).toMatchObject({ names: ['hsa-miR-16-5p'] });
    }
    expect(one('EBV-MIR-BART1-5P')).toMatchObject({ names: ['ebv-miR-BART1-5p'], via: 'normalized' });
    expect(one('hsa-mirplus-a1015')).toMatchObject({ names: ['hsa-miRPlus-A1015'] });
    expect(one('miR-16-5p', { species: 'mmu' })).toMatchObject({ names: ['mmu-miR-16-5p'] });
  });
  it('arm-less (pre-miRBase-18) names take the only plain arm; copy-numbered arms were stars', () => {
    expect(one('hsa-miR-16')).toEqual({ input: 'hsa-miR-16', names: ['hsa-miR-16-5p'], via: 'arm' });
    expect(one('miR-124')).toMatchObject({ names: ['hsa-miR-124-3p'], via: 'arm' });
    expect(one('miR-20a')).toMatchObject({ names: ['hsa-miR-20a-5p'], via: 'arm' });
    expect(one('miR-17')).toEqual({ input: 'miR-17', reason: 'ambiguous', candidates: ['hsa-miR-17-5p', 'hsa-miR-17-3p'] });
    expect(one('miR-17', { preferArm: '5p' })).toMatchObject({ names: ['hsa-miR-17-5p'], via: 'arm' });
    expect(one('Let-7a', { preferArm: '3p' })).toMatchObject({ names: ['hsa-let-7a-3p'] });
    expect(one('miR-320a')).toMatchObject({ names: ['hsa-miR-320a'], via: 'normalized' });
  });
  it('an arm missing only as a plain name resolves to the copy-numbered arm(s)', () => {
    expect(one('hsa-miR-16-3p')).toEqual({ input: 'hsa-miR-16-3p', reason: 'ambiguous', candidates: ['hsa-miR-16-1-3p', 'hsa-miR-16-2-3p'] });
  });
  it('old star names: the copy number names the arm; otherwise the other arm of the pair', () => {
    expect(one('hsa-miR-16-1*')).toEqual({ input: 'hsa-miR-16-1*', names: ['hsa-miR-16-1-3p'], via: 'star' });
    expect(one('miR-16-2*')).toMatchObject({ names: ['hsa-miR-16-2-3p'], via: 'star' });
    // one plain arm (16-5p): the star is the other arm, here in two copies → ambiguous
    expect(one('miR-16*')).toMatchObject({ reason: 'ambiguous', candidates: ['hsa-miR-16-1-3p', 'hsa-miR-16-2-3p'] });
    // a miRBase-style pair 17-5p/17-3p: which one was unstarred is preferArm
    expect(one('hsa-miR-17*')).toMatchObject({ reason: 'ambiguous', candidates: ['hsa-miR-17-5p', 'hsa-miR-17-3p'] });
    expect(one('hsa-miR-17*', { preferArm: '5p' })).toEqual({ input: 'hsa-miR-17*', names: ['hsa-miR-17-3p'], via: 'star' });
    expect(one('miR-15a*', { preferArm: '5p' })).toMatchObject({ names: ['hsa-miR-15a-3p'] });
    // the other arm is not in the resource
    expect(one('miR-21*')).toEqual({ input: 'miR-21*', reason: 'not-found', candidates: ['hsa-miR-21-5p'] });
    expect(one('miR-124*')).toMatchObject({ reason: 'not-found' });
  });
  it('HGNC miRNA gene symbols stand for every mature product of the locus', () => {
    expect(one('MIR16-1')).toEqual({ input: 'MIR16-1', names: ['hsa-miR-16-5p', 'hsa-miR-16-1-3p'], via: 'gene-symbol' });
    expect(one('MIR15A')).toMatchObject({ names: ['hsa-miR-15a-5p', 'hsa-miR-15a-3p'] });
    expect(one('MIRLET7A2')).toMatchObject({ names: ['hsa-let-7a-5p', 'hsa-let-7a-3p', 'hsa-let-7a-2-3p'] });
    expect(one('MIR17')).toMatchObject({ names: ['hsa-miR-17-5p', 'hsa-miR-17-3p'] });
    expect(one('MIR9999')).toMatchObject({ reason: 'not-found' });
  });
  it('an old-style resource (arm-less and star names)', () => {
    const old = ['hsa-miR-16', 'hsa-miR-16*', 'hsa-miR-21', 'hsa-let-7a'];
    const r = matchMirnaNames(['hsa-miR-21-5p', 'hsa-miR-16-5p', 'hsa-miR-16-3p', 'let-7a-5p', 'miR-16*'], old);
    expect(r.matched).toEqual([
      { input: 'hsa-miR-21-5p', names: ['hsa-miR-21'], via: 'old-name' },
      { input: 'let-7a-5p', names: ['hsa-let-7a'], via: 'old-name' },
      { input: 'miR-16*', names: ['hsa-miR-16*'], via: 'normalized' },
    ]);
    expect(r.unmatched.map((u) => [u.input, u.reason, u.candidates])).toEqual([
      ['hsa-miR-16-5p', 'ambiguous', ['hsa-miR-16', 'hsa-miR-16*']],
      ['hsa-miR-16-3p', 'ambiguous', ['hsa-miR-16', 'hsa-miR-16*']],
    ]);
    const p = matchMirnaNames(['hsa-miR-16-5p', 'hsa-miR-16-3p', 'hsa-miR-21-3p'], old, { preferArm: '5p' });
    expect(p.matched.map((m) => [m.input, m.names[0]])).toEqual([['hsa-miR-16-5p', 'hsa-miR-16'], ['hsa-miR-16-3p', 'hsa-miR-16*']]);
    expect(p.unmatched.map((u) => u.input)).toEqual(['hsa-miR-21-3p']);
  });
  it('lists the unmatched with reasons; skips blanks and repeats; names are distinct in input order', () => {
    const r = matchMirnaNames(['miR-20a-5p', 'BCL2', '', 'miR-9999', 'hsa-miR-20a-5p', 'miR-20a-5p', 'MIR16-1', 'hsa-miR-16-5p'], UNIVERSE);
    expect(r.names).toEqual(['hsa-miR-20a-5p', 'hsa-miR-16-5p', 'hsa-miR-16-1-3p']);
    expect(r.matched.map((m) => m.input)).toEqual(['miR-20a-5p', 'hsa-miR-20a-5p', 'MIR16-1', 'hsa-miR-16-5p']);
    expect(r.unmatched).toEqual([
      { input: 'BCL2', reason: 'not-a-mirna', candidates: [] },
      { input: 'miR-9999', reason: 'not-found', candidates: [] },
    ]);
  });
  it('the paper\'s miRNAs, written loosely, match the real miR2Target table', () => {
    const t = readTargetTable(new Uint8Array(readFileSync('tests/fixtures/targets/miR2Target.csv')), 'miR2Target.csv');
    const u = new MirnaUniverse(new Set(t.pairs.map((p) => p.mirna)));
    expect(u.size).toBe(155);
    const r = u.matchAll(splitMirnaList('miR-15a-5p, miR-16, "hsa-miR-17-5p"; MIR20A\nmiR-21 let-7b'));
    expect(r.names).toEqual(['hsa-miR-15a-5p', 'hsa-miR-16-5p', 'hsa-miR-17-5p', 'hsa-miR-20a-5p', 'hsa-miR-21-5p', 'hsa-let-7b-5p']);
    expect(r.unmatched).toEqual([]);
  });
});

describe('name helpers', () => {
  it('normalizeMirnaName writes miRBase style without a lookup', () => {
    expect(normalizeMirnaName('HSA-MIR-16-5P')).toBe('hsa-miR-16-5p');
    expect(normalizeMirnaName('miR16')).toBe('hsa-miR-16');
    expect(normalizeMirnaName('LET-7A-5P')).toBe('hsa-let-7a-5p');
    expect(normalizeMirnaName('MIR16-1')).toBe('hsa-mir-16-1');
    expect(normalizeMirnaName('hsa-miR-17*')).toBe('hsa-miR-17*');
    expect(normalizeMirnaName('EBV-MIR-BART1-5P')).toBe('ebv-miR-BART1-5p');
    expect(normalizeMirnaName('miR-16-5p', { species: 'mmu' })).toBe('mmu-miR-16-5p');
    expect(normalizeMirnaName(' BCL2 ')).toBe('BCL2');
  });
  it('looksLikeMirna tells names from header words, genes and accessions', () => {
    for (const y of ['hsa-miR-16-5p', 'miR-16', 'let-7a', 'MIR16-1', 'ebv-miR-BART1-5p', 'hsa-miRPlus-A1015', 'mir16', 'hsa-let-7a-2-3p']) expect(looksLikeMirna(y), y).toBe(true);
    for (const n of ['miRNA', 'mir', 'MIRT000002', 'BCL2', 'microRNA', '', 'Mirror']) expect(looksLikeMirna(n), n).toBe(false);
  });
  it('parseMirnaName takes names apart', () => {
    expect(parseMirnaName('hsa-let-7a-2-3p')).toEqual({ species: 'hsa', kind: 'let', id: '7a', copy: '2', arm: '3p', star: false, geneSymbol: false, rest: '' });
    expect(parseMirnaName('MIRLET7A1')).toMatchObject({ kind: 'let', id: '7a', copy: '1', geneSymbol: true });
    expect(parseMirnaName('kshv-miR-K12-10a-5p')).toMatchObject({ species: 'kshv', id: 'k12', rest: '10a', arm: '5p' });
    expect(parseMirnaName('BCL2')).toBeNull();
  });
  it('splitMirnaList splits pasted lists', () => {
    expect(splitMirnaList(' a, b;c\td\n"e"\r\n')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
