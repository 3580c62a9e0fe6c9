import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { PersonalDataErasers } from '../../../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../../shared/domain/actor';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { IssueDestructionActCommand } from '../../../../documents/application/commands/issue-destruction-act/issue-destruction-act.command';
import { GetUserQuery } from '../../../../users/application/queries/get-user/get-user.query';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { EVENT_LOG, type EventLog } from '../../ports/event-log.port';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { SubjectDealings } from '../../services/subject-dealings';
import { DestroyClientDataCommand, type DestructionResult } from './destroy-client-data.command';

const ROLE_RU: Record<string, string> = {
  admin: 'администратор',
  supervisor: 'супервайзер',
  operator: 'оператор',
  accountant: 'бухгалтер',
  system: 'система (автоматически)',
};

@CommandHandler(DestroyClientDataCommand)
export class DestroyClientDataHandler implements ICommandHandler<DestroyClientDataCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly erasers: PersonalDataErasers,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly dealings: SubjectDealings,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {}

  async execute(cmd: DestroyClientDataCommand): Promise<DestructionResult> {
    // one correlation id ties every event of the destruction together (the act's log extract)
    const actor: Actor = { ...cmd.actor, correlationId: cmd.actor.correlationId ?? uuidv7() };
    return this.uow.run(async () => {
      const done = await this.store.destructionOf(cmd.clientId);
      if (done) {
        throw new DomainError(
          'PRIVACY.ALREADY_DESTROYED',
          `the personal data of client ${cmd.clientId} was destroyed at ${done.performedAt} (act ${done.actDocumentId})`,
          { actDocumentId: done.actDocumentId, pseudonym: done.pseudonym },
        );
      }
      const destructionId = uuidv7();
      const pseudonym = await this.store.nextPseudonym();
      const subject = {
        destructionId,
        clientId: cmd.clientId,
        pseudonym,
        values: new Set<string>(),
        applicationIds: [],
        channelRefs: [],
      };
      const reports = await this.erasers.eraseAll(subject, actor);
      subject.values.clear();
      const categories = Object.values(reports).flatMap((r) => r.categories);
      const kept = Object.values(reports).flatMap((r) => r.kept);
      const counts = Object.assign({}, ...Object.values(reports).map((r) => r.counts)) as Record<
        string,
        number
      >;
      const orders = await this.dealings.orders(cmd.clientId);
      const payments = await this.dealings.payments(orders.map((o) => o.id));
      if (payments.length > 0) {
        kept.push(
          `платежи (${payments.length}) с суммами — бухгалтерский учёт (ст. 29 Федерального закона № 402-ФЗ)`,
        );
      }
      const performedAt = new Date();
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.clientDestroyed, 'destruction', destructionId, {
            clientId: cmd.clientId,
            pseudonym,
            categories,
            counts,
            reason: cmd.reason,
            basis: cmd.basis,
          }),
        ],
        actor,
      );
      const user = actor.userId ? await this.queries.execute(new GetUserQuery(actor.userId)) : null;
      const who = user ? `${user.fullName}, ${ROLE_RU[user.role] ?? user.role}` : ROLE_RU.system;
      const events = await this.log.eventsOf(actor.correlationId!);
      const act = await this.commands.execute(
        new IssueDestructionActCommand(
          {
            subject: pseudonym,
            categories,
            kept,
            performedBy: [who],
            reason: cmd.reason,
            basis: cmd.basis,
            performedAt: performedAt.toISOString(),
            log: events.map((e) => ({
              at: e.occurredAt,
              user: user?.fullName ?? ROLE_RU.system,
              action: e.name,
              entity: `${e.aggregateType} ${e.aggregateId ?? ''}`.trim(),
              eventId: e.id,
            })),
          },
          actor,
        ),
      );
      const keepUntil = new Date(performedAt);
      keepUntil.setUTCFullYear(keepUntil.getUTCFullYear() + 3);
      await this.store.insertDestruction({
        id: destructionId,
        clientId: cmd.clientId,
        pseudonym,
        reason: cmd.reason,
        basis: cmd.basis,
        categories,
        kept,
        actDocumentId: act.documentId,
        performedBy: actor.userId,
        performedAt: performedAt.toISOString(),
        keepUntil: keepUntil.toISOString().slice(0, 10),
      });
      return {
        destructionId,
        actDocumentId: act.documentId,
        actNumber: act.number,
        clientId: cmd.clientId,
        pseudonym,
        performedAt: performedAt.toISOString(),
        categories,
        kept,
        counts,
      };
    });
  }
}
