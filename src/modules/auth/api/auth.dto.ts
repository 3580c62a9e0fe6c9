import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../../shared/domain/actor';
import { PASSWORD_RULE } from '../../users/contracts/users.ports';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../shared/auth/password-policy';
import { MAX_EMAIL } from '../../../shared/domain/contact-limits';

/** Transport guards: the shortest thing worth looking up as an e-mail (`a@b`), the longest refresh token worth looking up. */
const MIN_LOGIN_EMAIL = 3;
const MAX_REFRESH_TOKEN_TEXT = 200;

export class LoginDto {
  @ApiProperty({ example: 'operator@agency.ru' })
  @IsString()
  @MinLength(MIN_LOGIN_EMAIL)
  @MaxLength(MAX_EMAIL)
  email!: string;

  @ApiProperty({ example: 'correct-Horse-42' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ example: 'rt_0193a7c26a7e7c4e9d2b1f6f4a0e8b11.Zx…' })
  @IsString()
  @MaxLength(MAX_REFRESH_TOKEN_TEXT)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }) accessToken!: string;
  @ApiProperty({ example: 'rt_0193a7c26a7e7c4e9d2b1f6f4a0e8b11.Zx…' }) refreshToken!: string;
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] }) tokenType!: 'Bearer';
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'operator@agency.ru' }) email!: string;
  @ApiProperty({ example: 'Анна Смирнова' }) fullName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'Admin-Passw0rd-for-tests' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    example: 'New-Passw0rd-2027',
    minLength: 10,
    description: 'At least 10 characters with a letter and a digit',
  })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  @Matches(PASSWORD_RULE, { message: 'newPassword must contain a letter and a digit' })
  newPassword!: string;
}
