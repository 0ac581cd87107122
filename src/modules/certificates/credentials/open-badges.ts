import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';

import {
  createDocumentLoader,
  ISSUER_KEYS_CONTEXT,
  MULTIKEY_V1_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
  type DocumentLoader,
} from './document-loader.js';
import { encodeStatusList } from './status-list.js';

export {
  decodeStatusList,
  encodeStatusList,
  isStatusBitSet,
  setStatusIndexes,
  StatusListError,
} from './status-list.js';
export { STATUS_LIST_MIN_LENGTH } from './status-list.js';
export { bundledContextUrls, createDocumentLoader, UnknownDocumentError } from './document-loader.js';
export { MULTIKEY_V1_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader.js';
export {
  verifyOpenBadgeCredential,
  type DocumentResolver,
  type VerificationResult,
  type VerificationVerdict,
} from './verify-credential.js';

/** An institute's Ed25519 signing key as a Multikey. `secretKeyMultibase` is a secret: store it encrypted. */
export interface IssuerKeyPair {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export interface IssuerProfileInput {
  /** https URL of the institute's issuer profile; the profile JSON is published there. */
  id: string;
  name: string;
  url: string;
  email?: string;
  description?: string;
}

export interface CertificateCredentialInput {
  /** https URL of the credential, e.g. `${baseUrl}/credentials/<certificateId>`. */
  credentialId: string;
  issuer: IssuerProfileInput;
  achievement: {
    id: string;
    /**
     * From OB 3.0's AchievementType vocabulary: `CertificateOfCompletion` (a course certificate, the default) or
     * `Certification` (verified to have the competence to perform a job: a trainer certificate).
     */
    achievementType?: 'CertificateOfCompletion' | 'Certification';
    name: string;
    description: string;
    criteriaNarrative: string;
    hours?: number;
    outcomes: string[];
    language?: string;
  };
  /** Goes in an `identifier` of identityType `name` (AchievementSubject has no `name`). */
  recipientName: string;
  validFrom: Date;
  validUntil?: Date | null;
  /** A BitstringStatusListEntry with statusPurpose `revocation`. */
  status: { statusListCredential: string; statusListIndex: number };
}

export interface SignOptions {
  /** The proof's `created` time; now if not given. */
  created?: Date;
  /** JSON-LD contexts to use besides the bundled ones, by URL (the credential's own extension contexts). */
  contexts?: ReadonlyMap<string, Record<string, unknown>>;
}

const CREDENTIAL_CONTEXT = [VC_V2_CONTEXT, OB_V3_CONTEXT];

/** Signing only reads bundled contexts: it never resolves keys or other documents. */
const signingLoader: DocumentLoader = createDocumentLoader();

/** XML Schema dateTimeStamp without milliseconds, as the VC examples write it. */
export function toDateTimeStamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('An invalid Date cannot be written in a credential.');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function assertHttpsUrl(value: string, what: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} must be an absolute https URL; got "${value}".`);
  }
  if (url.protocol !== 'https:') throw new TypeError(`${what} must be an https URL; got "${value}".`);
}

function requireText(value: string, what: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new TypeError(`${what} must not be empty.`);
  return text;
}

export async function generateIssuerKeyPair(issuerId: string): Promise<IssuerKeyPair> {
  assertHttpsUrl(issuerId, 'The issuer id');
  const generated = await Ed25519Multikey.generate({ id: `${issuerId}#key-1`, controller: issuerId });
  const exported = await generated.export({
    publicKey: true,
    secretKey: true,
    includeContext: false,
    canonicalize: true,
  });
  if (!exported.secretKeyMultibase) throw new Error('The generated key pair has no secret key.');
  return {
    id: `${issuerId}#key-1`,
    controller: issuerId,
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase,
  };
}

function profileFields(input: IssuerProfileInput): Record<string, unknown> {
  assertHttpsUrl(input.id, 'The issuer profile id');
  const profile: Record<string, unknown> = {
    id: input.id,
    type: ['Profile'],
    name: requireText(input.name, 'The issuer name'),
    url: input.url,
  };
  if (input.email) profile.email = input.email;
  if (input.description) profile.description = input.description;
  return profile;
}

/**
 * The issuer Profile published at `input.id`. It lists the key in `verificationMethod` and authorises it
 * in `assertionMethod`, so that a verifier resolving `<profile>#key-1` finds the public key, and finds that
 * the issuer controls it.
 */
export function buildIssuerProfile(
  input: IssuerProfileInput,
  key: Pick<IssuerKeyPair, 'id' | 'controller' | 'publicKeyMultibase'>,
): Record<string, unknown> {
  if (key.controller !== input.id) {
    throw new TypeError(`The key ${key.id} is controlled by ${key.controller}, not by the issuer ${input.id}.`);
  }
  return {
    '@context': [...CREDENTIAL_CONTEXT, MULTIKEY_V1_CONTEXT, ISSUER_KEYS_CONTEXT],
    ...profileFields(input),
    verificationMethod: [
      { id: key.id, type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase },
    ],
    assertionMethod: [key.id],
  };
}

/** Markdown criteria: the course's own text, then study time and learning outcomes (OB 3.0 has no field for them). */
function criteriaNarrative(achievement: CertificateCredentialInput['achievement']): string {
  const parts = [requireText(achievement.criteriaNarrative, 'The achievement criteria')];
  if (achievement.hours !== undefined) {
    if (!(achievement.hours > 0)) throw new TypeError('The achievement hours must be a positive number.');
    parts.push(`Study time: ${achievement.hours} hours.`);
  }
  const outcomes = achievement.outcomes.map((outcome) => outcome.trim()).filter(Boolean);
  if (outcomes.length > 0) {
    parts.push(['Learning outcomes:', '', ...outcomes.map((outcome) => `- ${outcome}`)].join('\n'));
  }
  return parts.join('\n\n');
}

/** The unsigned OpenBadgeCredential (VC 2.0 data model, OB 3.0.3 context) of one certificate. */
export function buildOpenBadgeCredential(input: CertificateCredentialInput): Record<string, unknown> {
  assertHttpsUrl(input.credentialId, 'The credential id');
  assertHttpsUrl(input.status.statusListCredential, 'The status list URL');
  const { achievement } = input;
  const achievementNode: Record<string, unknown> = {
    id: achievement.id,
    type: ['Achievement'],
    achievementType: achievement.achievementType ?? 'CertificateOfCompletion',
    name: requireText(achievement.name, 'The achievement name'),
    description: requireText(achievement.description, 'The achievement description'),
    criteria: { narrative: criteriaNarrative(achievement) },
  };
  if (achievement.language) achievementNode.inLanguage = achievement.language;

  const credential: Record<string, unknown> = {
    '@context': CREDENTIAL_CONTEXT,
    id: input.credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievementNode.name,
    description: achievementNode.description,
    issuer: profileFields(input.issuer),
    validFrom: toDateTimeStamp(input.validFrom),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: requireText(input.recipientName, 'The recipient name'),
          identityType: 'name',
          hashed: false,
        },
      ],
      achievement: achievementNode,
    },
    credentialStatus: {
      id: `${input.status.statusListCredential}#${input.status.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.statusListIndex),
      statusListCredential: input.status.statusListCredential,
    },
  };
  if (!Number.isInteger(input.status.statusListIndex) || input.status.statusListIndex < 0) {
    throw new TypeError(`The status list index must be a non-negative integer; got ${input.status.statusListIndex}.`);
  }
  if (input.validUntil) {
    if (input.validUntil.getTime() <= input.validFrom.getTime()) {
      throw new TypeError('validUntil must be later than validFrom.');
    }
    credential.validUntil = toDateTimeStamp(input.validUntil);
  }
  return credential;
}

/** Adds an embedded DataIntegrityProof (eddsa-rdfc-2022, proofPurpose assertionMethod) made with `key`. */
export async function signCredential(
  credential: Record<string, unknown>,
  key: IssuerKeyPair,
  options: SignOptions = {},
): Promise<Record<string, unknown>> {
  if ('proof' in credential) throw new TypeError('The credential already has a proof; sign the unsigned credential.');
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: options.created });
  const documentLoader = options.contexts ? createDocumentLoader({ documents: options.contexts }) : signingLoader;
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader });
}

/** The signed BitstringStatusListCredential (statusPurpose revocation) published at `input.id`. */
export async function buildStatusListCredential(
  input: { id: string; issuer: IssuerProfileInput; revokedIndexes: number[]; validFrom: Date; length?: number },
  key: IssuerKeyPair,
  options: SignOptions = {},
): Promise<Record<string, unknown>> {
  assertHttpsUrl(input.id, 'The status list URL');
  const credential = {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer.id,
    validFrom: toDateTimeStamp(input.validFrom),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(input.revokedIndexes, input.length),
    },
  };
  return signCredential(credential, key, options);
}
