import type { Role } from '../../../shared/domain/actor';
import type { ContractOf } from '../../../shared/domain/event-contract';
import type {
  UserCreatedV1,
  UserDeletedV1,
  UserPasswordChangedV1,
  UserUpdatedV1,
} from '../contracts/users.events';
import { USER_EVENTS } from '../contracts/users.events';
import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';

export class UserCreated extends DomainEvent<{ email: string; fullName: string; role: Role }> {
  static readonly eventName = USER_EVENTS.created;
  constructor(id: string, version: number, payload: { email: string; fullName: string; role: Role }) {
    super(UserCreated.eventName, 'user', id, version, payload);
  }
}

export class UserUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = USER_EVENTS.updated;
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(UserUpdated.eventName, 'user', id, version, payload);
  }
}

export class UserPasswordChanged extends DomainEvent<Record<string, never>> {
  static readonly eventName = USER_EVENTS.passwordChanged;
  constructor(id: string, version: number, payload: Record<string, never>) {
    super(UserPasswordChanged.eventName, 'user', id, version, payload);
  }
}

export class UserDeleted extends DomainEvent<{ email: string }> {
  static readonly eventName = USER_EVENTS.deleted;
  constructor(id: string, version: number, payload: { email: string }) {
    super(UserDeleted.eventName, 'user', id, version, payload);
  }
}

// each class records exactly its published payload (the module's contracts/*.events.ts)
const _contracts: [
  ContractOf<typeof UserCreated, UserCreatedV1>,
  ContractOf<typeof UserUpdated, UserUpdatedV1>,
  ContractOf<typeof UserPasswordChanged, UserPasswordChangedV1>,
  ContractOf<typeof UserDeleted, UserDeletedV1>,
] = [true, true, true, true];
void _contracts;
