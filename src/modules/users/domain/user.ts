import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import type { Role } from '../../../shared/domain/actor';
import { MAX_EMAIL, MAX_PERSON_NAME } from '../../../shared/domain/contact-limits';
import { type Diff, diffOf } from '../../../shared/domain/domain-event';
import { DomainError, ValidationError } from '../../../shared/domain/domain-error';
import { UserCreated, UserDeleted, UserPasswordChanged, UserUpdated } from './user.events';

export interface UserProps {
  email: string;
  fullName: string;
  role: Role;
  active: boolean;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface UserChanges {
  email?: string;
  fullName?: string;
  role?: Role;
  active?: boolean;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Another (not deleted) user already has this e-mail. */
export class EmailTakenError extends DomainError {
  constructor() {
    super('USERS.EMAIL_TAKEN', 'A user with this e-mail already exists', {}, [
      { field: 'email', message: 'email is already taken' },
    ]);
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalised e-mail of a staff member; 422 when it is not one (or longer than MAX_EMAIL). */
function staffEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (email.length > MAX_EMAIL || !EMAIL_RE.test(email))
    throw ValidationError.field('email', 'email must be an e-mail address');
  return email;
}

/** The trimmed full name; 422 when empty or longer than MAX_PERSON_NAME. */
function staffName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw ValidationError.field('fullName', 'fullName must not be empty');
  if (name.length > MAX_PERSON_NAME)
    throw ValidationError.field('fullName', `fullName must be at most ${MAX_PERSON_NAME} characters`);
  return name;
}

/** A member of staff who signs in. Emails are unique case-insensitively; deletion is soft. */
export class User extends AggregateRoot {
  private constructor(
    id: string,
    version: number,
    private props: UserProps,
  ) {
    super(id, version);
  }

  static create(
    id: string,
    input: Omit<UserProps, 'createdAt' | 'updatedAt' | 'deletedAt' | 'active'>,
    now: Date,
  ): User {
    const email = staffEmail(input.email);
    const fullName = staffName(input.fullName);
    const user = new User(id, 0, {
      ...input,
      email,
      fullName,
      active: true,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    user.record(new UserCreated(id, 1, { email, fullName: user.props.fullName, role: input.role }));
    return user;
  }

  static reconstitute(id: string, version: number, props: UserProps): User {
    return new User(id, version, props);
  }

  get email(): string {
    return this.props.email;
  }
  get fullName(): string {
    return this.props.fullName;
  }
  get role(): Role {
    return this.props.role;
  }
  get active(): boolean {
    return this.props.active;
  }
  get passwordHash(): string {
    return this.props.passwordHash;
  }
  get deleted(): boolean {
    return this.props.deletedAt !== null;
  }
  snapshot(): Readonly<UserProps> {
    return { ...this.props };
  }

  /** Applies a partial change; records `users.updated` with the diff when anything changed. */
  update(changes: UserChanges, now: Date): Diff {
    this.assertNotDeleted();
    const next: UserProps = { ...this.props };
    if (changes.email !== undefined) next.email = staffEmail(changes.email);
    if (changes.fullName !== undefined) next.fullName = staffName(changes.fullName);
    if (changes.role !== undefined) next.role = changes.role;
    if (changes.active !== undefined) next.active = changes.active;
    const diff = diffOf(this.props, next, ['email', 'fullName', 'role', 'active']);
    if (Object.keys(diff).length === 0) return diff;
    this.props = { ...next, updatedAt: now };
    this.record(new UserUpdated(this.id, this.nextVersion, { diff }));
    return diff;
  }

  changePassword(passwordHash: string, now: Date): void {
    this.assertNotDeleted();
    this.props = { ...this.props, passwordHash, updatedAt: now };
    this.record(new UserPasswordChanged(this.id, this.nextVersion, {}));
  }

  delete(now: Date): void {
    this.assertNotDeleted();
    this.props = { ...this.props, active: false, deletedAt: now, updatedAt: now };
    this.record(new UserDeleted(this.id, this.nextVersion, { email: this.props.email }));
  }

  private assertNotDeleted(): void {
    if (this.deleted) throw new DomainError('COMMON.GONE', `user ${this.id} was deleted`);
  }
}
