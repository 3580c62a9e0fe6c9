export interface ClientFileView {
  id: string;
  clientId: string;
  fileName: string;
  /** Sniffed from the content, not taken from the upload's header. */
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
}
