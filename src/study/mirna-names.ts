/**
 * miRNA names as users write them, matched to the names of a resource (a target table, an array).
 *
 * People paste "miR-16", "hsa-mir-16-5p", "MIR16-1", "hsa-miR-17*" or "Let-7a"; a target table
 * exported from miRTarBase says "hsa-miR-16-5p". Names are compared through a key that ignores case
 * and adds the species prefix, then, when that finds nothing, by miRBase's naming history:
 *
 * - **prefix**: a name without a species prefix gets one (`species`, default "hsa"): miR-16-5p →
 *   hsa-miR-16-5p. Dashes may be missing (miR16) or typographic (miR–16), spaces are ignored.
 * - **case**: miR (mature) and mir (precursor) are the same key, as are let-7a and LET-7A. The
 *   resource's own spelling is what comes back.
 * - **arm**: a name without -5p/-3p (miRBase < 18 style) matches the arm of the resource when the
 *   resource has only one arm of that miRNA (copy-numbered arms such as -1-3p do not count: they
 *   were the star forms). With both arms it is ambiguous unless `preferArm` says which one.
 *   An arm name missing from the resource matches its copy-numbered forms (hsa-miR-16-3p →
 *   hsa-miR-16-1-3p, -2-3p: ambiguous when there are several). A resource in the old style
 *   (arm-less names): an arm name matches the plain name when the resource has no star form of it
 *   (and preferArm, if set, is that arm), else plain or star by preferArm.
 * - **star**: an old `*` name is the other arm of the pair. hsa-miR-16-1* → hsa-miR-16-1-3p
 *   (the copy number names the arm alone). hsa-miR-21* → the arm that is not the unstarred one:
 *   when the resource holds a miRBase-style pair (hsa-miR-21-5p and hsa-miR-21-3p) the unstarred
 *   arm is `preferArm`, so without it the name is ambiguous and both candidates are listed; when
 *   the resource has one plain arm (hsa-miR-16-5p), the star is the other arm, including its
 *   copy-numbered forms (hsa-miR-16-1-3p, hsa-miR-16-2-3p: ambiguous if more than one).
 * - **gene symbol**: HGNC symbols of miRNA genes (MIR16-1, MIR15A, MIRLET7A1) are precursors; they
 *   match every mature product in the resource: hsa-miR-16-5p and hsa-miR-16-1-3p for MIR16-1.
 *
 * There is no R function for this; it follows the rules of miRBase (Kozomara & Griffiths-Jones,
 * 2014, "Naming conventions") as miRBaseConverter and miRNAmeConverter apply them, without their
 * version tables (nothing is fetched).
 */

/** Options for {@link matchMirnaNames} and {@link normalizeMirnaName}. */
export interface MirnaNameOptions {
  /** Species prefix added to names without one (default "hsa"). */
  species?: string;
  /**
   * Which arm an arm-less name means when the resource has both (and so which one an old `*` name
   * is not). Default null: such names are reported as ambiguous with their candidates.
   */
  preferArm?: '5p' | '3p' | null;
}

/** How an input name found its resource name(s). */
export type MirnaMatchVia = 'exact' | 'normalized' | 'arm' | 'old-name' | 'star' | 'gene-symbol';

/** An input name and the resource names it stands for. */
export interface MirnaMatch {
  /** The name as given (trimmed). */
  input: string;
  /** Resource names (its spelling), usually one; a gene symbol can give several. */
  names: string[];
  via: MirnaMatchVia;
}

/** Why a name matched nothing. */
export type MirnaUnmatchedReason = 'not-found' | 'ambiguous' | 'not-a-mirna';

/** An input name that matched no resource name (or several, equally). */
export interface MirnaUnmatched {
  input: string;
  reason: MirnaUnmatchedReason;
  /** For 'ambiguous': the resource names it could be. For 'not-found': close names (same miRNA, other arm/copy). */
  candidates: string[];
}

/** Result of {@link matchMirnaNames}. */
export interface MirnaMatchResult {
  matched: MirnaMatch[];
  unmatched: MirnaUnmatched[];
  /** Distinct matched resource names, in the order of the input. */
  names: string[];
}

/** A miRNA name taken apart (lower-case key parts). */
export interface ParsedMirna {
  /** Species prefix, e.g. "hsa". */
  species: string;
  /** "mir" (miR and mir), "let", "lin", "mirplus", … */
  kind: string;
  /** Family id: "16", "15a", "7a", "bart1" (lower case). */
  id: string;
  /** Copy (locus) number: "1" in hsa-miR-16-1-3p; '' if none. */
  copy: string;
  /** "5p", "3p" or ''. */
  arm: string;
  /** Old star name. */
  star: boolean;
  /** Parsed from an HGNC gene symbol (MIR16-1). */
  geneSymbol: boolean;
  /** Extra trailing parts kept verbatim (lower case), e.g. for odd viral names. */
  rest: string;
}

const DASHES = /[\u2010-\u2015\u2212_]/g;
const KINDS = ['mirplus', 'mir', 'let', 'lin', 'bantam'];

/**
 * True for text that looks like a miRNA name (hsa-miR-16-5p, miR-16, let-7a, MIR16-1, ebv-miR-BART1,
 * hsa-miRPlus-A1015), false for a gene symbol, a header word ("miRNA", "mir") or an accession.
 * (No R counterpart; miRBaseConverter's `checkMiRNAName` asks miRBase instead.)
 */
export function looksLikeMirna(text: string): boolean {
  const s = text.trim().replace(DASHES, '-');
  return /^(?:[a-z]{2,5}\d?-)?(?:mir|let|lin)(?:-?\d|-[a-z]+\d)/i.test(s) || /^(?:[a-z]{2,5}\d?-)?mirplus-\w/i.test(s) || /^(?:[a-z]{2,5}\d?-)?bantam/i.test(s);
}

/**
 * Takes a miRNA name apart; null when it does not look like one. `species` is used when the name
 * has no prefix. (No R counterpart; the parts are miRBase's naming scheme.)
 */
export function parseMirnaName(text: string, species = 'hsa'): ParsedMirna | null {
  const raw = text.trim().replace(/\s+/g, '').replace(DASHES, '-').replace(/^["']|["']$/g, '');
  if (!raw) return null;
  // HGNC miRNA gene symbols: MIR16-1, MIR15A, MIR199A1, MIRLET7A1 (upper case, no arm)
  const g = /^MIR(LET)?(\d+)([A-Z]?)(?:-?(\d+))?$/.exec(raw);
  if (g) {
    const letter = g[3].toLowerCase();
    return {
      species: species.toLowerCase(), kind: g[1] ? 'let' : 'mir', id: g[2] + letter, copy: g[4] ?? '', arm: '',
      star: false, geneSymbol: true, rest: '',
    };
  }
  if (!looksLikeMirna(raw)) return null;
  let s = raw.toLowerCase();
  let star = false;
  if (s.endsWith('*')) {
    star = true;
    s = s.replace(/\*+$/, '');
  }
  let sp = '';
  const pre = /^([a-z]{2,5}\d?)-(.*)$/.exec(s);
  if (pre && !KINDS.includes(pre[1])) {
    sp = pre[1];
    s = pre[2];
  }
  const kind = KINDS.find((k) => s.startsWith(k)) ?? '';
  if (!kind) return null;
  s = s.slice(kind.length).replace(/^-/, '');
  const parts = s.split('-').filter((p) => p !== '');
  if (parts.length === 0) return null;
  const id = parts.shift()!;
  let arm = '';
  if (parts.length && /^[35]p$/.test(parts[parts.length - 1])) arm = parts.pop()!;
  let copy = '';
  if (parts.length && /^\d+$/.test(parts[0])) copy = parts.shift()!;
  return { species: sp || species.toLowerCase(), kind, id, copy, arm, star, geneSymbol: false, rest: parts.join('-') };
}

/** Lower-case comparison key of a parsed name (species-kind-id[-copy][-rest][-arm][*]). */
function keyOf(p: Pick<ParsedMirna, 'species' | 'kind' | 'id' | 'copy' | 'arm' | 'star' | 'rest'>): string {
  return [p.species, p.kind, p.id, p.copy, p.rest, p.arm].filter((x) => x !== '').join('-') + (p.star ? '*' : '');
}

/** Key of the miRNA family member (species, kind, id, extra parts), ignoring copy, arm and star. */
function stemOf(p: ParsedMirna): string {
  return [p.species, p.kind, p.id, p.rest].filter((x) => x !== '').join('-');
}

const KIND_DISPLAY: Record<string, string> = { mir: 'miR', let: 'let', lin: 'lin', mirplus: 'miRPlus', bantam: 'bantam' };

/**
 * A miRNA name in miRBase style without looking anything up: species prefix added, "miR"/"let"
 * cased, arm lower case (HSA-MIR-16-5P → hsa-miR-16-5p, miR16 → hsa-miR-16, MIR16-1 → hsa-mir-16-1,
 * the precursor). Text that is not a miRNA name is returned trimmed and unchanged. (No R
 * counterpart without miRBase's tables.)
 */
export function normalizeMirnaName(text: string, opts: MirnaNameOptions = {}): string {
  const p = parseMirnaName(text, opts.species ?? 'hsa');
  if (!p) return text.trim();
  if (p.geneSymbol) return [p.species, p.kind === 'let' ? 'let' : 'mir', p.id, p.copy].filter((x) => x !== '').join('-');
  // keep the user's case for ids with letters other than a family letter (BART1, A1015)
  const original = text.trim().replace(DASHES, '-');
  const m = new RegExp(`(${p.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'i').exec(original.slice(original.toLowerCase().indexOf(p.kind) + p.kind.length));
  const id = /^\d+[a-z]?$/.test(p.id) ? p.id : (m?.[1] ?? p.id);
  return [p.species, KIND_DISPLAY[p.kind] ?? p.kind, id, p.copy, p.rest, p.arm].filter((x) => x !== '').join('-') + (p.star ? '*' : '');
}

/**
 * An index of resource names for repeated matching (the offline stand-in for
 * `miRBaseConverter::miRNA_NameToAccession` + `miRNA_AccessionToName` against the resource).
 */
export class MirnaUniverse {
  /** Key → resource names (several spellings can share a key). */
  private readonly byKey = new Map<string, string[]>();
  /** Stem → parsed resource names of that miRNA. */
  private readonly byStem = new Map<string, { p: ParsedMirna; name: string }[]>();
  private readonly exact: Set<string>;
  readonly species: string;

  constructor(names: Iterable<string>, species = 'hsa') {
    this.species = species;
    this.exact = new Set();
    for (const name of names) {
      if (this.exact.has(name)) continue;
      this.exact.add(name);
      const p = parseMirnaName(name, species);
      if (!p || p.geneSymbol) {
        push(this.byKey, name.trim().toLowerCase(), name);
        continue;
      }
      push(this.byKey, keyOf(p), name);
      push(this.byStem, stemOf(p), { p, name });
    }
  }

  /** Number of distinct resource names. */
  get size(): number {
    return this.exact.size;
  }

  /** Match one input name. */
  match(input: string, opts: MirnaNameOptions = {}): MirnaMatch | MirnaUnmatched {
    const text = input.trim();
    if (this.exact.has(text)) return { input: text, names: [text], via: 'exact' };
    const p = parseMirnaName(text, opts.species ?? this.species);
    if (!p) {
      const hit = this.byKey.get(text.toLowerCase());
      if (hit) return { input: text, names: [...hit], via: 'normalized' };
      return { input: text, reason: 'not-a-mirna', candidates: [] };
    }
    const family = this.byStem.get(stemOf(p)) ?? [];
    const prefer = opts.preferArm ?? null;
    const found = (names: string[], via: MirnaMatchVia): MirnaMatch => ({ input: text, names: uniq(names), via });
    const ambiguous = (names: string[]): MirnaUnmatched => ({ input: text, reason: 'ambiguous', candidates: uniq(names) });
    const notFound = (): MirnaUnmatched => ({ input: text, reason: 'not-found', candidates: uniq(family.map((f) => f.name)) });

    if (p.geneSymbol) {
      const hits = family.filter((f) => !f.p.star && (f.p.copy === '' || f.p.copy === p.copy || p.copy === ''));
      return hits.length ? found(hits.map((f) => f.name), 'gene-symbol') : notFound();
    }
    const direct = this.byKey.get(keyOf(p));
    if (direct) return found(direct, 'normalized');

    const plain = (f: { p: ParsedMirna }) => !f.p.star && f.p.copy === p.copy;
    if (!p.star && p.arm === '') {
      // arm-less (old) name → the arm the resource has
      const arms = family.filter((f) => plain(f) && f.p.arm !== '');
      if (arms.length === 0) return notFound();
      const armSet = new Set(arms.map((f) => f.p.arm));
      if (armSet.size === 1) return found(arms.map((f) => f.name), 'arm');
      if (prefer) {
        const pick = arms.filter((f) => f.p.arm === prefer);
        if (pick.length) return found(pick.map((f) => f.name), 'arm');
      }
      return ambiguous(arms.map((f) => f.name));
    }
    if (!p.star) {
      // arm name → an old-style resource (plain name and perhaps its star)
      const old = family.filter((f) => f.p.arm === '' && f.p.copy === p.copy);
      const unstarred = old.filter((f) => !f.p.star);
      const starred = old.filter((f) => f.p.star);
      if (unstarred.length === 0) {
        // hsa-miR-16-3p when the resource only has the copy-numbered arms (hsa-miR-16-1-3p, -2-3p)
        const copies = p.copy === '' ? family.filter((f) => !f.p.star && f.p.arm === p.arm && f.p.copy !== '') : [];
        if (copies.length === 1) return found([copies[0].name], 'arm');
        if (copies.length > 1) return ambiguous(copies.map((f) => f.name));
        return notFound();
      }
      if (starred.length === 0) {
        // the old plain name was the unstarred arm: preferArm says which one that is
        if (prefer && p.arm !== prefer) return notFound();
        return found(unstarred.map((f) => f.name), 'old-name');
      }
      if (prefer) return found((p.arm === prefer ? unstarred : starred).map((f) => f.name), 'old-name');
      return ambiguous([...unstarred, ...starred].map((f) => f.name));
    }
    // old star name
    if (p.arm !== '') return notFound();
    if (p.copy !== '') {
      const own = family.filter((f) => !f.p.star && f.p.copy === p.copy && f.p.arm !== '');
      if (own.length === 0) return notFound();
      const armSet = new Set(own.map((f) => f.p.arm));
      if (armSet.size === 1) return found(own.map((f) => f.name), 'star');
      const main = family.filter((f) => !f.p.star && f.p.copy === '' && f.p.arm !== '');
      const mainArms = new Set(main.map((f) => f.p.arm));
      const unstarredArm = mainArms.size === 1 ? [...mainArms][0] : prefer;
      if (unstarredArm) {
        const other = own.filter((f) => f.p.arm !== unstarredArm);
        if (other.length) return found(other.map((f) => f.name), 'star');
      }
      return ambiguous(own.map((f) => f.name));
    }
    const main = family.filter((f) => !f.p.star && f.p.copy === '' && f.p.arm !== '');
    const mainArms = new Set(main.map((f) => f.p.arm));
    const unstarredArm = mainArms.size === 1 ? [...mainArms][0] : mainArms.size === 2 ? prefer : null;
    if (mainArms.size === 0) return notFound();
    if (!unstarredArm) return ambiguous(main.map((f) => f.name));
    const other = family.filter((f) => !f.p.star && f.p.arm !== '' && f.p.arm !== unstarredArm);
    if (other.length === 0) return notFound();
    if (other.length === 1) return found([other[0].name], 'star');
    const plainOther = other.filter((f) => f.p.copy === '');
    if (plainOther.length === 1) return found([plainOther[0].name], 'star');
    return ambiguous(other.map((f) => f.name));
  }

  /** Match a list of names: matched (with the resource names) and unmatched (with reasons), in input order. */
  matchAll(inputs: Iterable<string>, opts: MirnaNameOptions = {}): MirnaMatchResult {
    const matched: MirnaMatch[] = [];
    const unmatched: MirnaUnmatched[] = [];
    const names: string[] = [];
    const seenNames = new Set<string>();
    const seenInputs = new Set<string>();
    for (const raw of inputs) {
      const text = raw.trim();
      if (text === '' || seenInputs.has(text)) continue;
      seenInputs.add(text);
      const r = this.match(text, opts);
      if ('names' in r) {
        matched.push(r);
        for (const n of r.names) if (!seenNames.has(n)) { seenNames.add(n); names.push(n); }
      } else unmatched.push(r);
    }
    return { matched, unmatched, names };
  }
}

/**
 * Matches user-written miRNA names to the names of a resource (see the module comment for the
 * rules). Returns the matched ones with the resource's spelling and the unmatched ones with a
 * reason and candidates. Inputs are trimmed; blanks and repeats are skipped. Like
 * `miRNAmeConverter::translateMiRNAName` followed by `%in%`, without the version tables.
 */
export function matchMirnaNames(inputs: Iterable<string>, universe: Iterable<string>, opts: MirnaNameOptions = {}): MirnaMatchResult {
  return new MirnaUniverse(universe, opts.species ?? 'hsa').matchAll(inputs, opts);
}

/**
 * Splits a pasted list of miRNA names: commas, semicolons, tabs, spaces and new lines separate
 * names; quotes around a name are dropped (R: `strsplit(x, "[[:space:],;]+")`).
 */
export function splitMirnaList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.replace(/^["']+|["']+$/g, '').trim())
    .filter((s) => s !== '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}
