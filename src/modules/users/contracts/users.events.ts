import type { Diff } from '../../../shared/domain/domain-event';
import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';

/** The users module's published events (version 1 = the unversioned shape plus `v`). */
export const USER_EVENTS = {
  created: 'users.created',
  updated: 'users.updated',
  passwordChanged: 'users.password-changed',
  deleted: 'users.deleted',
} as const;

export interface UserCreatedV1 {
  v: 1;
  email: string;
  fullName: string;
  role: 'admin' | 'supervisor' | 'operator' | 'accountant';
}
export interface UserUpdatedV1 {
  v: 1;
  diff: Diff;
}
export interface UserPasswordChangedV1 {
  v: 1;
}
export interface UserDeletedV1 {
  v: 1;
  email: string;
}

export interface UserEventPayloads {
  'users.created': UserCreatedV1;
  'users.updated': UserUpdatedV1;
  'users.password-changed': UserPasswordChangedV1;
  'users.deleted': UserDeletedV1;
}

export type UserEvent = EnvelopeOf<UserEventPayloads>;

export const USER_UPCASTERS: UpcasterTable = {};
