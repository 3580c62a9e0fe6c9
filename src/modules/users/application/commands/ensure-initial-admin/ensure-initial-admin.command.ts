import { Command } from '@nestjs/cqrs';

/** On first start (no users at all), creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
export class EnsureInitialAdminCommand extends Command<{ created: boolean }> {
  constructor(
    readonly email: string | undefined,
    readonly password: string | undefined,
  ) {
    super();
  }
}
