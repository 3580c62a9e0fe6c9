import { Command } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ClientFileView } from '../../client-file.view';

/**
 * Stores an uploaded scan for a client: the content type is sniffed from the first bytes (the
 * declared one is ignored), the bytes stream to object storage, the metadata row and a
 * `clients.file-attached` event are written in one transaction.
 */
export class AttachClientFileCommand extends Command<ClientFileView> {
  constructor(
    readonly clientId: string,
    readonly file: { stream: Readable; fileName: string | undefined },
    readonly actor: Actor,
  ) {
    super();
  }
}
