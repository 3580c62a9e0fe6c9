import { ApiProperty } from '@nestjs/swagger';

const cache = new Map<unknown, new () => unknown>();

/** A named `{ items, total, nextCursor }` schema for the list of `item`, for Swagger. */
export function PageDtoOf(item: new () => unknown): new () => unknown {
  const hit = cache.get(item);
  if (hit) return hit;
  class PageDto {
    @ApiProperty({ type: [item] }) items!: unknown[];
    @ApiProperty({ example: 1 }) total!: number;
    @ApiProperty({
      type: String,
      nullable: true,
      example: null,
      description: 'Pass as ?cursor= for the next page',
    })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  cache.set(item, PageDto);
  return PageDto;
}
