import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const CACHED = Symbol('validation-metadata-cache');

/**
 * Makes class-validator's metadata lookups cost a map read instead of a scan. For every object it
 * validates (a body and each nested DTO), class-validator 0.15 recomputes the decorators of its
 * class: it walks the metadata of every decorated class in the process (`prototype instanceof`
 * each) and groups the result by property into new arrays. Those answers only change when
 * decorators register metadata, which happens while modules load, so they are kept per class and
 * options and dropped whenever metadata is added. class-validator reads both results and never
 * changes them. Idempotent; applied once to the process-wide storage by `createValidationPipe`.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const patched = storage as Storage & { [CACHED]?: true };
  if (patched[CACHED]) return;
  patched[CACHED] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byTarget = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const clear = (): void => {
    byTarget = new Map();
    grouped = new WeakMap();
  };
  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[name] as (arg: never) => void).bind(storage);
    (storage[name] as (arg: never) => void) = (arg: never) => {
      clear();
      add(arg);
    };
  }
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group(metadata)));
    return found;
  };
}
