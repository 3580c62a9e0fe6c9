import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../shared/storage/object-storage.port';
import type { TemplateAsset } from '../ports/document-stores.port';

const ASSET_REF = /^asset:([A-Za-z0-9_-]{1,64})$/;

/**
 * Template images (a logo, a stamp) live in object storage; a template names them in its
 * `images` dictionary as `"logo": "asset:logo"`. Before rendering they are inlined as data URLs,
 * so the renderer itself never reads a file or a URL.
 */
@Injectable()
export class TemplateAssets {
  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  /** Names of assets the template refers to. */
  static references(content: Record<string, unknown>): string[] {
    const images = content.images;
    if (!images || typeof images !== 'object') return [];
    return Object.values(images as Record<string, unknown>)
      .map((v) => (typeof v === 'string' ? ASSET_REF.exec(v)?.[1] : undefined))
      .filter((v): v is string => v !== undefined);
  }

  async inline(
    definition: Record<string, unknown>,
    assets: Record<string, TemplateAsset>,
    loaded: Record<string, Buffer> = {},
  ): Promise<Record<string, unknown>> {
    const images = definition.images;
    if (!images || typeof images !== 'object') return definition;
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(images as Record<string, unknown>)) {
      const ref = typeof value === 'string' ? ASSET_REF.exec(value)?.[1] : undefined;
      if (ref === undefined) {
        out[name] = value;
        continue;
      }
      const asset = assets[ref];
      const bytes = loaded[ref] ?? (asset ? await this.storage.getBuffer(asset.key) : undefined);
      if (!asset || !bytes) throw new Error(`image "${name}" refers to an unknown asset "${ref}"`);
      out[name] = `data:${asset.contentType};base64,${bytes.toString('base64')}`;
    }
    return { ...definition, images: out };
  }
}
