import { ApiProperty } from '@nestjs/swagger';

export class ClientFileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'passport-scan.pdf' }) fileName!: string;
  @ApiProperty({
    example: 'application/pdf',
    description: 'Sniffed from the content: pdf, jpeg, png, heic/heif, tiff or webp',
  })
  contentType!: string;
  @ApiProperty({ example: 183202 }) size!: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) uploadedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

export class UploadClientFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The scan, at most 20 MiB' })
  file!: unknown;
}

export class DownloadLinkDto {
  @ApiProperty({ example: 'https://crm.example-agency.ru/api/v1/files/ft1.eyJrIjoi….Q2hh…' }) url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
