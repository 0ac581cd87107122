import http from 'node:http';
import https from 'node:https';

import { beforeAll, describe, expect, it } from '@jest/globals';

import {
  buildIssuerProfile,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  createDocumentLoader,
  generateIssuerKeyPair,
  signCredential,
  UnknownDocumentError,
  verifyOpenBadgeCredential,
  type CertificateCredentialInput,
  type DocumentResolver,
  type IssuerKeyPair,
  type IssuerProfileInput,
} from './open-badges.js';

const BASE = 'https://cascade.test';
const nepal: IssuerProfileInput = {
  id: `${BASE}/institutes/np-cept/issuer`,
  name: 'Centre for Educational Planning and Training, Nepal',
  url: `${BASE}/institutes/np-cept`,
  email: 'certificates@np.demo.cascade.test',
  description: 'Trains education officers of Nepal in educational planning.',
};
const senegal: IssuerProfileInput = {
  id: `${BASE}/institutes/sn-ifpe/issuer`,
  name: 'Institut de formation en planification de l’éducation',
  url: `${BASE}/institutes/sn-ifpe`,
};
const NEPAL_LIST = `${BASE}/institutes/np-cept/status-lists/1`;
const SENEGAL_LIST = `${BASE}/institutes/sn-ifpe/status-lists/1`;
const ISSUED = new Date('2026-11-20T09:30:00Z');
const NOW = new Date('2026-11-23T12:00:00Z');

function certificate(overrides: Partial<CertificateCredentialInput> = {}): CertificateCredentialInput {
  return {
    credentialId: `${BASE}/credentials/7c1e4f0a-0000-4000-8000-000000000001`,
    issuer: nepal,
    achievement: {
      id: `${BASE}/institutes/np-cept/courses/epm-resources`,
      name: 'Educational Planning and Management: Resources',
      description: 'Planning and managing the resources of an education system.',
      criteriaNarrative: 'Passed every module quiz and a capstone action plan graded at or above the pass level.',
      hours: 40,
      outcomes: ['Project enrolment with a cohort model', 'Cost a district education plan'],
      language: 'en',
    },
    recipientName: 'Bikash Shrestha',
    validFrom: ISSUED,
    status: { statusListCredential: NEPAL_LIST, statusListIndex: 17 },
    ...overrides,
  };
}

let nepalKey: IssuerKeyPair;
let senegalKey: IssuerKeyPair;
let documents: Map<string, Record<string, unknown>>;
let resolver: DocumentResolver;
let signed: Record<string, unknown>;

async function publishStatusList(revokedIndexes: number[], issuer = nepal, key = nepalKey, id = NEPAL_LIST) {
  documents.set(id, await buildStatusListCredential({ id, issuer, revokedIndexes, validFrom: ISSUED }, key));
}

beforeAll(async () => {
  nepalKey = await generateIssuerKeyPair(nepal.id);
  senegalKey = await generateIssuerKeyPair(senegal.id);
  documents = new Map([
    [nepal.id, buildIssuerProfile(nepal, nepalKey)],
    [senegal.id, buildIssuerProfile(senegal, senegalKey)],
  ]);
  resolver = { resolve: async (url) => structuredClone(documents.get(url) ?? null) };
  await publishStatusList([3, 99]);
  await publishStatusList([], senegal, senegalKey, SENEGAL_LIST);
  signed = await signCredential(buildOpenBadgeCredential(certificate()), nepalKey);
});

/** Every string leaf of a JSON value, with the path that leads to it. */
function stringLeaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  }
  return [];
}

type Json = Record<string | number, unknown>;

/** The object or array at `path` in a JSON document, to read or change it in place. */
function nodeAt(document: unknown, path: (string | number)[] | string): Json {
  const keys = typeof path === 'string' ? path.split('.') : path;
  return keys.reduce<Json>((node, key) => node[key] as Json, document as Json);
}

function withLeaf(document: Record<string, unknown>, path: (string | number)[], text: string): Record<string, unknown> {
  const copy = structuredClone(document);
  nodeAt(copy, path.slice(0, -1))[path[path.length - 1]] = text;
  return copy;
}

/** The same text with one character replaced by another of the same kind (digit for digit, letter for letter). */
function oneCharacterChanged(text: string): string {
  const index = Math.floor(text.length / 2);
  const char = text[index];
  const replacement = /\d/.test(char)
    ? String((Number(char) + 1) % 10)
    : char === 'x'
      ? 'y'
      : /[a-z]/i.test(char)
        ? 'x'
        : 'a';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('generateIssuerKeyPair', () => {
  it('should make an Ed25519 Multikey named <issuer>#key-1 and controlled by the issuer', async () => {
    const key = await generateIssuerKeyPair('https://cascade.test/institutes/x/issuer');
    expect(key.id).toBe('https://cascade.test/institutes/x/issuer#key-1');
    expect(key.controller).toBe('https://cascade.test/institutes/x/issuer');
    expect(key.publicKeyMultibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(key.secretKeyMultibase).toMatch(/^z3u2[1-9A-HJ-NP-Za-km-z]+$/);
    expect((await generateIssuerKeyPair('https://cascade.test/institutes/x/issuer')).publicKeyMultibase).not.toBe(
      key.publicKeyMultibase,
    );
  });

  it('should refuse an issuer id that is not an https URL', async () => {
    await expect(generateIssuerKeyPair('http://cascade.test/issuer')).rejects.toThrow('must be an https URL');
  });
});

describe('buildIssuerProfile', () => {
  it('should publish the key in verificationMethod and authorise it in assertionMethod, without the secret', () => {
    const profile = buildIssuerProfile(nepal, nepalKey);
    expect(profile).toMatchObject({
      id: nepal.id,
      type: ['Profile'],
      name: nepal.name,
      url: nepal.url,
      email: nepal.email,
      verificationMethod: [
        { id: nepalKey.id, type: 'Multikey', controller: nepal.id, publicKeyMultibase: nepalKey.publicKeyMultibase },
      ],
      assertionMethod: [nepalKey.id],
    });
    expect(JSON.stringify(profile)).not.toContain(nepalKey.secretKeyMultibase);
  });

  it('should refuse a key controlled by another issuer', () => {
    expect(() => buildIssuerProfile(nepal, senegalKey)).toThrow(
      `controlled by ${senegal.id}, not by the issuer ${nepal.id}`,
    );
  });

  it("should let the key's URL resolve from the profile alone", async () => {
    const loader = createDocumentLoader({ resolve: async (url) => documents.get(url) ?? null });
    const { document } = await loader(nepalKey.id);
    expect(document).toMatchObject({
      id: nepalKey.id,
      controller: nepal.id,
      publicKeyMultibase: nepalKey.publicKeyMultibase,
    });
  });
});

describe('buildOpenBadgeCredential', () => {
  it('should put the name in an identifier of identityType name, and the status in a BitstringStatusListEntry', () => {
    const credential = buildOpenBadgeCredential(certificate());
    expect(credential).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: nepal.id, type: ['Profile'], name: nepal.name },
      validFrom: '2026-11-20T09:30:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{ type: 'IdentityObject', identityHash: 'Bikash Shrestha', identityType: 'name', hashed: false }],
        achievement: { type: ['Achievement'], achievementType: 'CertificateOfCompletion', inLanguage: 'en' },
      },
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '17',
        statusListCredential: NEPAL_LIST,
      },
    });
    expect(credential).not.toHaveProperty('validUntil');
    expect(credential).not.toHaveProperty('proof');
  });

  it('should carry study time and outcomes in the criteria, as OB 3.0 has no field for them', () => {
    const credential = buildOpenBadgeCredential(certificate());
    expect(nodeAt(credential, 'credentialSubject.achievement.criteria').narrative).toBe(
      'Passed every module quiz and a capstone action plan graded at or above the pass level.\n\n' +
        'Study time: 40 hours.\n\nLearning outcomes:\n\n- Project enrolment with a cohort model\n- Cost a district education plan',
    );
  });

  it('should refuse bad input with a message naming the field', () => {
    expect(() => buildOpenBadgeCredential(certificate({ recipientName: '  ' }))).toThrow(
      'The recipient name must not be empty.',
    );
    expect(() => buildOpenBadgeCredential(certificate({ credentialId: 'urn:x' }))).toThrow(
      'The credential id must be an https URL',
    );
    expect(() => buildOpenBadgeCredential(certificate({ validUntil: new Date('2026-01-01T00:00:00Z') }))).toThrow(
      'validUntil must be later than validFrom.',
    );
    expect(() =>
      buildOpenBadgeCredential(certificate({ status: { statusListCredential: NEPAL_LIST, statusListIndex: -1 } })),
    ).toThrow('The status list index must be a non-negative integer');
  });
});

describe('signCredential', () => {
  it('should embed one DataIntegrityProof, eddsa-rdfc-2022, assertionMethod, made with the issuer key', () => {
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: nepalKey.id,
      created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/),
    });
  });

  it('should leave the unsigned credential untouched', async () => {
    const unsigned = buildOpenBadgeCredential(certificate());
    const before = JSON.stringify(unsigned);
    await signCredential(unsigned, nepalKey);
    expect(JSON.stringify(unsigned)).toBe(before);
  });
});

describe('verifyOpenBadgeCredential', () => {
  it('should find a freshly signed credential valid, and say who holds it, for what and from whom', async () => {
    const result = await verifyOpenBadgeCredential(signed, resolver, NOW);
    expect(result).toEqual({
      verdict: 'valid',
      reasons: [
        `The signature is valid: made with the key ${nepalKey.id} of the issuer ${nepal.id}, over the credential exactly as shown.`,
        `The credential is not revoked: entry 17 of the status list ${NEPAL_LIST} is clear.`,
        'It is valid from 2026-11-20T09:30:00Z, with no expiry date.',
      ],
      credentialId: `${BASE}/credentials/7c1e4f0a-0000-4000-8000-000000000001`,
      issuerId: nepal.id,
      holderName: 'Bikash Shrestha',
      achievementName: 'Educational Planning and Management: Resources',
      validFrom: '2026-11-20T09:30:00Z',
      validUntil: null,
    });
  });

  it('should ask the resolver for the key, the issuer profile and the status list, once each', async () => {
    const asked: string[] = [];
    const counting: DocumentResolver = {
      resolve: async (url) => {
        asked.push(url);
        return resolver.resolve(url);
      },
    };
    expect((await verifyOpenBadgeCredential(signed, counting, NOW)).verdict).toBe('valid');
    expect([...asked].sort()).toEqual([nepal.id, nepalKey.id, NEPAL_LIST].sort());
  });

  it('should accept the credential as the JSON text a holder uploads', async () => {
    const result = await verifyOpenBadgeCredential(JSON.stringify(signed, null, 2), resolver, NOW);
    expect(result.verdict).toBe('valid');
  });

  it('should find a one-character change of any signed value tampered', async () => {
    // A changed context is refused before any proof check (an unknown context is never fetched), and the
    // proof's own fields are tested below; every other string the proof covers must give 'tampered'.
    const leaves = stringLeaves(signed).filter(({ path }) => path[0] !== '@context' && path[0] !== 'proof');
    expect(leaves.length).toBeGreaterThan(20);
    for (const { path, text } of leaves) {
      const changed = withLeaf(signed, path, oneCharacterChanged(text));
      const result = await verifyOpenBadgeCredential(changed, resolver, NOW);
      expect({ path: path.join('.'), verdict: result.verdict }).toEqual({ path: path.join('.'), verdict: 'tampered' });
    }
  });

  it('should find a changed holder name tampered, and say that the content changed after signing', async () => {
    const changed = structuredClone(signed);
    nodeAt(changed, 'credentialSubject.identifier.0').identityHash = 'Bikash Shresthb';
    const result = await verifyOpenBadgeCredential(changed, resolver, NOW);
    expect(result.verdict).toBe('tampered');
    expect(result.reasons[0]).toContain("The proof does not match the credential's content");
    expect(result.holderName).toBe('Bikash Shresthb');
  });

  it('should find a changed proofValue, proof date or added property tampered', async () => {
    const proofValue = structuredClone(signed);
    nodeAt(proofValue, 'proof').proofValue = oneCharacterChanged(nodeAt(signed, 'proof').proofValue as string);
    const created = structuredClone(signed);
    nodeAt(created, 'proof').created = (nodeAt(signed, 'proof').created as string).replace(/\d(?=Z$)/, (digit) =>
      String((Number(digit) + 1) % 10),
    );
    const added = structuredClone(signed);
    nodeAt(added, 'credentialSubject.achievement').creditsAvailable = 12;
    for (const changed of [proofValue, created, added]) {
      expect((await verifyOpenBadgeCredential(changed, resolver, NOW)).verdict).toBe('tampered');
    }
  });

  it('should find a credential whose status bit is set revoked, naming the list and the entry', async () => {
    const revokedOne = await signCredential(
      buildOpenBadgeCredential(certificate({ status: { statusListCredential: NEPAL_LIST, statusListIndex: 99 } })),
      nepalKey,
    );
    const result = await verifyOpenBadgeCredential(revokedOne, resolver, NOW);
    expect(result.verdict).toBe('revoked');
    expect(result.reasons[0]).toBe(
      `The issuer has revoked this credential: entry 99 of the status list ${NEPAL_LIST} is set.`,
    );
  });

  it('should show a revocation published after issuing', async () => {
    const credential = await signCredential(
      buildOpenBadgeCredential(certificate({ status: { statusListCredential: NEPAL_LIST, statusListIndex: 42 } })),
      nepalKey,
    );
    expect((await verifyOpenBadgeCredential(credential, resolver, NOW)).verdict).toBe('valid');
    await publishStatusList([3, 42, 99]);
    try {
      expect((await verifyOpenBadgeCredential(credential, resolver, NOW)).verdict).toBe('revoked');
    } finally {
      await publishStatusList([3, 99]);
    }
  });

  it('should find a credential past its validUntil expired, while its signature still holds', async () => {
    const expiring = await signCredential(
      buildOpenBadgeCredential(certificate({ validUntil: new Date('2026-11-22T00:00:00Z') })),
      nepalKey,
    );
    const result = await verifyOpenBadgeCredential(expiring, resolver, NOW);
    expect(result.verdict).toBe('expired');
    expect(result.reasons[0]).toBe('The credential expired: it was valid until 2026-11-22T00:00:00Z.');
    expect(result.reasons[1]).toContain('The signature is valid');
    expect(result.validUntil).toBe('2026-11-22T00:00:00Z');
    expect((await verifyOpenBadgeCredential(expiring, resolver, new Date('2026-11-21T00:00:00Z'))).verdict).toBe(
      'valid',
    );
  });

  it('should call a revoked and expired credential revoked', async () => {
    const both = await signCredential(
      buildOpenBadgeCredential(
        certificate({
          validUntil: new Date('2026-11-22T00:00:00Z'),
          status: { statusListCredential: NEPAL_LIST, statusListIndex: 3 },
        }),
      ),
      nepalKey,
    );
    const result = await verifyOpenBadgeCredential(both, resolver, NOW);
    expect(result.verdict).toBe('revoked');
    expect(result.reasons).toContain('It has also expired: it was valid until 2026-11-22T00:00:00Z.');
  });

  it('should refuse a credential of one issuer signed with the key of another', async () => {
    const forged = await signCredential(buildOpenBadgeCredential(certificate()), {
      ...senegalKey,
      id: senegalKey.id,
      controller: senegalKey.controller,
    });
    const result = await verifyOpenBadgeCredential(forged, resolver, NOW);
    expect(result.verdict).toBe('invalid');
    expect(result.reasons[0]).toBe(
      `The credential names ${nepal.id} as its issuer, but it was signed with the key ${senegalKey.id}, which is controlled by ${senegal.id}: a key of another issuer is refused.`,
    );
  });

  it("should refuse a key its issuer's profile does not authorise for assertions", async () => {
    const rogueKey = await generateIssuerKeyPair(nepal.id);
    const rogue = { ...rogueKey, id: `${nepal.id}#key-2` };
    const profile = buildIssuerProfile(nepal, nepalKey);
    (profile.verificationMethod as unknown[]).push({
      id: rogue.id,
      type: 'Multikey',
      controller: nepal.id,
      publicKeyMultibase: rogue.publicKeyMultibase,
    });
    const withRogue: DocumentResolver = {
      resolve: async (url) => (url === nepal.id ? profile : resolver.resolve(url)),
    };
    const credential = await signCredential(buildOpenBadgeCredential(certificate()), rogue);
    const result = await verifyOpenBadgeCredential(credential, withRogue, NOW);
    expect(result.verdict).toBe('invalid');
    expect(result.reasons[0]).toContain(`does not authorise the key ${rogue.id} for issuing credentials`);
  });

  it('should refuse a credential whose issuer is unknown, naming the key URL', async () => {
    const stranger: IssuerProfileInput = {
      id: 'https://elsewhere.test/issuer',
      name: 'Elsewhere',
      url: 'https://elsewhere.test',
    };
    const strangerKey = await generateIssuerKeyPair(stranger.id);
    const credential = await signCredential(buildOpenBadgeCredential(certificate({ issuer: stranger })), strangerKey);
    const result = await verifyOpenBadgeCredential(credential, resolver, NOW);
    expect(result.verdict).toBe('invalid');
    expect(result.reasons).toEqual([
      'The signing key https://elsewhere.test/issuer#key-1 is unknown to this verifier: it is not a key of an issuer this app knows.',
    ]);
  });

  it('should refuse a credential whose status list is unknown or comes from another issuer', async () => {
    const unknownList = await signCredential(
      buildOpenBadgeCredential(
        certificate({ status: { statusListCredential: `${BASE}/status-lists/nowhere`, statusListIndex: 1 } }),
      ),
      nepalKey,
    );
    const unknown = await verifyOpenBadgeCredential(unknownList, resolver, NOW);
    expect(unknown.verdict).toBe('invalid');
    expect(unknown.reasons).toContain(
      `The status list ${BASE}/status-lists/nowhere is unknown to this verifier, so revocation cannot be checked.`,
    );

    const foreignList = await signCredential(
      buildOpenBadgeCredential(certificate({ status: { statusListCredential: SENEGAL_LIST, statusListIndex: 1 } })),
      nepalKey,
    );
    const foreign = await verifyOpenBadgeCredential(foreignList, resolver, NOW);
    expect(foreign.verdict).toBe('invalid');
    expect(foreign.reasons).toContain(
      `The status list ${SENEGAL_LIST} was issued by ${senegal.id}, not by the credential's issuer ${nepal.id}.`,
    );
  });

  it('should refuse a status list whose own signature fails', async () => {
    const list = structuredClone(documents.get(NEPAL_LIST))!;
    const subject = nodeAt(list, 'credentialSubject');
    subject.encodedList = (subject.encodedList as string).replace(/A(?=[^A]*$)/, 'B');
    const tamperedLists: DocumentResolver = {
      resolve: async (url) => (url === NEPAL_LIST ? list : resolver.resolve(url)),
    };
    const result = await verifyOpenBadgeCredential(signed, tamperedLists, NOW);
    expect(result.verdict).toBe('invalid');
    expect(result.reasons[1]).toMatch(new RegExp(`^The status list ${NEPAL_LIST} does not verify`));
  });

  it('should refuse input that is not a credential, saying why', async () => {
    expect(await verifyOpenBadgeCredential('{"@context": [', resolver, NOW)).toEqual({
      verdict: 'invalid',
      reasons: [expect.stringMatching(/^The credential is not valid JSON: /)],
    });
    expect((await verifyOpenBadgeCredential([signed], resolver, NOW)).reasons).toEqual([
      'The credential must be a JSON object.',
    ]);

    const { proof: _proof, ...unsigned } = signed;
    expect((await verifyOpenBadgeCredential(unsigned, resolver, NOW)).reasons).toEqual([
      'The credential carries no proof: it is not signed.',
    ]);

    const foreignContext = {
      ...signed,
      '@context': [...(signed['@context'] as string[]), 'https://example.org/my-context.json'],
    };
    const contextResult = await verifyOpenBadgeCredential(foreignContext, resolver, NOW);
    expect(contextResult.verdict).toBe('invalid');
    expect(contextResult.reasons).toEqual([
      'The context https://example.org/my-context.json is not one this verifier knows, and contexts are never fetched from the network.',
    ]);
  });

  it('should refuse a properly signed credential that is not an Open Badge, once its proof holds', async () => {
    const notABadge = await signCredential(
      { ...buildOpenBadgeCredential(certificate()), type: ['VerifiableCredential'] },
      nepalKey,
    );
    const result = await verifyOpenBadgeCredential(notABadge, resolver, NOW);
    expect(result.verdict).toBe('invalid');
    expect(result.reasons).toEqual([
      `The signature is valid: made with the key ${nepalKey.id} of the issuer ${nepal.id}, over the credential exactly as shown.`,
      'The type includes neither OpenBadgeCredential nor AchievementCredential.',
    ]);
    // The same change made after signing is tampering.
    const changedAfter = { ...signed, type: ['VerifiableCredential'], validFrom: 'yesterday' };
    expect((await verifyOpenBadgeCredential(changedAfter, resolver, NOW)).verdict).toBe('tampered');
  });

  it('should refuse a credential that is not valid yet', async () => {
    const result = await verifyOpenBadgeCredential(signed, resolver, new Date('2026-11-19T00:00:00Z'));
    expect(result.verdict).toBe('invalid');
    expect(result.reasons[1]).toBe('The credential is not valid before 2026-11-20T09:30:00Z.');
  });

  it('should sign and verify in a few milliseconds', async () => {
    const rounds = 20;
    const unsigned = buildOpenBadgeCredential(certificate());
    let started = performance.now();
    const credentials = [];
    for (let i = 0; i < rounds; i += 1) credentials.push(await signCredential(unsigned, nepalKey));
    const signMs = (performance.now() - started) / rounds;
    started = performance.now();
    for (const credential of credentials)
      expect((await verifyOpenBadgeCredential(credential, resolver, NOW)).verdict).toBe('valid');
    const verifyMs = (performance.now() - started) / rounds;
    console.log(
      `OB3 credential: sign ${signMs.toFixed(1)} ms, verify ${verifyMs.toFixed(1)} ms (with status list check), mean of ${rounds}`,
    );
    expect(signMs).toBeLessThan(250);
    expect(verifyMs).toBeLessThan(500);
  });
});

describe('without a network', () => {
  it('should generate, sign, publish and verify while every HTTP request fails', async () => {
    const attempts: string[] = [];
    const refuse =
      (what: string) =>
      (...args: unknown[]) => {
        attempts.push(`${what} ${String(args[0])}`);
        throw new Error(`network used: ${what}`);
      };
    const saved = {
      fetch: globalThis.fetch,
      http: http.request,
      httpGet: http.get,
      https: https.request,
      httpsGet: https.get,
    };
    globalThis.fetch = refuse('fetch');
    http.request = refuse('http.request');
    http.get = refuse('http.get');
    https.request = refuse('https.request');
    https.get = refuse('https.get');
    try {
      expect(() => https.get('https://www.w3.org/ns/credentials/v2')).toThrow('network used: https.get');
      expect(() => fetch('https://www.w3.org/ns/credentials/v2')).toThrow('network used: fetch');
      attempts.length = 0;
      const key = await generateIssuerKeyPair(nepal.id);
      const offline = new Map<string, Record<string, unknown>>([
        [nepal.id, buildIssuerProfile(nepal, key)],
        [
          NEPAL_LIST,
          await buildStatusListCredential(
            { id: NEPAL_LIST, issuer: nepal, revokedIndexes: [1], validFrom: ISSUED },
            key,
          ),
        ],
      ]);
      const credential = await signCredential(buildOpenBadgeCredential(certificate()), key);
      const result = await verifyOpenBadgeCredential(
        credential,
        { resolve: async (url) => offline.get(url) ?? null },
        NOW,
      );
      expect(result.verdict).toBe('valid');
    } finally {
      Object.assign(globalThis, { fetch: saved.fetch });
      Object.assign(http, { request: saved.http, get: saved.httpGet });
      Object.assign(https, { request: saved.https, get: saved.httpsGet });
    }
    expect(attempts).toEqual([]);
  });
});

describe('createDocumentLoader', () => {
  it('should refuse a URL it does not hold, naming it, instead of fetching it', async () => {
    const loader = createDocumentLoader();
    await expect(loader('https://www.w3.org/2018/credentials/examples/v1')).rejects.toThrow(UnknownDocumentError);
    await expect(loader('https://example.org/ctx.jsonld')).rejects.toThrow(
      'The document https://example.org/ctx.jsonld is not available',
    );
    expect(loader.refused).toEqual([
      'https://www.w3.org/2018/credentials/examples/v1',
      'https://example.org/ctx.jsonld',
    ]);
  });

  it('should serve the bundled VC 2.0, OB 3.0.3, Data Integrity, Multikey and Bitstring Status List contexts', async () => {
    const loader = createDocumentLoader();
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/credentials/status/v1',
    ]) {
      const { document, documentUrl } = await loader(url);
      expect(documentUrl).toBe(url);
      expect(document).toHaveProperty('@context');
    }
  });
});
