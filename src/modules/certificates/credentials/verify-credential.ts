import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';

import {
  createDocumentLoader,
  isBundledContext,
  isRecord,
  UnknownDocumentError,
  VC_V2_CONTEXT,
} from './document-loader.js';
import { decodeStatusList, isStatusBitSet, StatusListError } from './status-list.js';

export type VerificationVerdict = 'valid' | 'tampered' | 'revoked' | 'expired' | 'invalid';

export interface VerificationResult {
  verdict: VerificationVerdict;
  /** Human-readable sentences: why the verdict, and what was checked. */
  reasons: string[];
  credentialId?: string;
  issuerId?: string;
  holderName?: string;
  achievementName?: string;
  validFrom?: string;
  validUntil?: string | null;
}

/**
 * Our own issuer profiles, keys and status lists; the app resolves them from its database (no network).
 * It is asked for: the key URL of a proof (`<issuer profile>#key-1`; null is fine, the key is then read
 * from the profile's `verificationMethod`), the issuer profile URL, and the status list URL. Null means
 * unknown, and the verdict is then 'invalid', naming the URL.
 */
export interface DocumentResolver {
  resolve(url: string): Promise<Record<string, unknown> | null>;
}

/** Each URL is asked of the resolver once per verification (the proof library loads the key again). */
function memoised(resolver: DocumentResolver): DocumentResolver {
  const seen = new Map<string, Promise<Record<string, unknown> | null>>();
  return {
    resolve(url) {
      let found = seen.get(url);
      if (!found) {
        found = resolver.resolve(url);
        seen.set(url, found);
      }
      return found.then((document) => (document ? structuredClone(document) : null));
    },
  };
}

/** Clocks of issuer and verifier may differ this much (the VC library's default). */
const CLOCK_SKEW_MS = 300_000;

type Summary = Omit<VerificationResult, 'verdict' | 'reasons'>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function idOf(value: unknown): string | undefined {
  return isRecord(value) ? text(value.id) : text(value);
}

function values(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function summarise(credential: Record<string, unknown>): Summary {
  const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isRecord(subject.achievement) ? subject.achievement : {};
  const nameIdentifier = values(subject.identifier).find(
    (entry) => isRecord(entry) && entry.identityType === 'name' && entry.hashed === false,
  ) as Record<string, unknown> | undefined;
  return {
    credentialId: text(credential.id),
    issuerId: idOf(credential.issuer),
    holderName: text(nameIdentifier?.identityHash),
    achievementName: text(achievement.name),
    validFrom: text(credential.validFrom),
    validUntil: text(credential.validUntil) ?? null,
  };
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Problems that keep the proof from being checked at all: each one a sentence. */
function prerequisiteProblems(credential: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const contexts = values(credential['@context']);
  if (contexts[0] !== VC_V2_CONTEXT) {
    problems.push(`The first @context must be ${VC_V2_CONTEXT} (Verifiable Credentials 2.0).`);
  }
  for (const context of contexts) {
    if (typeof context === 'string' && !isBundledContext(context)) {
      problems.push(
        `The context ${context} is not one this verifier knows, and contexts are never fetched from the network.`,
      );
    }
  }
  if (!idOf(credential.issuer)) problems.push('The credential names no issuer id.');
  const proofs = values(credential.proof);
  if (proofs.length === 0) {
    problems.push('The credential carries no proof: it is not signed.');
  } else if (proofs.length > 1) {
    problems.push('The credential carries more than one proof; Cascade credentials carry exactly one.');
  } else {
    const proof = proofs[0];
    if (!isRecord(proof)) {
      problems.push('The proof is not an object.');
    } else {
      if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') {
        problems.push('The proof is not a DataIntegrityProof with cryptosuite eddsa-rdfc-2022.');
      }
      if (proof.proofPurpose !== 'assertionMethod') problems.push('The proof purpose is not assertionMethod.');
      if (!text(proof.verificationMethod)) problems.push('The proof names no verification method.');
      if (!text(proof.proofValue)) problems.push('The proof has no proofValue.');
    }
  }
  return problems;
}

/** Problems of content an Open Badge must not have, reported once the proof is known to hold. */
function contentProblems(credential: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const types = values(credential.type);
  if (!types.includes('VerifiableCredential')) problems.push('The type does not include VerifiableCredential.');
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) {
    problems.push('The type includes neither OpenBadgeCredential nor AchievementCredential.');
  }
  const subject = credential.credentialSubject;
  if (!isRecord(subject) || !isRecord(subject.achievement)) {
    problems.push('The credentialSubject must be one object holding an achievement.');
  }
  if (!parseDate(credential.validFrom)) problems.push('validFrom is missing or is not a date-time with a time zone.');
  if (credential.validUntil !== undefined && !parseDate(credential.validUntil)) {
    problems.push('validUntil is not a date-time with a time zone.');
  }
  if (values(credential.credentialStatus).length > 1) {
    problems.push('The credential has more than one credentialStatus entry.');
  }
  return problems;
}

function errorMessages(error: unknown): string[] {
  if (!(error instanceof Error)) return error === undefined ? [] : [JSON.stringify(error)];
  const nested = (error as Error & { errors?: unknown[] }).errors;
  if (Array.isArray(nested) && nested.length > 0) return nested.flatMap(errorMessages);
  return [error.message];
}

type ProofCheck = Pick<vc.VerifyCredentialResult, 'results' | 'error'>;

function firstError(result: ProofCheck): unknown {
  return result.results?.find((entry) => !entry.verified)?.error ?? result.error;
}

interface StatusOutcome {
  revoked: boolean;
  reasons: string[];
  /** Set when the status could not be established: the verdict is then 'invalid'. */
  problem?: string;
}

/** Reads the credential's bit in its status list; the list itself must verify and come from the same issuer. */
async function checkRevocation(
  credential: Record<string, unknown>,
  resolver: DocumentResolver,
  loader: ReturnType<typeof createDocumentLoader>,
  issuer: { id: string; controllerDocument: Record<string, unknown> },
  now: Date,
): Promise<StatusOutcome> {
  const issuerId = issuer.id;
  const entry = values(credential.credentialStatus)[0];
  if (entry === undefined)
    return { revoked: false, reasons: ['The credential declares no status list: it cannot be revoked.'] };
  if (!isRecord(entry) || entry.type !== 'BitstringStatusListEntry') {
    return { revoked: false, reasons: [], problem: 'The credentialStatus is not a BitstringStatusListEntry.' };
  }
  const listUrl = text(entry.statusListCredential);
  const index =
    typeof entry.statusListIndex === 'string' && /^\d+$/.test(entry.statusListIndex)
      ? Number(entry.statusListIndex)
      : NaN;
  if (!listUrl || !Number.isSafeInteger(index)) {
    return {
      revoked: false,
      reasons: [],
      problem: 'The credentialStatus lacks a statusListCredential URL or a numeric statusListIndex.',
    };
  }
  if (entry.statusPurpose !== 'revocation') {
    return {
      revoked: false,
      reasons: [],
      problem: `The status purpose "${String(entry.statusPurpose)}" is not revocation.`,
    };
  }
  const list = await resolver.resolve(listUrl);
  if (!list) {
    return {
      revoked: false,
      reasons: [],
      problem: `The status list ${listUrl} is unknown to this verifier, so revocation cannot be checked.`,
    };
  }
  if (idOf(list.issuer) !== issuerId) {
    return {
      revoked: false,
      reasons: [],
      problem: `The status list ${listUrl} was issued by ${String(idOf(list.issuer))}, not by the credential's issuer ${issuerId}.`,
    };
  }
  const listCheck = await vc.verifyCredential({
    credential: list,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    purpose: new vc.CredentialIssuancePurpose({ controller: issuer.controllerDocument }),
    documentLoader: loader,
    now,
  });
  if (!listCheck.verified) {
    const why = errorMessages(firstError(listCheck)).join(' ');
    return { revoked: false, reasons: [], problem: `The status list ${listUrl} does not verify: ${why}` };
  }
  const subject = isRecord(list.credentialSubject) ? list.credentialSubject : {};
  if (subject.statusPurpose !== 'revocation') {
    return { revoked: false, reasons: [], problem: `The status list ${listUrl} is not a revocation list.` };
  }
  try {
    const bits = decodeStatusList(String(subject.encodedList));
    if (isStatusBitSet(bits, index)) {
      return {
        revoked: true,
        reasons: [`The issuer has revoked this credential: entry ${index} of the status list ${listUrl} is set.`],
      };
    }
    return {
      revoked: false,
      reasons: [`The credential is not revoked: entry ${index} of the status list ${listUrl} is clear.`],
    };
  } catch (error) {
    if (error instanceof StatusListError) {
      return { revoked: false, reasons: [], problem: `The status list ${listUrl} cannot be read: ${error.message}` };
    }
    throw error;
  }
}

/**
 * Verifies an OpenBadgeCredential issued by this app (or any issuer the resolver knows): its form, its
 * eddsa-rdfc-2022 proof, that the issuer controls the signing key, its revocation status and its dates.
 * The verdict, from the worst: invalid (cannot be checked, or not properly issued), tampered (the proof
 * does not match the content), revoked, expired, valid. The proof is checked before the content's form,
 * so that any change to a signed credential reads as tampering.
 */
export async function verifyOpenBadgeCredential(
  json: unknown,
  documentResolver: DocumentResolver,
  now: Date = new Date(),
): Promise<VerificationResult> {
  const resolver = memoised(documentResolver);
  let input = json;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      input = JSON.parse(input.toString()) as unknown;
    } catch (error) {
      return { verdict: 'invalid', reasons: [`The credential is not valid JSON: ${(error as Error).message}.`] };
    }
  }
  if (!isRecord(input)) {
    return { verdict: 'invalid', reasons: ['The credential must be a JSON object.'] };
  }
  const credential = input;
  const summary = summarise(credential);
  const invalid = (reasons: string[]): VerificationResult => ({ verdict: 'invalid', reasons, ...summary });

  const prerequisites = prerequisiteProblems(credential);
  if (prerequisites.length > 0) return invalid(prerequisites);

  const issuerId = summary.issuerId as string;
  const proof = values(credential.proof)[0] as Record<string, unknown>;
  const keyId = proof.verificationMethod as string;
  const loader = createDocumentLoader({ resolve: (url) => resolver.resolve(url) });

  // Resolve the key first, so that an unknown key is named plainly.
  let key: Record<string, unknown>;
  try {
    key = (await loader(keyId)).document;
  } catch (error) {
    if (error instanceof UnknownDocumentError) {
      return invalid([
        `The signing key ${keyId} is unknown to this verifier: it is not a key of an issuer this app knows.`,
      ]);
    }
    throw error;
  }
  // The key's controller document, handed to the proof purpose: it then need not be fetched and framed again.
  const controllerId = text(key.controller);
  const controllerDocument = controllerId ? await resolver.resolve(controllerId) : null;
  if (!controllerId || !controllerDocument) {
    return invalid([
      `The signing key ${keyId} names no controller this verifier knows (${controllerId ?? 'none'}), so who signed cannot be established.`,
    ]);
  }
  if (controllerDocument.id !== controllerId) {
    return invalid([`The document served for ${controllerId} describes ${String(controllerDocument.id)} instead.`]);
  }
  const purpose = () => new vc.CredentialIssuancePurpose({ controller: controllerDocument });
  const issuer = { id: issuerId, controllerDocument };

  /** Why the proof failed, as a verdict; null when it holds. */
  const proofFailure = (results: ProofCheck['results'], error: unknown): VerificationResult | null => {
    const first = results?.[0];
    if (first?.verified) return null;
    const messages = errorMessages(first?.error ?? error);
    if (loader.refused.length > 0) {
      return invalid([
        `The document ${loader.refused[0]} is unknown to this verifier, so the proof cannot be checked.`,
      ]);
    }
    if (first?.purposeResult && !first.purposeResult.valid) {
      if (controllerId !== issuerId) {
        return invalid([
          `The credential names ${issuerId} as its issuer, but it was signed with the key ${keyId}, which is controlled by ${controllerId}: a key of another issuer is refused.`,
        ]);
      }
      return invalid([
        `The issuer ${issuerId} does not authorise the key ${keyId} for issuing credentials (assertionMethod): ${messages.join(' ')}`,
      ]);
    }
    return {
      verdict: 'tampered',
      reasons: [
        `The proof does not match the credential's content: the credential was changed after it was signed, or the proof was altered (${messages.join(' ')}).`,
      ],
      ...summary,
    };
  };
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const signed = `The signature is valid: made with the key ${keyId} of the issuer ${issuerId}, over the credential exactly as shown.`;

  const content = contentProblems(credential);
  if (content.length > 0) {
    // The VC library refuses such a credential before looking at its proof; check the proof alone.
    const proofOnly = await jsigs.verify(credential, {
      suite,
      purpose: purpose(),
      documentLoader: loader,
    });
    return proofFailure(proofOnly.results, proofOnly.error) ?? invalid([signed, ...content]);
  }

  const validFrom = parseDate(credential.validFrom) as Date;
  const validUntil = credential.validUntil === undefined ? null : parseDate(credential.validUntil);
  const expired = validUntil !== null && now.getTime() - CLOCK_SKEW_MS > validUntil.getTime();
  const notYetValid = validFrom.getTime() - CLOCK_SKEW_MS > now.getTime();
  // The proof is checked at a moment the credential was valid; the dates are reported on their own below.
  const checkedAt = expired || notYetValid ? validFrom : now;

  const statusHolder: { outcome?: StatusOutcome } = {};
  const result = await vc.verifyCredential({
    credential,
    suite,
    purpose: purpose(),
    documentLoader: loader,
    now: checkedAt,
    checkStatus: async () => {
      const outcome = await checkRevocation(credential, resolver, loader, issuer, now);
      statusHolder.outcome = outcome;
      return { verified: !outcome.revoked && !outcome.problem };
    },
  });
  if (!result.results) {
    // The VC library refused the credential before its proof (a data model rule); say which, if the proof holds.
    const proofOnly = await jsigs.verify(credential, {
      suite,
      purpose: purpose(),
      documentLoader: loader,
    });
    return proofFailure(proofOnly.results, proofOnly.error) ?? invalid([signed, ...errorMessages(result.error)]);
  }
  const failure = proofFailure(result.results, result.error);
  if (failure) return failure;

  if (notYetValid) {
    return invalid([signed, `The credential is not valid before ${summary.validFrom}.`]);
  }
  // vc asks for the status only when the credential declares one.
  const statusOutcome = statusHolder.outcome ?? (await checkRevocation(credential, resolver, loader, issuer, now));
  if (statusOutcome.problem) return invalid([signed, statusOutcome.problem]);

  const dates = validUntil
    ? `It is valid from ${summary.validFrom} until ${summary.validUntil}.`
    : `It is valid from ${summary.validFrom}, with no expiry date.`;
  if (statusOutcome.revoked) {
    const reasons = [...statusOutcome.reasons, signed];
    if (expired) reasons.push(`It has also expired: it was valid until ${summary.validUntil}.`);
    return { verdict: 'revoked', reasons, ...summary };
  }
  if (expired) {
    return {
      verdict: 'expired',
      reasons: [`The credential expired: it was valid until ${summary.validUntil}.`, signed, ...statusOutcome.reasons],
      ...summary,
    };
  }
  return { verdict: 'valid', reasons: [signed, ...statusOutcome.reasons, dates], ...summary };
}
