import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import {
  type PdfRenderer,
  PdfRenderError,
  type RenderPdfInput,
} from '../../application/ports/pdf-renderer.port';

/** How long closing waits for renders already queued before terminating the workers. */
const DRAIN_MS = 10_000;

interface Pending {
  resolve(pdf: Buffer): void;
  reject(e: Error): void;
  input: RenderPdfInput;
}

interface Slot {
  worker: Worker;
  busy: Map<number, Pending>;
}

/**
 * `PdfRenderer` over pdfmake in a pool of worker threads, so rendering (CPU-bound, tens of ms
 * per page) never blocks the event loop. Each worker keeps its fonts parsed; jobs go to the
 * least-loaded worker; a worker that dies fails its jobs and is replaced.
 */
@Injectable()
export class PdfmakeWorkerPoolRenderer implements PdfRenderer, OnModuleDestroy {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'documents'>) {
    this.size = config.documents.renderWorkers;
  }

  private readonly size: number;

  render(input: RenderPdfInput): Promise<Buffer> {
    if (this.closed) return Promise.reject(new PdfRenderError('the PDF renderer is shut down'));
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    const slot = this.slots.reduce((a, b) => (b.busy.size < a.busy.size ? b : a));
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      slot.busy.set(id, { resolve, reject, input });
      slot.worker.postMessage({
        id,
        definition: input.definition,
        createdAt: input.createdAt,
        title: input.title,
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    // renders already queued finish first (bounded): the HTTP drain has waited for its requests,
    // these are the outbox relay's
    const queued = this.slots.flatMap((s) => [...s.busy.values()]);
    if (queued.length > 0) {
      const done = Promise.allSettled(
        queued.map(
          (p) =>
            new Promise<void>((r) => {
              const { resolve, reject } = p;
              p.resolve = (pdf) => (resolve(pdf), r());
              p.reject = (e) => (reject(e), r());
            }),
        ),
      );
      await Promise.race([done, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
    }
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const compiled = join(__dirname, 'pdf-render.worker.js');
    // compiled: dist/…/pdf-render.worker.js; from sources (tests, ts-node): the .ts through ts-node
    const worker = existsSync(compiled)
      ? new Worker(compiled)
      : new Worker(join(__dirname, 'pdf-render.worker.ts'), {
          execArgv: ['--require', 'ts-node/register/transpile-only'],
        });
    const slot: Slot = { worker, busy: new Map() };
    worker.on('message', (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const job = slot.busy.get(m.id);
      if (!job) return;
      slot.busy.delete(m.id);
      if (m.pdf) job.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
      else job.reject(new PdfRenderError(m.error ?? 'rendering failed'));
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const job of slot.busy.values())
        job.reject(new PdfRenderError(`the PDF worker stopped: ${e.message}`));
      slot.busy.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return slot;
  }
}
