import { amountInWords } from './russian-amount';
import {
  CURRENCY_SIGNS,
  formatDateLong,
  formatDateShort,
  formatDateTime,
  formatMoney,
  formatNumber,
} from './russian-format';

/**
 * A tiny template language over pdfmake document definitions (plain JSON):
 *
 * - `{{path}}` or `{{helper arg …}}` inside any string; args are paths, `"literals"` or numbers;
 * - `{"$each": "services", "as": "s", "do": <node>}` inside an array repeats `<node>` per item
 *   (`{{s.price}}`, `{{@n}}` = 1-based position, `{{@index}}` = 0-based);
 * - `{"$if": "path", "then": <node>, "else": <node>}` inside an array or as a property value
 *   (truthy: non-empty string / array, non-zero number, true).
 *
 * Rendering never throws on data: a missing value prints as an empty string. Validation
 * ({@link templateProblems}) is where unknown placeholders and helpers are caught.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Scope = Record<string, unknown>;

type Helper = { arity: [min: number, max: number]; fn: (...args: unknown[]) => string };

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const present = (v: unknown): boolean => v !== null && v !== undefined && v !== '';

/** Helpers available in placeholders; every one tolerates missing values. */
export const TEMPLATE_HELPERS: Readonly<Record<string, Helper>> = {
  money: { arity: [1, 2], fn: (a, c) => (present(a) ? formatMoney(str(a), str(c) || 'RUB') : '') },
  number: { arity: [1, 1], fn: (a) => (present(a) ? formatNumber(str(a)) : '') },
  words: { arity: [1, 2], fn: (a, c) => (present(a) ? amountInWords(str(a), str(c) || 'RUB') : '') },
  Words: {
    arity: [1, 2],
    fn: (a, c) => (present(a) ? amountInWords(str(a), str(c) || 'RUB', { capitalize: true }) : ''),
  },
  date: { arity: [1, 1], fn: (d) => (present(d) ? formatDateLong(str(d)) : '') },
  dateShort: { arity: [1, 1], fn: (d) => (present(d) ? formatDateShort(str(d)) : '') },
  dateTime: { arity: [1, 1], fn: (d) => (present(d) ? formatDateTime(str(d)) : '') },
  upper: { arity: [1, 1], fn: (s) => str(s).toUpperCase() },
  /** A decimal as written, with a decimal comma (`98.5` → `98,5`): rates keep their precision. */
  decimal: { arity: [1, 1], fn: (a) => str(a).replace('.', ',') },
  /** The sign the money cells use (`RUB` → `₽`), so headers and cells agree. */
  currencySign: { arity: [1, 1], fn: (c) => CURRENCY_SIGNS[str(c).toUpperCase()] ?? str(c) },
  count: { arity: [1, 1], fn: (list) => (Array.isArray(list) ? String(list.length) : '0') },
  default: { arity: [2, 2], fn: (v, d) => (present(v) ? str(v) : str(d)) },
};

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;
const TOKEN = /"([^"]*)"|(\S+)/g;
const PATH = /^@?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

type Arg = { literal: string } | { path: string };

interface Expression {
  helper: string | null;
  args: Arg[];
}

function parseExpression(source: string): Expression | string {
  const tokens: Arg[] = [];
  for (const m of source.trim().matchAll(TOKEN)) {
    if (m[1] !== undefined) tokens.push({ literal: m[1] });
    else if (/^-?\d+(\.\d+)?$/.test(m[2])) tokens.push({ literal: m[2] });
    else if (PATH.test(m[2])) tokens.push({ path: m[2] });
    else return `"${m[2]}" is neither a field path nor a "quoted" literal`;
  }
  if (tokens.length === 0) return 'empty placeholder {{}}';
  const [first, ...rest] = tokens;
  if (rest.length === 0) return { helper: null, args: [first] };
  if (!('path' in first) || !(first.path in TEMPLATE_HELPERS)) {
    return `unknown helper "${'path' in first ? first.path : first.literal}" (known: ${Object.keys(TEMPLATE_HELPERS).join(', ')})`;
  }
  return { helper: first.path, args: rest };
}

function lookup(scopes: readonly Scope[], path: string): { found: boolean; value: unknown } {
  const [head, ...tail] = path.split('.');
  for (let i = scopes.length - 1; i >= 0; i -= 1) {
    if (Object.prototype.hasOwnProperty.call(scopes[i], head)) {
      let value: unknown = scopes[i][head];
      for (const key of tail) {
        if (
          value === null ||
          typeof value !== 'object' ||
          !Object.prototype.hasOwnProperty.call(value, key)
        ) {
          return { found: false, value: undefined };
        }
        value = (value as Record<string, unknown>)[key];
      }
      return { found: true, value };
    }
  }
  return { found: false, value: undefined };
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v) && v !== '0';
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function interpolate(text: string, scopes: readonly Scope[]): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (_, source: string) => {
    const expr = parseExpression(source);
    if (typeof expr === 'string') return '';
    const values = expr.args.map((a) => ('literal' in a ? a.literal : lookup(scopes, a.path).value));
    if (expr.helper === null) {
      const v = values[0];
      return typeof v === 'object' && v !== null ? '' : str(v);
    }
    return TEMPLATE_HELPERS[expr.helper].fn(...values);
  });
}

function renderNode(node: Json, scopes: readonly Scope[]): Json | undefined {
  if (typeof node === 'string') return interpolate(node, scopes);
  if (Array.isArray(node)) {
    const out: Json[] = [];
    for (const item of node) {
      if (isObject(item) && typeof item.$each === 'string') {
        const list = lookup(scopes, item.$each).value;
        if (!Array.isArray(list)) continue;
        const alias = typeof item.as === 'string' ? item.as : 'item';
        list.forEach((element, index) => {
          const rendered = renderNode(item.do ?? '', [
            ...scopes,
            { [alias]: element, '@index': index, '@n': index + 1 },
          ]);
          if (rendered !== undefined) out.push(rendered);
        });
      } else {
        const rendered = renderNode(item, scopes);
        if (rendered !== undefined) out.push(rendered);
      }
    }
    return out;
  }
  if (isObject(node)) {
    if (typeof node.$if === 'string') {
      const branch = truthy(lookup(scopes, node.$if).value) ? node.then : node.else;
      return branch === undefined ? undefined : renderNode(branch, scopes);
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      const rendered = renderNode(value, scopes);
      if (rendered !== undefined) out[key] = rendered;
    }
    return out;
  }
  return node;
}

/** Fills a template with data: a pdfmake document definition ready for the renderer. */
export function renderTemplate(template: unknown, data: object): Record<string, unknown> {
  const rendered = renderNode(template as Json, [data as Scope]);
  return isObject(rendered) ? (rendered as Record<string, unknown>) : {};
}

const LOOP_KEYS = new Set(['$each', 'as', 'do']);
const IF_KEYS = new Set(['$if', 'then', 'else']);
const MAX_DEPTH = 60;

/**
 * What is wrong with a template, checked against sample data that has every field of the data
 * model (so "known" means "the sample has it"): structure, placeholders, helpers, loops.
 * Empty when the template is fine. Each problem names where it is (`content[3].table.body[1]`).
 */
export function templateProblems(template: unknown, sample: object): string[] {
  const problems: string[] = [];
  if (!isObject(template)) return ['the template must be a JSON object (a pdfmake document definition)'];
  if (!('content' in template)) problems.push('the template has no "content"');

  const checkString = (text: string, where: string, scopes: readonly Scope[]) => {
    const opened = (text.match(/\{\{/g) ?? []).length;
    const closed = (text.match(/\}\}/g) ?? []).length;
    if (opened !== closed) problems.push(`${where}: unbalanced {{ }} in "${text.slice(0, 80)}"`);
    for (const m of text.matchAll(PLACEHOLDER)) {
      const expr = parseExpression(m[1]);
      if (typeof expr === 'string') {
        problems.push(`${where}: ${expr}`);
        continue;
      }
      if (expr.helper !== null) {
        const [min, max] = TEMPLATE_HELPERS[expr.helper].arity;
        if (expr.args.length < min || expr.args.length > max) {
          problems.push(
            `${where}: helper "${expr.helper}" takes ${min === max ? min : `${min}–${max}`} argument(s)`,
          );
        }
      }
      for (const arg of expr.args) {
        if ('path' in arg && !lookup(scopes, arg.path).found) {
          problems.push(`${where}: unknown placeholder "${arg.path}"`);
        }
      }
    }
  };

  const walk = (node: unknown, where: string, scopes: readonly Scope[], depth: number) => {
    if (depth > MAX_DEPTH) {
      problems.push(`${where}: nested deeper than ${MAX_DEPTH} levels`);
      return;
    }
    if (typeof node === 'string') return checkString(node, where, scopes);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${where}[${i}]`, scopes, depth + 1));
      return;
    }
    if (!isObject(node)) return;
    if ('$each' in node) {
      const extra = Object.keys(node).filter((k) => !LOOP_KEYS.has(k));
      if (extra.length > 0)
        problems.push(`${where}: a $each loop takes only $each, as, do (not ${extra.join(', ')})`);
      if (typeof node.$each !== 'string' || !PATH.test(node.$each)) {
        problems.push(`${where}: $each must name a list field`);
        return;
      }
      const list = lookup(scopes, node.$each);
      if (!list.found) problems.push(`${where}: unknown list "${node.$each}"`);
      else if (!Array.isArray(list.value)) problems.push(`${where}: "${node.$each}" is not a list`);
      if (
        node.as !== undefined &&
        (typeof node.as !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(node.as))
      ) {
        problems.push(`${where}: "as" must be a simple name`);
      }
      if (node.do === undefined) problems.push(`${where}: a $each loop needs "do"`);
      const alias = typeof node.as === 'string' ? node.as : 'item';
      const first: unknown = Array.isArray(list.value) ? list.value[0] : undefined;
      walk(node.do, `${where}.do`, [...scopes, { [alias]: first, '@index': 0, '@n': 1 }], depth + 1);
      return;
    }
    if ('$if' in node) {
      const extra = Object.keys(node).filter((k) => !IF_KEYS.has(k));
      if (extra.length > 0)
        problems.push(`${where}: a $if takes only $if, then, else (not ${extra.join(', ')})`);
      if (typeof node.$if !== 'string' || !lookup(scopes, node.$if).found) {
        problems.push(`${where}: unknown placeholder "${String(node.$if)}" in $if`);
      }
      if (node.then !== undefined) walk(node.then, `${where}.then`, scopes, depth + 1);
      if (node.else !== undefined) walk(node.else, `${where}.else`, scopes, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('$')) problems.push(`${where}: unknown directive "${key}"`);
      walk(value, where ? `${where}.${key}` : key, scopes, depth + 1);
    }
  };

  walk(template, '', [sample as Scope], 0);
  return problems.slice(0, 20);
}

/** Every placeholder path of the data model (for documentation and error messages). */
export function knownPaths(sample: object, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(sample)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) {
      out.push(`${path}[]`);
      if (isObject(value[0])) out.push(...knownPaths(value[0], `${path}[]`));
    } else if (isObject(value)) {
      out.push(...knownPaths(value, path));
    } else {
      out.push(path);
    }
  }
  return out;
}
