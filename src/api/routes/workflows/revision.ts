import { validationFailed } from '../../../lib/errors.js';

/** The strong validator of a draft; clients send it back in If-Match. */
export const etagOf = (draftRevision: number) => `"${draftRevision}"`;

/**
 * The draft revision a client last saw, from If-Match (`"3"`, `W/"3"`, `3`; `*` means any) or the
 * body's `draft_revision`. Both may be sent, but must agree.
 */
export function expectedRevision(ifMatch: string | undefined, bodyRevision: number | undefined) {
  let fromHeader: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!match?.[1]) throw invalid('If-Match must name a draft revision, e.g. "3"');
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyRevision !== undefined && fromHeader !== bodyRevision) {
    throw invalid('If-Match and draft_revision name different revisions');
  }
  return fromHeader ?? bodyRevision;
}

function invalid(message: string) {
  return validationFailed(
    'If-Match header',
    [{ path: 'header.if-match', code: 'invalid_revision', message }],
    message,
  );
}
