import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { describe, expect, it } from '@jest/globals';

import { createDocumentLoader } from './document-loader.js';
import { buildIssuerProfile, signCredential } from './open-badges.js';

// The W3C vc-di-eddsa Recommendation's test vectors for eddsa-rdfc-2022 (see test/fixtures/vc-di-eddsa/SOURCE.md).
const FIXTURES = path.join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'vc-di-eddsa');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const readJson = (name: string): Record<string, unknown> => JSON.parse(read(name)) as Record<string, unknown>;

const keyPair = readJson('keyPair.json') as { publicKeyMultibase: string; privateKeyMultibase: string };
const signedVector = readJson('signedDataInt.json');
const proofConfig = readJson('proofConfigDataInt.json');
const EXAMPLES_CONTEXT_URL = 'https://www.w3.org/ns/credentials/examples/v2';
const exampleContexts = new Map([[EXAMPLES_CONTEXT_URL, readJson('credentials-examples-v2.jsonld')]]);

const issuerId = signedVector.issuer as string;
const keyId = (signedVector.proof as Record<string, unknown>).verificationMethod as string;

function base58btcDecode(text: string): Buffer {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const char of text) {
    const digit = alphabet.indexOf(char);
    if (digit < 0) throw new Error(`not base58btc: ${char}`);
    value = value * 58n + BigInt(digit);
  }
  const hex = value === 0n ? '' : value.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const leadingZeros = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(leadingZeros), bytes]);
}

/** Raw key bytes of a multibase (z = base58btc) multicodec key, after checking its two-byte header. */
function multikeyBytes(multibase: string, header: [number, number]): Buffer {
  expect(multibase.startsWith('z')).toBe(true);
  const bytes = base58btcDecode(multibase.slice(1));
  expect([bytes[0], bytes[1]]).toEqual(header);
  return bytes.subarray(2);
}

const publicKeyRaw = multikeyBytes(keyPair.publicKeyMultibase, [0xed, 0x01]);
const secretKeyRaw = multikeyBytes(keyPair.privateKeyMultibase, [0x80, 0x26]);

function unsignedVector(): Record<string, unknown> {
  const { proof: _proof, ...unsigned } = structuredClone(signedVector);
  return unsigned;
}

/** The controller document of the vector's issuer, in the form Cascade publishes its issuer profiles. */
const controllerDocument = buildIssuerProfile(
  { id: issuerId, name: 'Example issuer of the W3C test vector', url: 'https://vc.example/' },
  { id: keyId, controller: issuerId, publicKeyMultibase: keyPair.publicKeyMultibase },
);

async function verifyWithCascadeStack(credential: Record<string, unknown>) {
  const documentLoader = createDocumentLoader({
    documents: exampleContexts,
    resolve: async (url) => (url === issuerId ? controllerDocument : null),
  });
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    now: new Date('2024-01-01T00:00:00Z'),
  });
}

describe('W3C vc-di-eddsa test vectors (eddsa-rdfc-2022)', () => {
  it('should have a key pair whose secret key derives its public key', () => {
    expect(secretKeyRaw).toHaveLength(32);
    const privateKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: secretKeyRaw.toString('base64url'), x: publicKeyRaw.toString('base64url') },
      format: 'jwk',
    });
    const derived = createPublicKey(privateKey).export({ format: 'jwk' });
    expect(derived.x).toBe(publicKeyRaw.toString('base64url'));
  });

  it("should find the spec's proof hash as the SHA-256 of its canonical proof configuration", () => {
    const combinedHash = read('combinedHashDataInt.txt').trim();
    const proofHash = createHash('sha256').update(read('proofCanonDataInt.txt'), 'utf8').digest('hex');
    expect(combinedHash.slice(0, 64)).toBe(proofHash);
  });

  it("should check the spec's signature over its combined hash with the spec's public key, and reproduce it", () => {
    const combinedHash = Buffer.from(read('combinedHashDataInt.txt').trim(), 'hex');
    const signature = base58btcDecode(read('sigBTC58DataInt.txt').trim().slice(1));
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyRaw.toString('base64url') },
      format: 'jwk',
    });
    expect(verify(null, combinedHash, publicKey, signature)).toBe(true);
    const privateKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: secretKeyRaw.toString('base64url'), x: publicKeyRaw.toString('base64url') },
      format: 'jwk',
    });
    expect(sign(null, combinedHash, privateKey).equals(signature)).toBe(true);
  });

  it("should reproduce the spec's proofValue when Cascade signs the unsigned vector with the spec's key", async () => {
    const signed = await signCredential(
      unsignedVector(),
      {
        id: keyId,
        controller: issuerId,
        publicKeyMultibase: keyPair.publicKeyMultibase,
        secretKeyMultibase: keyPair.privateKeyMultibase,
      },
      { created: new Date(proofConfig.created as string), contexts: exampleContexts },
    );
    expect(signed).toEqual(signedVector);
    expect((signed.proof as Record<string, unknown>).proofValue).toBe(read('sigBTC58DataInt.txt').trim());
  });

  it("should verify the spec's signed document through Cascade's document loader and issuer profile", async () => {
    const result = await verifyWithCascadeStack(structuredClone(signedVector));
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it("should refuse the spec's document after a one-character change", async () => {
    const changed = structuredClone(signedVector);
    (changed.credentialSubject as Record<string, unknown>).alumniOf = 'The School of Exbmples';
    const result = await verifyWithCascadeStack(changed);
    expect(result.verified).toBe(false);
    expect(result.results?.[0]?.error?.message).toBe('Invalid signature.');
  });
});
