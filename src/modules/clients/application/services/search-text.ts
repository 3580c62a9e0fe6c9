/** Case- and ё/е-insensitive form of names for `?q=` search (computed in the app, not by the database collation). */
export function searchText(value: string): string {
  return value.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export function clientSearchName(fullName: string, latinName: string | null): string {
  return searchText(`${fullName} ${latinName ?? ''}`);
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}
