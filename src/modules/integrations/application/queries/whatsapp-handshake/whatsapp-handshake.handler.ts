import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FieldCipher } from '../../../../../shared/crypto/field-cipher';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { WhatsAppHandshakeQuery } from './whatsapp-handshake.query';

@QueryHandler(WhatsAppHandshakeQuery)
export class WhatsAppHandshakeHandler implements IQueryHandler<WhatsAppHandshakeQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
  ) {}

  async execute({ integrationId, mode, verifyToken, challenge }: WhatsAppHandshakeQuery): Promise<string> {
    const [row] = await this.uow.rows<{ secret: string }>(
      `SELECT webhook_secret_encrypted AS secret FROM integration_settings WHERE id = $1 AND type = 'whatsapp'`,
      [integrationId],
    );
    const expected = row ? this.codec.openSecret(integrationId, row.secret) : 'no such integration';
    const ok =
      row !== undefined &&
      mode === 'subscribe' &&
      typeof verifyToken === 'string' &&
      FieldCipher.safeEqual(verifyToken, expected) &&
      typeof challenge === 'string' &&
      challenge.length > 0 &&
      challenge.length <= 200;
    if (!ok) throw new DomainError('COMMON.FORBIDDEN', 'the verify token does not match');
    return challenge;
  }
}
