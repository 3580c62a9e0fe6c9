import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { parse } from 'csv-parse';
import * as iconv from 'iconv-lite';
import { pipeline, type Readable } from 'node:stream';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../../shared/domain/actor';
import { DomainError, ValidationError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { peek } from '../../../../../shared/http/multipart';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { Client, type ClientIdentifier } from '../../../domain/client';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../../domain/client.repository.port';
import {
  type CsvColumn,
  invalidFromValidation,
  mapHeader,
  rowToInput,
  sniffDelimiter,
  sniffEncoding,
} from '../../services/client-csv';
import { duringBulkWork } from '../../../../../shared/runtime/heap-growth';
import { pumpInBatches } from '../../services/batch-pump';
import { InFileIndex } from '../../services/in-file-index';
import { IMPORT_JOB_STORE, type ImportJobStore, type ImportReportRow } from '../../services/import-job.store';
import { ImportClientsCommand } from './import-clients.command';

export const IMPORT_BATCH_SIZE = 500;
const SNIFF_BYTES = 64 * 1024;
const MAX_RECORD_BYTES = 64 * 1024;

interface RawRow {
  line: number;
  cells: string[];
}

interface PendingRow {
  line: number;
  client: Client;
  /** This row's target in the in-file index. */
  target: number;
  ids: ClientIdentifier[];
}

interface PreparedBatch {
  report: ImportReportRow[];
  /** Rows new to the file, still to be checked against the database. */
  pending: PendingRow[];
  /** Rows repeating an identifier of an earlier row of the file. */
  inFile: Array<{ line: number; target: number; field: string }>;
}

/** State of one import across its batches. */
interface ImportRun {
  jobId: string;
  dryRun: boolean;
  actor: Actor;
  header: Map<number, CsvColumn> | null;
  /** Every identifier of an accepted row so far → where it leads (in-file duplicates), kept compact. */
  seen: InFileIndex;
  /** Lines csv-parse could not read (unclosed quotes, oversized records), reported with the next batch. */
  skipped: number[];
}

@CommandHandler(ImportClientsCommand)
export class ImportClientsHandler implements ICommandHandler<ImportClientsCommand>, OnModuleDestroy {
  private readonly logger = new Logger('ClientImport');
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    @Inject(IMPORT_JOB_STORE) private readonly jobs: ImportJobStore,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ source, options, actor }: ImportClientsCommand): Promise<{ jobId: string }> {
    const jobId = uuidv7();
    await this.uow.run(() =>
      this.jobs.create({
        id: jobId,
        dryRun: options.dryRun,
        fileName: options.fileName,
        createdBy: actor.userId,
      }),
    );
    const run: ImportRun = {
      jobId,
      dryRun: options.dryRun,
      actor,
      header: null,
      seen: new InFileIndex(),
      skipped: [],
    };
    // the import's batches churn garbage: bounded heap growth while it runs (see heap-growth.ts)
    const work = duringBulkWork(() => this.process(source, run)).finally(() =>
      options.cleanup?.().catch(() => undefined),
    );
    if (options.mode === 'background') {
      const tracked = work.catch(() => undefined);
      this.running.add(tracked);
      void tracked.finally(() => this.running.delete(tracked));
      return { jobId };
    }
    await work;
    return { jobId };
  }

  /**
   * On shutdown, running imports stop at their next batch (already written batches stay) and
   * their jobs are marked failed while the pool is still open.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  private async process(source: Readable, run: ImportRun): Promise<void> {
    try {
      const { head, stream, ended } = await peek(source, SNIFF_BYTES);
      const { encoding } = sniffEncoding(head, ended);
      const firstLine = iconv.decode(head, encoding).split(/\r?\n/, 1)[0] ?? '';
      const delimiter = sniffDelimiter(firstLine);
      await this.uow.run(() => this.jobs.describe(run.jobId, { encoding, delimiter }));
      const parser = parse({
        delimiter,
        bom: true,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        max_record_size: MAX_RECORD_BYTES,
        on_skip: (err) => {
          const line = (err as { lines?: number } | undefined)?.lines;
          if (typeof line === 'number') run.skipped.push(line);
          return undefined;
        },
      });
      let streamError: unknown = null;
      pipeline(stream, iconv.decodeStream(encoding), parser, (err) => {
        if (err) streamError = err;
      });
      const rows = async function* (): AsyncGenerator<RawRow> {
        for await (const { record, info } of parser as AsyncIterable<{
          record: string[];
          info: { lines: number };
        }>) {
          if (run.header === null) run.header = mapHeader(record);
          else yield { line: info.lines, cells: record };
        }
      };
      // one batch is written while the next is parsed and validated; the parser is not read further
      // meanwhile (backpressure down to the file), so memory stays at two batches
      const tail = await pumpInBatches(
        rows(),
        IMPORT_BATCH_SIZE,
        (batch) => this.prepare(batch, run),
        (prepared) => this.commit(prepared, run),
        () => {
          if (this.stopping) {
            throw new DomainError(
              'COMMON.UNAVAILABLE',
              'The server shut down during the import; import the file again (rows already in are reported as duplicates)',
            );
          }
        },
      );
      if (streamError) throw streamError;
      if (run.header === null) {
        throw new DomainError(
          'CLIENTS.IMPORT_HEADER',
          'The file is empty: it needs a header line and rows',
          {},
          [{ field: 'header', message: 'the file has no header line' }],
        );
      }
      await this.commit(this.prepare(tail, run), run);
      await this.uow.run(() => this.jobs.finish(run.jobId, { status: 'completed' }));
    } catch (err) {
      const message = err instanceof DomainError ? err.message : 'the file could not be read to the end';
      if (!(err instanceof DomainError)) this.logger.warn(`import ${run.jobId} failed: ${String(err)}`);
      await this.uow
        .run(() => this.jobs.finish(run.jobId, { status: 'failed', error: message }))
        .catch(() => undefined);
      throw err;
    }
  }

  /** Validates a batch and de-duplicates it against the file so far (no I/O). */
  private prepare(batch: readonly RawRow[], run: ImportRun): PreparedBatch {
    const report: ImportReportRow[] = [];
    const skipped = run.skipped.splice(0);
    for (const line of skipped) {
      report.push(
        invalid(line, 'row', 'the line is not valid CSV (an unclosed quote or an oversized field)'),
      );
    }
    const ctx = { by: run.actor.userId, now: new Date() };
    const pending: PendingRow[] = [];
    const inFile: PreparedBatch['inFile'] = [];
    for (const row of batch) {
      const mapped = rowToInput(row.cells, run.header!);
      if ('invalid' in mapped) {
        report.push(invalid(row.line, mapped.invalid.field, mapped.invalid.reason));
        continue;
      }
      let client: Client;
      try {
        client = Client.create(uuidv7(), mapped.input, ctx, 'import');
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const why = invalidFromValidation(err);
        report.push(invalid(row.line, why.field, why.reason));
        continue;
      }
      const ids = client.identifiers();
      const earlier = run.seen.find(ids);
      if (earlier) {
        inFile.push({ line: row.line, target: earlier.target, field: earlier.field });
        continue;
      }
      const target = run.seen.add({ row: row.line, clientId: run.dryRun ? null : client.id });
      run.seen.remember(ids, target);
      pending.push({ line: row.line, client, target, ids });
    }
    return { report, pending, inFile };
  }

  /** One transaction: checks the batch against the database, writes its clients, events and report rows. */
  private async commit({ report, pending, inFile }: PreparedBatch, run: ImportRun): Promise<void> {
    if (report.length === 0 && pending.length === 0 && inFile.length === 0) return;

    await this.uow.run(async () => {
      const all = pending.flatMap((p) => p.ids);
      // the same lock CreateClient takes: a concurrent create of one of these phones waits for us
      if (!run.dryRun) await this.clients.lockIdentifiers(all);
      const owner = new Map<ClientIdentifier, PendingRow>();
      for (const p of pending) for (const i of p.ids) owner.set(i, p);
      const matched = new Map<PendingRow, { clientId: string; field: string }>();
      for (const m of await this.clients.findMatches(all)) {
        const p = owner.get(m.identifier);
        if (p && !matched.has(p)) matched.set(p, { clientId: m.clientId, field: m.identifier.kind });
      }
      const created: Client[] = [];
      for (const p of pending) {
        const m = matched.get(p);
        if (m) {
          // later rows with the same identifiers point at the existing client, not at this row
          run.seen.set(p.target, { row: null, clientId: m.clientId });
          report.push({ ...empty(p.line, 'duplicate'), duplicateOfClientId: m.clientId, field: m.field });
        } else {
          created.push(p.client);
          report.push({ ...empty(p.line, 'created'), clientId: run.dryRun ? null : p.client.id });
        }
      }
      for (const d of inFile) {
        const target = run.seen.target(d.target);
        report.push({
          ...empty(d.line, 'duplicate'),
          duplicateOfClientId: target.clientId,
          duplicateOfRow: target.row,
          field: d.field,
        });
      }
      if (!run.dryRun && created.length > 0) {
        await this.clients.insertMany(created);
        await this.outbox.append(
          created.flatMap((c) => c.pullEvents()),
          run.actor,
        );
      }
      await this.jobs.record(run.jobId, report);
    });
  }
}

function empty(row: number, status: ImportReportRow['status']): ImportReportRow {
  return {
    row,
    status,
    clientId: null,
    duplicateOfClientId: null,
    duplicateOfRow: null,
    field: null,
    reason: null,
  };
}

function invalid(row: number, field: string, reason: string): ImportReportRow {
  return { ...empty(row, 'invalid'), field, reason };
}
