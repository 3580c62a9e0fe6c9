import type { Integration } from './integration';

export const INTEGRATION_REPOSITORY = Symbol('INTEGRATION_REPOSITORY');

export interface IntegrationRepository {
  findById(id: string): Promise<Integration | null>;
  findByIdForUpdate(id: string): Promise<Integration | null>;
  insert(integration: Integration): Promise<void>;
  update(integration: Integration): Promise<void>;
  /** Bot names of the active integrations of a purpose, in creation order. */
  activeBotNames(purpose: Integration['purpose']): Promise<string[]>;
}
