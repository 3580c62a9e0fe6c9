import { parentPort } from 'node:worker_threads';
import { renderPdf } from './pdfmake-engine';

/** One rendering thread: fonts are loaded and parsed once, jobs run one at a time. */
interface Job {
  id: number;
  definition: Record<string, unknown>;
  createdAt: string;
  title: string;
}

let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (job: Job) => {
  queue = queue.then(async () => {
    try {
      const pdf = await renderPdf(job.definition, job.createdAt, job.title);
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
      parentPort?.postMessage({ id: job.id, pdf: bytes }, [bytes.buffer]);
    } catch (e) {
      parentPort?.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
});
