import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ValidationError } from '../domain/domain-error';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `?limit=&offset=` or `?limit=&cursor=` on every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Rows to skip (alternative to cursor)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export interface PageWindow {
  limit: number;
  offset: number;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function pageWindow(q: PageQueryDto): PageWindow {
  const limit = q.limit ?? DEFAULT_LIMIT;
  if (q.cursor !== undefined) {
    try {
      const parsed = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as { o?: unknown };
      if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) {
        return { limit, offset: parsed.o };
      }
    } catch {
      // fall through
    }
    throw ValidationError.field('cursor', 'cursor is not valid');
  }
  return { limit, offset: q.offset ?? 0 };
}

export function pageOf<T>(items: T[], total: number, w: PageWindow): Page<T> {
  const next = w.offset + items.length;
  return { items, total, nextCursor: items.length === w.limit && next < total ? encodeCursor(next) : null };
}

/** Parses `?sort=field` / `?sort=-field` against an allow-list mapping API names to SQL columns. */
export function sortClause(
  sort: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
  tieBreaker = 'id',
): string {
  if (!sort) return `${fallback}, ${tieBreaker}`;
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const column = allowed[key];
  if (!column) throw ValidationError.field('sort', `sort must be one of ${Object.keys(allowed).join(', ')}`);
  return `${column} ${desc ? 'DESC' : 'ASC'}, ${tieBreaker} ${desc ? 'DESC' : 'ASC'}`;
}

/** A list that is always returned whole (an order's services, a document's versions) in the list shape. */
export function wholePage<T>(items: T[]): Page<T> {
  return { items, total: items.length, nextCursor: null };
}
