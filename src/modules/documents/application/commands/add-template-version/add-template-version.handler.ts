import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { DomainEvent } from '../../../../../shared/domain/domain-event';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { sniffContentType } from '../../../../../shared/storage/content-sniffer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { TemplateVersionActivated, TemplateVersionAdded } from '../../../domain/document.events';
import { TEMPLATE_STORE, type TemplateAsset, type TemplateStore } from '../../ports/document-stores.port';
import { TemplateInvalidError, TemplateValidator } from '../../services/template-validator';
import { AddTemplateVersionCommand } from './add-template-version.command';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);
const MAX_ASSET_BYTES = 512 * 1024;

@CommandHandler(AddTemplateVersionCommand)
export class AddTemplateVersionHandler implements ICommandHandler<AddTemplateVersionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly validator: TemplateValidator,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async execute(cmd: AddTemplateVersionCommand) {
    const problems: string[] = [];
    const loaded: Record<string, Buffer> = {};
    const assets: Record<string, TemplateAsset> = {};
    for (const [name, input] of Object.entries(cmd.assets)) {
      if (typeof input?.data !== 'string' || typeof input.contentType !== 'string') {
        problems.push(`assets.${name}: must be {contentType, data (base64)}`);
        continue;
      }
      const bytes = Buffer.from(input.data, 'base64');
      const sniffed = sniffContentType(bytes);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) problems.push(`assets: "${name}" is not a valid asset name`);
      else if (bytes.length === 0 || bytes.length > MAX_ASSET_BYTES) {
        problems.push(`assets.${name}: must be 1 byte to ${MAX_ASSET_BYTES / 1024} KiB`);
      } else if (!IMAGE_TYPES.has(sniffed ?? '') || sniffed !== input.contentType) {
        problems.push(`assets.${name}: must be a PNG or JPEG image matching its contentType`);
      } else {
        loaded[name] = bytes;
        assets[name] = { key: `templates/${cmd.type}/${uuidv7()}`, contentType: sniffed, size: bytes.length };
      }
    }
    if (problems.length > 0) throw new TemplateInvalidError(problems);
    await this.validator.validate(cmd.type, cmd.content, assets, loaded);
    for (const [name, asset] of Object.entries(assets)) {
      await this.storage.put({
        key: asset.key,
        body: loaded[name],
        contentType: asset.contentType,
        size: asset.size,
      });
    }

    return this.uow.run(async () => {
      await this.templates.lockType(cmd.type);
      const previous = await this.templates.active(cmd.type);
      const version = (await this.templates.lastVersion(cmd.type)) + 1;
      const id = uuidv7();
      await this.templates.insert({
        id,
        type: cmd.type,
        version,
        content: cmd.content,
        assets,
        comment: cmd.comment,
        createdBy: cmd.actor.userId,
      });
      const events: DomainEvent<object>[] = [
        new TemplateVersionAdded(id, {
          type: cmd.type,
          version,
          comment: cmd.comment,
          activated: cmd.activate,
          diff: { version: { from: version - 1 || null, to: version } },
        }),
      ];
      if (cmd.activate) {
        await this.templates.activate(cmd.type, version);
        events.push(
          new TemplateVersionActivated(id, {
            type: cmd.type,
            version,
            diff: { activeVersion: { from: previous?.version ?? null, to: version } },
          }),
        );
      }
      await this.outbox.append(events, cmd.actor);
      return { type: cmd.type, version, active: cmd.activate };
    });
  }
}
