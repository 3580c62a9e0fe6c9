export const PDF_RENDERER = Symbol('PDF_RENDERER');

export interface RenderPdfInput {
  /** A filled pdfmake document definition (plain JSON, images inlined as data URLs). */
  definition: Record<string, unknown>;
  /** Written as the PDF's creation and modification date: identical input → identical bytes. */
  createdAt: string;
  title: string;
}

/** Renders document definitions to PDF bytes. Adapter: pdfmake in a worker-thread pool. */
export interface PdfRenderer {
  render(input: RenderPdfInput): Promise<Buffer>;
}

/** The renderer refused a definition (bad layout, unknown font, denied image…). */
export class PdfRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfRenderError';
  }
}
