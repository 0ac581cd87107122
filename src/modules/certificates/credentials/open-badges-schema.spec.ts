import { readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

import {
  buildIssuerProfile,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  generateIssuerKeyPair,
  signCredential,
  type IssuerKeyPair,
} from './open-badges.js';

// 1EdTech's JSON Schema of the OB 3.0 AchievementCredential and the spec's sample credential
// (see test/fixtures/openbadges/SOURCE.md).
const FIXTURES = path.join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'openbadges');
const readJson = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

/**
 * The stored schema revision still requires VC 1.1's `issuanceDate`; OB 3.0.3 is on VC 2.0, where `validFrom`
 * takes its place (the 1EdTech sample below has no issuanceDate either). Only that requirement is swapped.
 */
function schemaForVc2(): Record<string, unknown> {
  const schema = readJson('ob_v3p0_achievementcredential_schema.json');
  const required = schema.required as string[];
  expect(required).toContain('issuanceDate');
  schema.required = required.map((name) => (name === 'issuanceDate' ? 'validFrom' : name));
  const properties = schema.properties as Record<string, unknown>;
  properties.validFrom = { type: 'string', format: 'date-time' };
  properties.validUntil = { type: 'string', format: 'date-time' };
  return schema;
}

/** The object at a dotted path in a JSON document, to change it in place. */
function nodeAt(document: unknown, path: string): Record<string, unknown> {
  return path
    .split('.')
    .reduce((node, key) => node[key] as Record<string, unknown>, document as Record<string, unknown>);
}

const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schemaForVc2());

function errorsOf(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const issuer = {
  id: 'https://cascade.test/institutes/np-cept/issuer',
  name: 'CEPT Nepal',
  url: 'https://cascade.test/institutes/np-cept',
};
let key: IssuerKeyPair;
let credential: Record<string, unknown>;

beforeAll(async () => {
  key = await generateIssuerKeyPair(issuer.id);
  credential = await signCredential(
    buildOpenBadgeCredential({
      credentialId: 'https://cascade.test/credentials/0b6f9d5e-1111-4222-8333-444455556666',
      issuer: { ...issuer, email: 'certificates@np.demo.cascade.test', description: 'Training centre.' },
      achievement: {
        id: 'https://cascade.test/institutes/np-cept/courses/epm-resources',
        name: 'Educational Planning and Management: Resources',
        description: 'Planning and managing the resources of an education system.',
        criteriaNarrative: 'All module quizzes passed; capstone at or above the pass level.',
        hours: 40,
        outcomes: ['Cost a district education plan'],
        language: 'ne',
      },
      recipientName: 'सुनिता राई',
      validFrom: new Date('2026-11-20T09:30:00Z'),
      validUntil: new Date('2031-11-20T09:30:00Z'),
      status: { statusListCredential: 'https://cascade.test/institutes/np-cept/status-lists/1', statusListIndex: 0 },
    }),
    key,
  );
});

describe('Open Badges 3.0 JSON Schema (1EdTech)', () => {
  it("should accept 1EdTech's own sample OpenBadgeCredential (the schema and validator work)", () => {
    expect(errorsOf(readJson('basic-open-badge-credential.json'))).toEqual([]);
  });

  it('should accept a signed Cascade certificate credential', () => {
    expect(errorsOf(credential)).toEqual([]);
  });

  it('should reject a credential missing what OB 3.0 requires, so the check has teeth', () => {
    const { name: _name, ...noName } = credential;
    expect(errorsOf(noName)).toContain(" must have required property 'name'");

    const badIdentity = structuredClone(credential);
    nodeAt(badIdentity, 'credentialSubject.identifier.0').identityType = 'fullName';
    expect(errorsOf(badIdentity).length).toBeGreaterThan(0);

    const noCriteria = structuredClone(credential);
    delete nodeAt(noCriteria, 'credentialSubject.achievement').criteria;
    expect(errorsOf(noCriteria)).toContain("/credentialSubject/achievement must have required property 'criteria'");
  });

  it('should accept a signed trainer certificate: achievementType Certification, valid until the recertification date', async () => {
    const trainer = await signCredential(
      buildOpenBadgeCredential({
        credentialId: 'https://cascade.test/verify/7KQ2-M9XD-4TZP-W1HC',
        issuer,
        achievement: {
          id: 'https://cascade.test/courses/epm-resources/national-trainer',
          achievementType: 'Certification',
          name: 'Certified national trainer — Educational Planning and Management: Resources',
          description: 'Certified to train the course as a national trainer.',
          criteriaNarrative:
            'Track, teach-back, grading calibration and co-facilitation, certified by a master trainer.',
          outcomes: [],
          language: 'en',
        },
        recipientName: 'Ramesh Adhikari',
        validFrom: new Date('2026-11-20T09:30:00Z'),
        validUntil: new Date('2028-11-20T23:59:59Z'),
        status: { statusListCredential: 'https://cascade.test/institutes/np-cept/status-lists/1', statusListIndex: 3 },
      }),
      key,
    );
    expect(nodeAt(trainer, 'credentialSubject.achievement').achievementType).toBe('Certification');
    expect(errorsOf(trainer)).toEqual([]);
    const unknownType = structuredClone(trainer);
    nodeAt(unknownType, 'credentialSubject.achievement').achievementType = 'TrainerLicence';
    expect(errorsOf(unknownType).length).toBeGreaterThan(0);
  });

  it('should find the published issuer profile a valid OB 3.0 Profile', () => {
    const validateProfile = ajv.getSchema(`${String(schemaForVc2().$id)}#/$defs/Profile`);
    expect(validateProfile).toBeDefined();
    const profile = buildIssuerProfile({ ...issuer, email: 'certificates@np.demo.cascade.test' }, key);
    expect(validateProfile!(profile)).toBe(true);
    expect(validateProfile!({ ...profile, type: undefined })).toBe(false);
  });

  it('should not take a status list credential for an OpenBadgeCredential', async () => {
    const list = await buildStatusListCredential(
      {
        id: 'https://cascade.test/institutes/np-cept/status-lists/1',
        issuer,
        revokedIndexes: [],
        validFrom: new Date(),
      },
      key,
    );
    expect(errorsOf(list).length).toBeGreaterThan(0);
  });
});
