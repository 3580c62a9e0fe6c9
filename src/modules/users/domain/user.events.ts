import type { Role } from '../../../shared/domain/actor';
import { type Diff, DomainEvent } from '../../../shared/domain/domain-event';

export class UserCreated extends DomainEvent<{ email: string; fullName: string; role: Role }> {
  static readonly eventName = 'users.created';
  constructor(id: string, version: number, payload: { email: string; fullName: string; role: Role }) {
    super(UserCreated.eventName, 'user', id, version, payload);
  }
}

export class UserUpdated extends DomainEvent<{ diff: Diff }> {
  static readonly eventName = 'users.updated';
  constructor(id: string, version: number, payload: { diff: Diff }) {
    super(UserUpdated.eventName, 'user', id, version, payload);
  }
}

export class UserPasswordChanged extends DomainEvent<Record<string, never>> {
  static readonly eventName = 'users.password-changed';
  constructor(id: string, version: number, payload: Record<string, never>) {
    super(UserPasswordChanged.eventName, 'user', id, version, payload);
  }
}

export class UserDeleted extends DomainEvent<{ email: string }> {
  static readonly eventName = 'users.deleted';
  constructor(id: string, version: number, payload: { email: string }) {
    super(UserDeleted.eventName, 'user', id, version, payload);
  }
}
