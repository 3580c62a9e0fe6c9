import { Command } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import type { Actor } from '../../../../../shared/domain/actor';
import type { AttachmentView } from '../../application.view';

/**
 * Stores an uploaded file through the ObjectStorage port (type sniffed from the bytes, ≤ 20 MiB)
 * and attaches it to the application.
 */
export class AttachApplicationFileCommand extends Command<AttachmentView> {
  constructor(
    readonly applicationId: string,
    readonly file: { stream: Readable; fileName: string | undefined },
    readonly actor: Actor,
  ) {
    super();
  }
}
