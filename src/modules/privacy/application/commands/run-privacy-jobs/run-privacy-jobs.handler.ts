import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { PersonalDataErasers } from '../../../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Actor, SYSTEM_ACTOR } from '../../../../../shared/domain/actor';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { ListUnconvertedApplicationsQuery } from '../../../../applications/application/queries/list-unconverted-applications/list-unconverted-applications.query';
import { IssueDestructionActCommand } from '../../../../documents/application/commands/issue-destruction-act/issue-destruction-act.command';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { moscowDay } from '../../../domain/production-calendar';
import { EVENT_LOG, type EventLog } from '../../ports/event-log.port';
import { type ConsentView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { CalendarReader } from '../../services/calendar';
import { SubjectDealings } from '../../services/subject-dealings';
import { DestroyClientDataCommand } from '../destroy-client-data/destroy-client-data.command';
import { type PrivacyJobsResult, RunPrivacyJobsCommand } from './run-privacy-jobs.command';

const KIND_RU: Record<string, string> = {
  access: 'доступ к данным',
  correction: 'уточнение данных',
  destruction: 'уничтожение данных',
  withdrawal: 'отзыв согласия',
};

@CommandHandler(RunPrivacyJobsCommand)
export class RunPrivacyJobsHandler implements ICommandHandler<RunPrivacyJobsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly erasers: PersonalDataErasers,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly dealings: SubjectDealings,
    private readonly calendar: CalendarReader,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ options }: RunPrivacyJobsCommand): Promise<PrivacyJobsResult> {
    const now = options.now ?? new Date();
    const batch = options.batchSize ?? 500;
    const actor: Actor = { ...SYSTEM_ACTOR, correlationId: uuidv7() };
    return this.uow.run(async () => {
      const result: PrivacyJobsResult = {
        dryRun: options.dryRun,
        ran: false,
        applications: 0,
        applicationAttachments: 0,
        withdrawnClients: 0,
        withdrawnOther: 0,
        keptByBasis: 0,
        remindersSent: 0,
        actDocumentId: null,
      };
      if (!(await this.store.tryJobsLock())) return result;
      result.ran = true;
      if (!options.dryRun) result.remindersSent = await this.remind(now, actor);

      // withdrawn consents past their deadline
      const due = await this.store.consentsDueForDestruction(now, 10_000);
      const applicationIds = new Set<string>();
      const channelRefs: string[] = [];
      const clients = new Map<string, ConsentView[]>();
      for (const c of due) {
        if (c.subjectKind === 'client' && c.clientId)
          clients.set(c.clientId, [...(clients.get(c.clientId) ?? []), c]);
        else if (c.subjectKind === 'application') applicationIds.add(c.subjectId);
        else if (c.subjectKind === 'telegram_chat') channelRefs.push(`telegram:${c.subjectId}`);
      }
      result.withdrawnOther = due.length - [...clients.values()].flat().length;
      for (const [clientId, consents] of clients) {
        const bases = await this.dealings.bases(clientId);
        const done = await this.store.destructionOf(clientId);
        if (bases.length > 0 || done) {
          result.keptByBasis += 1;
          if (!options.dryRun) await this.store.clearDestroyDeadline(consents.map((c) => c.id));
          continue;
        }
        result.withdrawnClients += 1;
        if (!options.dryRun) {
          await this.commands.execute(
            new DestroyClientDataCommand(
              clientId,
              'истёк срок после отзыва согласия на обработку',
              'ч. 5 ст. 21 Федерального закона № 152-ФЗ',
              actor,
            ),
          );
          await this.store.clearDestroyDeadline(consents.map((c) => c.id));
        }
      }

      // never-converted applications older than the retention period
      const before = new Date(now.getTime() - this.config.privacy.applicationRetentionDays * 86_400_000);
      const stale: string[] = [];
      for (let after: string | null = null; ;) {
        const page: Array<{ id: string; attachments: number }> = await this.queries.execute(
          new ListUnconvertedApplicationsQuery(before, 5000, after),
        );
        for (const a of page) {
          stale.push(a.id);
          result.applicationAttachments += Number(a.attachments);
        }
        if (page.length < 5000) break;
        after = page[page.length - 1].id;
      }
      result.applications = stale.length;
      for (const id of applicationIds) if (!stale.includes(id)) stale.push(id);
      if (options.dryRun || (stale.length === 0 && channelRefs.length === 0)) return result;

      const categories = new Set<string>();
      let erasedApplications = 0;
      for (let i = 0; i < Math.max(stale.length, 1); i += batch) {
        const subject = {
          destructionId: uuidv7(),
          clientId: null,
          pseudonym: '[удалено]',
          values: new Set<string>(),
          applicationIds: stale.slice(i, i + batch),
          channelRefs: i === 0 ? channelRefs : [],
          scrub: false,
        };
        const reports = await this.erasers.eraseAll(subject, actor);
        erasedApplications += reports.applications?.counts.applications ?? 0;
        for (const r of Object.values(reports))
          r.categories.forEach((c) => categories.add(c.replace(/ \(\d+\)$/, '')));
      }
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.applicationsDestroyed, 'destruction', null, {
            applications: erasedApplications,
            attachments: result.applicationAttachments,
            chats: channelRefs.length,
            before: before.toISOString(),
          }),
        ],
        actor,
      );
      const events = await this.log.eventsOf(actor.correlationId!);
      const act = await this.commands.execute(
        new IssueDestructionActCommand(
          {
            subject: `заявители по заявкам, не ставшим заказами, старше ${this.config.privacy.applicationRetentionDays} дней (${erasedApplications}), и лица, отозвавшие согласие`,
            categories: [...categories],
            kept: [],
            performedBy: ['система (автоматическое уничтожение по сроку хранения)'],
            reason: 'истёк срок хранения / срок после отзыва согласия',
            basis: 'ч. 4, 5 ст. 21 Федерального закона № 152-ФЗ',
            performedAt: now.toISOString(),
            // the per-application events are counted in the act; the extract lists the run's summary events
            log: events
              .filter((e) => !e.name.startsWith('applications.'))
              .map((e) => ({
                at: e.occurredAt,
                user: 'система',
                action: e.name,
                entity: `${e.aggregateType} ${e.aggregateId ?? ''}`.trim(),
                eventId: e.id,
              })),
          },
          actor,
        ),
      );
      result.actDocumentId = act.documentId;
      if (due.length > 0)
        await this.store.clearDestroyDeadline(due.filter((c) => c.subjectKind !== 'client').map((c) => c.id));
      await this.outbox.append(
        [new PrivacyEvent(PRIVACY_EVENTS.retentionRan, 'destruction', null, { ...result })],
        actor,
      );
      return result;
    });
  }

  /** The working day before a request is due, every linked operator is told (once per request). */
  private async remind(now: Date, actor: Actor): Promise<number> {
    const today = moscowDay(now);
    const cal = await this.calendar.around(today);
    let sent = 0;
    // due dates whose previous working day is today: from tomorrow up to the next working day
    const candidates: string[] = [];
    for (let d = today, i = 0; i < 10; i++) {
      d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      if (cal.previousWorkingDay(d) === today) candidates.push(d);
      else if (cal.previousWorkingDay(d) > today) break;
    }
    for (const day of candidates) {
      for (const r of await this.store.claimReminders(day)) {
        sent += 1;
        await this.outbox.append(
          [
            new PrivacyEvent(PRIVACY_EVENTS.requestDueSoon, 'privacy-request', r.id, {
              dueOn: r.dueOn,
              kind: r.kind,
              notice: `Срок ответа на запрос субъекта персональных данных (${KIND_RU[r.kind] ?? r.kind}) истекает ${r.dueOn}. Запрос ${r.id}.`,
            }),
          ],
          actor,
        );
      }
    }
    // incidents: a reminder when the 24-hour notice is 6 hours away, or the 72-hour results 12 hours away
    for (const [stage, hours] of [
      ['first', 6],
      ['results', 12],
    ] as const) {
      for (const i of await this.store.claimIncidentReminders(
        stage,
        new Date(now.getTime() + hours * 3600_000),
      )) {
        sent += 1;
        const due = stage === 'first' ? i.firstNoticeDue : i.resultsDue;
        await this.outbox.append(
          [
            new PrivacyEvent(PRIVACY_EVENTS.incidentNoticeDue, 'incident', i.id, {
              stage,
              notice: `Инцидент с персональными данными ${i.id}: ${stage === 'first' ? 'первичное уведомление' : 'результаты расследования'} в Роскомнадзор — до ${due}.`,
            }),
          ],
          actor,
        );
      }
    }
    return sent;
  }
}
