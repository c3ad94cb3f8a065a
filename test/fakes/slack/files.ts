/**
 * Slack's external file upload, as files.uploadV2 in @slack/web-api drives it: files.getUploadURLExternal (filename,
 * length, alt_text) → an upload_url on this fake → the bytes POSTed there → files.completeUploadExternal (files JSON,
 * channel_id, initial_comment, thread_ts) shares them in the channel. Every step is recorded in `uploads`.
 */
import { parseMultipart } from '../multipart.js';

export interface SlackUpload {
  fileId: string;
  filename: string;
  /** The length announced in getUploadURLExternal. */
  length: number;
  altText: string | undefined;
  /** The bytes POSTed to the upload_url (undefined until they arrive). */
  data?: Buffer | undefined;
  /** Set by completeUploadExternal. */
  completed?: { channel: string | undefined; title: string | undefined; initialComment: string | undefined; threadTs: string | undefined };
}

export class FakeSlackFiles {
  readonly uploads: SlackUpload[] = [];
  private seq = 0;

  constructor(private readonly baseUrl: () => string) {}

  /** files.getUploadURLExternal. */
  getUploadUrl(body: Record<string, unknown>): Record<string, unknown> {
    const filename = typeof body.filename === 'string' ? body.filename : '';
    const length = Number(body.length);
    if (!filename) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: filename'] } };
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: length'] } };
    this.seq += 1;
    const fileId = `F0CHART${String(this.seq).padStart(4, '0')}`;
    this.uploads.push({ fileId, filename, length, altText: typeof body.alt_text === 'string' ? body.alt_text : undefined });
    return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${fileId}`, file_id: fileId };
  }

  /** POST {upload_url}: raw bytes or a multipart form with one file part; Slack answers 200 "OK - <length>". */
  receive(fileId: string, raw: Buffer, contentType: string | undefined): { status: number; text: string } {
    const upload = this.uploads.find((u) => u.fileId === fileId);
    if (!upload) return { status: 404, text: 'unknown upload' };
    const parts = parseMultipart(raw, contentType);
    upload.data = parts.length ? (parts.find((p) => p.filename !== undefined) ?? parts[0])?.data : raw;
    return { status: 200, text: `OK - ${upload.data?.length ?? 0}` };
  }

  /** files.completeUploadExternal; `refusal` is the channel's (not_in_channel …), if the fake was told to refuse it. */
  complete(body: Record<string, unknown>, refusal: string | undefined): Record<string, unknown> {
    let files: { id?: unknown; title?: unknown }[] = [];
    try {
      const v: unknown = typeof body.files === 'string' ? JSON.parse(body.files) : body.files;
      if (Array.isArray(v)) files = v as { id?: unknown; title?: unknown }[];
    } catch {
      return { ok: false, error: 'invalid_arguments' };
    }
    if (files.length === 0) return { ok: false, error: 'invalid_arguments' };
    const channel = typeof body.channel_id === 'string' ? body.channel_id : undefined;
    if (channel && refusal) return { ok: false, error: refusal };
    const done = [];
    for (const f of files) {
      const upload = this.uploads.find((u) => u.fileId === f.id);
      if (!upload?.data) return { ok: false, error: 'file_not_found' };
      upload.completed = {
        channel,
        title: typeof f.title === 'string' ? f.title : undefined,
        initialComment: typeof body.initial_comment === 'string' ? body.initial_comment : undefined,
        threadTs: typeof body.thread_ts === 'string' ? body.thread_ts : undefined,
      };
      done.push({ id: upload.fileId, name: upload.filename, title: upload.completed.title ?? upload.filename, mimetype: 'image/png', size: upload.data.length });
    }
    return { ok: true, files: done };
  }
}
