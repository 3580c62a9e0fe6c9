import { Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { createValidationPipe, flattenValidationErrors } from './validation';
import { cacheValidationMetadata } from './validation-metadata.cache';

class PlaceDto {
  @IsString()
  city!: string;
}

class BaseDto {
  @IsString()
  name!: string;
}

class TripDto extends BaseDto {
  @IsInt()
  @Min(1)
  nights!: number;

  @ValidateNested()
  @Type(() => PlaceDto)
  place!: PlaceDto;
}

const errorsOf = (plain: object) =>
  flattenValidationErrors(
    validateSync(plainToInstance(TripDto, plain), { whitelist: true, forbidNonWhitelisted: true }),
  );

describe('cacheValidationMetadata', () => {
  const storage = getMetadataStorage();
  const bad = { name: 7, nights: 0, place: { city: 1, extra: true }, unknown: 'x' };
  // before the cache: what class-validator answers on its own
  const uncached = errorsOf(bad);
  const lookup = () => storage.getTargetValidationMetadatas(TripDto, '', false, false);

  beforeAll(() => createValidationPipe());

  it('answers what class-validator answers without it, inherited and nested decorators included', () => {
    expect(uncached.map((e) => e.field).sort()).toEqual([
      'name',
      'nights',
      'place.city',
      'place.extra',
      'unknown',
    ]);
    expect(errorsOf(bad)).toEqual(uncached);
    expect(errorsOf({ name: 'Анна', nights: 3, place: { city: 'Казань' } })).toEqual([]);
  });

  it('looks a class up once per options and groups its metadata once', () => {
    const first = lookup();
    expect(lookup()).toBe(first);
    expect(storage.getTargetValidationMetadatas(TripDto, '', false, false, ['g'])).not.toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(Object.keys(storage.groupByPropertyName(first)).sort()).toEqual(['name', 'nights', 'place']);
  });

  it('forgets what it kept when a decorator registers later, on the class or a parent', () => {
    const before = lookup();
    IsString()(BaseDto.prototype, 'note');
    const after = lookup();
    expect(after).not.toBe(before);
    expect(after.map((m) => m.propertyName)).toContain('note');
    expect(errorsOf({ name: 'Анна', nights: 3, place: { city: 'Казань' }, note: 5 })).toEqual([
      { field: 'note', message: 'note must be a string' },
    ]);
  });

  it('is applied once however often it is called', () => {
    const patched = storage.getTargetValidationMetadatas;
    cacheValidationMetadata();
    createValidationPipe();
    expect(storage.getTargetValidationMetadatas).toBe(patched);
  });
});
