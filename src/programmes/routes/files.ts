import { PlatformErrors } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import { MAX_FILE, type SubmissionInput } from '../work.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends a handed-in file as a download: never shown inline by the browser (a file could be HTML or
 * SVG with script in it), its type not sniffed, the name kept to safe characters.
 */
export function sendFile(reply: FastifyReply, file: { name: string; mime: string; data: Buffer }) {
  const ascii = file.name.replace(/[^\w.\- ]/g, '_');
  return reply
    .header('content-type', 'application/octet-stream')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

/**
 * A submission from a multipart form (fields `text`, `link`, `removeFile`, file `file`) or a JSON
 * body (`text`, `link`, `file: { name, mime, content }` with the content in base64). A file over
 * the limit is refused as it streams in, before it is held in memory whole.
 */
export async function readSubmission(request: FastifyRequest): Promise<SubmissionInput & { fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as {
      text?: unknown;
      link?: unknown;
      removeFile?: unknown;
      file?: { name?: unknown; mime?: unknown; content?: unknown } | null;
    };
    let file: SubmissionInput['file'];
    if (body.file && typeof body.file === 'object') {
      const content = typeof body.file.content === 'string' ? body.file.content : '';
      if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) throw PlatformErrors.invalid('file.content');
      file = {
        name: typeof body.file.name === 'string' ? body.file.name : '',
        mime: typeof body.file.mime === 'string' ? body.file.mime : undefined,
        data: Buffer.from(content, 'base64'),
      };
      if (!file.name.trim()) throw PlatformErrors.required('file.name');
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const link = typeof body.link === 'string' ? body.link : '';
    return { text, link, file, keepFile: body.removeFile !== true, fields: { text, link } };
  }
  const fields: Record<string, string> = {};
  let file: SubmissionInput['file'];
  for await (const part of request.parts({ limits: { fileSize: MAX_FILE, files: 1 } })) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.file.truncated) throw E.fileTooLarge('file', { max: '10 MB' });
      if (data.length && part.fieldname === 'file') file = { name: part.filename || 'file', mime: part.mimetype, data };
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  return { text: fields.text ?? '', link: fields.link ?? '', file, keepFile: !fields.removeFile, fields };
}
