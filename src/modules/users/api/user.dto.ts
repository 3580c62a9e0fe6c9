import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOmittable, PG_INT_MAX } from '../../../shared/validation/omittable';
import { type Role, ROLES } from '../../../shared/domain/actor';
import { PageQueryDto } from '../../../shared/pagination/page';

import { PASSWORD_RULE } from '../contracts/users.ports';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../shared/auth/password-policy';
import { MAX_EMAIL, MAX_PERSON_NAME } from '../../../shared/domain/contact-limits';
import { MAX_SEARCH_TEXT, MAX_SORT } from '../../../shared/validation/transport-limits';

export { PASSWORD_RULE };

export class CreateUserDto {
  @ApiProperty({ example: 'operator@agency.ru' })
  @IsEmail()
  @MaxLength(MAX_EMAIL)
  email!: string;

  @ApiProperty({
    example: 'correct-Horse-42',
    minLength: 10,
    description: 'At least 10 characters with a letter and a digit',
  })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  @Matches(PASSWORD_RULE, { message: 'password must contain a letter and a digit' })
  password!: string;

  @ApiProperty({ example: 'Анна Смирнова' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PERSON_NAME)
  fullName!: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  @IsIn(ROLES)
  role!: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'anna@agency.ru' })
  @IsOmittable()
  @IsEmail()
  @MaxLength(MAX_EMAIL)
  email?: string;

  @ApiPropertyOptional({ example: 'new-Passw0rd-long' })
  @IsOmittable()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  @Matches(PASSWORD_RULE, { message: 'password must contain a letter and a digit' })
  password?: string;

  @ApiPropertyOptional({ example: 'Анна Смирнова' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PERSON_NAME)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOmittable()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false disables sign-in and ends every session at once' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 1, description: 'The version you read; or send If-Match' })
  @IsOmittable()
  @IsInt()
  @Max(PG_INT_MAX)
  @Min(1)
  version?: number;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Substring of e-mail or name' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_TEXT)
  q?: string;

  @ApiPropertyOptional({
    example: '-createdAt',
    description: 'email, fullName, createdAt, role; prefix - for descending',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SORT)
  sort?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'operator@agency.ru' }) email!: string;
  @ApiProperty({ example: 'Анна Смирнова' }) fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' }) updatedAt!: string;
  @ApiProperty({ example: 1 }) version!: number;
}
